"""GET /health: is this function up, and can it reach the database."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from shared.db import database_is_up

router = APIRouter(tags=["health"])


class HealthOut(BaseModel):
    status: str
    database: str


@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The database is unreachable"}},
)
def check_health() -> JSONResponse:
    """Check the function and its database

    Anyone. 200 when the database answers, 503 (`database: unreachable`) when it does not.
    """
    if database_is_up():
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "degraded", "database": "unreachable"}, status_code=503)
