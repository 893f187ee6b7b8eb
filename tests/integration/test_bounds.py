"""Every list is bounded and every text field is length-capped, read off the served OpenAPI.

The operations are not listed by hand: the lists are the GET operations whose answer is an array
or a page (`{"items": [...]}`), and the inputs are every request body (recursively) and every
parameter in the merged document `local.server` serves. A new endpoint is checked as it lands.
Then real requests show the caps hold: `limit=101` is a 422 where `limit=100` is served, an
omitted limit serves the default, and text one character over its cap is a 422 that changes
nothing while text at the cap is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from shared.pagination import MAX_LIMIT
from tests.factories import World, make_users, make_world

# Strings whose format bounds their length (the server parses them as such, or answers 422).
BOUNDED_FORMATS = {"uuid", "date", "date-time", "time"}
# Bodies read as raw bytes, not as the JSON schema describes them, each with why it is bounded.
RAW_BODIES = {
    ("POST", "/payments/webhook"): "Stripe's event, verified by signature as bytes, within the "
    "1 MiB body cap (shared.http.limits)",
}
Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture(scope="module")
def document(gateway: object) -> dict[str, Any]:
    spec: dict[str, Any] = gateway.openapi()  # type: ignore[attr-defined]
    return spec


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        *_, name = schema["$ref"].split("/")
        schema = document["components"]["schemas"][name]
    return schema


def _operations(document: dict[str, Any]) -> Iterator[Operation]:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


def _answer_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    for status in ("200", "201"):
        content = operation.get("responses", {}).get(status, {}).get("content", {})
        if "application/json" in content:
            return _resolve(document, content["application/json"].get("schema", {}))
    return {}


def _is_list(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    if schema.get("type") == "array":
        return True
    items = schema.get("properties", {}).get("items")
    return items is not None and _resolve(document, items).get("type") == "array"


def _list_operations(document: dict[str, Any]) -> list[Operation]:
    return [
        (method, path, operation)
        for method, path, operation in _operations(document)
        if method == "GET" and _is_list(document, _answer_schema(document, operation))
    ]


def _query(operation: dict[str, Any], name: str) -> dict[str, Any] | None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter["name"] == name:
            found: dict[str, Any] = parameter
            return found
    return None


def _items(answer: Any) -> list[Any]:
    items = answer if isinstance(answer, list) else answer["items"]
    assert isinstance(items, list)
    return items


def _unbounded(
    document: dict[str, Any], schema: Any, where: str, seen: frozenset[str]
) -> list[str]:
    """Where, inside `schema`, a client can send text of any length."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        if schema["$ref"] in seen:  # a recursive model: its fields are checked where it starts
            return []
        return _unbounded(document, _resolve(document, schema), where, seen | {schema["$ref"]})
    found: list[str] = []
    for combinator in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(combinator, []):
            found += _unbounded(document, option, where, seen)
    if "enum" in schema or "const" in schema:
        return found
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if (
        "string" in kinds
        and "maxLength" not in schema
        and schema.get("format") not in BOUNDED_FORMATS
    ):
        found.append(f"{where}: a string without maxLength")
    if "array" in kinds:
        if "maxItems" not in schema:
            found.append(f"{where}: an array without maxItems")
        for index, item in enumerate(schema.get("prefixItems", [])):
            found += _unbounded(document, item, f"{where}[{index}]", seen)
        found += _unbounded(document, schema.get("items"), f"{where}[]", seen)
    if "object" in kinds or "properties" in schema or "additionalProperties" in schema:
        for name, field in schema.get("properties", {}).items():
            found += _unbounded(document, field, f"{where}.{name}", seen)
        extra = schema.get("additionalProperties", not schema.get("properties"))
        if extra is True or extra == {}:
            found.append(f"{where}: an object open to any keys and values")
        elif isinstance(extra, dict):
            names = schema.get("propertyNames")
            if not names or not ({"enum", "const", "maxLength"} & set(names)):
                found.append(f"{where}: object keys without maxLength")
            found += _unbounded(document, extra, f"{where}.*", seen)
    return found


# --- read off the document ---------------------------------------------------------------------


