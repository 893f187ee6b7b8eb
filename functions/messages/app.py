"""Lambda entry for message threads."""

from shared.http.app import create_app, lambda_handler

app = create_app("messages")
handler = lambda_handler(app)
