"""In-memory stand-ins for Stripe and the mailer, which tests can tell to fail.

They implement the same small interfaces as the real adapters (`shared.stripe_gateway.
PaymentGateway`, `shared.email.EmailSender`), which stay tested against localstripe and moto.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from shared.errors import ServiceUnavailable
from shared.stripe_gateway import Intent, Refund


class Outage(Exception):
    """What a failing fake raises (SES throttling, a dropped connection, ...)."""


@dataclass
class FakeMailer:
    """Keeps every message it takes; while `failing`, refuses them all."""

    failing: bool = False
    sent: list[EmailMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, raw: bytes, to: str) -> None:
        if self.failing:
            raise Outage("Throttling: Maximum sending rate exceeded.")
        message = message_from_bytes(raw, policy=default)
        assert isinstance(message, EmailMessage) and message["To"] == to
        with self._lock:
            self.sent.append(message)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sent if m["To"] == address]

    def duplicates(self) -> list[str]:
        counts = Counter(str(m["Message-ID"]) for m in self.sent)
        return [key for key, n in counts.items() if n > 1]


@dataclass
class FakeStripe:
    """PaymentIntents and refunds in memory, with Stripe's idempotency: the same key gives the
    same object. While `failing`, every call answers as Stripe does when it is down (503)."""

    failing: bool = False
    refund_status: str = "succeeded"
    intents: dict[str, Intent] = field(default_factory=dict)
    refunds: dict[str, tuple[str, Refund]] = field(default_factory=dict)  # key → (intent, refund)
    calls: int = 0

    def _call(self) -> None:
        self.calls += 1
        if self.failing:
            raise ServiceUnavailable("Stripe did not answer.", code="stripe_unavailable")

    def create_payment_intent(
        self, *, amount_cents: int, currency: str, metadata: dict[str, str], idempotency_key: str
    ) -> Intent:
        self._call()
        if idempotency_key not in self.intents:
            intent_id = f"pi_fake_{uuid.uuid4().hex[:16]}"
            self.intents[idempotency_key] = Intent(
                intent_id, f"{intent_id}_secret", "requires_payment_method"
            )
        return self.intents[idempotency_key]

    def refund_payment_intent(self, payment_intent_id: str, *, idempotency_key: str) -> Refund:
        self._call()
        if idempotency_key not in self.refunds:
            refund = Refund(f"re_fake_{uuid.uuid4().hex[:16]}", self.refund_status)
            self.refunds[idempotency_key] = (payment_intent_id, refund)
        return self.refunds[idempotency_key][1]

    def refunded_intents(self) -> list[str]:
        """One entry per distinct refund Stripe made."""
        return [intent for intent, _ in self.refunds.values()]
