"""Emails people can read: Jinja2 templates, in the recipient's language and time zone.

- `render(template, context, language=, timezone=)` → `Rendered` (subject, the in-app line,
  text and HTML parts), used by `notify` once per distinct (language, zone) of its recipients.
- `render_email(template, to=, language=, timezone=, **context)` → an outbox payload, ready
  for `outbox.enqueue(session, "email", key, payload, ...)` (the account emails use it).
- A payload `{to, template, language, timezone, context}` is rendered only when it is sent
  (`shared.email.deliver_email`): the reminders job queues these from SQL, set-based, so a
  run of thousands renders each as it goes out, with the lead time true at that moment.

`shared.emails.locales` holds the catalogues and the Babel formatting. Jinja2 and Babel are
imported only where an email is rendered, never by a cold start that sends none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared.emails.rendering import Rendered


def render(
    template: str, context: Mapping[str, Any], *, language: str | None, timezone: str | None
) -> Rendered:
    from shared.emails.rendering import render as _render

    return _render(template, context, language=language, timezone=timezone)


def payload_of(
    rendered: Rendered, to: str, attachments: Sequence[Mapping[str, str]] = ()
) -> dict[str, Any]:
    """What the outbox stores for a rendered email (shared.email.build_message reads it)."""
    payload: dict[str, Any] = {
        "to": to,
        "subject": rendered.subject,
        "text": rendered.text,
        "html": rendered.html,
        "language": rendered.language,
    }
    if attachments:
        payload["attachments"] = [dict(a) for a in attachments]
    return payload


def render_email(
    template: str,
    *,
    to: str,
    language: str | None = None,
    timezone: str | None = None,
    **context: Any,
) -> dict[str, Any]:
    """One email to one address, rendered now: the outbox payload. E.g. the verification email:
    `render_email("verify_email", to=email, language=lang, timezone=tz, token=token)`."""
    return payload_of(render(template, context, language=language, timezone=timezone), to)
