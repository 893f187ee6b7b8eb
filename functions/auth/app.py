"""Lambda entry for accounts and authentication (and the health check)."""

from shared.http.app import create_app, lambda_handler
from shared.routers import auth, health, me

app = create_app("auth", health.router, auth.router, me.router)
handler = lambda_handler(app)
