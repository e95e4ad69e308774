"""Comparing two history entries of the user's: their answers, record by record and raw."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.answer_json import TooDeep, load_answer
from playground.onoffice.diff import AnswerDiff, diff_answers, raw_diff
from playground.services import history
from playground.store import history as store
from playground.store.history import HistoryFilter
from playground.store.models import HistoryEntry, User

CHOICES = 50
RAW_LINES = 2000


@dataclass(frozen=True)
class Comparison:
    """Two entries, the record diff of their answers (None if one is not JSON) and the raw diff."""

    a: HistoryEntry
    b: HistoryEntry
    diff: AnswerDiff | None
    raw: list[str]
    raw_cut: bool
    raw_partial: bool  # the answers differ in more lines than the raw diff compares
    same_request: bool
    notes: list[str] = field(default_factory=list)


def _decoded(entry: HistoryEntry) -> tuple[object, str | None]:
    """The entry's answer as JSON data, or why it cannot be compared record by record."""
    if entry.response_body is None:
        return None, _("Entry #%(id)s has no answer (nothing came back).") % {"id": entry.id}
    if entry.response_truncated:
        note = _("Entry #%(id)s's answer was too large to keep in full.") % {"id": entry.id}
        return None, note
    try:
        return load_answer(entry.response_body), None
    except TooDeep:
        note = _("Entry #%(id)s's answer is nested too deeply to compare record by record.")
        return None, note % {"id": entry.id}
    except ValueError:
        return None, _("Entry #%(id)s's answer is not JSON.") % {"id": entry.id}


def compare(session: Session, *, user: User, a_id: int, b_id: int) -> Comparison:
    """Compare two of the user's entries (NotFound when either is not theirs)."""
    a = history.get(session, user=user, entry_id=a_id)
    b = history.get(session, user=user, entry_id=b_id)
    (old, note_a), (new, note_b) = _decoded(a), _decoded(b)
    notes = [note for note in (note_a, note_b) if note]
    raw, cut, partial = raw_diff(a.response_body, b.response_body, limit=RAW_LINES)
    return Comparison(
        a=a,
        b=b,
        diff=None if notes else diff_answers(old, new),
        raw=raw,
        raw_cut=cut,
        raw_partial=partial,
        same_request=history.actions_as_dicts(a) == history.actions_as_dicts(b),
        notes=notes,
    )


def previous_send(session: Session, *, user: User, entry_id: int) -> int | None:
    """The user's last earlier send of exactly the same request as the entry, or None."""
    entry = history.get(session, user=user, entry_id=entry_id)
    return store.previous_same_request(session, entry=entry)


def choices(session: Session, *, user: User, keep: tuple[int, ...] = ()) -> list[HistoryEntry]:
    """The user's newest entries to pick from, plus the ones already chosen (`keep`)."""
    entries = history.list_page(session, user=user, filters=HistoryFilter(), limit=CHOICES).entries
    shown = {entry.id for entry in entries}
    extra = [history.get(session, user=user, entry_id=i) for i in keep if i not in shown]
    return sorted([*entries, *extra], key=lambda entry: -(entry.id or 0))
