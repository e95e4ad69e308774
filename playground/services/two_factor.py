"""Two-factor sign-in: time-based one-time codes (RFC 6238) and one-time recovery codes.

The TOTP secret is encrypted at rest with the profiles' key ring (store/secretbox.py) and
is shown, as text and QR code, only while enrolling. Recovery codes are shown once and
stored as keyed hashes. A code is accepted once: its time step is claimed in the database.
Neither a code nor a secret is ever written to the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import accounts, audit
from playground.services.errors import InvalidInput
from playground.store import two_factor as store
from playground.store.models import User
from playground.store.secretbox import SecretBox

STEP_SECONDS = 30
DIGITS = 6
# One step either side: a phone clock a little off still works.
DRIFT_STEPS = 1
RECOVERY_CODES = 10
ISSUER = "onOffice Playground"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows: the secret as text, and as a QR code (SVG)."""

    secret: str
    uri: str
    qr_svg: str


def code_at(secret: str, step: int, digits: int = DIGITS) -> str:
    """The code for one time step (RFC 6238 with SHA-1, as authenticator apps use)."""
    return pyotp.TOTP(secret, digits=digits).generate_otp(step)


def step_of(now: datetime) -> int:
    """The time step a moment falls in."""
    return int(now.timestamp()) // STEP_SECONDS


def _normal(code: str) -> str:
    """A code as typed, without spaces or hyphens, lower case."""
    return re.sub(r"[\s-]", "", code).lower()[:64]


def _enrolment(username: str, secret: str) -> Enrolment:
    """The secret with its otpauth URI and that URI drawn as an SVG QR code."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code for your app"))
    return Enrolment(secret=secret, uri=uri, qr_svg=svg)


def begin(db: Session, *, user: User, box: SecretBox) -> Enrolment:
    """Start enrolling with a new secret (replacing any enrolment not yet confirmed)."""
    assert user.id is not None
    if is_enabled(db, user=user):
        raise InvalidInput({"code": _("Two-factor sign-in is already on.")})
    secret = pyotp.random_base32()
    if not store.put_pending(db, user_id=user.id, secret_ciphertext=box.encrypt(secret)):
        raise InvalidInput({"code": _("Two-factor sign-in is already on.")})
    return _enrolment(user.username, secret)


def pending(db: Session, *, user: User, box: SecretBox) -> Enrolment | None:
    """The enrolment begun and not yet confirmed, if any."""
    assert user.id is not None
    row = store.get(db, user_id=user.id)
    if row is None or row.enabled_at is not None:
        return None
    return _enrolment(user.username, box.decrypt(row.secret_ciphertext))


def is_enabled(db: Session, *, user: User) -> bool:
    """True when the user signs in with a second factor."""
    assert user.id is not None
    row = store.get(db, user_id=user.id)
    return row is not None and row.enabled_at is not None


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step near now whose code this is, if any."""
    current = step_of(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def hash_recovery_code(code: str, pepper: str) -> str:
    """The stored form of a recovery code: keyed, so a database copy alone cannot test one."""
    return hmac.new(pepper.encode(), _normal(code).encode(), hashlib.sha256).hexdigest()


def _new_recovery_code() -> str:
    """Ten random characters (about 49 bits), shown as two groups of five."""
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def confirm(
    db: Session, *, user: User, box: SecretBox, code: str, now: datetime, pepper: str, address: str
) -> list[str]:
    """Enable the pending secret when the code is right; the recovery codes, to show once."""
    assert user.id is not None
    row = store.get(db, user_id=user.id)
    if row is None or row.enabled_at is not None:
        raise InvalidInput({"code": _("Start setting up two-factor sign-in again.")})
    step = _matching_step(box.decrypt(row.secret_ciphertext), _normal(code), now)
    if step is None:
        summary = "Wrong code while setting up two-factor sign-in"
        audit.record(db, kind="2fa.failed", actor=user, summary=summary, address=address)
        raise InvalidInput({"code": wrong_code()})
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    hashes = [hash_recovery_code(c, pepper) for c in codes]
    checked = row.secret_ciphertext
    if not store.enable(
        db, user_id=user.id, secret_ciphertext=checked, step=step, now=now, code_hashes=hashes
    ):  # confirmed, restarted or reset by another request meanwhile
        raise InvalidInput({"code": _("Start setting up two-factor sign-in again.")})
    summary = f"Two-factor sign-in on, {RECOVERY_CODES} recovery codes made"
    audit.record(db, kind="2fa.enabled", actor=user, summary=summary, address=address)
    return codes


def wrong_code() -> str:
    """What a wrong or used code gets: in the reader's language."""
    return _(
        "This code is not right, or was used already. Enter the current code from your "
        "app (it changes every 30 seconds), or one of your recovery codes."
    )


def check(
    db: Session, *, user: User, box: SecretBox, code: str, now: datetime, pepper: str
) -> str | None:
    """ "totp" or "recovery" when the code is right and unused (and now used), else None."""
    assert user.id is not None
    row = store.get(db, user_id=user.id)
    if row is None or row.enabled_at is None:
        return None
    typed = _normal(code)
    if typed.isdigit() and len(typed) == DIGITS:
        step = _matching_step(box.decrypt(row.secret_ciphertext), typed, now)
        if step is not None and store.claim_step(db, user_id=user.id, step=step):
            return "totp"
        return None
    code_hash = hash_recovery_code(typed, pepper)
    if store.use_recovery_code(db, user_id=user.id, code_hash=code_hash, now=now):
        left = store.unused_codes(db, user_id=user.id)
        summary = f"Signed in with a recovery code; {left} left"
        audit.record(db, kind="2fa.recovery_used", actor=user, summary=summary)
        return "recovery"
    return None


def disable(db: Session, *, user: User, address: str, session_hash: str) -> None:
    """Turn the user's own second factor off; their other sessions end."""
    assert user.id is not None
    store.remove(db, user_id=user.id, end_logins_but=session_hash)
    summary = "Two-factor sign-in off; other sessions ended"
    audit.record(db, kind="2fa.disabled", actor=user, summary=summary, address=address)


def reset(db: Session, *, admin: User | None, user: User, address: str) -> bool:
    """An admin (None: the shell) removes another user's second factor (lost phone) and
    ends their sessions; False when there was none."""
    assert user.id is not None
    accounts.refuse_reset(admin, user, "code")
    if not store.remove(db, user_id=user.id, end_logins_but=""):
        return False
    summary = f"Reset the two-factor sign-in of {user.username}"
    shell = "" if admin else "shell"
    audit.record(
        db, kind="2fa.reset", actor=admin, username=shell, summary=summary, address=address
    )
    return True


def rotate(db: Session, *, box: SecretBox) -> int:
    """Re-encrypt every TOTP secret with the newest key (not committed); how many."""
    rows = store.all_rows(db)
    for row in rows:
        row.secret_ciphertext = box.rotate(row.secret_ciphertext)
        db.add(row)
    return len(rows)


def required(setting: str, user: User) -> bool:
    """Whether PLAYGROUND_REQUIRE_2FA asks this user for a second factor."""
    return setting == "all" or (setting == "admins" and user.is_admin)


def enrolled_ids(db: Session) -> set[int]:
    """The users with two-factor sign-in on (for the admin's list)."""
    return store.enabled_user_ids(db)
