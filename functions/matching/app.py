"""Lambda entry for vector matching of entries to therapists."""

from shared.http.app import create_app, lambda_handler

app = create_app("matching")
handler = lambda_handler(app)
