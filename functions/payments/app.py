"""Lambda entry for Stripe payments: checkout, the webhook, history and package credits."""

from shared.http.app import create_app, lambda_handler
from shared.routers import payments

app = create_app("payments", payments.router)
handler = lambda_handler(app, snapshot_imports=("stripe",))
