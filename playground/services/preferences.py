"""A user's interface language and time zone."""

from __future__ import annotations

from sqlmodel import Session

from playground import i18n
from playground.i18n import gettext as _
from playground.services.errors import InvalidInput
from playground.store import users as user_store
from playground.store.models import User

# Offered on the account page; any other IANA name the machine knows is accepted too.
COMMON_ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Prague",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Athens",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
)


def save(db: Session, *, user: User, language: str, time_zone: str) -> User:
    """Store the user's language ("" follows the browser) and zone ("" the server default)."""
    language, time_zone = language.strip(), time_zone.strip()
    errors: dict[str, str] = {}
    if language and i18n.supported(language) != language:
        errors["language"] = _("Choose English, German or the browser's language.")
    if time_zone and i18n.valid_zone(time_zone) is None:
        errors["time_zone"] = _("Unknown time zone. Use a name such as Europe/Berlin or UTC.")
    if errors:
        raise InvalidInput(errors)
    return user_store.set_preferences(db, user=user, language=language, time_zone=time_zone)
