"""Lambda entry for session recordings."""

from shared.http.app import create_app, lambda_handler

app = create_app("recordings")
handler = lambda_handler(app)
