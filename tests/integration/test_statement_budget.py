"""Statement budgets of the hot paths: what a booking, a slot query and a match cost in
statements sent to PostgreSQL (each one a round trip or three). A count is behaviour, not a
timer: these keep the cost from creeping back (README, "Benchmarks")."""

from __future__ import annotations

from starlette.testclient import TestClient

from shared.clock import FrozenClock
from tests.factories import Practice, book, make_users, open_practice, publish
from tests.helpers import statements


def test_a_slot_query_sends_two_statements(
    client: TestClient,
    practice: Practice,
) -> None:
    therapist_id, _, service_id = practice
    params = {
        "from": "2026-03-02T00:00:00Z",
        "to": "2026-04-01T00:00:00Z",
        "service_id": service_id,
    }
    with statements() as sent:
        assert client.get(f"/therapists/{therapist_id}/slots", params=params).status_code == 200
    assert len(sent) <= 2, sent  # what the therapist offers; who is busy


def test_a_booking_stays_within_its_statement_budget(
    client: TestClient,
    practice: Practice,
) -> None:
    _, _, service_id = practice
    [(_, alice)] = make_users(1, "client")
    with statements() as sent:
        assert book(client, alice, service_id, "2026-03-03T08:00:00Z").status_code == 201
    assert len(sent) <= BOOKING_BUDGET, "\n".join(sent)


def test_a_match_stays_within_its_statement_budget(client: TestClient, now: FrozenClock) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    publish(client, therapist)
    open_practice(client, therapist)
    [(_, alice)] = make_users(1, "client")
    entry = client.post("/entries", json={"content": "I cannot sleep, I worry all night."},
                        headers=alice).json()  # fmt: skip
    with statements() as sent:
        answer = client.post(f"/entries/{entry['id']}/matches", json={"limit": 5}, headers=alice)
        assert answer.status_code == 200, answer.text
    assert len(sent) <= MATCH_BUDGET, "\n".join(sent)


# 2 in the booking (everything it checks, the caller's account included; everything it
# writes, notices and emails included), then its email tried: claim, the bounce check of the
# batch's addresses, and mark done.
BOOKING_BUDGET = 2 + 3
# A match: the caller's account; the entry; the HNSW setting; the ranking (which also drops the
# previous one); the next free slots of the ranked (one statement); the multi-row INSERT with
# the reasons.
MATCH_BUDGET = 6
