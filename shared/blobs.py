"""The blob store: where recordings live (S3 in AWS and locally through moto's S3 server).

Deleting an object is an outbox effect (`blob_delete`), decided in the transaction that deletes
its row and retried until S3 takes it; tests put a fake in place (`use_blob_store`) that can be
told to fail. Presigning stays with the recordings domain, which signs against S3's own clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol


class BlobStore(Protocol):
    def delete(self, bucket: str, key: str) -> None:
        """Delete one object; deleting one that is already gone succeeds. Raises on failure."""
        ...


class S3BlobStore:
    """The real one: the container's S3 client (created on first use)."""

    def delete(self, bucket: str, key: str) -> None:
        from shared.domain.recordings import s3_client

        s3_client().delete_object(Bucket=bucket, Key=key)


_stores: list[BlobStore] = []
_real = S3BlobStore()


def blob_store() -> BlobStore:
    """This container's blob store (or the fake a test put in place)."""
    return _stores[-1] if _stores else _real


@contextmanager
def use_blob_store(replacement: BlobStore) -> Iterator[BlobStore]:
    _stores.append(replacement)
    try:
        yield replacement
    finally:
        _stores.remove(replacement)


def delete_blob(payload: Mapping[str, Any], key: str) -> None:
    """The outbox's `blob_delete` executor."""
    blob_store().delete(str(payload["bucket"]), str(payload["key"]))
