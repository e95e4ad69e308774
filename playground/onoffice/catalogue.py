"""Ready-to-send templates for every documented call, plus lookup and search.

The entries live in ``catalogue_data.py``; this module turns them into
``Template`` objects and answers questions about them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playground import i18n
from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.catalogue_data import (
    CREATE,
    DELETE,
    DO,
    ENTRIES,
    INFO,
    MARKET,
    MODIFY,
    READ,
    Entry,
)
from playground.onoffice.keywords import german_verb_words, german_words

DOCS_BASE_URL = "https://apidoc.onoffice.de"

# Groups follow the docs' own sections, so a get call documented under "Read"
# (checkuserrecordsright) or "Perform actions" (pdf) stays where the docs put it.
_GROUPS: tuple[tuple[str, str], ...] = (
    (READ, "Read"),
    (CREATE, "Create"),
    (MODIFY, "Modify"),
    (DELETE, "Delete"),
    (INFO, "Get information"),
    (DO, "Perform actions"),
    (MARKET, "Marketplace"),
)


@dataclass(frozen=True)
class Template:
    """A named, documented starting point for one action."""

    key: str
    verb: Verb
    resourcetype: str
    resourceid: str
    # Excluded from hashing because dicts are unhashable; templates are never mutated.
    parameters: Mapping[str, Any] = field(hash=False)
    title: str
    description: str
    doc_path: str
    group: str

    @property
    def doc_url(self) -> str:
        """The full URL of the call's page in the official docs."""
        return DOCS_BASE_URL + self.doc_path

    def to_action(self) -> ActionRequest:
        """A fresh ActionRequest; parameters are deep-copied so edits never touch the template."""
        return ActionRequest(
            verb=self.verb,
            resourcetype=self.resourcetype,
            resourceid=self.resourceid,
            identifier="",
            parameters=copy.deepcopy(dict(self.parameters)),
        )


def _slug(text: str) -> str:
    """Turn camelCase resourcetypes into kebab-case key parts."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text).lower()


def _group(doc_path: str) -> str:
    for prefix, name in _GROUPS:
        if doc_path.startswith(prefix):
            return name
    raise ValueError(f"no group for docs path {doc_path!r}")


def _build(entry: Entry) -> Template:
    key = entry.key or "-".join(
        part for part in (entry.verb.value, _slug(entry.resourcetype), entry.resourceid) if part
    )
    return Template(
        key=key,
        verb=entry.verb,
        resourcetype=entry.resourcetype,
        resourceid=entry.resourceid,
        parameters=entry.parameters,
        title=entry.title,
        description=entry.description,
        doc_path=entry.doc_path,
        group=_group(entry.doc_path),
    )


TEMPLATES: tuple[Template, ...] = tuple(_build(entry) for entry in ENTRIES)

_BY_KEY: dict[str, Template] = {template.key: template for template in TEMPLATES}
if len(_BY_KEY) != len(TEMPLATES):
    raise RuntimeError("catalogue keys are not unique")

_SUPPORTED: frozenset[tuple[Verb, str]] = frozenset(
    (template.verb, template.resourcetype) for template in TEMPLATES
)


def find_template(key: str) -> Template | None:
    """Return the template with this key, or None."""
    return _BY_KEY.get(key)


def _haystack(template: Template) -> str:
    return " ".join(
        (
            template.key,
            template.title,
            template.verb.value,
            template.resourcetype,
            template.resourceid,
            template.description,
            german_words(template.resourcetype),
            german_words(str(template.resourceid)),
            german_verb_words(template.verb.value),
            # Title and description in German, too, so both languages' words find a call.
            i18n.translations("de").gettext(template.title),
            i18n.translations("de").gettext(template.description),
        )
    ).lower()


def search_templates(query: str, limit: int | None = None) -> list[Template]:
    """Templates matching every whitespace-separated term (case-insensitive), in catalogue order."""
    terms = query.lower().split()
    found = [t for t in TEMPLATES if all(term in _haystack(t) for term in terms)]
    return found if limit is None else found[: max(limit, 0)]


def supported_calls() -> frozenset[tuple[Verb, str]]:
    """Every (verb, resourcetype) pair in the catalogue; others get error 25 in the sandbox."""
    return _SUPPORTED
