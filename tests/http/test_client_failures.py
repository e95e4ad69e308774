"""OnOfficeClient against real misbehaving servers on 127.0.0.1, plus a mock transport."""

from __future__ import annotations

import gzip
import json
import socket
import ssl

import httpx
import pytest

from playground.onoffice.client import (
    Delivered,
    Failed,
    FailureKind,
    OnOfficeClient,
    Outcome,
    Timeouts,
)
from tests.http.raw_server import (
    API_PATH,
    PATIENT,
    SIGNED_BODY,
    Connection,
    LocalServer,
    Reply,
    answer_with,
    http_response,
    post_to,
)

pytestmark = pytest.mark.anyio

ANSWER = {"status": {"code": 200, "errorcode": 0, "message": "OK"}, "response": {"results": []}}


def expect_failure(outcome: Outcome, kind: FailureKind) -> Failed:
    """Assert that ``outcome`` failed with ``kind`` and a plain sentence, and return it."""
    assert isinstance(outcome, Failed), outcome
    assert outcome.kind is kind, outcome
    assert outcome.message.endswith((".", "?")), outcome.message
    assert "Error(" not in outcome.message
    assert outcome.duration_ms >= 0
    return outcome


async def test_json_answer_is_delivered_and_request_is_exact() -> None:
    body = json.dumps(ANSWER).encode()
    outcome, server = await post_to(
        answer_with(http_response("200 OK", body, "Content-Type: application/json"))
    )

    assert isinstance(outcome, Delivered), outcome
    assert outcome.http_status == 200
    assert outcome.payload == ANSWER
    assert outcome.body == body
    assert outcome.size == len(body)
    assert outcome.duration_ms > 0
    [request] = server.requests
    assert request.method == "POST"
    assert request.path == API_PATH
    assert request.headers["content-type"] == "application/json"
    assert "gzip" in request.headers["accept-encoding"].split(", ")
    assert "playground" in request.headers["user-agent"].lower()
    assert request.body == SIGNED_BODY


async def test_gzip_answer_is_decoded() -> None:
    body = json.dumps(ANSWER).encode()
    packed = gzip.compress(body)
    outcome, _ = await post_to(
        answer_with(http_response("200 OK", packed, "Content-Encoding: gzip"))
    )

    assert isinstance(outcome, Delivered), outcome
    assert outcome.payload == ANSWER
    assert outcome.body == body
    assert outcome.size == len(body) != len(packed)


async def test_server_that_never_answers_times_out() -> None:
    async def hang(conn: Connection) -> None:
        await conn.read_request()
        await conn.server.release.wait()

    timeouts = Timeouts(connect=5.0, read=0.3, write=5.0, pool=5.0)
    outcome, server = await post_to(hang, timeouts=timeouts)

    failed = expect_failure(outcome, FailureKind.TIMEOUT)
    assert "did not answer within 0.3 s (read timeout)" in failed.message
    assert failed.duration_ms >= 250
    assert len(server.requests) == 1


async def test_closed_port_is_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with OnOfficeClient(timeouts=PATIENT) as client:
        outcome = await client.post(f"http://127.0.0.1:{port}{API_PATH}", SIGNED_BODY)

    failed = expect_failure(outcome, FailureKind.REFUSED)
    assert f"127.0.0.1:{port}" in failed.message
    assert failed.http_status is None


async def test_http_500_is_reported_with_an_excerpt() -> None:
    page = b"<html><body>Oops, the server broke." + b" " * 2000 + b"</body></html>"
    outcome, _ = await post_to(
        answer_with(http_response("500 Internal Server Error", page, "Content-Type: text/html"))
    )

    failed = expect_failure(outcome, FailureKind.HTTP_STATUS)
    assert failed.http_status == 500
    assert "HTTP 500 Internal Server Error" in failed.message
    assert failed.body_excerpt.startswith("<html><body>Oops, the server broke.")
    assert len(failed.body_excerpt) == 500


MAINTENANCE_PAGE = b"<!DOCTYPE html><html><body>Wartungsarbeiten</body></html>"


@pytest.mark.parametrize(
    ("body", "header", "phrase", "excerpt"),
    [
        (MAINTENANCE_PAGE, "Content-Type: text/html", "not JSON (text/html)", MAINTENANCE_PAGE),
        (b"", "Content-Type: application/json", "empty body", b""),
        (b"not gzip at all", "Content-Encoding: gzip", "could not be decompressed", b""),
    ],
    ids=["html", "empty", "bad-gzip"],
)
async def test_answer_that_is_not_json(
    body: bytes, header: str, phrase: str, excerpt: bytes
) -> None:
    outcome, _ = await post_to(answer_with(http_response("200 OK", body, header)))

    failed = expect_failure(outcome, FailureKind.NOT_JSON)
    assert failed.http_status == 200
    assert phrase in failed.message
    assert failed.body_excerpt == excerpt.decode()


async def test_oversized_answer_stops_reading_early() -> None:
    cap = 10_000

    async def flood(conn: Connection) -> None:
        await conn.read_request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + b"7" * (2 * cap))
        # The rest never comes: a client that waited for the whole body before checking
        # its size would end in a read timeout, not TOO_LARGE.
        await conn.server.release.wait()

    outcome, _ = await post_to(flood, max_bytes=cap)

    failed = expect_failure(outcome, FailureKind.TOO_LARGE)
    assert "10,000 bytes" in failed.message


