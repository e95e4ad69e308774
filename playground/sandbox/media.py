"""GET routes beside the API: the pictures and user photos that answers link to, and the
page a ``get getlink`` URL opens."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from playground.sandbox.calls import UNKNOWN_RECORD
from playground.sandbox.images import png, split_size
from playground.sandbox.store import Store

_CACHE = "public, max-age=3600"


def media_routes(store_of: Callable[[], Store]) -> list[Route]:
    """Routes that read the current store of the sandbox."""

    async def picture(request: Request) -> Response:
        name, (width, height) = split_size(request.path_params["name"])
        record = store_of().get("file", int(request.path_params["file_id"]))
        if record is None or record["filename"] != name:
            return PlainTextResponse("No such file in the sandbox.", status_code=404)
        body = await run_in_threadpool(png, name, width, height)
        return Response(body, media_type="image/png", headers={"cache-control": _CACHE})

    async def user_photo(request: Request) -> Response:
        name, (width, height) = split_size(request.path_params["name"])
        user_id = name.removesuffix(".png")
        if not user_id.isdigit() or store_of().get("user", int(user_id)) is None:
            return PlainTextResponse("No such user in the sandbox.", status_code=404)
        body = await run_in_threadpool(png, f"user{user_id}", min(width, 400), min(height, 400))
        return Response(body, media_type="image/png", headers={"cache-control": _CACHE})

    async def record_link(request: Request) -> Response:
        module, record_id = request.path_params["module"], request.path_params["record_id"]
        if module not in UNKNOWN_RECORD or store_of().get(module, record_id) is None:
            return PlainTextResponse("No such record in the sandbox.", status_code=404)
        return PlainTextResponse(
            f"{module} {record_id} of the onOffice API sandbox. In onOffice enterprise this "
            "link opens the record; the sandbox has no enterprise user interface."
        )

    return [
        Route("/files/{file_id:int}/{name}", picture, methods=["GET"]),
        Route("/userphotos/{name}", user_photo, methods=["GET"]),
        Route("/records/{module}/{record_id:int}", record_link, methods=["GET"]),
    ]
