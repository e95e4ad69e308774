"""Turn the composer's form fields into actions, with a message at each bad field."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal

from playground import i18n
from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.json_problems import json_problem
from playground.services import placeholders
from playground.services.errors import InvalidInput

MAX_ACTIONS = 50
MAX_PARAMETERS_CHARS = 200_000
MAX_DEPTH = 64
# onOffice's parameter and field names are far shorter; a file export holds no longer one.
MAX_KEY = 1000
MAX_NUMBER_CHARS = 100
# Values (and names) in all of one request's parameters: each costs microseconds to check,
# sign, store, show and turn into code, so 200,000 short numbers in a 2 MB form took seconds.
MAX_VALUES = 20_000
VERBS = [v.value for v in Verb]


@dataclass
class ActionForm:
    """One action as typed in the composer, kept verbatim so errors can be shown in place."""

    verb: str = "read"
    resourcetype: str = ""
    resourceid: str = ""
    identifier: str = ""
    parameters: str = "{}"
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_action(cls, action: ActionRequest) -> ActionForm:
        """Fill the form from a stored or catalogue action."""
        return cls(
            verb=action.verb.value,
            resourcetype=action.resourcetype,
            resourceid="" if action.resourceid is None else str(action.resourceid),
            identifier=action.identifier or "",
            parameters=json.dumps(action.parameters, indent=2, ensure_ascii=False),
        )


def forms_from_fields(
    verbs: Sequence[str],
    resourcetypes: Sequence[str],
    resourceids: Sequence[str],
    identifiers: Sequence[str],
    parameters: Sequence[str],
) -> list[ActionForm]:
    """Zip the parallel form lists (one entry per action, in page order) into forms."""
    count = max(len(verbs), len(resourcetypes), len(resourceids), len(identifiers), len(parameters))

    def at(values: Sequence[str], i: int, default: str = "") -> str:
        return values[i] if i < len(values) else default

    return [
        ActionForm(
            verb=at(verbs, i).strip(),
            resourcetype=at(resourcetypes, i).strip(),
            resourceid=at(resourceids, i).strip(),
            identifier=at(identifiers, i).strip(),
            parameters=at(parameters, i),
        )
        for i in range(count)
    ]


class _Unusable(ValueError):
    """A JSON value the API cannot take; the message says why."""


def _integer(text: str) -> int:
    """A JSON integer, refused when it is absurdly long (an int is always finite)."""
    if len(text) > MAX_NUMBER_CHARS:
        raise _Unusable(_("A number has more than %(max)d digits.") % {"max": MAX_NUMBER_CHARS})
    return int(text)


def _number(text: str) -> int | float:
    """A JSON number, refused when it is absurdly long or not finite."""
    if len(text) > MAX_NUMBER_CHARS:
        raise _Unusable(_("A number has more than %(max)d digits.") % {"max": MAX_NUMBER_CHARS})
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if not math.isfinite(value):
        raise _Unusable(_("The number %(number)s is too large.") % {"number": text[:20]})
    return value


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON."""
    raise _Unusable(_("%(name)s is not a JSON value.") % {"name": name})


def _problem_in(value: dict[str, Any], budget: int) -> tuple[str | None, int]:
    """What makes parsed parameters unsendable (nesting too deep, an overlong name, a lone
    surrogate, more than `budget` values), and how many values they hold."""
    pending: list[tuple[dict[str, Any] | list[Any], int]] = [(value, 1)]
    count = 1
    # A container at a time, its scalars checked in bulk: this runs for every value of
    # every request, so a loop turn per number cost more than parsing the JSON did.
    while pending:
        item, depth = pending.pop()
        names = list(item) if isinstance(item, dict) else []
        children = list(item.values()) if isinstance(item, dict) else item
        count += len(names) + len(children)  # a name counts as a value too
        if count > budget:
            return _too_many_values(), count
        if children and depth >= MAX_DEPTH:
            return _too_deep(), count
        if any(len(name) > MAX_KEY for name in names):
            message = _("A parameter name is longer than %(max)d characters.")
            return message % {"max": MAX_KEY}, count
        texts = names + [child for child in children if isinstance(child, str)]
        if not "".join(texts).isascii() and not all(_is_text(text) for text in texts):
            message = _("Parameters contain an unpaired surrogate (\\ud800 to \\udfff) escape.")
            return message, count
        pending.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return None, count


