"""Jinja2 set-up and the render helper used by every router."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from babel.dates import format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from playground import i18n
from playground.paths import templates_dir
from playground.services import preferences
from playground.web.assets import asset_url
from playground.web.htmx import is_htmx, vary

templates = Jinja2Templates(directory=str(templates_dir()))
templates.env.add_extension("jinja2.ext.i18n")
# Newstyle: templates write {{ _("Hello %(name)s", name=x) }}; the values are escaped, the
# translated text is not (so a literal percent sign is written %%).
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
)
templates.env.globals["current_locale"] = i18n.current
# Texts kept as data and marked with N_ (template titles, say) are translated where shown.
templates.env.filters["translated"] = i18n.gettext
templates.env.globals["asset_url"] = asset_url
templates.env.globals["language_names"] = tuple(i18n.LOCALE_NAMES.items())
templates.env.globals["time_zones"] = preferences.COMMON_ZONES


def _datetime(value: datetime | None) -> str:
    """A stored (UTC) time in the reader's zone and locale, to the second, with the zone's name."""
    if not value:
        return ""
    zone = i18n.current_time_zone()
    moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
    locale = i18n.current()
    return f"{format_datetime(moment, 'medium', tzinfo=zone, locale=locale)} {_zone_name(moment)}"


def _zone_name(moment: datetime) -> str:
    """The zone's abbreviation at that moment (CET, CEST, UTC), else its offset."""
    name = moment.tzname() or ""
    return name if name.isalpha() else moment.strftime("UTC%z")


def _number(value: float | None) -> str:
    """A number with the current locale's grouping and decimal signs (1,000 or 1.000)."""
    return "" if value is None else format_decimal(value, locale=i18n.current())


templates.env.filters["dt"] = _datetime
templates.env.filters["number"] = _number


def render(
    request: Request,
    page: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render the page, or only its partial when htmx asked for a fragment."""
    login = getattr(request.state, "login", None)
    base = {
        "user": login.user if login else None,
        "csrf_token": login.csrf_token if login else "",
    }
    template = partial if partial and is_htmx(request) else page
    response = templates.TemplateResponse(
        request, template, base | context, status_code=status_code
    )
    return vary(response) if partial else response
