"""Pydantic models of what comes in over HTTP (API.md's request bodies), with their limits and
examples. What goes out is the domain's views themselves (FastAPI serialises them); only the
few answers no use case returns as they are (`{"status": "accepted"}`, a webhook's outcome, a
list without a cursor) are declared here."""
