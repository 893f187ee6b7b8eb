"""Pydantic models of the HTTP contract (API.md): what comes in and what goes out."""
