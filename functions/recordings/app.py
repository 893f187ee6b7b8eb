"""Lambda entry for session recordings (presigned S3 upload and playback URLs)."""

from shared.http.app import create_app, lambda_handler
from shared.routers import recordings

app = create_app("recordings", recordings.router)
handler = lambda_handler(app)
