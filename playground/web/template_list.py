"""The composer's template list: the same for every reader of a language, so rendered once."""

from __future__ import annotations

import json
from functools import cache

from markupsafe import Markup

from playground import i18n
from playground.onoffice.catalogue import Template, search_templates
from playground.web.rendering import templates

PARTIAL = "partials/templates.html"


def template_json(template: Template) -> str:
    """A template's parameters as the pretty JSON the composer's text area shows."""
    return json.dumps(dict(template.parameters), indent=2, ensure_ascii=False)


def context(query: str) -> dict[str, object]:
    """What the list partial needs: the templates matching `query`."""
    return {"templates": search_templates(query), "template_json": template_json, "query": query}


@cache
def _whole(locale: str) -> Markup:
    """The unfiltered list in `locale`, which is the current request's (see full_list)."""
    return Markup(templates.env.get_template(PARTIAL).render(context("")))  # noqa: S704


def full_list() -> Markup:
    """The unfiltered list in the reader's language; rendering it took most of a composer page."""
    return _whole(i18n.current())
