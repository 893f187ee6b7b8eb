"""What the OpenAPI document says about each operation, decided in one place.

- operationId: the route function's name in camelCase (`book_appointment` → `bookAppointment`).
- summary and description: the route function's docstring, its first line and the rest.
- error answers: what the route declares with `@raises`, what the dependencies it uses declare
  with `@raises` (a token, a role, a cursor), and what every operation of its kind can answer
  (`_implied`: a body, parameters, the database). Each error status lists its codes in its
  description and in `x-error-codes`; its body is the one `Error` shape (shared.http.errors).
- tags: `TAGS`, with their descriptions.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from shared.errors import DomainError

DESCRIPTION = """\
Attune: journaling, matching with therapists, booking, payments, messages and recordings.

**Auth**: `Authorization: Bearer <access_token>` from `POST /auth/login` (15 minutes; renew with
`POST /auth/refresh`). Roles: `client`, `therapist`, `admin`.

**Errors** are `{"detail": "<human text>", "code": "<stable_machine_code>"}`; each operation
lists the statuses and codes it can answer. 404 also means "belongs to someone else".

**Lists** take `?limit=` (default 20, max 100) and `?cursor=` and answer
`{"items": [...], "next_cursor": "..." | null}`.

**Times** are RFC 3339 with an offset (a naive time is a 422); answers are in UTC (`Z`).
Money is an integer in minor units plus a lowercase ISO 4217 `currency`.
"""

TAGS: list[dict[str, str]] = [
    {"name": "health", "description": "Whether the function is up and reaches its database."},
    {
        "name": "auth",
        "description": "Accounts: register, verify the email address, log in, refresh and log "
        "out, reset a forgotten password. Access tokens last 15 minutes; refresh tokens rotate.",
    },
    {
        "name": "me",
        "description": "The caller's own account: profile, deletion, a full export, and who "
        "else read or changed their data.",
    },
    {
        "name": "therapists",
        "description": "Therapists' profiles and bios, and the public directory of approved, "
        "public therapists.",
    },
    {
        "name": "entries",
        "description": "A client's private journal entries, the text matching starts from.",
    },
    {
        "name": "matching",
        "description": "Therapists ranked for an entry by the similarity of their bios "
        "(`match_score` in [-1, 1]), stored with the entry.",
    },
    {
        "name": "services",
        "description": "What a therapist offers: single sessions and packages, with duration, "
        "price and whether each booking needs the therapist's confirmation.",
    },
    {
        "name": "availability",
        "description": "A therapist's weekly hours, day overrides, and the free slots computed "
        "from them, in UTC.",
    },
    {
        "name": "appointments",
        "description": "Booking without double booking, consent, series, cancellation with the "
        "money policy, reschedule, completion and private notes.",
    },
    {
        "name": "calendar",
        "description": "A secret iCalendar feed URL of the caller's appointments, for Google, "
        "Apple or Outlook to subscribe to.",
    },
    {
        "name": "payments",
        "description": "Stripe PaymentIntents for appointments and packages, the Stripe "
        "webhook, payment history and package credits.",
    },
    {
        "name": "notifications",
        "description": "In-app notifications: bookings, reminders, cancellations, decisions.",
    },
    {
        "name": "messages",
        "description": "Message threads between people who share an appointment or a match.",
    },
    {
        "name": "recordings",
        "description": "Session recordings: presigned S3 uploads for the therapist, presigned "
        "playback for every participant, deleted when they expire.",
    },
    {
        "name": "admin",
        "description": "Administration: vetting therapists, suspending accounts, refunds and "
        "the audit trail. Every admin action is itself audited.",
    },
]

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "title": "Detail", "description": "For a person to read"},
        "code": {
            "type": "string",
            "title": "Code",
            "description": "Stable, for a program: each operation lists the codes it answers",
        },
    },
    "required": ["detail", "code"],
}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

Raised = type[DomainError] | tuple[type[DomainError], *tuple[str, ...]]
Answer = tuple[int, str]  # (HTTP status, code)
F = TypeVar("F", bound=Callable[..., Any])
_DECLARED = "__attune_raises__"


def raises(*raised: Raised) -> Callable[[F], F]:
    """Declare the errors a route function, or a dependency, answers with: an error class alone
    means its own code, `(Conflict, "slot_unavailable", ...)` those codes with its status.
    Nothing changes at run time; the OpenAPI document lists them."""
    answers: set[Answer] = set()
    for entry in raised:
        error, *codes = entry if isinstance(entry, tuple) else (entry,)
        answers.update((error.status, code) for code in (codes or [error.code]))

    def declare(function: F) -> F:
        setattr(function, _DECLARED, frozenset(answers) | getattr(function, _DECLARED, set()))
        return function

    return declare


def operation_id(route: APIRoute) -> str:
    """A stable, readable operationId from the route function's name (`book_appointment` →
    `bookAppointment`), not FastAPI's name-path-method string: generated clients and
    schemathesis's `--include-operation-id` name operations by it, and it does not change
    when a path does."""
    first, *rest = route.name.strip("_").split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest if word)


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _implied(route: APIRoute, operation: dict[str, Any]) -> set[Answer]:
    """What every operation of this kind can answer, whatever it does (shared.http.errors)."""
    answers: set[Answer] = {(422, "invalid_text")}  # anywhere: path, query, body, cursor
    if "503" not in operation["responses"]:  # /health answers its own 503
        answers.add((503, "database_unavailable"))
    if (route.methods or set()) & {"POST", "PUT", "PATCH"}:
        answers.add((413, "payload_too_large"))
    if route.body_field is not None:
        answers.update({(400, "malformed_json"), (422, "validation_error")})
    if "422" in operation["responses"]:  # FastAPI's mark of an operation with parameters
        answers.add((422, "validation_error"))
    return answers


def _answers(route: APIRoute, operation: dict[str, Any]) -> set[Answer]:
    answers = _implied(route, operation)
    for function in (route.endpoint, *_calls(route.dependant)):
        answers.update(getattr(function, _DECLARED, ()))
    return answers


def _describe(route: APIRoute, operation: dict[str, Any]) -> None:
    summary, _, description = inspect.cleandoc(route.endpoint.__doc__ or "").partition("\n")
    operation["summary"] = summary.strip()
    operation["description"] = inspect.cleandoc(description)
    answers = _answers(route, operation)
    responses = operation["responses"]
    for status in sorted({status for status, _ in answers}):
        codes = sorted(code for s, code in answers if s == status)
        listed = ", ".join(f"`{code}`" for code in codes)
        responses[str(status)] = {
            "description": f"{HTTPStatus(status).phrase}: {listed}",
            "content": ERROR_CONTENT,
            "x-error-codes": codes,
        }
    operation["responses"] = dict(sorted(responses.items()))


def document(routers: Iterable[APIRouter], schema: dict[str, Any]) -> dict[str, Any]:
    """Complete the document FastAPI generated for an app of these routers as this module's
    docstring says."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Error"] = ERROR_SCHEMA
    used: set[str] = set()
    for route in (route for router in routers for route in router.routes):
        if not (isinstance(route, APIRoute) and route.include_in_schema):
            continue
        used.update(str(tag) for tag in route.tags)
        for method in route.methods or ():
            _describe(route, schema["paths"][route.path_format][method.lower()])
    schema["tags"] = [tag for tag in TAGS if tag["name"] in used]
    return schema
