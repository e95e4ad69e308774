"""The app as `playground serve` runs it: one process, or several workers on one port.

Workers are separate processes that import `worker_app`; the parent prepares the data
directory and the database once (keys, migrations) before they start, so they never
race to create the same key file or run the same migration.
"""

from __future__ import annotations

import os
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from playground.settings import Settings
from playground.web.app import create_app
from playground.web.proxy_auth import with_forwarding
from playground.web.welcome import address, announcing, greeting

# Read by each worker: the --forwarded-allow-ips the parent was started with.
_FORWARDED_ENV = "PLAYGROUND_FORWARDED_ALLOW_IPS"


def worker_app() -> ASGIApp:
    """One worker's app (uvicorn calls this factory in each worker process)."""
    return with_forwarding(create_app(), Settings().forwarded_allow_ips)


def serve(*, host: str, port: int, forwarded_allow_ips: str, workers: int) -> None:
    """Run the server until it is stopped."""
    log_level = Settings().log_level.lower()
    # JSON logs: the app has set up logging (playground/logjson.py); uvicorn leaves it be.
    options: dict[str, Any] = {"log_config": None} if Settings().log_format == "json" else {}
    # On SIGTERM: stop accepting, let the sends under way finish for up to this long.
    options["timeout_graceful_shutdown"] = Settings().shutdown_grace_seconds
    if workers <= 1:
        app = announcing(create_app(), host, port)
        # X-Forwarded-* is applied by the wrapper, after it notes the direct peer for SSO.
        app = with_forwarding(app, forwarded_allow_ips)
        uvicorn.run(app, host=host, port=port, proxy_headers=False, log_level=log_level, **options)
        return
    prepared = create_app()  # keys and migrations, once, before any worker starts
    for line in greeting(prepared.state.playground, address(host, port)):
        print(line, flush=True)
    prepared.state.playground.engine.dispose()
    os.environ[_FORWARDED_ENV] = forwarded_allow_ips
    uvicorn.run(
        "playground.web.served:worker_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        proxy_headers=False,
        log_level=log_level,
        **options,
    )
