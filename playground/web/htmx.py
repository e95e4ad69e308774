"""The one place that reads HX-* headers: full page or fragment, and how to redirect."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

R = TypeVar("R", bound=Response)


def is_htmx(request: Request) -> bool:
    """True for a request made by htmx that wants a fragment, not a boosted page."""
    return (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"
    )


def targets_row(request: Request, prefix: str) -> bool:
    """True for an htmx request whose target is a table row whose id starts with ``prefix``."""
    return is_htmx(request) and request.headers.get("HX-Target", "").startswith(prefix)


def vary(response: R) -> R:
    """Mark a response as differing by HX-Request, so caches keep both forms apart."""
    response.headers["Vary"] = "HX-Request"
    return response


def see_other(request: Request, url: str) -> Response:
    """After a mutation: 303 for a plain form, an HX-Redirect for htmx."""
    if is_htmx(request):
        # Encoded as the Location header is (RedirectResponse does it): a header holds
        # Latin-1 only, and a "/€" in a login's next would otherwise be a 500.
        location = quote(url, safe=":/%#?=@[]!$&'()*+,;")
        return vary(Response(status_code=204, headers={"HX-Redirect": location}))
    return vary(RedirectResponse(url, status_code=303))


def local_path(target: str) -> str:
    """The target when it is a path of this site, else "/": a login, confirmation or
    language link must not bounce anyone to another host."""
    # "//host" and "/\host" are other hosts to a browser; a control character could split
    # a header or be dropped by the browser, leaving either of those.
    foreign = target.startswith("//") or "\\" in target
    if target.startswith("/") and not foreign and all(" " <= c != "\x7f" for c in target):
        return target
    return "/"
