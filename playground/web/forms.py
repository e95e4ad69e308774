"""Form dependencies that more than one router reads: the composer's actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form

from playground.services import compose
from playground.services.compose import ActionForm

FieldList = Annotated[list[str], Form()]


async def composer_forms(
    verb: FieldList = [],  # noqa: B006  (FastAPI copies defaults per request)
    resourcetype: FieldList = [],  # noqa: B006
    resourceid: FieldList = [],  # noqa: B006
    identifier: FieldList = [],  # noqa: B006
    parameters: FieldList = [],  # noqa: B006
) -> list[ActionForm]:
    """The composer's posted actions, one form per action in page order (not yet parsed)."""
    return compose.forms_from_fields(verb, resourcetype, resourceid, identifier, parameters)


ComposerForms = Annotated[list[ActionForm], Depends(composer_forms)]
