"""The sandbox as an ASGI app: ``POST /api/stable/api.php`` and ``POST /api/latest/api.php``.

Top-level ``status`` (shared API notes, sections 2.1 and 2.2; DOC:/fehler/ and
DOC:/onoffice-api-response/response-elemente/status/):

* JSON and envelope errors (3-9, 13-15) concern the request as a whole: code 500
  ("an error occurred while processing the request"), that errorcode, no ``response``.
* An unknown token is code 400 ("not authenticated", "Request was made without a valid
  token"), errorcode 22, no ``response``.
* Otherwise every action is answered, in request order. When all succeed the status is
  200 / 0 / "OK". When at least one fails it is **200 / 97 / "Error in action"**: the docs
  say that "if an error occurs in the processing of an action, the response error code is
  97" and that the details "must be taken from the action status". The code stays 200
  because the docs reserve 400 for authentication and 500 for failures of the request
  as a whole, while here the request was read, authenticated and every action answered.
  The captures disagree (LAR keeps 200/0 on a per-action HMAC error, an n8n fixture
  shows 500 with the action's code); the sandbox follows the docs' text.

The HTTP status is 200 for every envelope, as the API's own status lives in the body;
only a body over ``MAX_BODY_BYTES`` gets HTTP 413 (the API documents no limit).
"""

from __future__ import annotations

import functools
import hmac
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from playground.onoffice.actions import Verb
from playground.onoffice.catalogue import supported_calls
from playground.onoffice.errors import error_message
from playground.sandbox.budget import Limits
from playground.sandbox.handlers import dispatch
from playground.sandbox.like import work_budget
from playground.sandbox.media import media_routes
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.seed import SeedData, generate
from playground.sandbox.store import Store
from playground.sandbox.verify import Echo, echo_of, verify_action
from playground.sandbox.wire import EnvelopeError, decode_json, encode, envelope_parts
from playground.sizes import read_body

API_PATHS = ("/api/stable/api.php", "/api/latest/api.php")
MAX_BODY_BYTES = 32 * 1024 * 1024
PARSE_UNAUTHENTICATED_BYTES = 64 * 1024
# Answers take turns, so a second thread only lets the next request be parsed meanwhile.
THREADS = 2
# One limiter per event loop (anyio's own default limiter is kept the same way).
_THREADS: RunVar[CapacityLimiter] = RunVar("sandbox_threads")
_OK = {"code": 200, "errorcode": 0, "message": "OK"}
_log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4)
def _seed_data(seed: int) -> SeedData:
    """The generated data for ``seed``, built once per process.

    Never mutated: each Store copies the records, so instances share no state.
    """
    return generate(seed)


def _status(code: int, errorcode: int) -> dict[str, Any]:
    """A top-level status block with the documented message for ``errorcode``."""
    return {"code": code, "errorcode": errorcode, "message": error_message(errorcode)}


def _result(
    echo: Echo, cacheable: bool, data: object, errorcode: int, message: str
) -> dict[str, Any]:
    """One entry of response.results, keys in the order of the docs' examples."""
    return {
        "actionid": echo.actionid,
        "resourceid": echo.resourceid,
        "resourcetype": echo.resourcetype,
        "cacheable": cacheable,
        "identifier": echo.identifier,
        "data": data,
        "status": {"errorcode": errorcode, "message": message},
    }


