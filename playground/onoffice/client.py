"""The async HTTP client that posts already-signed bodies to onOffice.

Every outcome is a value: :class:`Delivered` with the decoded JSON, or :class:`Failed`
with a sentence a person can act on, in the current request's language. No httpx exception
reaches the caller.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from anyio import to_thread
from babel.numbers import format_decimal

from playground import __version__, i18n
from playground.i18n import LazyString
from playground.i18n import gettext as _
from playground.onoffice.answer_json import TooDeep, load_answer
from playground.onoffice.reading import BoundedReader, LargePass

_E = TypeVar("_E", bound=BaseException)

USER_AGENT = f"onOffice-API-Playground/{__version__} (+httpx/{httpx.__version__})"
EXCERPT_CHARS = 500
# Four bytes per character at most in UTF-8, so this many bytes always cover the excerpt.
_EXCERPT_BYTES = EXCERPT_CHARS * 4
# Larger answers are parsed in a worker thread, so a big one never stalls the event loop.
_PARSE_IN_THREAD_BYTES = 256_000


@dataclass(frozen=True)
class Timeouts:
    """Seconds allowed for each phase of one HTTP exchange."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 5.0
    # The whole exchange, however the server paces its bytes (each byte restarts `read`).
    deadline: float = 60.0


DEFAULT_TIMEOUTS = Timeouts()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS settings, made once: loading the CA bundle takes ~40 ms a client."""
    return httpx.create_ssl_context()


class FailureKind(StrEnum):
    """Why a request produced no usable JSON answer."""

    TIMEOUT = "timeout"
    REFUSED = "refused"
    TLS = "tls"
    NETWORK = "network"
    HTTP_STATUS = "http_status"
    NOT_JSON = "not_json"
    TOO_LARGE = "too_large"
    TRUNCATED = "truncated"
    # Decided before anything leaves: the profile cannot be used as it stands.
    NOT_ALLOWED = "not_allowed"
    CREDENTIALS = "credentials"


# Header (name, value) pairs as they went out and came back, for the wire view.
Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Delivered:
    """A complete JSON answer; ``body`` is the decompressed bytes ``payload`` came from."""

    http_status: int
    payload: Any
    body: bytes
    size: int
    duration_ms: float
    request_headers: Headers = ()
    response_headers: Headers = ()


@dataclass(frozen=True)
class Failed:
    """A request that produced no usable JSON answer, explained for a person."""

    kind: FailureKind
    message: str
    duration_ms: float
    http_status: int | None = None
    body_excerpt: str = ""
    request_headers: Headers = ()
    response_headers: Headers = ()


Outcome = Delivered | Failed


class OnOfficeClient:
    """Posts signed request bodies to the onOffice API over one pooled httpx client."""

    def __init__(
        self,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        max_response_bytes: int = 20_000_000,
        large_answer_bytes: int = 1_000_000,
        name: str | LazyString | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """Create the underlying httpx client; ``name`` is what messages call the server."""
        self._timeouts = timeouts
        self._max_bytes = max_response_bytes
        self._large_bytes = large_answer_bytes
        self._name = name
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=timeouts.connect,
                read=timeouts.read,
                write=timeouts.write,
                pool=timeouts.pool,
            ),
            # A redirect would re-send a signed body to a host the user did not choose.
            follow_redirects=False,
            headers={
                "Content-Type": "application/json",
                "Accept-Encoding": "gzip, deflate",
                "User-Agent": USER_AGENT,
            },
            transport=transport,
            verify=_tls_context(),
        )

    async def __aenter__(self) -> Self:
        """Use the client as an async context manager that closes it on exit."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the connection pool."""
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    def target_name(self, url: str) -> str:
        """What messages call the server at ``url``: onOffice, the sandbox, or its host."""
        if self._name:
            return str(self._name)
        host = _host_of(url)
        return "onOffice" if host == "onoffice.de" or host.endswith(".onoffice.de") else host

    async def post(self, url: str, body: bytes, *, large: LargePass | None = None) -> Outcome:
        """POST ``body`` to ``url`` and return the decoded answer or an explained failure.

        ``large`` is awaited once the answer grows past the large-answer threshold, so the
        caller can bound how many big answers are handled at once (reading waits meanwhile).
        """
        started = time.perf_counter()
        name = self.target_name(url)
        try:
            async with (
                asyncio.timeout(self._timeouts.deadline),
                self._http.stream("POST", url, content=body) as response,
            ):
                reader = BoundedReader(response, large, self._large_bytes)
                outcome = await self._receive(reader, name, started)
                return dataclasses.replace(
                    outcome,
                    request_headers=tuple(response.request.headers.items()),
                    response_headers=tuple(response.headers.items()),
                )
        except TimeoutError:
            message = _(
                "%(name)s did not finish answering within %(seconds)s s "
                "(the overall limit of a send)."
            ) % {"name": name, "seconds": _number(self._timeouts.deadline)}
            return Failed(FailureKind.TIMEOUT, message, _elapsed_ms(started))
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            kind, message = _explain(exc, url, name, self._timeouts)
            return Failed(kind, message, _elapsed_ms(started))

    async def _receive(self, reader: BoundedReader, name: str, started: float) -> Outcome:
        """Read the body within the size cap and judge status and content."""
        response = reader.response
        status = response.status_code
        if status >= 300:
            # Only the excerpt is shown, so an error body is never read in full, and a
            # broken one still leaves the status to report.
            try:
                head, _whole = await reader.read(_EXCERPT_BYTES)
            except (httpx.HTTPError, zlib.error):
                head = b""
            return Failed(
                FailureKind.HTTP_STATUS,
                _status_message(response, name),
                _elapsed_ms(started),
                http_status=status,
                body_excerpt=_excerpt(head),
            )
        try:
            body, complete = await reader.read(self._max_bytes)
        except (httpx.DecodingError, zlib.error):
            encoding = response.headers.get("Content-Encoding") or _("compressed")
            message = _("The answer was marked as %(encoding)s but could not be decompressed.") % {
                "encoding": encoding
            }
            return Failed(FailureKind.NOT_JSON, message, _elapsed_ms(started), status)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            message = _(
                "The connection closed before the whole answer from %(name)s had arrived."
            ) % {"name": name}
            return Failed(FailureKind.TRUNCATED, message, _elapsed_ms(started), status)
        if not complete:
            message = _(
                "The answer is larger than the limit of %(bytes)s bytes "
                "(counted after decompression), so reading stopped."
            ) % {"bytes": _number(self._max_bytes)}
            return Failed(FailureKind.TOO_LARGE, message, _elapsed_ms(started), status)
        return await _decode(body, response, name, started)


