"""Rendering: one template, the recipient's language and zone → subject, in-app line, text, HTML.

Each email is one template under `templates/` that sets its content (`subject`, `message` — the
in-app line —, `paragraphs`, and optionally `details`, `action`, `footer`) and extends the
layout it is given: `layout.txt.jinja` for the text part, `layout.html.jinja` (autoescaped) for
the HTML part. So every email has the same layout, and a translator translates each sentence
once for both parts. Strings are gettext msgids (`_()`), translated from the recipient's
catalogue; the `when`, `money`, `lead` and `duration` filters format with Babel for the
recipient's locale and zone.

Rendering is cheap because a template is rendered by Jinja once per language and *shape*, not
once per email: every fact of the context (a name, a time, an amount, a link) is replaced by a
placeholder, the two parts are rendered with the placeholders (filters return placeholders of
their own), and that skeleton is kept. Each email then only formats its facts (Babel, cached)
and puts them in, escaped for the HTML part. The shape is which facts are present and the
values of the keys templates branch on (`BRANCHES`), so an email with no meeting link, or a
cancellation for another cause, has its own skeleton. A reminder run renders 20,000 emails in
a handful of skeletons. `render_directly` is the plain Jinja render the skeletons are tested
against; a context the skeletons cannot take (a filter given a literal) is rendered that way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from threading import Lock
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import escape

from shared import clock
from shared.config import get_settings
from shared.emails import locales

TEMPLATES = Path(__file__).resolve().parent / "templates"
PRODUCT = "Attune"
# Every template an email can be made from (tests render each one in each language).
EMAIL_TEMPLATES = (
    "booking",
    "consent_request",
    "confirmation",
    "declined",
    "cancellation",
    "reschedule",
    "reminder",
    "payment",
    "refund",
    "message",
    "verify_email",
    "reset_password",
)
# Context keys whose values templates compare (`{% if cause == ... %}`): kept as they are in
# a skeleton, and part of its shape. Every other fact is only shown or passed to a filter.
BRANCHES = frozenset({"status", "cause", "money", "role", "for_client"})


@dataclass(frozen=True)
class Rendered:
    """One email as one recipient reads it."""

    language: str
    subject: str
    message: str  # the in-app notification's line
    text: str
    html: str


# --- placeholders ------------------------------------------------------------------------------
# Letters and digits only, so HTML escaping and URL encoding leave them as they are. A filter's
# placeholder names the filter and its facts: 3w = when(fact 3), 3m4 = money(fact 3, fact 4).
_PLACEHOLDER = re.compile(r"zqx(\d+)(?:([wldm])(\d+)?)?xqz")


class _NotSkeletal(Exception):
    """A filter was given a literal: this context is rendered directly."""


def _fact(value: Any) -> int:
    found = _PLACEHOLDER.fullmatch(value) if isinstance(value, str) else None
    if found is None or found.group(2):
        raise _NotSkeletal
    return int(found.group(1))


def _placeholder(kind: str, *facts: Any) -> str:
    first, *rest = (_fact(f) for f in facts)
    return f"zqx{first}{kind}{''.join(map(str, rest))}xqz"


def _stand_ins(value: Any, key: str, facts: list[Any], shape: list[Any]) -> Any:
    """The context with each fact replaced by its placeholder; `shape` records what a
    skeleton depends on (which facts exist, and the branch keys' values)."""
    if isinstance(value, Mapping):
        shape.append(("{", key))
        return {k: _stand_ins(value[k], str(k), facts, shape) for k in sorted(value)}
    if isinstance(value, list | tuple):
        shape.append(("[", key, len(value)))
        return [_stand_ins(v, key, facts, shape) for v in value]
    if key in BRANCHES or value is None or isinstance(value, bool) or value == "":
        shape.append(("=", key, value if isinstance(value, str | bool | None) else str(value)))
        return value
    shape.append(("•", key))
    facts.append(value)
    return f"zqx{len(facts) - 1}xqz"


# --- filters: real values when rendering directly, placeholders for a skeleton -------------------


@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(context["translations"].gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return str(context["translations"].ngettext(singular, plural, n))


def _minutes_between(starts_at: datetime | str, ends_at: datetime | str) -> int:
    delta = locales._as_datetime(ends_at) - locales._as_datetime(starts_at)
    return round(delta.total_seconds() / 60)


@lru_cache(maxsize=512)
def _minutes(minutes: int, language: str) -> str:
    from babel.units import format_unit

    return str(format_unit(minutes, "duration-minute", length="long",
                           locale=locales.locale(language)))  # fmt: skip


@pass_context
def _when(context: Context, value: datetime | str) -> str:
    if context.get("skeleton"):
        return _placeholder("w", value)
    return locales.format_when(value, context["language"], context["timezone"])


@pass_context
def _lead(context: Context, value: datetime | str) -> str:
    if context.get("skeleton"):
        return _placeholder("l", value)
    return locales.format_lead(locales._as_datetime(value) - clock.now(), context["language"])


@pass_context
def _money(context: Context, amount_minor: int, currency: str) -> str:
    if context.get("skeleton"):
        return _placeholder("m", amount_minor, currency)
    return locales.format_money(int(amount_minor), str(currency), context["language"])


@pass_context
def _duration(context: Context, appointment: Mapping[str, Any]) -> str:
    if context.get("skeleton"):
        return _placeholder("d", appointment["starts_at"], appointment["ends_at"])
    minutes = _minutes_between(appointment["starts_at"], appointment["ends_at"])
    return _minutes(minutes, context["language"])


def app_url(path: str, **query: str) -> str:
    """A link into the web app (APP_BASE_URL), where people act on what the email says. Query
    values are tokens and ids (URL-safe as they are)."""
    base = get_settings().app_base_url.rstrip("/")
    return f"{base}{path}" + (f"?{urlencode(query)}" if query else "")


@lru_cache(maxsize=2)
def environment(html: bool) -> Environment:
    """The environment of one part: HTML autoescaped, text not; both strict about names."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(when=_when, money=_money, lead=_lead, duration=_duration)
    env.globals.update(product=PRODUCT, app_url=app_url)
    return env


def _jinja(template: str, values: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """Subject, in-app line, text and HTML of a template, straight from Jinja."""
    name = f"{template}.jinja"
    text_part = (
        environment(False).get_template(name).make_module({**values, "layout": "layout.txt.jinja"})
    )
    html = environment(True).get_template(name).render({**values, "layout": "layout.html.jinja"})
    exported = text_part.__dict__  # the template's top-level names (subject, message, ...)
    subject = str(exported["subject"])
    return subject, str(exported.get("message", subject)), str(text_part), html


def _common(language: str) -> dict[str, Any]:
    return {"language": language, "translations": locales.translations(language)}


def render_directly(
    template: str, context: Mapping[str, Any], *, language: str | None, timezone: str | None
) -> Rendered:
    """Render with Jinja for this one email (what every skeleton must equal)."""
    lang = locales.language_of(language)
    values = {**context, **_common(lang), "timezone": timezone or "UTC"}
    subject, message, text, html = _jinja(template, values)
    return Rendered(lang, " ".join(subject.split()), message, text, html)


# A skeleton part: its literal text and its placeholders, alternating: [text, token, text, ...]
# where a token is (fact, filter kind or None, second fact or None).
_Token = tuple[int, str | None, int | None]
_Part = tuple[str | _Token, ...]


def _split(rendered: str) -> _Part:
    pieces = _PLACEHOLDER.split(rendered)
    part: list[str | _Token] = []
    for i in range(0, len(pieces) - 1, 4):
        index, kind, other = pieces[i + 1 : i + 4]
        part += [pieces[i], (int(index), kind, int(other) if other else None)]
    part.append(pieces[-1])
    return tuple(part)


@dataclass(frozen=True)
class _Skeleton:
    subject: _Part
    message: _Part
    text: _Part
    html: _Part
    tokens: frozenset[_Token]  # every placeholder in the four parts


_skeletons: dict[tuple[Any, ...], _Skeleton] = {}
_skeletons_lock = Lock()
_MAX_SKELETONS = 2_000


def _skeleton(template: str, language: str, shape: tuple[Any, ...], stand_in: Any) -> _Skeleton:
    key = (template, language, get_settings().app_base_url, shape)  # links are baked in
    found = _skeletons.get(key)
    if found is None:
        rendered = _jinja(template, {**stand_in, **_common(language), "skeleton": True})
        parts = [_split(r) for r in rendered]
        tokens = frozenset(p for part in parts for p in part if not isinstance(p, str))
        found = _Skeleton(parts[0], parts[1], parts[2], parts[3], tokens)
        with _skeletons_lock:
            if len(_skeletons) >= _MAX_SKELETONS:
                _skeletons.clear()
            _skeletons[key] = found
    return found


def _formatted(token: _Token, facts: list[Any], language: str, timezone: str) -> str:
    index, kind, other = token
    fact = facts[index]
    if kind is None:
        return str(fact)
    if kind == "w":
        return locales.format_when(fact, language, timezone)
    if kind == "l":
        return locales.format_lead(locales._as_datetime(fact) - clock.now(), language)
    assert other is not None
    if kind == "d":
        return _minutes(_minutes_between(fact, facts[other]), language)
    return locales.format_money(int(fact), str(facts[other]), language)  # "m"


def _fill(part: _Part, values: Mapping[Any, str]) -> str:
    return "".join([p if isinstance(p, str) else values[p] for p in part])


def render(
    template: str, context: Mapping[str, Any], *, language: str | None, timezone: str | None
) -> Rendered:
    """Render `template` for a recipient of `language` (profiles.language) in `timezone`
    (profiles.timezone); unknown languages read English, unknown zones UTC."""
    lang = locales.language_of(language)
    zone = timezone or "UTC"
    facts: list[Any] = []
    shape: list[Any] = []
    stand_in = _stand_ins(context, "", facts, shape)
    try:
        skeleton = _skeleton(template, lang, tuple(shape), stand_in)
    except _NotSkeletal:
        return render_directly(template, context, language=lang, timezone=zone)
    raw = {token: _formatted(token, facts, lang, zone) for token in skeleton.tokens}
    escaped = {token: str(escape(value)) for token, value in raw.items()}
    return Rendered(
        lang,
        " ".join(_fill(skeleton.subject, raw).split()),
        _fill(skeleton.message, raw),
        _fill(skeleton.text, raw),
        _fill(skeleton.html, escaped),
    )
