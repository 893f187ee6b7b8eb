"""Lambda entry for services, availability, slots, appointments and their calendars."""

from shared.http.app import create_app, lambda_handler
from shared.routers import booking, calendar

app = create_app("booking", booking.router, calendar.router)
handler = lambda_handler(app)
