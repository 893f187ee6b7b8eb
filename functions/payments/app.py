"""Lambda entry for Stripe payments and package credits."""

from shared.http.app import create_app, lambda_handler

app = create_app("payments")
handler = lambda_handler(app)
