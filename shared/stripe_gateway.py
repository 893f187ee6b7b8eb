"""The one door to Stripe. Imported only where money moves (payments, refunds), and the `stripe`
SDK itself only on the first call that talks to Stripe: importing it costs about a sixth of the
API stack's import time, and listing payments or credits never needs it.

Keys: STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET locally, the STRIPE_SECRET_ARN secret
(`{"secret_key", "webhook_secret"}`) in AWS. STRIPE_API_BASE points the SDK at an emulator
(`localstripe` for `make run` and the tests). Every call that creates something carries an
idempotency key, and none is made inside a database transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from shared.config import get_settings
from shared.errors import BadRequest, ServiceUnavailable
from shared.observability import subsegment

if TYPE_CHECKING:
    import stripe


@dataclass(frozen=True)
class StripeKeys:
    secret_key: str
    webhook_secret: str


def _keys() -> StripeKeys:
    settings = get_settings()
    if settings.stripe_secret_key:
        return StripeKeys(settings.stripe_secret_key, settings.stripe_webhook_secret or "")
    if settings.stripe_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        # Cached for the max age: a filled-in or rotated secret reaches warm containers (a
        # client is kept per key).
        max_age = settings.secret_max_age_seconds
        raw = parameters.get_secret(settings.stripe_secret_arn, max_age=max_age)
        secret = json.loads(str(raw))
        return StripeKeys(secret["secret_key"], secret.get("webhook_secret", ""))
    raise ServiceUnavailable("Payments are not configured.", code="payments_unavailable")


def _client() -> stripe.StripeClient:
    return _client_for(_keys().secret_key, get_settings().stripe_api_base)


@lru_cache(maxsize=4)
def _client_for(secret_key: str, base: str | None) -> stripe.StripeClient:
    import stripe

    return stripe.StripeClient(
        secret_key,
        base_addresses={"api": base} if base else {},
        # Retries are safe: every creating call carries an idempotency key.
        max_network_retries=2,
    )


def reset_stripe() -> None:
    """Forget clients and cached secrets (tests point the SDK elsewhere)."""
    _client_for.cache_clear()
    if get_settings().stripe_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        parameters.clear_caches()


@contextmanager
def _stripe_call(what: str) -> Iterator[None]:
    """A Stripe refusal or outage is a 503 `stripe_unavailable`, never a 500. The call is an
    X-Ray subsegment when tracing is on."""
    import stripe

    try:
        with subsegment(f"stripe: {what}"):
            yield
    except stripe.StripeError as error:
        raise ServiceUnavailable(
            f"Stripe did not take {what}: {error.user_message or 'try again'}",
            code="stripe_unavailable",
        ) from None


@dataclass(frozen=True)
class Intent:
    id: str
    client_secret: str
    status: str


@dataclass(frozen=True)
class Refund:
    id: str
    status: str  # Stripe's: pending, requires_action, succeeded, failed, canceled


class PaymentGateway(Protocol):
    """What Attune asks of Stripe. Each call raises `ServiceUnavailable` when Stripe does not
    take it; tests put a fake in its place (`use_payment_gateway`) that can be told to fail."""

    def create_payment_intent(
        self, *, amount_cents: int, currency: str, metadata: dict[str, str], idempotency_key: str
    ) -> Intent: ...

    def refund_payment_intent(self, payment_intent_id: str, *, idempotency_key: str) -> Refund: ...


class StripeGateway:
    """The real one: the `stripe` SDK over HTTP (Stripe itself, or localstripe locally)."""

    def create_payment_intent(
        self, *, amount_cents: int, currency: str, metadata: dict[str, str], idempotency_key: str
    ) -> Intent:
        """A card PaymentIntent the client confirms with Stripe's own SDKs."""
        with _stripe_call("the payment"):
            intent = _client().v1.payment_intents.create(
                params={"amount": amount_cents, "currency": currency, "metadata": metadata},
                options={"idempotency_key": idempotency_key},
            )
        return Intent(intent.id, str(intent.client_secret), str(intent.status))

    def refund_payment_intent(self, payment_intent_id: str, *, idempotency_key: str) -> Refund:
        """Refund a succeeded PaymentIntent in full."""
        with _stripe_call("the refund"):
            refund = _client().v1.refunds.create(
                params={"payment_intent": payment_intent_id},
                options={"idempotency_key": idempotency_key},
            )
        return Refund(str(refund.id), str(refund.status))


_gateways: list[PaymentGateway] = []
_real = StripeGateway()


def payment_gateway() -> PaymentGateway:
    """This container's gateway to Stripe (or the fake a test put in place)."""
    return _gateways[-1] if _gateways else _real


@contextmanager
def use_payment_gateway(replacement: PaymentGateway) -> Iterator[PaymentGateway]:
    """Talk to `replacement` instead of Stripe for the block."""
    _gateways.append(replacement)
    try:
        yield replacement
    finally:
        _gateways.remove(replacement)


def verify_webhook(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event, if `signature` signs exactly `payload` with our webhook secret (and is fresh,
    within the SDK's tolerance); 400 `invalid_signature` otherwise."""
    secret = _keys().webhook_secret
    if not signature or not secret:
        raise BadRequest("Missing or unverifiable Stripe-Signature.", code="invalid_signature")
    import stripe

    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature, secret, stripe.Webhook.DEFAULT_TOLERANCE
        )
        event: dict[str, Any] = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError):
        raise BadRequest("The Stripe signature does not match.", code="invalid_signature") from None
    if (
        not isinstance(event, dict)
        or not isinstance(event.get("id"), str)
        or not isinstance(event.get("type"), str)
        or not 0 < len(event["id"]) <= 255
    ):
        raise BadRequest("Not a Stripe event.", code="invalid_event")
    try:  # JSON escapes can carry lone surrogates, which no database column can hold
        json.dumps(event, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("The event is not valid Unicode.", code="invalid_event") from None
    return event
