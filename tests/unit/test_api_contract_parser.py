from tests.api_contract import api_routes


def test_parser_reads_shared_cells_and_bare_suffixes() -> None:
    text = (
        "| method, path | who |\n|---|---|\n"
        "| GET /me · PATCH /me | user |\n"
        "| POST /appointments/{id}/confirm · /decline | therapist |\n"
        "- `GET /health` → 200\n"
    )
    assert api_routes(text) == {
        ("GET", "/me"),
        ("PATCH", "/me"),
        ("POST", "/appointments/{id}/confirm"),
        ("POST", "/appointments/{id}/decline"),
        ("GET", "/health"),
    }


def test_the_contract_names_every_capability() -> None:
    routes = api_routes()
    assert ("GET", "/health") in routes
    assert ("POST", "/payments/webhook") in routes
    assert len(routes) == 70  # 54 built before this round, 16 added for issues 16 and 17
