"""Text that is not valid Unicode never reaches the driver, and no error can leave a pooled
connection out of step with the server (issue 13, finding 1: one unauthenticated GET with a
lone surrogate in its cursor used to make every later request of every user a 500).

Through HTTP against the real database, through a real Lambda handler, and at the db layer.
"""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from fastapi import APIRouter
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from starlette.testclient import TestClient

from local.functions import load_module
from local.invoke import LocalContext
from local.template import function_for_dir
from shared.db import get_session
from shared.http.app import create_app
from shared.models import Profile, TherapistBio
from tests.factories import PROFILE, make_users
from tests.helpers import EVENTS

LONE_SURROGATE = "\ud800"


def _cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _full_name(user_id: uuid.UUID) -> str:
    with get_session() as session:
        name = session.scalar(select(Profile.full_name).where(Profile.user_id == user_id))
    assert name is not None
    return name


def _assert_invalid_text(response: object) -> None:
    assert getattr(response, "status_code", None) == 422, getattr(response, "text", response)
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] == "invalid_text"
    assert set(body) == {"detail", "code"}


POISONED_CURSORS = {
    # The finding as reported: the JSON escape decodes to a lone surrogate.
    "escaped surrogate": _cursor(json.dumps([LONE_SURROGATE, {"u": str(uuid.uuid4())}]).encode()),
    # The surrogate's UTF-8-style bytes, which json.loads(bytes) decodes with surrogatepass.
    "encoded surrogate": _cursor(b'["\xed\xa0\x80", {"u": "%s"}]' % str(uuid.uuid4()).encode()),
    "bytes that are not UTF-8": _cursor(b'["\xff", {"u": "%s"}]' % str(uuid.uuid4()).encode()),
}


@pytest.mark.parametrize("cursor", POISONED_CURSORS.values(), ids=POISONED_CURSORS.keys())
def test_a_poisoned_cursor_is_422_and_every_later_request_succeeds(
    client: TestClient, cursor: str
) -> None:
    (_, attacker), (victim_id, victim) = make_users(2, "client")
    _assert_invalid_text(client.get("/therapists", params={"cursor": cursor}))  # no login needed
    _assert_invalid_text(client.get("/notifications", params={"cursor": cursor}, headers=attacker))
    answers = [
        client.get(path, headers=victim) for _ in range(10) for path in ("/me", "/notifications")
    ]
    assert [a.status_code for a in answers] == [200] * 20, [a.text for a in answers if a.is_error]
    assert answers[0].json()["id"] == str(victim_id)