async def test_cap_applies_to_the_decompressed_size() -> None:
    packed = gzip.compress(b"[" + b"0," * 100_000 + b"0]")
    outcome, _ = await post_to(
        answer_with(http_response("200 OK", packed, "Content-Encoding: gzip")), max_bytes=50_000
    )

    assert len(packed) < 50_000
    expect_failure(outcome, FailureKind.TOO_LARGE)


async def test_body_shorter_than_content_length_is_truncated() -> None:
    async def cut_short(conn: Connection) -> None:
        await conn.read_request()
        await conn.send(b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"status":{"code":200')

    outcome, _ = await post_to(cut_short)

    failed = expect_failure(outcome, FailureKind.TRUNCATED)
    assert failed.http_status == 200


async def test_hang_up_without_answer_is_truncated() -> None:
    async def hang_up(conn: Connection) -> None:
        await conn.read_request()

    outcome, _ = await post_to(hang_up)

    failed = expect_failure(outcome, FailureKind.TRUNCATED)
    assert failed.http_status is None


async def plain_http(conn: Connection) -> None:
    """Answer a TLS ClientHello with plain HTTP, as a non-TLS server does."""
    await conn.reader.read(4096)
    await conn.send(http_response("400 Bad Request", b"plain HTTP only"))


async def hang_up_on_hello(conn: Connection) -> None:
    """Read the TLS ClientHello and close the connection without a word."""
    await conn.reader.read(4096)


@pytest.mark.parametrize("reply", [plain_http, hang_up_on_hello], ids=lambda r: r.__name__)
async def test_https_to_a_server_without_tls_is_a_tls_failure(reply: Reply) -> None:
    async with LocalServer(reply) as server, OnOfficeClient(timeouts=PATIENT) as client:
        port = server.port
        outcome = await client.post(server.url("https"), SIGNED_BODY)

    failed = expect_failure(outcome, FailureKind.TLS)
    assert f"TLS handshake with 127.0.0.1:{port} failed" in failed.message
    assert server.requests == []


def recording_transport(response: httpx.Response, seen: list[httpx.Request]) -> httpx.MockTransport:
    """A mock transport that records each request and returns ``response``."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response

    return httpx.MockTransport(handle)


async def test_mock_transport_sees_the_exact_request() -> None:
    seen: list[httpx.Request] = []
    transport = recording_transport(httpx.Response(200, json=ANSWER), seen)
    async with OnOfficeClient(transport=transport) as client:
        outcome = await client.post("https://api.onoffice.de" + API_PATH, SIGNED_BODY)

    assert isinstance(outcome, Delivered), outcome
    assert outcome.payload == ANSWER
    [request] = seen
    assert request.method == "POST"
    assert str(request.url) == "https://api.onoffice.de/api/stable/api.php"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept-Encoding"] == "gzip, deflate"
    assert request.headers["User-Agent"].startswith("onOffice-API-Playground/")
    assert request.content == SIGNED_BODY


async def test_redirect_is_not_followed() -> None:
    seen: list[httpx.Request] = []
    moved = httpx.Response(302, headers={"Location": "https://elsewhere.example/api.php"})
    async with OnOfficeClient(transport=recording_transport(moved, seen)) as client:
        outcome = await client.post("https://api.onoffice.de" + API_PATH, SIGNED_BODY)

    failed = expect_failure(outcome, FailureKind.HTTP_STATUS)
    assert failed.http_status == 302
    assert "https://elsewhere.example/api.php" in failed.message
    assert len(seen) == 1


def _tls_error() -> httpx.ConnectError:
    """A ConnectError caused by a certificate problem, chained the way httpx chains it."""
    error = httpx.ConnectError("handshake failed")
    error.__cause__ = ssl.SSLCertVerificationError(1, "certificate verify failed")
    return error


@pytest.mark.parametrize(
    ("error", "kind", "phrase"),
    [
        (httpx.ConnectTimeout("t"), FailureKind.TIMEOUT, "within 5 s (connect timeout)"),
        (httpx.WriteTimeout("t"), FailureKind.TIMEOUT, "30 s (write timeout)"),
        (httpx.PoolTimeout("t"), FailureKind.TIMEOUT, "within 5 s (pool timeout)"),
        (httpx.ReadTimeout("t"), FailureKind.TIMEOUT, "within 30 s (read timeout)"),
        (httpx.ConnectError("c"), FailureKind.REFUSED, "refused"),
        (_tls_error(), FailureKind.TLS, "could not be verified"),
        (httpx.RemoteProtocolError("r"), FailureKind.TRUNCATED, "without a complete answer"),
        (httpx.ReadError("r"), FailureKind.NETWORK, "network error"),
        (httpx.ProxyError("p"), FailureKind.NETWORK, "network error"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
async def test_transport_errors_are_mapped(
    error: httpx.TransportError, kind: FailureKind, phrase: str
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    async with OnOfficeClient(transport=httpx.MockTransport(fail)) as client:
        outcome = await client.post("https://api.onoffice.de" + API_PATH, SIGNED_BODY)

    failed = expect_failure(outcome, kind)
    assert phrase in failed.message
    assert "api.onoffice.de" in failed.message or kind is FailureKind.TIMEOUT


@pytest.mark.parametrize("url", ["not a url", "ftp://api.onoffice.de/x", "http://[::1/"])
async def test_unusable_urls_are_explained(url: str) -> None:
    async with OnOfficeClient() as client:
        outcome = await client.post(url, SIGNED_BODY)

    failed = expect_failure(outcome, FailureKind.NETWORK)
    assert url in failed.message
