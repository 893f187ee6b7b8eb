"""`make demo` (with `make run` serving): the product end to end through the public HTTP API,
each step printed as a person would read it.

A new client registers, verifies their email with the token from the emailed .eml, writes an
entry, is matched, books the first free slot of a matched therapist two days or more ahead,
pays with the stripe SDK against localstripe, is confirmed by the signed webhook, writes to the
therapist (who answers and uploads a recording to the presigned S3 URL), plays it back, then
cancels and is refunded. Addresses come from .data/run-env.json (what `make run` wrote), dates
are relative to now, every id is taken from an answer. tests/integration/test_demo_story.py plays
it against a served instance, so the README's walk-through (the same story in curl) cannot drift
far.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from local.emails import newest_token

ENTRY = "I keep having panic attacks and sleepless nights."
PASSWORD = "a long passphrase for the demo"


class StoryFailed(RuntimeError):
    """A step answered something the story did not expect."""


@dataclass
class Story:
    api: str
    outbox: Path
    stripe_api_base: str
    stripe_secret_key: str
    say: Callable[[str], None] = print
    wait_seconds: float = 60.0
    ids: dict[str, str] = field(default_factory=dict)  # every id the story captured
    _step: int = 0

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.api, timeout=30)

    # -- plumbing ------------------------------------------------------------------------------

    def step(self, text: str) -> None:
        self._step += 1
        self.say(f"\n{self._step:>2}. {text}")

    def note(self, text: str) -> None:
        self.say(f"    {text}")

    def call(
        self, method: str, path: str, expect: int, token: str | None = None, **kwargs: Any
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = self.http.request(method, path, headers=headers, **kwargs)
        self.note(f"{method} {path} → {answer.status_code}")
        if answer.status_code != expect:
            raise StoryFailed(f"{method} {path}: expected {expect}, got {answer.text}")
        return answer.json() if answer.content else None

    def until(self, what: str, check: Callable[[], Any]) -> Any:
        """Poll `check` until it answers something truthy (an email, a webhook, a refund)."""
        deadline = time.monotonic() + self.wait_seconds
        while time.monotonic() < deadline:
            found = check()
            if found:
                return found
            time.sleep(0.5)
        raise StoryFailed(f"waited {self.wait_seconds:g} s for {what}")

    # -- the story -----------------------------------------------------------------------------

    def play(self) -> dict[str, str]:
        client_email = f"newcomer-{uuid.uuid4().hex[:8]}@example.com"
        self.step(f"Sam registers as a client: {client_email}")
        user = self.call(
            "POST", "/auth/register", 201,
            json={"email": client_email, "password": PASSWORD, "role": "client",
                  "full_name": "Sam Newcomer", "timezone": "Europe/Berlin"},
        )  # fmt: skip
        self.ids["client_id"] = user["id"]
        self.note(f"user {user['id']}, email_verified={user['email_verified']}")

        self.step(f"The verification email lands in {self.outbox}; Sam follows its link")
        token = self.until(
            "the verification email",
            lambda: newest_token(self.outbox, client_email, "/verify-email"),
        )
        verified = self.call("POST", "/auth/verify-email", 200, json={"token": token})
        self.note(f"email_verified={verified['email_verified']}")

        self.step("Sam logs in, and refreshes the access token as an app does every 15 minutes")
        tokens = self.call(
            "POST", "/auth/login", 200, json={"email": client_email, "password": PASSWORD}
        )
        tokens = self.call(
            "POST", "/auth/refresh", 200, json={"refresh_token": tokens["refresh_token"]}
        )
        access = tokens["access_token"]
        self.note(f"a new pair; access token valid {tokens['expires_in']} s")

        self.step(f"Sam writes a journal entry: {ENTRY!r}")
        entry = self.call("POST", "/entries", 201, access, json={"content": ENTRY})
        self.ids["entry_id"] = entry["id"]

        self.step("…and asks for matching therapists")
        matches = self.call(
            "POST", f"/entries/{entry['id']}/matches", 200, access, json={"limit": 5}
        )["matches"]
        for match in matches:
            self.note(f"#{match['rank']} {match['full_name']} (score {match['match_score']:.3f})")
        if not matches:
            raise StoryFailed("no matches: is the demo data loaded (make run does it)?")

        self.step("Sam looks for a free slot, two days from now or later")
        start_from = datetime.now(UTC) + timedelta(days=2)
        found = self._first_bookable(matches, start_from)
        if found is None:
            raise StoryFailed("no matched therapist has a free slot in the coming week")
        therapist, service, slot = found
        self.ids.update(therapist_id=therapist["therapist_id"], service_id=service["id"])
        self.note(
            f"{therapist['full_name']}: {service['title']}, {service['duration_minutes']} min, "
            f"{service['price_cents'] / 100:.2f} {service['currency'].upper()}"
        )
        local = f", {slot['start_local']} the therapist's time" if slot.get("start_local") else ""
        self.note(f"first free slot {slot['start']} (UTC{local})")

        self.step("Sam books it: it is pending, holding the slot for 15 minutes until paid")
        appointment = self.call(
            "POST", "/appointments", 201, access,
            json={"service_id": service["id"], "start": slot["start"],
                  "pre_session_message": "First session"},
        )  # fmt: skip
        self.ids["appointment_id"] = appointment["id"]
        self.note(f"appointment {appointment['id']}: {appointment['status']}")

        self.step("Sam pays: a PaymentIntent from the API, confirmed with the stripe SDK")
        payment = self.call(
            "POST", "/payments/checkout", 201, access, json={"appointment_id": appointment["id"]}
        )
        self.ids.update(
            payment_id=payment["payment_id"], payment_intent_id=payment["stripe_payment_intent_id"]
        )
        status = self._pay(payment["stripe_payment_intent_id"])
        self.note(f"{payment['stripe_payment_intent_id']} {status} at {self.stripe_api_base}")

        self.step("Stripe's signed webhook confirms the appointment")
        confirmed = self.until(
            "the webhook to confirm the appointment",
            lambda: self._appointment_if(appointment["id"], access, "confirmed"),
        )
        self.note(f"status {confirmed['status']}, payment {confirmed['payment_status']}")

        self.step(f"Sam writes to {therapist['full_name']}")
        thread = self.call(
            "POST", "/threads", 201, access, json={"participant_ids": [therapist["therapist_id"]]}
        )
        self.ids["thread_id"] = thread["id"]
        self.call(
            "POST", f"/threads/{thread['id']}/messages", 201, access,
            json={"content": "Looking forward to our first session."},
        )  # fmt: skip

        therapist_email = _demo_email(therapist["full_name"])
        self.step(f"{therapist['full_name']} logs in ({therapist_email}), reads it and answers")
        from local.demo import DEMO_PASSWORD

        therapist_access = self.call(
            "POST", "/auth/login", 200, json={"email": therapist_email, "password": DEMO_PASSWORD}
        )["access_token"]
        threads = self.call("GET", "/threads", 200, therapist_access)["items"]
        mine = next(t for t in threads if t["id"] == thread["id"])
        self.note(f"unread {mine['unread_count']}: {mine['last_message']['content']!r}")
        self.call(
            "POST", f"/threads/{thread['id']}/messages", 201, therapist_access,
            json={"content": "Me too. See you then."},
        )  # fmt: skip

        self.step("The therapist uploads a session recording to the presigned S3 URL")
        video = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 1000  # a stand-in for an mp4
        upload = self.call(
            "POST", f"/appointments/{appointment['id']}/recordings", 201, therapist_access,
            json={"content_type": "video/mp4", "size_bytes": len(video)},
        )  # fmt: skip
        self.ids["recording_id"] = upload["id"]
        put = httpx.put(upload["upload_url"], content=video, headers={"content-type": "video/mp4"})
        self.note(f"PUT {upload['upload_url'].split('?')[0]} → {put.status_code}")
        if put.status_code != 200:
            raise StoryFailed(f"S3 refused the upload: {put.text}")

        self.step("Sam lists the recordings and plays the one there (a link valid 15 minutes)")
        items = self.call("GET", f"/appointments/{appointment['id']}/recordings", 200, access)[
            "items"
        ]
        played = httpx.get(items[0]["video_url"])
        self.note(f"{len(items)} recording, {len(played.content)} bytes, as uploaded")
        if played.content != video:
            raise StoryFailed("the recording played back is not the one uploaded")

        self.step("Sam cancels (more than 24 h ahead: a full refund)")
        cancelled = self.call(
            "POST", f"/appointments/{appointment['id']}/cancel", 200, access,
            json={"reason": "Something came up"},
        )  # fmt: skip
        self.note(f"status {cancelled['status']}")
        refunded = self.until(
            "the refund (the outbox, then charge.refunded)",
            lambda: self._payment_if(payment["payment_id"], access, "refunded"),
        )
        self.note(
            f"payment {refunded['status']}, refund {refunded['refund']['status']} "
            f"{refunded['refund']['amount_cents'] / 100:.2f}"
        )
        self._reminded(access)
        self.say("\nThe end. Every id of the story:")
        for name, value in self.ids.items():
            self.say(f"    {name:<18} {value}")
        return self.ids

    def _reminded(self, access: str) -> None:
        """A session within the next 24 hours, paid: the reminders schedule (every 15 s under
        `make run`, every 5 minutes in AWS) reminds Sam of it."""
        self.step("Sam books a session within the next 24 hours and pays for it")
        soon = datetime.now(UTC) + timedelta(hours=2)
        free = self.call(
            "GET", "/therapists", 200,
            params={"available_from": soon.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "available_to": (soon + timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M:%SZ")},
        )["items"]  # fmt: skip
        found = self._first_bookable(
            [{"therapist_id": t["id"], "full_name": t["full_name"]} for t in free], soon,
            days=0.8,
        )  # fmt: skip
        if found is None:
            self.note("nobody is free in the next 24 hours right now: no reminder to show")
            return
        therapist, service, slot = found
        self.note(f"{therapist['full_name']}, {slot['start']} (UTC)")
        booked = self.call("POST", "/appointments", 201, access,
                           json={"service_id": service["id"], "start": slot["start"]})  # fmt: skip
        payment = self.call("POST", "/payments/checkout", 201, access,
                            json={"appointment_id": booked["id"]})  # fmt: skip
        self._pay(payment["stripe_payment_intent_id"])
        self.until("the webhook to confirm it",
                   lambda: self._appointment_if(booked["id"], access, "confirmed"))  # fmt: skip
        self.ids["reminded_appointment_id"] = booked["id"]
        self.step("The reminders schedule fires: Sam is reminded, in the app and by email")
        reminder = self.until("the reminder", lambda: self._reminder_for(booked["id"], access))
        self.note(f"notification: {reminder['title']}: {reminder['message']}")

    def _reminder_for(self, appointment_id: str, access: str) -> dict[str, Any] | None:
        items = self.http.get(
            "/notifications", headers={"Authorization": f"Bearer {access}"}
        ).json()["items"]
        return next(
            (n for n in items if n["type"] == "reminder" and n["related_id"] == appointment_id),
            None,
        )

    # -- helpers -------------------------------------------------------------------------------

    def _first_bookable(
        self, matches: list[dict[str, Any]], start_from: datetime, days: float = 7
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]] | None:
        """The first match with a bookable single session and a free slot in the `days` from
        `start_from`, or None."""
        window = {
            "from": start_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "to": (start_from + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        for match in matches:
            services = self.http.get(
                "/services", params={"therapist_id": match["therapist_id"]}
            ).json()["items"]
            for service in services:
                if service["package_type"] != "single" or service["requires_confirmation"]:
                    continue
                slots = self.call(
                    "GET", f"/therapists/{match['therapist_id']}/slots", 200,
                    params={**window, "service_id": service["id"]},
                )["slots"]  # fmt: skip
                if slots:
                    return match, service, slots[0]
        return None

    def _pay(self, intent_id: str) -> str:
        """What Stripe.js does in a browser: a card, attached to the intent, confirmed."""
        import stripe

        stripe_client = stripe.StripeClient(
            self.stripe_secret_key, base_addresses={"api": self.stripe_api_base}
        )
        method = stripe_client.v1.payment_methods.create(
            params={
                "type": "card",
                "card": {
                    "number": "4242424242424242",
                    "exp_month": 12,
                    "exp_year": 2030,
                    "cvc": "123",
                },
            }
        )
        stripe_client.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
        return str(stripe_client.v1.payment_intents.confirm(intent_id).status)

    def _appointment_if(self, id: str, access: str, status: str) -> dict[str, Any] | None:
        body: dict[str, Any] = self.http.get(
            f"/appointments/{id}", headers={"Authorization": f"Bearer {access}"}
        ).json()
        return body if body.get("status") == status else None

    def _payment_if(self, id: str, access: str, status: str) -> dict[str, Any] | None:
        body: dict[str, Any] = self.http.get(
            f"/payments/{id}", headers={"Authorization": f"Bearer {access}"}
        ).json()
        return body if body.get("status") == status else None


def _demo_email(full_name: str) -> str:
    from local.demo_therapists import DEMO_THERAPISTS

    for demo in DEMO_THERAPISTS:
        if demo.full_name == full_name:
            return demo.email
    raise StoryFailed(f"{full_name} is not a demo therapist: the story logs in as one")


def main() -> None:
    from local.runenv import RUN_ENV, read

    values = read()
    if "API" not in values:
        raise SystemExit(f"no {RUN_ENV}: start `make run` in another terminal first")
    try:
        httpx.get(values["API"] + "/health", timeout=5).raise_for_status()
    except httpx.HTTPError as error:
        message = f"{values['API']} does not answer ({error}): is `make run` serving?"
        raise SystemExit(message) from None
    story = Story(
        api=values["API"],
        outbox=Path(values.get("OUTBOX_DIR", ".data/outbox")),
        stripe_api_base=values["STRIPE_API_BASE"],
        stripe_secret_key=values["STRIPE_SECRET_KEY"],
        say=lambda line: print(line, flush=True),
    )
    try:
        story.play()
    except StoryFailed as failure:
        raise SystemExit(f"\nthe story stopped: {failure}") from None


if __name__ == "__main__":
    main()
