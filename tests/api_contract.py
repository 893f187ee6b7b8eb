"""Read the HTTP surface out of API.md: every (method, path) its tables name."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API_MD = ROOT / "docs" / "API.md"  # the project's copy of ../shared/API.md
SHARED_API_MD = ROOT.parent / "shared" / "API.md"

_METHOD = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+(/\S*)$")


def _cell_routes(cell: str) -> list[tuple[str, str]]:
    """`GET /a · PATCH /a`, `POST /x/{id}/confirm · /decline` → [(method, path), ...]."""
    found: list[tuple[str, str]] = []
    for part in (p.strip() for p in cell.split("·")):
        match = _METHOD.match(part)
        if match:
            found.append((match.group(1), match.group(2)))
        elif part.startswith("/") and found:
            method, previous = found[-1]
            # A bare `/decline` replaces the last segment of the route before it.
            found.append((method, previous.rsplit("/", 1)[0] + part))
    return found


def api_routes(text: str | None = None) -> set[tuple[str, str]]:
    """Every (METHOD, path) the contract names, /health included."""
    text = text if text is not None else API_MD.read_text()
    routes: set[tuple[str, str]] = set()
    for line in text.splitlines():
        if line.startswith("|"):
            first = line.strip("|").split("|")[0]
            routes.update(_cell_routes(first.strip()))
    for method, path in re.findall(r"`(GET|POST|PUT|PATCH|DELETE) (/[^\s`]*)`", text):
        routes.add((method, path))
    return routes