def test_the_lists_are_found(document: dict[str, Any]) -> None:
    found = {(method, path) for method, path, _ in _list_operations(document)}
    # Not the list to check (that is derived), only proof that the derivation sees pages,
    # bare arrays and `{items}` answers alike.
    assert {("GET", "/entries"), ("GET", "/me/credits"), ("GET", "/threads/{id}/messages")} <= found
    assert len(found) >= 10, sorted(found)


def test_every_list_takes_a_limit_of_at_most_100(document: dict[str, Any]) -> None:
    offenders = []
    for method, path, operation in _list_operations(document):
        parameter = _query(operation, "limit")
        if parameter is None:
            offenders.append(f"{method} {path}: no ?limit=")
            continue
        schema = _resolve(document, parameter["schema"])
        maximum, minimum, default = (schema.get(k) for k in ("maximum", "minimum", "default"))
        if schema.get("type") != "integer" or maximum is None or maximum > MAX_LIMIT:
            offenders.append(f"{method} {path}: limit is not an integer capped at {MAX_LIMIT}")
        elif minimum is None or minimum < 1:
            offenders.append(f"{method} {path}: limit has no minimum of 1")
        elif default is None or not minimum <= default <= maximum:
            offenders.append(f"{method} {path}: limit has no default within its bounds")
    assert not offenders, "unbounded lists:\n" + "\n".join(offenders)


def test_every_text_input_is_capped(document: dict[str, Any]) -> None:
    offenders = []
    for method, path, operation in _operations(document):
        label = f"{method} {path}"
        for parameter in operation.get("parameters", []):
            where = f"{label} {parameter['in']} parameter {parameter['name']}"
            offenders += _unbounded(document, parameter.get("schema"), where, frozenset())
        body = operation.get("requestBody", {}).get("content", {})
        if (method, path) in RAW_BODIES:
            continue
        for media_type, content in body.items():
            where = f"{label} body ({media_type})"
            offenders += _unbounded(document, content.get("schema"), where, frozenset())
    assert not offenders, "inputs of unbounded length:\n" + "\n".join(offenders)


def test_the_checker_spots_what_is_not_capped(document: dict[str, Any]) -> None:
    """The recursive check itself: a nested uncapped string, an unbounded array and a free-form
    object are each reported; capped, enumerated and formatted strings are not."""
    schema = {
        "type": "object",
        "properties": {
            "ok": {"type": "string", "maxLength": 5},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
            "nested": {
                "type": "array",
                "maxItems": 3,
                "items": {"type": "object", "properties": {"text": {"type": "string"}}},
            },
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 9}},
            "free": {"type": "object"},
        },
        "additionalProperties": False,
    }
    assert _unbounded(document, schema, "x", frozenset()) == [
        "x.nested[].text: a string without maxLength",
        "x.tags: an array without maxItems",
        "x.free: an object open to any keys and values",
    ]


# --- real requests -----------------------------------------------------------------------------


@pytest.fixture
def world(client: TestClient, outbox: Path) -> World:
    return make_world(client, outbox)


def _url(path: str, world: World) -> str:
    """The path with real ids of the world's objects (the client takes part in all of them)."""
    ids = {"threads": world.thread_id, "appointments": world.appointment_id,
           "entries": world.entry_id, "therapists": world.therapist_id,
           "services": world.service_id}  # fmt: skip
    resource = path.strip("/").split("/")[0]
    if "{" not in path:
        return path
    assert resource in ids and path.count("{") == 1, f"no real id to fill {path} with"
    return path.replace(path[path.index("{") : path.index("}") + 1], ids[resource])


def test_limit_101_is_refused_and_100_served_on_every_list(
    document: dict[str, Any], client: TestClient, world: World
) -> None:
    problems = []
    [(_, admin)] = make_users(1, "admin")
    for method, path, operation in _list_operations(document):
        url = _url(path, world)
        headers = admin if path.startswith("/admin/") else world.client
        default = _resolve(document, (_query(operation, "limit") or {"schema": {}})["schema"]).get(
            "default"
        )
        over = client.get(url, params={"limit": MAX_LIMIT + 1}, headers=headers)
        if over.status_code != 422 or over.json().get("code") != "validation_error":
            problems.append(f"{method} {path}?limit=101: {over.status_code} {over.text[:200]}")
        at_cap = client.get(url, params={"limit": MAX_LIMIT}, headers=headers)
        if at_cap.status_code != 200:
            problems.append(f"{method} {path}?limit=100: {at_cap.status_code} {at_cap.text[:200]}")
        plain = client.get(url, headers=headers)
        if plain.status_code != 200 or default is None or len(_items(plain.json())) > default:
            problems.append(f"{method} {path} (no limit): {plain.status_code} {plain.text[:200]}")
    assert not problems, "\n".join(problems)


