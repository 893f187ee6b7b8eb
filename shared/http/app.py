"""The app factory every API function uses, and the Lambda wrapper around it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi

from shared.config import get_settings
from shared.http.effects import CarryOutEffects
from shared.http.encoding import RejectInvalidText
from shared.http.errors import install_error_handlers
from shared.http.headers import AnswerHeaders
from shared.http.limits import BodySizeLimit
from shared.http.openapi import DESCRIPTION, document, operation_id
from shared.observability import logger, metrics, traced_handler


def create_app(
    name: str, *routers: APIRouter, raw_body_paths: frozenset[str] = frozenset()
) -> FastAPI:
    """A FastAPI app serving exactly the given routers, with Attune's error mapping, limits and
    answer headers. `raw_body_paths` are routes that read their body as exact bytes (a signed
    webhook): their body is left to them, not checked for valid Unicode text."""
    app = FastAPI(
        title=f"Attune {name}",
        version="1.0.0",
        description=DESCRIPTION,
        generate_unique_id_function=operation_id,
    )
    for router in routers:
        app.include_router(router)
    install_error_handlers(app)
    _document(app, routers)
    # The last added runs first: headers on every answer (a 413 too), the size cap, the text.
    app.add_middleware(RejectInvalidText, raw_body_paths=raw_body_paths)
    app.add_middleware(BodySizeLimit, max_bytes=get_settings().max_body_bytes)
    app.add_middleware(AnswerHeaders)
    # Outermost: effects are tried after the whole answer, headers and all, went out.
    app.add_middleware(CarryOutEffects)
    return app


def _document(app: FastAPI, routers: tuple[APIRouter, ...]) -> None:
    """The OpenAPI document as shared.http.openapi completes it, built when first asked for."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from shared.http.auth import document_optional_auth  # only when the document is asked for

        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        document_optional_auth(schema)
        app.openapi_schema = document(routers, schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


# Imported on first use to keep cold starts short, but needed by (nearly) every request: a
# SnapStart snapshot should already hold them.
SNAPSHOT_IMPORTS = ("jwt",)


def _load_before_snapshot(extra: tuple[str, ...]) -> None:
    """Under SnapStart, import what requests load lazily before the snapshot is taken, so a
    restored container does not pay for it on its first request (Lambda's managed Python
    runtimes ship `snapshot_restore_py`; anywhere else there is no snapshot and nothing to do)."""
    try:
        from snapshot_restore_py import register_before_snapshot
    except ImportError:
        return

    def load() -> None:
        import importlib

        from sqlalchemy.orm import configure_mappers

        from shared.models import Base  # noqa: F401 - asking for Base maps every model

        configure_mappers()
        for module in SNAPSHOT_IMPORTS + extra:
            importlib.import_module(module)

    register_before_snapshot(load)


def lambda_handler(app: FastAPI, *, snapshot_imports: tuple[str, ...] = ()) -> LambdaHandler:
    """Wrap an app for API Gateway HTTP API (payload v2) with logging context and metrics.
    `snapshot_imports` names further modules the function imports on first use (see
    `_load_before_snapshot`)."""
    from aws_lambda_powertools.logging import correlation_paths
    from mangum import Mangum

    # lifespan="off": nothing to start per container, and it saves cold-start time.
    asgi = Mangum(app, lifespan="off")
    _load_before_snapshot(snapshot_imports)

    @traced_handler
    @metrics.log_metrics
    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return asgi(event, context)

    return handler
