"""The field catalogue of a profile's account: fetched with get fields, cached per language.

The cache lives in the process. get fields is one read per profile and language per expiry,
so several workers or instances each fetching it once costs little, and nothing of it needs
to survive a restart; field names are not secret, so it holds no credentials either. A
profile whose endpoint or credentials change gets a fresh fetch (the entry remembers them).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, partial

from sqlalchemy.engine import Engine

from playground.i18n import gettext as _
from playground.onoffice.client import Delivered, Failed, Outcome
from playground.onoffice.fieldlist import Modules, fields_action, modules_of
from playground.onoffice.response import parse_response
from playground.services import profiles
from playground.services.send import forward_exchange
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store.db import in_session
from playground.store.models import Profile, User
from playground.store.secretbox import SecretBox

# Enough for every profile of a team in both languages; the oldest entry goes first.
MAX_ENTRIES = 200


class FieldsUnavailable(Exception):
    """get fields failed; the message says what to do."""


@dataclass(frozen=True)
class Catalogue:
    """One profile's fields in one language, and when they were fetched."""

    profile_id: int
    language: str
    fetched_at: datetime
    modules: Modules
    # The profile's endpoint and credential marks at fetch time: a change means a new fetch.
    source: tuple[str, int, str, str]
    expires: float

    def to_json(self) -> dict[str, object]:
        """The catalogue as /fields.json answers it."""
        return {
            "profile_id": self.profile_id,
            "language": self.language,
            "fetched_at": self.fetched_at.isoformat().replace("+00:00", "Z"),
            "modules": self.modules,
        }

    @cached_property
    def json_bytes(self) -> bytes:
        """to_json() encoded as JSONResponse does it, once per fetch.

        A large account's catalogue is more than a megabyte of JSON: encoding it for every
        editor that opens would hold the event loop tens of milliseconds each time.
        """
        return json.dumps(
            self.to_json(), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        ).encode()


def _source(profile: Profile) -> tuple[str, int, str, str]:
    return (profile.endpoint, profile.hmac_version, profile.token_hint, profile.secret_fingerprint)


class FieldCache:
    """Catalogues by (profile, language), bounded, shared by the event loop and worker threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """An empty cache."""
        self._entries: OrderedDict[tuple[int, str], Catalogue] = OrderedDict()
        self._lock = threading.Lock()
        self._fetching: dict[tuple[int, str], asyncio.Lock] = {}
        self.clock = clock

    def get(self, profile: Profile, language: str) -> Catalogue | None:
        """A fresh catalogue fetched with the profile as it is now, or None."""
        assert profile.id is not None
        with self._lock:
            found = self._entries.get((profile.id, language))
        if found is None or found.expires <= self.clock() or found.source != _source(profile):
            return None
        return found

    def any_language(self, profile: Profile) -> Catalogue | None:
        """A fresh catalogue fetched with the profile as it is now, in either language (for
        hints after an error)."""
        found = [self.get(profile, language) for language in ("ENG", "DEU")]
        fresh = [c for c in found if c is not None]
        return fresh[0] if fresh else None

    def put(self, catalogue: Catalogue) -> None:
        """Keep a catalogue, dropping the oldest beyond MAX_ENTRIES."""
        key = (catalogue.profile_id, catalogue.language)
        with self._lock:
            self._entries[key] = catalogue
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def fetching(self, profile_id: int, language: str) -> asyncio.Lock:
        """The lock that lets one request fetch while the others for the same key wait."""
        return self._fetching.setdefault((profile_id, language), asyncio.Lock())


@dataclass(frozen=True)
class Fetcher:
    """What a fetch needs from the app: database, keys, upstream, settings and the cache."""

    engine: Engine
    box: SecretBox
    upstream: Upstream
    settings: Settings
    cache: FieldCache


async def catalogue(
    fetcher: Fetcher, *, user: User, profile_id: int, language: str, refresh: bool = False
) -> Catalogue:
    """The profile's fields in a language, from the cache or fetched; NotFound if not usable."""
    assert user.id is not None
    load = partial(profiles.get_usable, user=user, profile_id=profile_id)
    profile = await in_session(fetcher.engine, load)
    cache = fetcher.cache
    async with cache.fetching(profile_id, language):
        cached = None if refresh else cache.get(profile, language)
        if cached is not None:
            return cached
        async with fetcher.upstream.sends.place(user.id):
            outcome, _ = await forward_exchange(
                profile, [fields_action(language)], user_id=user.id, box=fetcher.box,
                upstream=fetcher.upstream, settings=fetcher.settings, clock=time.time,
            )  # fmt: skip
        modules = _modules(outcome)
        ttl = fetcher.settings.fields_cache_minutes * 60
        fetched = Catalogue(
            profile_id, language, datetime.now(UTC).replace(microsecond=0), modules,
            _source(profile), cache.clock() + ttl,
        )  # fmt: skip
        cache.put(fetched)
        return fetched


def _modules(outcome: Outcome) -> Modules:
    """The fields of a get fields answer, or FieldsUnavailable saying what went wrong."""
    if isinstance(outcome, Failed):
        message = _("The field list could not be fetched: %(reason)s")
        raise FieldsUnavailable(message % {"reason": outcome.message})
    assert isinstance(outcome, Delivered)
    parsed = parse_response(outcome.payload)
    # Top-level 97 only says "error in action": the action's own status names the cause.
    failed = [r.status for r in parsed.results if not r.status.ok]
    status = failed[0] if failed else parsed.status
    if not status.ok:
        code = _(" (error %(code)s)") % {"code": status.errorcode} if status.errorcode else ""
        message = status.message or _("onOffice refused the request")
        refused = _(
            "onOffice refused get fields%(code)s: %(message)s. Check the profile's token, secret "
            "and the API user's rights, then refresh."
        )
        raise FieldsUnavailable(refused % {"code": code, "message": message})
    if not parsed.results:
        raise FieldsUnavailable(_("The answer to get fields had no result; try again later."))
    return modules_of(parsed.results[0])
