"""The HTTP edge: app factory, error mapping, request dependencies. Only routers import this."""
