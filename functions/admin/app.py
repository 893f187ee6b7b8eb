"""Lambda entry for administration: vetting, suspension, refunds, the audit trail."""

from shared.http.app import create_app, lambda_handler
from shared.routers import admin

app = create_app("admin", admin.router)
handler = lambda_handler(app)
