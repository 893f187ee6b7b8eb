"""Lambda entry for notifications."""

from shared.http.app import create_app, lambda_handler

app = create_app("notifications")
handler = lambda_handler(app)
