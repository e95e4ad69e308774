"""Handlers of every call besides reading and writing records (handlers.py adds those)."""

from __future__ import annotations

from playground.onoffice.actions import Verb
from playground.sandbox import (
    account_calls,
    fieldinfo,
    files,
    info,
    lookups,
    records_info,
    relations,
    simulated,
    website_forms,
)
from playground.sandbox.calls import Handler

EXTRA_HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.READ, "basicsettings"): info.basic_settings,
    (Verb.READ, "impressum"): info.imprint,
    (Verb.GET, "fields"): info.fields,
    (Verb.GET, "search"): info.search,
    (Verb.GET, "searchcriterias"): info.searchcriterias,
    (Verb.GET, "idsfromrelation"): relations.ids_from_relation,
    (Verb.CREATE, "relation"): relations.create_relation,
    (Verb.DELETE, "relation"): relations.delete_relation,
    **account_calls.HANDLERS,
    **fieldinfo.HANDLERS,
    **files.HANDLERS,
    **lookups.HANDLERS,
    **records_info.HANDLERS,
    **simulated.HANDLERS,
    **website_forms.HANDLERS,
}
