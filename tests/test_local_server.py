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