async def _decode(body: bytes, response: httpx.Response, name: str, started: float) -> Outcome:
    """Parse the body as JSON, or explain why it is not JSON."""
    status = response.status_code
    if not body.strip():
        message = _("%(name)s answered with HTTP %(status)d but an empty body.") % {
            "name": name,
            "status": status,
        }
        return Failed(FailureKind.NOT_JSON, message, _elapsed_ms(started), status)
    try:
        if len(body) > _PARSE_IN_THREAD_BYTES:
            payload = await to_thread.run_sync(load_answer, body)
        else:
            payload = load_answer(body)
    except TooDeep as exc:
        message = _("%(name)s answered with HTTP %(status)d: %(problem)s") % {
            "name": name,
            "status": status,
            "problem": str(exc),
        }
        return Failed(FailureKind.NOT_JSON, message, _elapsed_ms(started), status, _excerpt(body))
    except ValueError:
        content_type = response.headers.get("Content-Type") or _("no content type")
        message = _(
            "%(name)s answered with HTTP %(status)d, but the body is not JSON (%(type)s)."
        ) % {"name": name, "status": status, "type": content_type}
        return Failed(FailureKind.NOT_JSON, message, _elapsed_ms(started), status, _excerpt(body))
    return Delivered(status, payload, body, len(body), _elapsed_ms(started))


def _status_message(response: httpx.Response, name: str) -> str:
    """Describe a non-2xx status, naming the target of a redirect."""
    status = response.status_code
    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
    values = {"name": name, "status": f"{status}{reason}"}
    if 300 <= status < 400:
        values["location"] = response.headers.get("Location") or _("an unnamed location")
        return (
            _(
                "%(name)s answered with a redirect (HTTP %(status)s) to %(location)s; "
                "the playground does not follow redirects."
            )
            % values
        )
    return _("%(name)s answered with HTTP %(status)s.") % values