BAD_BODIES = {
    "escaped lone surrogate": b'{"full_name": "\\ud800"}',
    "escaped lone low surrogate": b'{"full_name": "Ana \\udc00"}',
    "escaped surrogate in a key": b'{"full_name": "Ana", "\\ud800": 1}',
    "encoded surrogate": b'{"full_name": "\xed\xa0\x80"}',
    "bytes that are not UTF-8": b'{"full_name": "\xff"}',
    "UTF-16 with a lone surrogate": '{"full_name": "x"}'.encode("utf-16-le").replace(
        b"x\x00", b"\x00\xd8"
    ),
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_body_with_text_that_is_not_unicode_is_422_and_changes_nothing(
    client: TestClient, body: bytes
) -> None:
    (user_id, headers), (_, other) = make_users(2, "client")
    before = _full_name(user_id)
    response = client.patch(
        "/me", content=body, headers={**headers, "content-type": "application/json"}
    )
    _assert_invalid_text(response)
    assert _full_name(user_id) == before
    assert client.get("/me", headers=headers).status_code == 200
    assert client.get("/me", headers=other).status_code == 200


def test_valid_text_that_only_looks_like_a_surrogate_passes(client: TestClient) -> None:
    """An escaped pair is an ordinary character, and an escaped backslash before "ud800" is
    just those letters: neither is refused."""
    [(user_id, headers)] = make_users(1, "client")
    for body, stored in (
        (b'{"full_name": "Ana \\ud83d\\ude00"}', "Ana \U0001f600"),
        (b'{"full_name": "Ana \\\\ud800"}', "Ana \\ud800"),
        ('{"full_name": "Zoë \U0001f600"}'.encode(), "Zoë \U0001f600"),
    ):
        response = client.patch(
            "/me", content=body, headers={**headers, "content-type": "application/json"}
        )
        assert response.status_code == 200, response.text
        assert _full_name(user_id) == stored


@pytest.mark.parametrize("encoded", ["%ED%A0%80", "%FF", "caf%C3"])
def test_a_query_string_that_is_not_utf8_is_422_and_changes_nothing(
    client: TestClient, encoded: str
) -> None:
    [(user_id, headers)] = make_users(1, "client")
    before = _full_name(user_id)
    # An unknown parameter would be ignored; its text is still refused, before anything runs.
    response = client.patch(f"/me?note={encoded}", json={"full_name": "Changed"}, headers=headers)
    _assert_invalid_text(response)
    assert _full_name(user_id) == before
    _assert_invalid_text(client.get(f"/therapists?specialty={encoded}"))
    assert client.get("/therapists?specialty=anxiety").status_code == 200


@pytest.mark.parametrize("encoded", ["%ED%A0%80", "%FF"])
def test_a_path_that_is_not_utf8_is_422_and_changes_nothing(
    client: TestClient, encoded: str
) -> None:
    [(therapist_id, headers)] = make_users(1, "therapist")
    assert client.put("/therapists/me", json=PROFILE, headers=headers).status_code == 200

    def bios() -> int:
        with get_session() as session:
            query = select(func.count()).where(TherapistBio.therapist_id == therapist_id)
            return session.scalar(query) or 0

    before = bios()
    response = client.put(f"/therapists/me/bios/{encoded}", json={"bio": "x"}, headers=headers)
    _assert_invalid_text(response)
    assert bios() == before
    _assert_invalid_text(client.get(f"/therapists/{encoded}"))
    assert client.get(f"/therapists/{therapist_id}").status_code == 200


def _lambda(function_dir: str, method: str, path: str, query: str = "") -> dict[str, object]:
    event = json.loads((EVENTS / "health.json").read_text())
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    event["requestContext"]["http"]["method"] = method
    event["routeKey"] = event["requestContext"]["routeKey"] = f"{method} {path}"
    event["rawQueryString"] = query
    function = function_for_dir(function_dir)
    handler = getattr(load_module(function), function.handler)
    result: dict[str, object] = handler(event, LocalContext(function_name=function.logical_id))
    return result


def test_a_lone_surrogate_in_a_lambda_event_is_422() -> None:
    """Mangum hands API Gateway's decoded path over as it is: a lone surrogate in it (or a
    poisoned cursor in the query) is refused there too, and the next invocation works."""
    for result in (
        _lambda("entries", "GET", f"/therapists/{LONE_SURROGATE}"),
        _lambda("entries", "GET", "/therapists", "cursor=" + POISONED_CURSORS["escaped surrogate"]),
    ):
        assert result["statusCode"] == 422, result
        assert json.loads(str(result["body"]))["code"] == "invalid_text"
    assert _lambda("entries", "GET", "/therapists")["statusCode"] == 200


def _backend_pid() -> int:
    with get_session() as session:
        pid = session.scalar(text("SELECT pg_backend_pid()"))
    assert isinstance(pid, int)
    return pid


@pytest.mark.parametrize(
    "value",
    [LONE_SURROGATE, {"not JSON": object()}],
    ids=["a str the driver cannot encode", "a value the driver cannot convert"],
)
def test_an_error_the_server_never_answered_discards_the_connection(value: object) -> None:
    """The driver fails after it has sent Parse and Describe, so their answers are still
    unread: that connection must not go back to the pool (pool_size 1, so the next checkout
    would be that very connection)."""
    before = _backend_pid()
    with pytest.raises((UnicodeEncodeError, TypeError)), get_session() as session:
        session.execute(text("SELECT CAST(:value AS text)"), {"value": value})
    for _ in range(3):
        with get_session() as session:
            assert session.scalar(text("SELECT 41 + 1")) == 42
    assert _backend_pid() != before


def test_an_error_the_server_answered_keeps_the_connection() -> None:
    """A server error leaves the protocol in step (the rollback is enough), so the connection
    is kept: a 409 or a refused value costs no reconnect."""
    before = _backend_pid()
    with pytest.raises(DBAPIError), get_session() as session:
        session.execute(text("SELECT 1 / 0"))
    assert _backend_pid() == before


def test_every_answer_has_nosniff_and_no_store(client: TestClient) -> None:
    [(_, headers)] = make_users(1, "client")
    answers = {
        "public directory": client.get("/therapists"),
        "personal data": client.get("/me", headers=headers),
        "health": client.get("/health"),
        "401": client.get("/me"),
        "404": client.get(f"/entries/{uuid.uuid4()}", headers=headers),
        "422": client.get("/therapists?limit=0"),
        "invalid text": client.get("/therapists?specialty=%FF"),
        "413": client.post("/entries", content=b"x" * 2_000_000, headers=headers),
    }
    for what, answer in answers.items():
        assert answer.headers.get("cache-control") == "no-store", what
        assert answer.headers.get("x-content-type-options") == "nosniff", what
    assert answers["413"].status_code == 413


def test_a_500_has_the_headers_too() -> None:
    """Starlette sends the 500 from outside every middleware; it carries the headers anyway."""
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("bug")

    with TestClient(create_app("headers-test", router), raise_server_exceptions=False) as app:
        answer = app.get("/boom")
    assert answer.status_code == 500
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_lambda_answers_have_the_headers() -> None:
    headers = _lambda("auth", "GET", "/health")["headers"]
    assert isinstance(headers, dict)
    assert (headers["cache-control"], headers["x-content-type-options"]) == ("no-store", "nosniff")
