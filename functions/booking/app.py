"""Lambda entry for services, availability and appointments."""

from shared.http.app import create_app, lambda_handler

app = create_app("booking")
handler = lambda_handler(app)
