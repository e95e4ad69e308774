"""Ask before deleting, with or without JavaScript.

The delete buttons post `ask=1`. With JavaScript the page asks in a dialog first and
posts `ask=0` once the user said yes; without it, the server answers `ask=1` with a page
that asks, whose button posts again with `ask=0`. A post without the field (a script, a
test) deletes at once, as it always did.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response

from playground.web.rendering import render

AskForm = Annotated[str, Form(max_length=1)]


def asking_page(
    request: Request, *, question: str, action: str, back: str, active: str
) -> Response:
    """The page asking `question`; its button posts to `action` again, Cancel goes `back`."""
    context = {"question": question, "action": action, "back": back, "active": active}
    return render(request, "pages/confirm_delete.html", context)
