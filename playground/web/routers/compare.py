"""Comparing two history entries: the chooser, the answers' differences, and sending the
composer's reads with two profiles to compare their answers.

Included by the history router ahead of its `/history/{entry_id}` routes, so that
"compare" is never read as an entry id.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.diff import MAX_CHANGES, shown
from playground.onoffice.languages import Language, NoLanguage, in_language
from playground.onoffice.line_diff import MIDDLE_LINES
from playground.services import answer_compare, compose, profiles, variables
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput
from playground.services.send import ConfirmationRequired
from playground.store.db import in_session
from playground.store.models import User
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.forms import ComposerForms
from playground.web.htmx import see_other
from playground.web.params import IdForm, IdQuery
from playground.web.rendering import render
from playground.web.sent import send_from
from playground.web.state import AppState
from playground.web.views import history_row

router = APIRouter()
READS = (Verb.READ, Verb.GET)
PreviousQuery = Annotated[str, Query(max_length=1)]
LanguageForm = Annotated[Language, Form()]


@router.get("/history/compare")
def compare_page(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    a: IdQuery = None,
    b: IdQuery = None,
    previous: PreviousQuery = "",
) -> Response:
    """Pick two entries; with both (or B and "previous"), their answers' differences."""
    notice = ""
    if b is not None and a is None and previous == "1":
        a = answer_compare.previous_send(db, user=user, entry_id=b)
        if a is None:
            notice = _("Entry #%(id)s is the first send of its request: pick another entry.") % {
                "id": b
            }
    comparison = None
    if a is not None and b is not None:
        comparison = answer_compare.compare(db, user=user, a_id=a, b_id=b)
    kept = tuple(i for i in (a, b) if i is not None)
    context: dict[str, Any] = {
        "active": "history",
        "choices": [history_row(e) for e in answer_compare.choices(db, user=user, keep=kept)],
        "picked_a": a,
        "picked_b": b,
        "notice": notice,
        "comparison": comparison,
        "row_a": history_row(comparison.a) if comparison else None,
        "row_b": history_row(comparison.b) if comparison else None,
        "shown": shown,
        "max_changes": MAX_CHANGES,
        "middle_lines": MIDDLE_LINES,
    }
    return render(request, "pages/history_compare.html", context)


def _reads(forms: list[ActionForm], language: str | None) -> list[ActionRequest]:
    """The composer's actions, all reads, each asking for `language` when one is given."""
    actions = compose.parse_forms(forms)
    if any(action.verb not in READS for action in actions):
        raise InvalidInput({"verb": _("Only reads (read, get) are sent twice to compare.")})
    if language is None:
        return actions
    try:
        return [in_language(action, language) for action in actions]
    except NoLanguage as exc:
        message = _("“%(call)s” has no parameter that picks the answer's language.")
        raise InvalidInput({"language": message % {"call": exc}}) from None


async def _send_reads(
    request: Request,
    state: AppState,
    user: User,
    forms: list[ActionForm],
    profile_id: int,
    language: str | None = None,
) -> int:
    """Send the composer's reads with one profile (no confirmation asked); the entry's id."""
    use = partial(variables.apply, user=user, profile_id=profile_id, forms=forms, box=state.box)
    applied = await in_session(state.engine, use)
    actions = _reads(applied.forms, language)
    try:
        sent = await send_from(request, user, profile_id=profile_id, actions=actions)
    except ConfirmationRequired as exc:
        message = _("“%(name)s” asks before every send: send with it from the composer.")
        raise InvalidInput({"profile": message % {"name": exc.profile_name}}) from exc
    assert sent.entry.id is not None
    if applied.written_json is not None:
        keep = partial(variables.remember_written, written_json=applied.written_json)
        await in_session(state.engine, partial(keep, entry_id=sent.entry.id))
    return sent.entry.id


@router.post("/history/compare/send", dependencies=[CsrfChecked])
async def send_with_two_profiles(
    request: Request,
    state: StateDep,
    user: CurrentUser,
    forms: ComposerForms,
    profile_id: IdForm = None,
    other_profile_id: IdForm = None,
) -> Response:
    """Send the composer's reads with the selected profile, then the second; compare them."""
    if profile_id is None or other_profile_id is None:
        raise InvalidInput({"profile": _("Choose two profiles to compare.")})
    for chosen in (profile_id, other_profile_id):  # both usable, before anything is sent
        await in_session(state.engine, partial(profiles.get_usable, user=user, profile_id=chosen))
    first = await _send_reads(request, state, user, forms, profile_id)
    second = await _send_reads(request, state, user, forms, other_profile_id)
    return see_other(request, f"/history/compare?a={first}&b={second}")


@router.post("/history/compare/languages", dependencies=[CsrfChecked])
async def send_in_two_languages(
    request: Request,
    state: StateDep,
    user: CurrentUser,
    forms: ComposerForms,
    profile_id: IdForm = None,
    language_a: LanguageForm = "DEU",
    language_b: LanguageForm = "ENG",
) -> Response:
    """Send the composer's reads in one language, then in the other; compare the answers."""
    if profile_id is None:
        raise InvalidInput({"profile": _("Choose a profile.")})
    await in_session(state.engine, partial(profiles.get_usable, user=user, profile_id=profile_id))
    # Refused before anything is sent, not after the first; with the variables filled in,
    # as a placeholder outside a JSON string is no JSON until then.
    use = partial(variables.apply, user=user, profile_id=profile_id, forms=forms, box=state.box)
    _reads((await in_session(state.engine, use)).forms, language_a)
    first = await _send_reads(request, state, user, forms, profile_id, language_a)
    second = await _send_reads(request, state, user, forms, profile_id, language_b)
    return see_other(request, f"/history/compare?a={first}&b={second}")
