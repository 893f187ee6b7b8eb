"""Lambda entry for matching journal entries to therapists."""

from shared.http.app import create_app, lambda_handler
from shared.routers import matching

app = create_app("matching", matching.router)
handler = lambda_handler(app)