def _too_many_values() -> str:
    """The message for a request whose parameters hold more values than one may send."""
    most = format_decimal(MAX_VALUES, locale=i18n.current())
    return _("The parameters hold more than %(max)s values in all; split the request.") % {
        "max": most
    }


def _too_deep() -> str:
    """The message for parameters nested beyond what the API takes."""
    return _("Parameters are nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}


def _is_text(value: str) -> bool:
    """True when the string can be written as UTF-8 (no lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_plain(value: str) -> bool:
    """True for one line of text: no NUL, line break or other control character."""
    return value.isprintable() or all(c >= " " and c != "\x7f" for c in value)


def _parse_parameters(text: str, budget: int) -> tuple[dict[str, Any] | None, str | None, int]:
    """Parse a parameters text area into an object, or say what is wrong with it; and how
    many values it holds (within `budget`)."""
    if len(text) > MAX_PARAMETERS_CHARS:
        most = format_decimal(MAX_PARAMETERS_CHARS, locale=i18n.current())
        return None, _("Parameters are limited to %(max)s characters.") % {"max": most}, 0
    if not text.strip():
        return {}, None, 0
    try:
        value = json.loads(
            text, parse_int=_integer, parse_float=_number, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        if placeholders.outside_strings(text):
            outside = _(
                "A {{name}} outside a JSON string is filled in only when sending with a "
                "profile; here the parameters must be JSON. Write the value itself, or put "
                "the {{name}} in quotes."
            )
            return None, outside, 0
        where = {"reason": json_problem(exc.msg), "line": exc.lineno, "column": exc.colno}
        message = _("Invalid JSON: %(reason)s (line %(line)d, column %(column)d).") % where
        return None, message, 0
    except _Unusable as exc:
        return None, str(exc), 0
    except RecursionError:
        return None, _too_deep(), 0
    if not isinstance(value, dict):
        return None, _('Parameters must be a JSON object, e.g. {"data": ["Id"]}.'), 0
    problem, count = _problem_in(value, budget)
    return (None, problem, count) if problem else (value, None, count)


def _to_action(form: ActionForm, budget: int) -> tuple[ActionRequest | None, int]:
    """Validate one form in place (filling form.errors); the action when it is valid, and
    how many values its parameters hold (more than `budget` is an error)."""
    if form.verb not in VERBS:
        known = {"verb": repr(form.verb), "verbs": ", ".join(VERBS)}
        form.errors["verb"] = _("Unknown verb %(verb)s; use one of %(verbs)s.") % known
    if len(form.resourcetype) > 100 or len(form.resourceid) > 100 or len(form.identifier) > 200:
        form.errors["resourcetype"] = _("Resourcetype, resourceid or identifier is too long.")
    elif not all(_is_plain(v) for v in (form.resourcetype, form.resourceid, form.identifier)):
        form.errors["resourcetype"] = _(
            "Resourcetype, resourceid or identifier contains a control character."
        )
    parameters, problem, count = _parse_parameters(form.parameters, budget)
    if problem:
        form.errors["parameters"] = problem
    if form.errors or parameters is None:
        return None, count
    return ActionRequest(
        verb=Verb(form.verb),
        resourcetype=form.resourcetype,
        resourceid=form.resourceid,
        identifier=form.identifier,
        parameters=parameters,
    ), count


def parse_forms(forms: list[ActionForm]) -> list[ActionRequest]:
    """All actions, or InvalidInput naming each bad field as '<field>-<index>'."""
    return parse_counted(forms, MAX_VALUES)[0]


def parse_counted(forms: list[ActionForm], budget: int) -> tuple[list[ActionRequest], int]:
    """As parse_forms, with at most `budget` values in all; and how many there are."""
    if not forms:
        raise InvalidInput({"actions": _("Add at least one action.")})
    if len(forms) > MAX_ACTIONS:
        raise InvalidInput(
            {"actions": _("At most %(max)d actions per request.") % {"max": MAX_ACTIONS}}
        )
    actions: list[ActionRequest | None] = []
    total = 0
    for form in forms:
        action, count = _to_action(form, budget - total)
        actions.append(action)
        total += count
        if total > budget:
            break  # refused already: reading the rest would only cost time
    errors = {f"{k}-{i}": v for i, form in enumerate(forms) for k, v in form.errors.items()}
    if errors:
        raise InvalidInput(errors)
    return [a for a in actions if a is not None], total
