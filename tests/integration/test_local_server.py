"""The local gateway: template routing, health, docs, and API Gateway-like 404s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]


def test_health_reports_the_database(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_docs_and_openapi_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    document = client.get("/openapi.json").json()
    assert "/health" in document["paths"]


def test_route_not_in_template_is_404_with_error_shape(client: TestClient) -> None:
    response = client.get("/definitely/not/here")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such route.", "code": "not_found"}


def test_wrong_method_on_a_known_path_is_404_like_api_gateway(client: TestClient) -> None:
    response = client.delete("/health")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_describes_422_as_the_error_shape(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}
    register = document["paths"]["/auth/register"]["post"]["responses"]["422"]
    assert register["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"
    answer = client.post("/auth/register", json={})
    assert answer.status_code == 422 and set(answer.json()) == {"detail", "code"}


def test_cors_as_the_template_configures_it(client: TestClient) -> None:
    """A front-end on localhost:5173 can call the local API, as API Gateway lets PublicBaseUrl."""
    preflight = client.options(
        "/auth/login",
        headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"},
    )  # fmt: skip
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-max-age"] == "600"
    answer = client.get("/health", headers={"Origin": "http://localhost:5173"})
    assert answer.headers["access-control-allow-origin"] == "http://localhost:5173"
    elsewhere = client.options(
        "/auth/login",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in elsewhere.headers


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def test_operation_ids_are_a_verb_and_a_noun_and_unique(client: TestClient) -> None:
    """From the route functions' names (shared.http.openapi.operation_id): generated clients and
    schemathesis name operations by them."""
    document = client.get("/openapi.json").json()
    ids = [operation["operationId"] for _, operation in _operations(document)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # camelCase of at least two words: what it does, to what.
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", i) for i in ids), ids
    for path, method, expected in (
        ("/auth/register", "post", "registerAccount"),
        ("/auth/verify-email", "post", "verifyEmail"),
        ("/therapists", "get", "listTherapists"),
        ("/appointments", "post", "bookAppointment"),
    ):
        assert document["paths"][path][method]["operationId"] == expected


def test_every_operation_says_what_it_does_and_who_may_call_it(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for name, operation in _operations(document):
        summary, description = operation.get("summary", ""), operation.get("description", "")
        assert summary and len(summary) < 60 and "\n" not in summary, name
        # Not FastAPI's title-cased function name: a sentence someone wrote.
        assert summary != operation["operationId"][:1].upper() + operation["operationId"][1:]
        assert len(description) > 20, name
        assert operation.get("tags"), name
    tags = {tag["name"]: tag["description"] for tag in document["tags"]}
    used = {tag for _, operation in _operations(document) for tag in operation["tags"]}
    assert used == set(tags) and all(tags.values()), (used, tags)


def test_every_error_status_lists_its_codes(client: TestClient) -> None:
    """The codes of each error status are in its description and in `x-error-codes`, its body
    the one Error shape; the rest of the suite checks every error answer it meets against them
    (tests/conftest.py). No catch-all `default` answer hides an undeclared one."""
    document = client.get("/openapi.json").json()
    for name, operation in _operations(document):
        responses = operation["responses"]
        assert "default" not in responses, name
        for status, answer in responses.items():
            if int(status) < 400 or "x-error-codes" not in answer:
                continue
            codes = answer["x-error-codes"]
            assert codes and all(f"`{code}`" in answer["description"] for code in codes), name
            schema = answer["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, name
    login = document["paths"]["/auth/login"]["post"]["responses"]
    assert login["429"]["x-error-codes"] == ["too_many_attempts"]
    assert login["401"]["x-error-codes"] == ["invalid_credentials"]
    book = document["paths"]["/appointments"]["post"]["responses"]
    assert book["409"]["x-error-codes"] == [
        "credit_unavailable", "not_accepting_clients", "slot_unavailable", "too_many_pending"
    ]  # fmt: skip
    assert book["403"]["x-error-codes"] == ["email_not_verified", "wrong_role"]
    assert set(book["401"]["x-error-codes"]) == {"not_authenticated", "invalid_token"}


def _raised_codes() -> set[str]:
    """Every error code shared/ raises: the `code="..."` given to a DomainError, or the class's
    own code when none is given."""
    import ast

    from shared import errors
    from shared.embeddings import EmbeddingUnavailable

    classes = {name: value for name, value in vars(errors).items()
               if isinstance(value, type) and issubclass(value, errors.DomainError)}  # fmt: skip
    classes["EmbeddingUnavailable"] = EmbeddingUnavailable
    codes: set[str] = set()
    for source in (ROOT / "shared").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in classes):
                continue
            given = [k.value for k in node.keywords if k.arg == "code"]
            if not given:
                codes.add(classes[node.func.id].code)  # type: ignore[attr-defined]
            codes |= {
                value.value
                for value in given
                if isinstance(value, ast.Constant) and isinstance(value.value, str)
            }
    return codes


def test_every_code_the_code_raises_is_declared_by_an_operation(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    declared = {
        code
        for _, operation in _operations(document)
        for answer in operation["responses"].values()
        for code in answer.get("x-error-codes", [])
    }
    raised = _raised_codes()
    assert {"slot_unavailable", "email_taken", "not_found", "embedding_unavailable"} <= raised
    assert raised - declared == set()


def test_every_request_body_has_an_example(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    for name, operation in _operations(document):
        if "requestBody" not in operation:
            continue
        media = operation["requestBody"]["content"]["application/json"]
        schema = media["schema"]
        for option in schema.get("anyOf", [schema]):  # an optional body: the model or null
            if "$ref" in option:
                schema = schemas[option["$ref"].rsplit("/", 1)[-1]]
        assert schema.get("examples") or media.get("examples"), name


def test_the_committed_openapi_document_is_the_served_one(client: TestClient) -> None:
    """docs/openapi.json is what the local gateway serves: `make openapi` writes it again."""
    import json
    from pathlib import Path

    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    served = client.get("/openapi.json").json()
    assert json.loads(committed.read_text()) == served, "docs/openapi.json is stale: make openapi"


def test_swagger_ui_and_redoc_load_nothing_from_a_cdn(client: TestClient) -> None:
    import re

    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets, page
        assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], (page, assets)
        for asset in assets:
            answer = client.get(asset)
            assert answer.status_code == 200 and len(answer.content) > 1000, asset
    assert client.get("/docs/static/../../pyproject.toml").status_code == 404
    assert client.get("/docs/static/nothing.js").status_code == 404


# The answers no use case returns as they are, declared at the HTTP edge (shared/schemas), and
# matching's (kept with matching for now).
EDGE_ANSWERS = {"AcceptedOut", "WebhookOut", "RecordingList", "SeriesCancelledOut",
                "CalendarFeedOut", "HealthOut", "MatchesOut"}  # fmt: skip


def test_each_answer_is_declared_once_as_the_domain_view_itself() -> None:
    """One declaration per API field: a route answers with the view its use case returns
    (FastAPI serialises the dataclass), not with a pydantic copy of its fields."""
    import dataclasses
    import importlib
    import pkgutil
    import typing

    from fastapi.routing import APIRoute

    import shared.routers

    for info in pkgutil.iter_modules(shared.routers.__path__):
        router = importlib.import_module(f"shared.routers.{info.name}").router
        for route in router.routes:
            if not isinstance(route, APIRoute) or route.response_model is None:
                continue
            answer = route.response_model
            if typing.get_origin(answer) is dict:  # GET /me/export: every record there is
                continue
            while typing.get_args(answer):  # list[X], Page[X]
                answer = typing.get_args(answer)[0]
            if answer.__name__ in EDGE_ANSWERS:
                continue
            assert dataclasses.is_dataclass(answer), (route.path, answer)
            assert answer.__module__.startswith("shared.domain."), (route.path, answer)
