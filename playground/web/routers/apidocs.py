"""The JSON API's reference page, built from its own OpenAPI document (no assets from a CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from playground.web.deps import CurrentUser
from playground.web.rendering import render

router = APIRouter()
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    """One endpoint as the reference lists it."""

    method: str
    path: str
    summary: str
    description: str
    parameters: list[str]
    body: str
    answer: str


def _schema_name(content: dict[str, Any] | None) -> str:
    """The model a request or answer body is described by ("SendIn", "list of SavedItem")."""
    schema = ((content or {}).get("application/json") or {}).get("schema") or {}
    if "items" in schema:
        return "list of " + _schema_name({"application/json": {"schema": schema["items"]}})
    return str(schema.get("$ref", "")).rsplit("/", 1)[-1]


def operations(document: dict[str, Any]) -> list[Operation]:
    """The document's operations in path order."""
    prefix = (document.get("servers") or [{}])[0].get("url", "")
    found: list[Operation] = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = [f"{p['name']} ({p['in']})" for p in op.get("parameters", [])]
            found.append(
                Operation(
                    method=method.upper(),
                    path=prefix + path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    parameters=parameters,
                    body=_schema_name(op.get("requestBody", {}).get("content")),
                    answer=_schema_name(op.get("responses", {}).get("200", {}).get("content")),
                )
            )
    return found


@router.get("/api/reference")
def reference(request: Request, _user: CurrentUser) -> Response:
    """How to call the JSON API: its endpoints, and where its OpenAPI document is."""
    document = request.app.state.api_v1.openapi()
    context = {"active": "account", "operations": operations(document), "info": document["info"]}
    return render(request, "pages/api_reference.html", context)