class Sandbox:
    """One sandbox instance: credentials, clock and its own data store."""

    def __init__(
        self,
        *,
        token: str,
        secret: str,
        seed: int,
        clock: Callable[[], float],
        limits: Limits | None = None,
    ) -> None:
        """Start from the data for ``seed``; the store is this instance's own copy."""
        self._token = token.encode("utf-8", "surrogatepass")
        self._token_text = token
        self._secret = secret
        self._clock = clock
        self._seed = seed
        self._limits = limits or Limits()
        self._supported = supported_calls()
        self.store = Store(_seed_data(seed), clock, self._limits)
        self._generation: int | None = None
        # Under asyncio nothing awaits inside answer(), so requests never interleave; the
        # lock keeps that true when callers drive the app from several threads' loops.
        self.lock = threading.Lock()

    def start_over_at(self, generation: int) -> None:
        """Go back to the seeded data when the reset counter moved since the last request."""
        with self.lock:
            if self._generation is not None and generation != self._generation:
                self.store = Store(_seed_data(self._seed), self._clock, self._limits)
            self._generation = generation

    def answer(self, body: bytes, base_url: str = "") -> dict[str, Any]:
        """The full answer envelope for one request body; ``base_url`` roots its links."""
        # A large body is parsed only when it carries the token: an anonymous one costs a
        # substring search, not a JSON parse. Small bodies keep the documented error order.
        if len(body) > PARSE_UNAUTHENTICATED_BYTES and self._token not in body:
            return {"status": _status(400, 22)}
        try:
            token, actions = envelope_parts(decode_json(body))
        except EnvelopeError as exc:
            return {"status": _status(500, exc.code)}
        if not hmac.compare_digest(token.encode("utf-8", "surrogatepass"), self._token):
            return {"status": _status(400, 22)}
        with self.lock, work_budget():
            self.store.base_url = base_url.rstrip("/")
            now = self._clock()
            results = [self._run(action, now) for action in actions]
        failed = any(result["status"]["errorcode"] != 0 for result in results)
        status = _status(200, 97) if failed else dict(_OK)
        return {"status": status, "response": {"results": results}}

    def _run(self, raw: object, now: float) -> dict[str, Any]:
        """Verify and execute one action; every failure becomes an error result."""
        echo = echo_of(raw)
        try:
            call = verify_action(raw, token=self._token_text, secret=self._secret, now=now)
            answer = dispatch(self.store, call, self._supported)
        except ApiError as exc:
            return _result(echo, False, [], exc.code, exc.message)
        except Exception:
            # A bug in a handler must still give a well-formed answer, never a traceback.
            _log.exception("sandbox action failed")
            return _result(echo, False, [], 1, error_message(1))
        return _ok(echo, call.verb, answer)


def _ok(echo: Echo, verb: Verb, answer: Answer) -> dict[str, Any]:
    """A successful result; read and get answers are cacheable (DOC: result element)."""
    data = {"meta": {"cntabsolute": answer.cntabsolute}, "records": answer.records}
    return _result(echo, verb in (Verb.READ, Verb.GET), data, 0, answer.message)


def _answer_bytes(sandbox: Sandbox, body: bytes, base_url: str, generation: int | None) -> bytes:
    """The encoded answer to one request body; a failure is an onOffice-shaped error.

    A reset (`generation` moved) waits for the request being answered, so it runs here too.
    """
    if generation is not None:
        sandbox.start_over_at(generation)
    try:
        payload = sandbox.answer(body, base_url)
    except Exception:
        _log.exception("sandbox request failed")
        payload = {"status": _status(500, 1)}
    return encode(payload)


def create_sandbox_app(
    *,
    token: str,
    secret: str,
    seed: int = 7,
    clock: Callable[[], float] = time.time,
    generation: Callable[[], int] | None = None,
    limits: Limits | None = None,
) -> ASGIApp:
    """An ASGI app that answers like the onOffice API, with its own seeded data.

    `generation` reads a reset counter (the playground keeps it in its database): when it
    has moved since the last request, the data starts over from the seed. `limits` bound
    how far the data may grow (budget.py).
    """
    sandbox = Sandbox(token=token, secret=secret, seed=seed, clock=clock, limits=limits)

    async def api(request: Request) -> Response:
        now = await run_in_threadpool(generation) if generation is not None else None
        body = await read_body(request.scope, request.receive, MAX_BODY_BYTES)
        if body is None:
            payload: dict[str, Any] = {"status": _status(500, 1)}
            return Response(encode(payload), status_code=413, media_type="application/json")
        # Filtering and encoding hundreds of records takes a while: off the event loop,
        # which the in-process sandbox shares with the playground. Requests take turns
        # (one lock), so those waiting wait here, not in worker threads the playground's
        # database calls need too.
        work = partial(_answer_bytes, sandbox, body, str(request.base_url), now)
        content = await to_thread.run_sync(work, limiter=_threads())
        return Response(content, media_type="application/json")

    routes = [Route(path, api, methods=["POST"]) for path in API_PATHS]
    app = Starlette(routes=routes + media_routes(lambda: sandbox.store))
    app.state.sandbox = sandbox
    return app


def _threads() -> CapacityLimiter:
    """The worker threads the sandbox's answers may take on this event loop."""
    try:
        return _THREADS.get()
    except LookupError:
        limiter = CapacityLimiter(THREADS)
        _THREADS.set(limiter)
        return limiter
