"""The served surface is exactly template.yaml's routes, and exactly API.md's (minus pending)."""

from __future__ import annotations

import os

import pytest

from local.functions import load_module
from local.template import functions, routes
from tests.api_contract import API_MD, SHARED_API_MD, api_routes

# Routes of capabilities not built yet, by the issue that builds them. Each issue empties its part;
# nothing here may be served, and nothing may be served that API.md does not name.
PENDING: dict[str, set[tuple[str, str]]] = {}


def _pending() -> set[tuple[str, str]]:
    return set().union(*PENDING.values())


def _template_routes() -> set[tuple[str, str]]:
    return {(r.method, r.path) for r in routes()}


def test_project_copy_of_api_md_is_the_contract() -> None:
    # In CI ../shared/ is always laid beside the clone: its absence there is a fault, not a pass.
    if not SHARED_API_MD.exists():
        assert os.environ.get("CI") != "true", f"{SHARED_API_MD} is missing"
        pytest.skip(f"{SHARED_API_MD} is not beside this checkout")
    assert API_MD.read_text() == SHARED_API_MD.read_text(), "docs/API.md drifted from API.md"


@pytest.mark.parametrize("logical_id", sorted(functions()))
def test_each_function_serves_exactly_its_template_routes(logical_id: str) -> None:
    function = functions()[logical_id]
    module = load_module(function)
    assert callable(getattr(module, function.handler)), f"{logical_id} exports no handler"
    app = getattr(module, "app", None)
    if app is None:  # scheduled and operational functions have no HTTP surface
        assert not function.routes
        return
    # What the app routes, read from its OpenAPI document: FastAPI builds that from every
    # route (all of ours are in the schema), whatever its internal router nesting.
    served = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    declared = {(r.method, r.path) for r in function.routes}
    assert served == declared, (
        f"{logical_id}: served but not in template: {sorted(served - declared)}; "
        f"in template but not served: {sorted(declared - served)}"
    )


def test_no_route_is_claimed_by_two_functions() -> None:
    every = [(r.method, r.path) for r in routes()]
    assert len(every) == len(set(every))


def test_served_routes_are_api_md_minus_pending() -> None:
    contract, served, pending = api_routes(), _template_routes(), _pending()
    assert not served - contract, f"served but not in API.md: {sorted(served - contract)}"
    assert not served & pending, f"served but still pending: {sorted(served & pending)}"
    assert not pending - contract, f"pending but not in API.md: {sorted(pending - contract)}"
    missing = contract - served - pending
    assert not missing, f"in API.md, neither served nor pending: {sorted(missing)}"


def test_openapi_describes_exactly_the_served_routes(gateway: object) -> None:
    document = gateway.openapi()  # type: ignore[attr-defined]
    described = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert described == _template_routes()
