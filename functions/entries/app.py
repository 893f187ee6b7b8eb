"""Lambda entry for therapist profiles and journal entries."""

from shared.http.app import create_app, lambda_handler

app = create_app("entries")
handler = lambda_handler(app)
