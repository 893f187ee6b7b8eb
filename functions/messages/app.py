"""Lambda entry for message threads."""

from shared.http.app import create_app, lambda_handler
from shared.routers import messages

app = create_app("messages", messages.router)
handler = lambda_handler(app)