def test_an_omitted_limit_serves_the_default_and_a_cursor(
    document: dict[str, Any], client: TestClient, world: World
) -> None:
    [operation] = [o for m, p, o in _list_operations(document) if p == "/threads/{id}/messages"]
    default = _resolve(document, (_query(operation, "limit") or {})["schema"])["default"]
    url = f"/threads/{world.thread_id}/messages"
    for i in range(default):  # the world's thread already holds one message
        answer = client.post(url, json={"content": f"message {i}"}, headers=world.client)
        assert answer.status_code == 201, answer.text
    page = client.get(url, headers=world.client).json()
    assert len(page["items"]) == default and page["next_cursor"]
    everything = client.get(url, params={"limit": MAX_LIMIT}, headers=world.client).json()
    assert len(everything["items"]) == default + 1 and everything["next_cursor"] is None


def _cap(document: dict[str, Any], model: str, field: str) -> int:
    """A field's maxLength as the document states it (through a nullable anyOf)."""
    schema = _resolve(document, document["components"]["schemas"][model]["properties"][field])
    options = [schema, *schema.get("anyOf", [])]
    [cap] = [o["maxLength"] for o in options if "maxLength" in o]
    return int(cap)


def test_an_entry_over_its_cap_is_refused_and_stores_nothing(
    document: dict[str, Any], client: TestClient, world: World
) -> None:
    cap = _cap(document, "EntryIn", "content")
    assert cap == 20_000  # API.md: an entry is at most 20,000 characters
    before = client.get("/entries", headers=world.client).json()["items"]
    answer = client.post("/entries", json={"content": "a" * (cap + 1)}, headers=world.client)
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error"
    assert client.get("/entries", headers=world.client).json()["items"] == before
    answer = client.post("/entries", json={"content": "a" * cap}, headers=world.client)
    assert answer.status_code == 201, answer.text


def test_a_bio_over_its_cap_is_refused_and_the_old_one_kept(
    document: dict[str, Any], client: TestClient, world: World
) -> None:
    cap = _cap(document, "BioIn", "bio")
    url = f"/therapists/{world.therapist_id}"
    before = client.get(url).json()
    answer = client.put(
        "/therapists/me/bios/en", json={"bio": "b" * (cap + 1)}, headers=world.therapist
    )
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error"
    assert client.get(url).json() == before
    answer = client.put("/therapists/me/bios/en", json={"bio": "b" * cap}, headers=world.therapist)
    assert answer.status_code == 200, answer.text
    assert client.get(url).json()["bio"] == "b" * cap


def test_a_message_and_a_profile_field_over_their_caps_change_nothing(
    document: dict[str, Any], client: TestClient, world: World
) -> None:
    url = f"/threads/{world.thread_id}/messages"
    before = client.get(url, headers=world.client).json()
    cap = _cap(document, "MessageIn", "content")
    answer = client.post(url, json={"content": "m" * (cap + 1)}, headers=world.client)
    assert answer.status_code == 422
    assert client.get(url, headers=world.client).json() == before

    me = client.get("/me", headers=world.client).json()
    for field in ("full_name", "display_name", "bio", "phone"):
        cap = _cap(document, "ProfilePatch", field)
        answer = client.patch("/me", json={field: "1" * (cap + 1)}, headers=world.client)
        assert answer.status_code == 422, (field, answer.text)
    assert client.get("/me", headers=world.client).json() == me


def test_a_query_string_over_its_cap_is_refused(
    document: dict[str, Any], client: TestClient
) -> None:
    [operation] = [o for m, p, o in _operations(document) if (m, p) == ("GET", "/services")]
    schema = _resolve(document, (_query(operation, "category") or {})["schema"])
    [cap] = [o["maxLength"] for o in schema.get("anyOf", [schema]) if "maxLength" in o]
    answer = client.get("/services", params={"category": "c" * (cap + 1)})
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error"
    assert client.get("/services", params={"category": "c" * cap}).status_code == 200
