"""Amazon Titan Text Embeddings V2 on Bedrock: the embedder used in AWS.

One `InvokeModel` call per text (Titan V2 takes one `inputText` per request), asking for 1024
dimensions and a normalised vector so the result fits the `vector(1024)` columns as is. Titan V2
is multilingual (100+ languages), so entries and bios in different languages meet.

- The boto3 client is created on first use, never at import: cold starts of functions that do not
  embed stay cheap, and moto/Stubber can be set up before the client exists.
- Region: `BEDROCK_REGION`, else `AWS_REGION` (set by Lambda), else `AWS_DEFAULT_REGION`.
- Titan accepts up to 8,192 tokens / 50,000 characters. Texts are cut to `BEDROCK_EMBED_MAX_CHARS`
  (default 20,000, the API's limit for an entry); if Bedrock still rejects a text as too long
  (dense text tokenises worse), it is halved and retried, at most twice.
- Throttling and transient server errors are retried a few times with short jittered backoff;
  botocore's own retries are turned off so the total wait stays bounded and predictable inside a
  Lambda timeout. When the retries run out, `EmbeddingUnavailable` (HTTP 503) is raised.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from shared.config import get_settings
from shared.embeddings import EMBEDDING_DIMENSIONS, EmbeddingUnavailable, blank_vector, normalise

MODEL_ID = "amazon.titan-embed-text-v2:0"
MIN_TRUNCATED_CHARS = 2_000  # below this a ValidationException is not about length
MAX_HALVINGS = 2

# Error codes worth another try: Bedrock said "slow down" or had a passing failure.
RETRYABLE_CODES = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "ServiceUnavailableException",
        "ModelNotReadyException",
        "ModelTimeoutException",
        "InternalServerException",
    }
)


class BedrockEmbedder:
    """Titan Text Embeddings V2 (1024 dimensions, normalised) through `bedrock-runtime`."""

    model_id: str = MODEL_ID

    def __init__(
        self,
        *,
        client: Any | None = None,
        region_name: str | None = None,
        max_chars: int | None = None,
        max_attempts: int = 4,
        base_delay: float = 0.25,
        max_delay: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._region_name = region_name
        self.max_chars = max_chars or get_settings().bedrock_embed_max_chars
        self.max_attempts = max(1, max_attempts)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._sleep = sleep

    @property
    def client(self) -> Any:
        """The `bedrock-runtime` client, created on first use."""
        if self._client is None:
            import boto3
            from botocore.config import Config

            settings = get_settings()
            region = self._region_name or settings.bedrock_region or settings.aws_region
            config = Config(
                retries={"max_attempts": 1, "mode": "standard"},  # our loop does the retrying
                connect_timeout=5,
                read_timeout=20,
            )
            self._client = boto3.client("bedrock-runtime", region_name=region, config=config)
        return self._client

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One unit vector of 1024 floats per text (one Bedrock call per non-blank text)."""
        return [self.embed_one(text) for text in texts]

    def embed_one(self, text: str) -> list[float]:
        """The Titan vector of one text; the blank vector for an empty one (Titan rejects "")."""
        if not text.strip():
            return blank_vector()
        text = text[: self.max_chars]
        for halving in range(MAX_HALVINGS + 1):
            try:
                return self._invoke(text)
            except _InputTooLong:
                if halving == MAX_HALVINGS or len(text) < 2 * MIN_TRUNCATED_CHARS:
                    raise EmbeddingUnavailable(
                        "The embedding service rejected the text.", code="embedding_rejected"
                    ) from None
                text = text[: len(text) // 2]
        raise AssertionError("unreachable")  # pragma: no cover

    def _invoke(self, text: str) -> list[float]:
        from botocore.exceptions import BotoCoreError, ClientError

        body = json.dumps(
            {"inputText": text, "dimensions": EMBEDDING_DIMENSIONS, "normalize": True}
        )
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self.client.invoke_model(
                    modelId=MODEL_ID,
                    body=body,
                    contentType="application/json",
                    accept="application/json",
                )
                return _parse(response)
            except ClientError as error:
                code = error.response.get("Error", {}).get("Code", "")
                if code == "ValidationException" and len(text) >= MIN_TRUNCATED_CHARS:
                    raise _InputTooLong from error
                if code not in RETRYABLE_CODES:
                    raise EmbeddingUnavailable(
                        f"The embedding service failed ({code or 'error'})."
                    ) from error
                if attempt == self.max_attempts:
                    raise EmbeddingUnavailable(
                        "The embedding service is busy; try again shortly."
                    ) from error
            except BotoCoreError as error:
                # Connection failures and timeouts: as transient as a throttle.
                if attempt == self.max_attempts:
                    raise EmbeddingUnavailable("The embedding service is unreachable.") from error
            self._sleep(self._backoff(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        # Full jitter: spreads the retries of many concurrent Lambdas hitting the same quota.
        return random.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


class _InputTooLong(Exception):
    """Bedrock rejected a long input; the caller may retry with less text."""


def _parse(response: dict[str, Any]) -> list[float]:
    try:
        payload = json.loads(response["body"].read())
        vector = [float(x) for x in payload["embedding"]]
    except (KeyError, TypeError, ValueError) as error:
        raise EmbeddingUnavailable("The embedding service sent an unreadable answer.") from error
    if len(vector) != EMBEDDING_DIMENSIONS:
        raise EmbeddingUnavailable(
            f"The embedding service sent {len(vector)} dimensions, not {EMBEDDING_DIMENSIONS}."
        )
    # Titan already normalises; doing it again costs nothing and absorbs float rounding.
    return normalise(vector)
