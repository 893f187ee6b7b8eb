"""The Docker-free local server: every function's routes on one port, routed as template.yaml
routes them (API Gateway HTTP API semantics), plus merged OpenAPI docs at /docs and the two
pages the emails link to (local/pages.py), which in AWS are the front-end's.

Each request is matched against the template's routes and handed to the ASGI app of the function
the template names, so a route missing from the template is a 404 here as it would be in AWS.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from local.functions import load_module
from local.pages import PAGES
from local.template import Route, cors, functions, routes


def merged_openapi(apps: dict[str, FastAPI]) -> dict[str, Any]:
    """One OpenAPI document for the whole API, from each function's own."""
    from shared.http.openapi import DESCRIPTION, TAGS

    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Attune API", "version": "1.0.0", "description": DESCRIPTION},
        "tags": TAGS,
        "paths": {},
        "components": {"schemas": {}},
    }
    for app in apps.values():
        spec = app.openapi()
        for path, operations in spec.get("paths", {}).items():
            document["paths"].setdefault(path, {}).update(operations)
        for section, items in spec.get("components", {}).items():
            document["components"].setdefault(section, {}).update(items)
    return document


class LocalGateway:
    """ASGI app standing in for API Gateway in front of the functions.

    `lambda_path=True` (what `make run` uses) hands each request to the function's real Lambda
    `handler` as an API Gateway v2 event (local/lambda_path.py); otherwise to its ASGI app
    directly, which is quicker and is what most tests use.
    """

    def __init__(self, *, lambda_path: bool = False) -> None:
        from local.lambda_path import LambdaTarget

        self.routes: list[Route] = routes()
        self.apps: dict[str, FastAPI] = {}
        self.lambdas: dict[str, LambdaTarget] = {}
        self.lambda_path = lambda_path
        for logical_id, function in functions().items():
            if function.routes:
                module = load_module(function)
                self.apps[logical_id] = module.app
                self.lambdas[logical_id] = LambdaTarget(
                    logical_id, getattr(module, function.handler)
                )
        self._openapi: dict[str, Any] | None = None
        self._with_cors = _cors_as_the_template_says(self._serve)

    def openapi(self) -> dict[str, Any]:
        if self._openapi is None:
            self._openapi = merged_openapi(self.apps)
        return self._openapi

    def route(self, method: str, path: str) -> Route | None:
        for route in self.routes:
            if route.method in (method, "ANY") and route.pattern.match(path):
                return route
        return None

    def target(self, method: str, path: str) -> ASGIApp | None:
        route = self.route(method, path)
        return None if route is None else self.apps[route.function]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            message = await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        await self._with_cors(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        method, path = scope["method"], scope["path"]
        response: Response | None = None
        if method == "GET" and path == "/openapi.json":
            response = JSONResponse(self.openapi())
        elif method == "GET" and path == "/docs":
            response = get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="Attune API",
                swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
                swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
                swagger_favicon_url=f"{DOCS_STATIC}/favicon.png",
            )
        elif method == "GET" and path == "/redoc":
            response = get_redoc_html(
                openapi_url="/openapi.json",
                title="Attune API",
                redoc_js_url=f"{DOCS_STATIC}/redoc.standalone.js",
                redoc_favicon_url=f"{DOCS_STATIC}/favicon.png",
                with_google_fonts=False,
            )
        elif method == "GET" and path.startswith(f"{DOCS_STATIC}/"):
            response = _docs_asset(path.removeprefix(f"{DOCS_STATIC}/"))
        elif method == "GET" and path == "/":
            response = HTMLResponse(
                '<a href="/docs">Attune API docs</a> (<a href="/redoc">ReDoc</a>)'
            )
        elif method == "GET" and path in PAGES:  # the front-end pages the emails link to
            response = HTMLResponse(PAGES[path], headers={"Cache-Control": "no-store"})
        if response is not None:
            await response(scope, receive, send)
            return
        route = self.route(method, path)
        if route is None:
            body = json.dumps({"detail": "No such route.", "code": "not_found"})
            await Response(body, status_code=404, media_type="application/json")(
                scope, receive, send
            )
            return
        if self.lambda_path:
            await self.lambdas[route.function](route, scope, receive, send)
        else:
            await self.apps[route.function](scope, receive, send)


DOCS_STATIC = "/docs/static"


def _docs_asset(name: str) -> Response:
    """Swagger UI's and ReDoc's files from the installed `fastapi-offline` package, not a CDN:
    the docs work offline and load nothing from elsewhere."""
    from pathlib import Path

    import fastapi_offline

    folder = Path(fastapi_offline.__file__).parent / "static"
    known = {p.name: p for p in folder.iterdir() if p.is_file()}
    if name not in known:
        return JSONResponse({"detail": "No such route.", "code": "not_found"}, status_code=404)
    return FileResponse(known[name], headers={"Cache-Control": "max-age=86400"})


def _cors_as_the_template_says(app: ASGIApp) -> ASGIApp:
    """API Gateway's CORS, locally: the template's headers, methods and max age; the origins of
    CORS_ALLOW_ORIGINS (comma-separated), else PUBLIC_BASE_URL and a dev front-end on :5173."""
    import os

    from shared.config import get_settings

    configuration = cors()
    origins = [o.strip() for o in os.environ.get("CORS_ALLOW_ORIGINS", "").split(",") if o.strip()]
    if not origins:
        origins = [get_settings().public_base_url, "http://localhost:5173", "http://127.0.0.1:5173"]
    return CORSMiddleware(
        app,
        allow_origins=origins,
        allow_methods=configuration.get("AllowMethods", ["GET"]),
        allow_headers=configuration.get("AllowHeaders", []),
        expose_headers=configuration.get("ExposeHeaders", []),
        max_age=int(configuration.get("MaxAge", 600)),
    )
