"""Lambda entry for therapist profiles, the directory, and journal entries."""

from shared.http.app import create_app, lambda_handler
from shared.routers import entries, therapists

app = create_app("entries", therapists.router, entries.router)
handler = lambda_handler(app)
