"""The signature X-ray use case: diagnose a request with a usable profile's key, rate-limited.

The profile's secret is decrypted here to compare with, like on the send path; the
diagnosis never returns it, the full token or an expected HMAC (see onoffice/xray.py).
Each user may ask for `PER_MINUTE` diagnoses a minute: counted in the database before
anything is decrypted, so every instance shares the count.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.xray import Diagnosis, Fields, Key, diagnose_body, diagnose_fields
from playground.services import profiles
from playground.services.errors import InvalidInput
from playground.store import throttle
from playground.store.models import User, utcnow
from playground.store.secretbox import SecretBox, SecretBoxError

PER_MINUTE = 20
WINDOW = timedelta(minutes=1)


class TooManyDiagnoses(Exception):
    """The user asked for more diagnoses this minute than allowed; nothing was checked."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"Too many diagnoses; try again in {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class Question:
    """What a user pasted: a whole body, or one action's fields."""

    body: str = ""
    fields: Fields | None = None


def _admit(db: Session, user: User) -> None:
    """Count this diagnosis; refuse it beyond the limit of the minute."""
    now = utcnow()
    row = throttle.add_failure(
        db, key=f"xray:{user.id}", now=now, window=WINDOW, limit=PER_MINUTE, lock=WINDOW
    )
    if row.failures > PER_MINUTE and row.locked_until is not None and row.locked_until > now:
        raise TooManyDiagnoses(max(1, int((row.locked_until - now).total_seconds())))


def diagnose(
    db: Session,
    *,
    user: User,
    profile_id: int,
    question: Question,
    box: SecretBox,
    clock: float | None = None,
) -> Diagnosis:
    """Diagnose the question with the profile's key (NotFound for a profile not usable)."""
    if not question.body.strip() and question.fields is None:
        raise InvalidInput({"body": _("Paste the request body, or fill in the fields.")})
    profile = profiles.get_usable(db, user=user, profile_id=profile_id)
    _admit(db, user)
    try:
        token = box.decrypt(profile.token_ciphertext)
        secret = box.decrypt(profile.secret_ciphertext)
    except SecretBoxError:
        message = _("The profile's credentials cannot be decrypted with the configured keys.")
        raise InvalidInput({"profile": message}) from None
    hint = profile.token_hint if profile.owner_id == user.id else ""
    key = Key(
        token, secret, time.time() if clock is None else clock, profile.name,
        1 if profile.hmac_version == 1 else 2, hint=hint,
    )  # fmt: skip
    if question.body.strip():
        return diagnose_body(question.body, key)
    assert question.fields is not None
    return diagnose_fields(question.fields, key)
