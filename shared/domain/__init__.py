"""Domain services: the product's rules. Each public function is one use case in one transaction.
Nothing here imports FastAPI (or pydantic): the views the use cases return are dataclasses, and
the API answers with them as they are (FastAPI serialises them)."""

from __future__ import annotations

from typing import TypeVar

View = TypeVar("View", bound=type)


def documented(view: View) -> View:
    """A view the API answers with whose fields' docstrings describe them in the OpenAPI
    document, and whose defaulted fields are still required there (a default is for building
    the view; the answer always carries the field). Pydantic reads `__pydantic_config__`."""
    view.__pydantic_config__ = {  # type: ignore[attr-defined]
        "use_attribute_docstrings": True,
        "json_schema_serialization_defaults_required": True,
    }
    return view
