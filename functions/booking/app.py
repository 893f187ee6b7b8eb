"""Lambda entry for services, availability, slots and appointments."""

from shared.http.app import create_app, lambda_handler
from shared.routers import booking

app = create_app("booking", booking.router)
handler = lambda_handler(app)
