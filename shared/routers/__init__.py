"""HTTP routers: parse the request, call one domain service, shape the answer."""
