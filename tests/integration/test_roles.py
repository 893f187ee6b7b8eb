"""The shared role and verification checks, on a router built the way every function builds one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.testclient import TestClient

from shared.domain.authentication import Principal
from shared.http.app import create_app
from shared.http.auth import VerifiedUser, require_role
from tests.helpers import bearer, login, register, verified_user

router = APIRouter()


@router.get("/booking-like")
def booking_like(user: VerifiedUser) -> dict[str, str]:
    return {"id": str(user.id)}


@router.get("/therapists-only")
def therapists_only(
    user: Annotated[Principal, Depends(require_role("therapist"))],
) -> dict[str, str]:
    return {"role": user.role}


def test_unverified_users_get_403_email_not_verified(client: TestClient, outbox: Path) -> None:
    app_client = TestClient(create_app("roles-test", router))
    register(client, "unverified@example.com")
    headers = bearer(login(client, "unverified@example.com"))
    response = app_client.get("/booking-like", headers=headers)
    assert (response.status_code, response.json()["code"]) == (403, "email_not_verified")
    verified = verified_user(client, outbox, "verified@example.com")
    assert app_client.get("/booking-like", headers=verified).status_code == 200


def test_role_check(client: TestClient, outbox: Path) -> None:
    app_client = TestClient(create_app("roles-test", router))
    client_headers = verified_user(client, outbox, "c@example.com")
    therapist_headers = verified_user(client, outbox, "t@example.com", role="therapist")
    response = app_client.get("/therapists-only", headers=client_headers)
    assert (response.status_code, response.json()["code"]) == (403, "wrong_role")
    assert app_client.get("/therapists-only", headers=therapist_headers).json() == {
        "role": "therapist"
    }
