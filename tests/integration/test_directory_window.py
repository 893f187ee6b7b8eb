"""The directory's availability filter: its SQL pre-check (`may_be_open`) never drops a
therapist who is free, across zones, midnight, "24:00" ends and date overrides."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from starlette.testclient import TestClient

from shared.clock import FrozenClock
from tests.factories import make_users, open_practice, publish


def _free(client: TestClient, start: datetime, hours: float) -> set[str]:
    params = {"available_from": start.isoformat(),
              "available_to": (start + timedelta(hours=hours)).isoformat()}  # fmt: skip
    answer = client.get("/therapists", params=params)
    assert answer.status_code == 200, answer.text
    return {t["full_name"] for t in answer.json()["items"]}


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ("2026-03-03T06:30:00+00:00", 1, {"Late LA"}),  # 22:30 Monday in Los Angeles
        ("2026-03-03T07:00:00+00:00", 2, {"Late LA"}),  # 23:00 there: a session ends by 24:00
        ("2026-03-03T09:00:00+00:00", 1, set()),  # 01:00 in LA, 10:00 Berlin: Berlin's day off
        ("2026-03-04T09:00:00+00:00", 1, {"Berlin"}),  # Wednesday morning in Berlin
        ("2026-03-07T14:00:00+00:00", 2, {"Berlin"}),  # a Saturday, open by override only
        ("2026-03-04T02:00:00+00:00", 3, set()),  # night everywhere
    ],
)
def test_the_filter_finds_exactly_who_is_free(
    client: TestClient, now: FrozenClock, start: str, hours: float, expected: set[str]
) -> None:
    [(_, late), (_, berlin)] = make_users(2, "therapist")
    publish(client, late, full_name="Late LA", timezone="America/Los_Angeles")
    open_practice(client, late, timezone="America/Los_Angeles",
                  weekly={"monday": [{"start": "22:00", "end": "24:00"}]})  # fmt: skip
    publish(client, berlin, full_name="Berlin")
    open_practice(client, berlin, weekly={"wednesday": [{"start": "09:00", "end": "17:00"}]})
    override = client.put(
        "/therapists/me/availability/overrides/2026-03-03", json={"intervals": []}, headers=berlin
    )
    assert override.status_code == 200
    saturday = client.put(
        "/therapists/me/availability/overrides/2026-03-07",
        json={"intervals": [{"start": "15:00", "end": "18:00"}]},
        headers=berlin,
    )
    assert saturday.status_code == 200
    assert _free(client, datetime.fromisoformat(start), hours) == expected


def test_the_pre_check_itself_drops_who_cannot_be_open(
    client: TestClient, now: FrozenClock
) -> None:
    """What the directory saves: `may_be_open` alone, in SQL, keeps the therapist for a window
    on their hours or an override and drops them for one outside both."""
    from sqlalchemy import select

    from shared.db import get_session
    from shared.domain.availability import may_be_open
    from shared.models import TherapistProfile

    [(therapist_id, berlin)] = make_users(1, "therapist")
    publish(client, berlin, full_name="Berlin")
    open_practice(client, berlin, weekly={"wednesday": [{"start": "09:00", "end": "17:00"}]})
    saturday = {"intervals": [{"start": "15:00", "end": "18:00"}]}
    client.put("/therapists/me/availability/overrides/2026-03-07", json=saturday, headers=berlin)

    def kept(start: str, hours: float) -> bool:
        window_start = datetime.fromisoformat(start)
        with get_session() as session:
            found = session.scalars(
                select(TherapistProfile.user_id).where(
                    may_be_open("therapist_profiles.user_id", window_start,
                                window_start + timedelta(hours=hours))
                )
            ).all()  # fmt: skip
        return therapist_id in found

    assert kept("2026-03-04T09:00:00+00:00", 1)  # Wednesday's hours
    assert kept("2026-03-07T14:00:00+00:00", 2)  # Saturday's override
    assert not kept("2026-03-04T02:00:00+00:00", 3)  # night
    assert not kept("2026-03-05T09:00:00+00:00", 1)  # Thursday: no hours
