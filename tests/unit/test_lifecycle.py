"""The lifecycle's pure rules, without a database: the status table, consent, and API.md's
money table; and a property test over random event sequences that keeps every invariant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain.lifecycle import (
    AppointmentStatus,
    ConsentStatus,
    EndCause,
    PaidBy,
    can_end,
    can_transition,
    confirmable,
    ends_in,
    settlement,
)

S = AppointmentStatus
ALLOWED = {(S.PENDING, S.CONFIRMED), (S.PENDING, S.CANCELLED), (S.CONFIRMED, S.COMPLETED),
           (S.CONFIRMED, S.CANCELLED)}  # fmt: skip
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("to", list(S))
def test_the_status_table_allows_exactly_its_transitions(current: S, to: S) -> None:
    assert can_transition(current, to) is ((current, to) in ALLOWED)


def test_terminal_statuses_end_nothing_and_only_pending_can_expire_or_be_declined() -> None:
    for cause in EndCause:
        assert not can_end(S.CANCELLED, cause) and not can_end(S.COMPLETED, cause)
    for cause in (EndCause.DECLINED, EndCause.HOLD_EXPIRED, EndCause.CONSENT_EXPIRED):
        assert can_end(S.PENDING, cause) and not can_end(S.CONFIRMED, cause)
    assert not can_end(S.PENDING, EndCause.COMPLETED)  # nothing held, nothing completed
    assert not can_end(S.PENDING, EndCause.NO_SHOW)
    assert ends_in(EndCause.NO_SHOW) == S.COMPLETED


def test_confirmed_needs_payment_and_every_consent() -> None:
    accepted, pending = ConsentStatus.ACCEPTED, ConsentStatus.PENDING
    assert confirmable(PaidBy.PAID, [accepted, accepted])
    assert confirmable(PaidBy.CREDIT, [accepted])
    assert not confirmable(PaidBy.PAID, [accepted, pending])
    assert not confirmable(PaidBy.UNPAID, [accepted])
    assert not confirmable(PaidBy.REFUNDED, [accepted])


# API.md, "Money when an appointment ends": (cause, hours before the start) → card, credit.
MONEY_TABLE = [
    (EndCause.CLIENT_CANCELLED, 24, "refund", "return"),
    (EndCause.CLIENT_CANCELLED, 23.9, "keep", "keep"),
    (EndCause.NO_SHOW, -0.5, "keep", "keep"),
    (EndCause.THERAPIST_CANCELLED, 1, "refund", "return"),
    (EndCause.DECLINED, 1, "refund", "return"),
    (EndCause.HOLD_EXPIRED, 50, "refund", "return"),
    (EndCause.CONSENT_EXPIRED, 2, "refund", "return"),
    (EndCause.THERAPIST_DELETED, 2, "refund", "return"),
    (EndCause.CLIENT_DELETED, 30, "refund", "return"),
    (EndCause.CLIENT_DELETED, 3, "keep", "keep"),
    (EndCause.ADMIN_REFUND, 1, "refund", "return"),
    (EndCause.COMPLETED, -1, "keep", "keep"),
]


@pytest.mark.parametrize(("cause", "hours", "card", "credit"), MONEY_TABLE)
def test_the_money_table(cause: EndCause, hours: float, card: str, credit: str) -> None:
    now = START - timedelta(hours=hours)
    by_card = settlement(cause, PaidBy.PAID, START, now)
    by_credit = settlement(cause, PaidBy.CREDIT, START, now)
    assert ("refund" if by_card.refund else "keep") == card
    assert not by_card.return_credit
    assert ("return" if by_credit.return_credit else "keep") == credit
    assert not by_credit.refund
    unpaid = settlement(cause, PaidBy.UNPAID, START, now)
    assert unpaid.kept  # nothing paid, nothing moves
    assert by_card.late is (cause in (EndCause.CLIENT_CANCELLED, EndCause.CLIENT_DELETED)
                            and hours < 24)  # fmt: skip


# --- a property test over random event sequences ---------------------------------------------

PACKAGE = 4


@dataclass
class Model:
    """One appointment as the lifecycle's rules move it, with the money they move."""

    status: S = S.PENDING
    paid_by: PaidBy = PaidBy.UNPAID
    consents: list[ConsentStatus] = field(
        default_factory=lambda: [ConsentStatus.ACCEPTED, ConsentStatus.PENDING]
    )
    credits: int = PACKAGE
    refunds: int = 0
    was_cancelled: bool = False

    def pay(self, how: PaidBy) -> None:
        if self.status != S.PENDING or self.paid_by != PaidBy.UNPAID:
            return  # nothing to pay: a checkout answers 409
        if how == PaidBy.CREDIT:
            if self.credits == 0:
                return
            self.credits -= 1
        self.paid_by = how
        self._settle()

    def consent(self, index: int, accept: bool) -> None:
        if self.status != S.PENDING or self.consents[index] != ConsentStatus.PENDING:
            return  # 409 not_pending
        self.consents[index] = ConsentStatus.ACCEPTED if accept else ConsentStatus.DECLINED
        if accept:
            self._settle()
        else:
            self.end(EndCause.DECLINED, hours_before=10)

    def _settle(self) -> None:
        if self.status == S.PENDING and confirmable(self.paid_by, self.consents):
            assert can_transition(self.status, S.CONFIRMED)
            assert not self.was_cancelled, "a cancelled appointment confirmed again"
            self.status = S.CONFIRMED

    def end(self, cause: EndCause, hours_before: float) -> None:
        if not can_end(self.status, cause):
            return  # 409 not_cancellable
        now = START - timedelta(hours=hours_before)
        money = settlement(cause, self.paid_by, START, now)
        self.status = ends_in(cause)
        self.was_cancelled = self.status == S.CANCELLED
        if money.refund:
            self.refunds += 1
            self.paid_by = PaidBy.REFUNDED
        if money.return_credit:
            self.credits = min(self.credits + 1, PACKAGE)
            self.paid_by = PaidBy.REFUNDED


events = st.one_of(
    st.tuples(st.just("pay"), st.sampled_from([PaidBy.PAID, PaidBy.CREDIT])),
    st.tuples(st.just("consent"), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("end"), st.sampled_from(list(EndCause)), st.floats(-2, 72)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(events, max_size=12))
def test_random_event_sequences_keep_every_invariant(sequence: list[tuple[object, ...]]) -> None:
    model = Model()
    for event in sequence:
        if event[0] == "pay":
            model.pay(event[1])  # type: ignore[arg-type]
        elif event[0] == "consent":
            model.consent(event[1], event[2])  # type: ignore[arg-type]
        else:
            model.end(event[1], event[2])  # type: ignore[arg-type]
        assert model.refunds <= 1, "refunded twice"
        assert 0 <= model.credits <= PACKAGE
        assert not (model.was_cancelled and model.status != S.CANCELLED)
        if model.status == S.CONFIRMED:
            assert confirmable(model.paid_by, model.consents)
