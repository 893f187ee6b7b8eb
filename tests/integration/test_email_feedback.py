"""SES's bounce and complaint notifications (as SNS delivers them to the function) stop further
mail to an address; a transient bounce does not."""

from __future__ import annotations

import json
from typing import Any

from starlette.testclient import TestClient

from local.functions import load_module
from local.invoke import LocalContext
from local.template import function_for_dir, load_template
from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.notifications import Notice, notify
from shared.outbox import run_outbox
from tests.factories import make_users
from tests.fakes import FakeMailer


def _sns(notification: dict[str, Any]) -> dict[str, Any]:
    message = {"Type": "Notification", "Message": json.dumps(notification)}
    return {"Records": [{"EventSource": "aws:sns", "Sns": message}]}


def _bounce(address: str, kind: str = "Permanent") -> dict[str, Any]:
    return {"notificationType": "Bounce",
            "bounce": {"bounceType": kind, "bounceSubType": "General",
                       "bouncedRecipients": [{"emailAddress": address}]},
            "mail": {"destination": [address]}}  # fmt: skip


def _invoke(event: dict[str, Any]) -> Any:
    function = function_for_dir("email_feedback")
    handler = getattr(load_module(function), function.handler)
    return handler(event, LocalContext(function_name=function.logical_id))


def _mail(user_ids: list[Any]) -> None:
    with get_session() as session:
        notify(session, user_ids, Notice("message", "message", {"preview": "Hi", "thread_id": ""}),
               email=True)  # fmt: skip
    run_outbox(clock.now())


def test_a_bounce_or_a_complaint_stops_the_mail_and_a_transient_bounce_does_not(
    client: TestClient, now: FrozenClock, mailer: FakeMailer
) -> None:
    users = make_users(3, "client")
    with get_session() as session:
        from shared.models import User

        emails = [session.get(User, uid).email for uid, _ in users]  # type: ignore[union-attr]
    assert _invoke(_sns(_bounce(emails[0].upper()))) == {"marked": 1}
    assert _invoke(_sns({"notificationType": "Complaint",
                         "complaint": {"complainedRecipients": [{"emailAddress": emails[1]}]}}
                        )) == {"marked": 1}  # fmt: skip
    assert _invoke(_sns(_bounce(emails[2], "Transient"))) == {"marked": 0}
    assert _invoke({"Records": [{"Sns": {"Message": "not json"}}]}) == {"marked": 0}
    _mail([uid for uid, _ in users])
    assert [str(m["To"]) for m in mailer.sent] == [emails[2]]


def test_the_template_sends_through_a_configuration_set_that_reports_to_the_function() -> None:
    resources = load_template()["Resources"]
    destination = resources["EmailFeedbackDestination"]["Properties"]["EventDestination"]
    assert set(destination["MatchingEventTypes"]) == {"bounce", "complaint"}
    events = resources["EmailFeedbackFunction"]["Properties"]["Events"]
    assert [e["Type"] for e in events.values()] == ["SNS"]
