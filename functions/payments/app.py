"""Lambda entry for Stripe payments: checkout, the webhook, history and package credits."""

from shared.http.app import create_app, lambda_handler
from shared.routers import payments

# Stripe signs the webhook's exact bytes; the payments domain decides what its payload may hold.
app = create_app("payments", payments.router, raw_body_paths=frozenset({"/payments/webhook"}))
handler = lambda_handler(app, snapshot_imports=("stripe",))
