"""The endpoints a profile may point at: stable, latest, the sandbox, or an allowed URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from playground.i18n import gettext as _
from playground.settings import LATEST_URL, STABLE_URL, Settings

SANDBOX = "sandbox"
# The in-process sandbox is reached through an ASGI transport; the host name is a label.
SANDBOX_URL = "http://sandbox.internal/api/stable/api.php"


@dataclass(frozen=True)
class EndpointChoice:
    """One option of the profile form's endpoint menu."""

    value: str
    label: str


def endpoint_choices(settings: Settings) -> list[EndpointChoice]:
    """What the current settings allow, in menu order."""
    choices = [
        EndpointChoice("stable", _("onOffice stable")),
        EndpointChoice("latest", _("onOffice latest (beta)")),
    ]
    if settings.sandbox:
        choices.append(EndpointChoice(SANDBOX, _("Built-in sandbox")))
    choices += [EndpointChoice(url, url) for url in settings.allowed_endpoint_urls]
    return choices


def is_allowed(endpoint: str, settings: Settings) -> bool:
    """Whether a profile may use this endpoint under the current settings."""
    return any(choice.value == endpoint for choice in endpoint_choices(settings))


def endpoint_label(endpoint: str) -> str:
    """A short human name for a stored endpoint value."""
    return {"stable": "stable", "latest": "latest", SANDBOX: "sandbox"}.get(endpoint, endpoint)


def endpoint_name(endpoint: str) -> str:
    """What messages call an endpoint: onOffice, the sandbox, or the allowed URL's host."""
    named = {"stable": "onOffice", "latest": "onOffice", SANDBOX: _("the sandbox")}
    return named.get(endpoint) or urlsplit(endpoint).hostname or endpoint


def endpoint_url(endpoint: str) -> str:
    """The URL requests for this endpoint are posted to."""
    return {"stable": STABLE_URL, "latest": LATEST_URL, SANDBOX: SANDBOX_URL}.get(
        endpoint, endpoint
    )
