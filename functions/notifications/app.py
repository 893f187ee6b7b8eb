"""Lambda entry for the caller's notifications."""

from shared.http.app import create_app, lambda_handler
from shared.routers import notifications

app = create_app("notifications", notifications.router)
handler = lambda_handler(app)
