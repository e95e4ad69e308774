"""Every failure of the JSON API as RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from playground.services.errors import Conflict, InvalidInput, NotFound
from playground.services.fields import FieldsUnavailable
from playground.services.gate import Busy
from playground.services.send import ConfirmationRequired, WriteNotRecorded
from playground.services.tokens import ScopeRefused
from playground.web import params
from playground.web.api.models import Problem

MEDIA_TYPE = "application/problem+json"
NOT_YOURS = "There is no such object, or this token may not use it."


class ApiProblem(Exception):
    """A refusal with its status, title, detail and extra headers."""

    def __init__(
        self, status: int, title: str, detail: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.headers = dict(headers or {})


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    errors: dict[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem details answer."""
    body = Problem(title=title, status=status, detail=detail, errors=errors)
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=dict(headers or {}),
    )


async def _api_problem(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    return problem(exc.status, exc.title, exc.detail, headers=exc.headers)


async def _invalid(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidInput)
    detail = "Nothing was sent. " + " ".join(sorted(set(exc.errors.values())))
    return problem(422, "Invalid request", detail, errors=exc.errors)


async def _validation(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return problem(422, "Invalid request", params.describe(exc.errors()))


async def _not_found(_request: Request, _exc: Exception) -> Response:
    return problem(404, "Not found", NOT_YOURS)


async def _http(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = NOT_YOURS if exc.status_code == 404 else str(exc.detail)
    return problem(exc.status_code, "Request refused", detail, headers=exc.headers)


async def _scope(_request: Request, exc: Exception) -> Response:
    return problem(403, "Beyond the token's scope", f"Nothing was sent. {exc}")


async def _confirm(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ConfirmationRequired)
    detail = (
        f'The profile "{exc.profile_name}" is protected: nothing was sent. Send again with '
        f'"confirm": true to carry out {", ".join(exc.writes)}.'
    )
    return problem(409, "Confirmation required", detail)


async def _conflict(_request: Request, exc: Exception) -> Response:
    return problem(409, "Not allowed", str(exc))


async def _busy(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Busy)
    status = 429 if exc.mine else 503
    return problem(status, "Too many sends at once", str(exc), headers={"Retry-After": "2"})


async def _pool(_request: Request, _exc: Exception) -> Response:
    detail = "The server is very busy right now (no database connection was free). Try again."
    return problem(503, "Busy", detail, headers={"Retry-After": "2"})


async def _fields(_request: Request, exc: Exception) -> Response:
    return problem(502, "Field list unavailable", str(exc))


async def _not_recorded(_request: Request, exc: Exception) -> Response:
    return problem(500, "Sent, but not recorded", str(exc))


def install(app: FastAPI) -> None:
    """Register the problem handlers on the API's app."""
    handlers = {
        ApiProblem: _api_problem,
        InvalidInput: _invalid,
        RequestValidationError: _validation,
        NotFound: _not_found,
        StarletteHTTPException: _http,
        ScopeRefused: _scope,
        ConfirmationRequired: _confirm,
        Conflict: _conflict,
        Busy: _busy,
        PoolTimeout: _pool,
        FieldsUnavailable: _fields,
        WriteNotRecorded: _not_recorded,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)
