"""`make reembed`: re-embed every bio and entry for the configured EMBEDDING_PROVIDER."""

from __future__ import annotations


def main() -> None:
    from local.devdb import ensure_dev_database

    ensure_dev_database()
    from shared.domain.matching import reembed_all
    from shared.embeddings import get_embedder

    counts = reembed_all()
    print(f"re-embedded for {get_embedder().model_id}: {counts}")


if __name__ == "__main__":
    main()
