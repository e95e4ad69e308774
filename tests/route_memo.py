"""Analyse each endpoint once per test process, not once per app.

FastAPI reads an endpoint's signature and builds its parameter validators (pydantic type
adapters) for every app that includes the route, the first time a request is routed past
it: about 200 ms of CPU for all of the playground's routes. The tests build an app per
test, well over a thousand of them, so that analysis was about a quarter of the HTTP
tests' time. Its result depends only on the route and how it is included, which are the
same in every app of the test run, so it is kept and reused here.

The one per-app input, the app whose `dependency_overrides` apply, does not matter: the
playground overrides no dependency (an app that does is analysed afresh). Should FastAPI
change the internal this relies on, nothing is patched and the tests are only slower.
"""

from __future__ import annotations

from typing import Any

from fastapi import routing

_Key = tuple[object, ...]
_kept: dict[_Key, Any] = {}


def _key(route: Any, context: Any) -> _Key:
    """What the analysis of `route` depends on, besides the route itself."""
    return (
        id(route),
        context.path_for(route),
        tuple(id(d.dependency) for d in context.dependencies),
        tuple(context.tags),
        id(context.default_response_class),
        context.max_body_size,
        repr(context.form_limits),
        repr(context.strict_content_type),
    )


def _shared(route: Any, context: Any) -> bool:
    """Whether the route and its dependencies are module-level functions, the same in every app.

    A function made inside another one (per app, say) may be bound to that app's settings,
    and a new one could later take a freed one's id.
    """
    functions = [route.endpoint, *(d.dependency for d in context.dependencies)]
    return all("<locals>" not in getattr(f, "__qualname__", "<locals>") for f in functions)


def install() -> bool:
    """Reuse each route's analysis across the test run's apps; False if FastAPI differs."""
    effective = getattr(routing, "_EffectiveRouteContext", None)
    analyse = getattr(getattr(effective, "from_api_route", None), "__func__", None)
    if effective is None or analyse is None:
        return False

    def from_api_route(cls: Any, *, original_route: Any, include_context: Any) -> Any:
        overrides = getattr(
            include_context.dependency_overrides_provider, "dependency_overrides", None
        )
        if overrides or not _shared(original_route, include_context):
            return analyse(cls, original_route=original_route, include_context=include_context)
        key = _key(original_route, include_context)
        if key not in _kept:
            # The route object stays alive with its entry, so its id is not reused.
            _kept[key] = (
                original_route,
                analyse(cls, original_route=original_route, include_context=include_context),
            )
        return _kept[key][1]

    effective.from_api_route = classmethod(from_api_route)
    return True
