"""Translations: the request's locale, gettext into it, and the choice of locale per request.

Catalogues are gettext .po files under playground/locale/<lang>/LC_MESSAGES/messages.po.
They are compiled in memory with Babel the first time a locale is used, so the repository
and the wheel carry only the reviewable text form and no build step can forget them.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import escape

LOCALES = ("en", "de")
DEFAULT_LOCALE = "en"
LOCALE_NAMES = {"en": "English", "de": "Deutsch"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT_TIME_ZONE = "UTC"


@dataclass
class _Choice:
    """The request's locale and time zone; mutable so that a choice made in a worker thread
    (after the user's stored preference is read) is seen by the rest of the same request."""

    locale: str = DEFAULT_LOCALE
    time_zone: str = DEFAULT_TIME_ZONE


# Each request gets its own _Choice (see LocaleMiddleware); contexts copied into worker
# threads share the object, so setting .locale there reaches the render, too.
_current: ContextVar[_Choice | None] = ContextVar("playground_locale", default=None)


def supported(value: str | None) -> str | None:
    """The supported locale a tag like "de-DE" or "de_AT" names, or None."""
    if not value:
        return None
    language = value.strip().replace("_", "-").split("-")[0].lower()
    return language if language in LOCALES else None


def negotiate(*, preference: str | None, accept_language: str | None) -> str:
    """The user's stored preference, else the best of Accept-Language, else English."""
    chosen = supported(preference)
    if chosen:
        return chosen
    for tag, _quality in _accepted(accept_language or ""):
        chosen = supported(tag)
        if chosen:
            return chosen
    return DEFAULT_LOCALE


def _accepted(header: str) -> list[tuple[str, float]]:
    """Accept-Language entries, best first (q=0 excluded, malformed weights count as 0)."""
    entries: list[tuple[str, float]] = []
    for position, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            entries.append((tag, quality - position * 1e-6))
    return sorted(entries, key=lambda entry: -entry[1])


def begin(locale: str = DEFAULT_LOCALE, time_zone: str = DEFAULT_TIME_ZONE) -> None:
    """Start a fresh per-request (or per-task) locale and zone choice in the current context."""
    _current.set(_Choice(supported(locale) or DEFAULT_LOCALE, valid_zone(time_zone) or "UTC"))


def valid_zone(name: str | None) -> str | None:
    """The IANA time zone name if this machine knows it, else None."""
    if not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def use_time_zone(name: str | None) -> None:
    """Show the current request's times in this zone (ignored when unknown)."""
    zone = valid_zone(name)
    choice = _current.get()
    if zone and choice is not None:
        choice.time_zone = zone


def current_time_zone() -> ZoneInfo:
    """The time zone of the current request (UTC outside a request)."""
    choice = _current.get()
    return ZoneInfo(choice.time_zone if choice else DEFAULT_TIME_ZONE)


def use(locale: str | None) -> None:
    """Switch the current request to this locale (ignored when unsupported)."""
    chosen = supported(locale)
    if not chosen:
        return
    choice = _current.get()
    if choice is None:
        _current.set(_Choice(chosen))
    else:
        choice.locale = chosen


def current() -> str:
    """The locale of the current request ("en" outside a request)."""
    choice = _current.get()
    return choice.locale if choice else DEFAULT_LOCALE


@contextmanager
def speaking(locale: str) -> Iterator[None]:
    """Translate into this locale inside the block, e.g. English for the JSON API's fixed words;
    the request's own choice is back afterwards (synchronous code only: nothing awaits inside)."""
    choice = _current.get()
    zone = choice.time_zone if choice else DEFAULT_TIME_ZONE
    token = _current.set(_Choice(supported(locale) or DEFAULT_LOCALE, zone))
    try:
        yield
    finally:
        _current.reset(token)


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalogue of a locale; English (the source language) translates to itself."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if locale == DEFAULT_LOCALE or not path.is_file():
        return stdlib_gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def preload() -> None:
    """Compile every catalogue now (about 0.15 s), not during the first request that needs it,
    which may be running on the event loop."""
    for locale in LOCALES:
        translations(locale)


def gettext(message: str) -> str:
    """The message in the current locale."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for n, in the current locale."""
    return translations(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # gettext's conventional name for this marker
    """Mark a message for the catalogue without translating it; it is translated where shown."""
    return message


def pgettext(context: str, message: str) -> str:
    """The message in the current locale, disambiguated by a context."""
    return translations(current()).pgettext(context, message)


class LazyString:
    """A message translated only when shown, for module-level constants."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __repr__(self) -> str:
        return f"LazyString({self.message!r})"

    def __mod__(self, values: object) -> str:
        return str(self) % values

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.message)

    def __html__(self) -> str:
        # Jinja2 treats it like any string: escaped on output.
        return str(escape(str(self)))


def lazy_gettext(message: str) -> LazyString:
    """A message to be translated when it is turned into text."""
    return LazyString(message)
