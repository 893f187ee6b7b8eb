"""The local gateway: template routing, health, docs, and API Gateway-like 404s."""

from __future__ import annotations

from starlette.testclient import TestClient


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


def test_operation_ids_are_readable_and_unique(client: TestClient) -> None:
    """From the route functions' names (shared.http.app.operation_id): generated clients and
    schemathesis name operations by them."""
    import re

    document = client.get("/openapi.json").json()
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert all(re.fullmatch(r"[a-z][A-Za-z0-9]*", i) for i in ids), ids
    assert document["paths"]["/auth/verify-email"]["post"]["operationId"] == "verifyEmail"


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