def _explain(
    exc: BaseException, url: str, name: str, timeouts: Timeouts
) -> tuple[FailureKind, str]:
    """Map an exception raised before the body was read to a kind and a sentence."""
    host = _host_of(url)
    if isinstance(exc, httpx.TimeoutException):
        return FailureKind.TIMEOUT, _timeout_message(exc, name, timeouts)
    if _tls_failure(exc):
        return FailureKind.TLS, _tls_message(exc, host)
    if isinstance(exc, httpx.ConnectError):
        if _find_cause(exc, socket.gaierror) is not None:
            message = _("The host %(host)s could not be found (DNS lookup failed).")
            return FailureKind.REFUSED, message % {"host": host}
        message = _(
            "Could not connect to %(host)s: the connection was refused or the host is unreachable."
        )
        return FailureKind.REFUSED, message % {"host": host}
    if isinstance(exc, httpx.RemoteProtocolError):
        message = _("%(host)s closed the connection without a complete answer.")
        return FailureKind.TRUNCATED, message % {"host": host}
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        message = _('The URL "%(url)s" is not a valid http:// or https:// URL.')
        return FailureKind.NETWORK, message % {"url": url}
    message = _("The request to %(host)s failed because of a network error.")
    return FailureKind.NETWORK, message % {"host": host}


def _timeout_message(exc: httpx.TimeoutException, host: str, timeouts: Timeouts) -> str:
    """Name the phase that ran out of time and the limit that applied."""
    if isinstance(exc, httpx.ConnectTimeout):
        message = _(
            "%(host)s did not accept the connection within %(seconds)s s (connect timeout)."
        )
        return message % {"host": host, "seconds": _number(timeouts.connect)}
    if isinstance(exc, httpx.WriteTimeout):
        message = _(
            "Sending the request to %(host)s took longer than %(seconds)s s (write timeout)."
        )
        return message % {"host": host, "seconds": _number(timeouts.write)}
    if isinstance(exc, httpx.PoolTimeout):
        message = _("No connection became free within %(seconds)s s (pool timeout).")
        return message % {"seconds": _number(timeouts.pool)}
    message = _("%(host)s did not answer within %(seconds)s s (read timeout).")
    return message % {"host": host, "seconds": _number(timeouts.read)}


def _tls_failure(exc: BaseException) -> bool:
    """True for a failed TLS handshake, which httpx reports as a plain ConnectError."""
    # The chain is followed through __context__ too, because anyio turns an EOF during the
    # handshake into EndOfStream "from None", leaving the SSLError only as context.
    return _find_cause(exc, ssl.SSLError) is not None


def _tls_message(exc: BaseException, host: str) -> str:
    """Explain a TLS failure, naming a certificate problem when that is the cause."""
    verify = _find_cause(exc, ssl.SSLCertVerificationError)
    if verify is not None:
        # The ssl module sets these attributes only on errors it raises itself.
        # OpenSSL's own words (verify_message) stay as it gives them.
        detail = getattr(verify, "verify_message", None) or _("it is not trusted")
        message = _("The TLS certificate of %(host)s could not be verified: %(detail)s.")
        return message % {"host": host, "detail": detail}
    error = _find_cause(exc, ssl.SSLError)
    reason = getattr(error, "reason", None)
    if reason:
        message = _(
            "The TLS handshake with %(host)s failed (%(reason)s); is it really an HTTPS server?"
        )
        return message % {"host": host, "reason": reason}
    message = _("The TLS handshake with %(host)s failed; is it really an HTTPS server?")
    return message % {"host": host}


def _find_cause(exc: BaseException, kind: type[_E]) -> _E | None:
    """Walk the cause/context chain for an exception of ``kind``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _host_of(url: str) -> str:
    """The host[:port] of a URL for messages, or the URL itself when it cannot be parsed."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return url
    return f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host or url


def _number(value: float) -> str:
    """A number of seconds or bytes as the reader writes it (2.5 s, 2,5 s; 20,000,000 bytes)."""
    return format_decimal(value, locale=i18n.current(), decimal_quantization=False)


def _excerpt(body: bytes) -> str:
    """The start of a body as text, for display next to an error."""
    return body[:_EXCERPT_BYTES].decode("utf-8", errors="replace")[:EXCERPT_CHARS]


def _elapsed_ms(started: float) -> float:
    """Milliseconds since ``started`` on the perf_counter clock."""
    return (time.perf_counter() - started) * 1000.0
