"""Administration and the audit trail (issue 17): vetting on and off, suspension, admin
refunds, and audit events that can be added but never changed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.testclient import TestClient

from shared.clock import FrozenClock
from shared.db import get_session, owner_engine
from tests.factories import (
    ALL_WEEK,
    book,
    make_users,
    open_practice,
    paid_session,
    pay_by_card,
    publish,
)
from tests.fakes import FakeMailer, FakeStripe
from tests.helpers import environment, login, register

LICENSE = {"number": "PP-1234", "jurisdiction": "DE-BE"}


@pytest.fixture
def vetting() -> Iterator[None]:
    with environment(THERAPIST_VETTING="required"):
        yield


def _names(client: TestClient) -> list[str]:
    return [t["full_name"] for t in client.get("/therapists").json()["items"]]


def test_with_vetting_required_a_therapist_is_listed_matched_and_booked_only_once_approved(
    client: TestClient, now: FrozenClock, vetting: None
) -> None:
    [(admin_id, admin)] = make_users(1, "admin")
    [(therapist_id, therapist), (co_id, co)] = make_users(2, "therapist")
    answer = client.put(
        "/therapists/me",
        json={"full_name": "Dr. New", "languages": ["en"], "specialties": ["anxiety"],
              "timezone": "Europe/Berlin", "is_public": True, "accepting_clients": True,
              "bio": "I help with anxiety and panic.", "license": LICENSE},
        headers=therapist,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["vetting_status"] == "pending"
    assert _names(client) == []
    assert client.get(f"/therapists/{therapist_id}").status_code == 404
    assert client.get(f"/therapists/{therapist_id}", headers=therapist).status_code == 200
    [(_, alice)] = make_users(1, "client")
    entry = client.post("/entries", json={"content": "Panic attacks at night."},
                        headers=alice).json()  # fmt: skip
    matched = client.post(f"/entries/{entry['id']}/matches", json={}, headers=alice).json()
    assert matched["matches"] == []
    publish(client, co)  # pending too: cannot be put on a booking
    service_id = open_practice(client, therapist, weekly=ALL_WEEK)
    open_practice(client, co, weekly=ALL_WEEK)
    assert book(client, alice, service_id, "2026-03-04T10:00:00Z",
                co_therapist_ids=[str(co_id)]).status_code == 404  # fmt: skip

    queue = client.get("/admin/therapists", params={"vetting_status": "pending"}, headers=admin)
    assert queue.status_code == 200, queue.text
    [item] = [i for i in queue.json()["items"] if i["id"] == str(therapist_id)]
    assert item["license"] == LICENSE
    assert client.get("/admin/therapists", headers=alice).status_code == 403
    approved = client.post(f"/admin/therapists/{therapist_id}/approve", json={}, headers=admin)
    assert approved.json()["vetting_status"] == "approved"
    assert _names(client) == ["Dr. New"]
    matched = client.post(f"/entries/{entry['id']}/matches", json={}, headers=alice).json()
    assert [m["therapist_id"] for m in matched["matches"]] == [str(therapist_id)]
    rejected = client.post(f"/admin/therapists/{co_id}/reject",
                           json={"reason": "The licence number is not on the register."},
                           headers=admin)  # fmt: skip
    assert rejected.json()["vetting_status"] == "rejected"
    notices = client.get("/notifications", headers=co).json()["items"]
    assert [n["type"] for n in notices] == ["vetting"]
    assert "not on the register" in notices[0]["message"]
    events = client.get("/admin/audit", params={"actor_id": str(admin_id)}, headers=admin).json()
    assert {"approve", "reject", "read"} <= {e["action"] for e in events["items"]}


def test_with_vetting_off_everyone_counts_as_approved(client: TestClient, now: FrozenClock) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    publish(client, therapist, license=LICENSE)
    mine = client.put("/therapists/me", json={
        "full_name": "Dr. Test", "languages": ["en"], "specialties": ["anxiety"],
        "timezone": "Europe/Berlin", "is_public": True, "accepting_clients": True,
        "bio": "I help with anxiety."}, headers=therapist).json()  # fmt: skip
    assert mine["vetting_status"] == "approved"
    assert _names(client) == ["Dr. Test"]


def test_a_suspended_account_cannot_log_in_and_its_tokens_stop(
    client: TestClient, outbox: object, now: FrozenClock
) -> None:
    [(_, admin)] = make_users(1, "admin")
    body = register(client, "sam@example.com")
    tokens = login(client, "sam@example.com")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    suspended = client.post(f"/admin/users/{body['id']}/suspend",
                            json={"reason": "Abusive messages"}, headers=admin)  # fmt: skip
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["suspended"] is True
    assert client.get("/me", headers=headers).status_code == 401
    refreshed = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401
    refused = client.post(
        "/auth/login", json={"email": "sam@example.com", "password": "correct horse battery"}
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "account_suspended")
    now.advance(timedelta(minutes=1))
    client.post(f"/admin/users/{body['id']}/unsuspend", json={"reason": "Appeal upheld"},
                headers=admin)  # fmt: skip
    assert login(client, "sam@example.com")["access_token"]
    audit = client.get("/me/audit", headers={"Authorization": "Bearer " + login(
        client, "sam@example.com")["access_token"]}).json()["items"]  # fmt: skip
    assert [e["action"] for e in audit] == ["unsuspend", "suspend"]
    assert all(e["actor_role"] == "admin" for e in audit)


def test_suspending_a_therapist_ends_their_future_appointments_and_refunds(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    [(_, admin)] = make_users(1, "admin")
    [(therapist_id, therapist)] = make_users(1, "therapist")
    publish(client, therapist, full_name="Dr. Gone")
    service_id = open_practice(client, therapist, weekly=ALL_WEEK)
    [(_, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-05T10:00:00Z").json()
    payment_id = pay_by_card(client, alice, appointment["id"])
    answer = client.post(f"/admin/users/{therapist_id}/suspend", json={"reason": "Licence lapsed"},
                         headers=admin).json()  # fmt: skip
    assert answer["ended_appointments"] == 1
    assert client.get(f"/appointments/{appointment['id']}", headers=alice).json()["status"] == (
        "cancelled"
    )
    assert client.get(f"/payments/{payment_id}", headers=alice).json()["status"] == "refunded"
    assert "Dr. Gone" not in _names(client)


def test_an_admin_refund_goes_the_durable_way_and_ends_the_session(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    [(_, admin)] = make_users(1, "admin")
    paid = paid_session(client)
    alice = paid.client
    payment_id = paid.payment_id
    refund = client.post(f"/admin/payments/{payment_id}/refund",
                         json={"reason": "Goodwill"}, headers=admin)  # fmt: skip
    assert refund.status_code == 200, refund.text
    assert refund.json()["appointment_status"] == "cancelled"
    assert client.get(f"/payments/{payment_id}", headers=alice).json()["status"] == "refunded"
    again = client.post(f"/admin/payments/{payment_id}/refund", json={"reason": "Twice"},
                        headers=admin)  # fmt: skip
    assert (again.status_code, again.json()["code"]) == (409, "not_refundable")
    assert len(stripe_fake.refunds) == 1


def test_a_therapist_reading_a_clients_messages_is_in_the_clients_audit(
    client: TestClient, now: FrozenClock
) -> None:
    [(therapist_id, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist)
    [(_, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-04T08:00:00Z").json()
    thread = client.post("/threads", json={"participant_ids": [str(therapist_id)]},
                         headers=alice).json()  # fmt: skip
    client.post(f"/threads/{thread['id']}/messages", json={"content": "I slept badly."},
                headers=alice)  # fmt: skip
    assert client.get(f"/threads/{thread['id']}/messages", headers=alice).status_code == 200
    assert client.get("/me/audit", headers=alice).json()["items"] == []  # her own reads
    client.get(f"/threads/{thread['id']}/messages", headers=therapist)
    client.get(f"/appointments/{appointment['id']}", headers=therapist)
    events = client.get("/me/audit", headers=alice).json()["items"]
    assert sorted((e["object_type"], e["actor_id"]) for e in events) == [
        ("appointment", str(therapist_id)), ("message", str(therapist_id))]  # fmt: skip
    assert set(events[0]) == {"id", "actor_id", "actor_role", "action", "object_type",
                              "object_id", "at"}  # fmt: skip


def test_audit_events_are_append_only(now: FrozenClock) -> None:
    """Twice over: the application role may not UPDATE or DELETE them (0015), and the trigger
    refuses even the schema's owner (0010)."""
    with get_session() as session:
        session.execute(text(
            "INSERT INTO audit_events (actor_role, action, object_type, object_id) "
            "VALUES ('admin', 'read', 'account', :id)"), {"id": uuid.uuid4()})  # fmt: skip
    owner = owner_engine()
    try:
        for statement in ("UPDATE audit_events SET action = 'nothing'", "DELETE FROM audit_events"):
            with pytest.raises(DBAPIError) as refused, get_session() as session:
                session.execute(text(statement))
            assert "permission denied for table audit_events" in str(refused.value)
            with pytest.raises(DBAPIError) as refused, owner.begin() as connection:
                connection.execute(text(statement))
            assert "never changed or deleted" in str(refused.value)
    finally:
        owner.dispose()
    with get_session() as session:
        assert session.scalar(text("SELECT count(*) FROM audit_events")) == 1
