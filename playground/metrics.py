"""Prometheus metrics of this process: sends, logins, request times, and the app's state.

Counters and histograms live in one registry per process (each `--workers` process has
its own; scrape each, or run one worker per instance). Labels carry only small, fixed
vocabularies (endpoint kind, outcome, error code, route template, method), never a user
name, profile name, token or parameter, so a scrape reveals no one's data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from playground.store.models import HistoryEntry

log = logging.getLogger("playground.send")
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = CollectorRegistry()
_KINDS = {"stable": "stable", "latest": "latest", "sandbox": "sandbox"}
_SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

SENDS = Counter(
    "playground_sends",
    "Sends, by endpoint kind, outcome and the first failing action's error code.",
    ["endpoint", "outcome", "error_code"],
    registry=REGISTRY,
)
UPSTREAM_SECONDS = Histogram(
    "playground_upstream_seconds",
    "Time from sending a request upstream to its whole answer.",
    ["endpoint"],
    buckets=_SECONDS,
    registry=REGISTRY,
)
ANSWER_BYTES = Histogram(
    "playground_answer_bytes",
    "Size of the answers received.",
    buckets=(1e3, 1e4, 1e5, 1e6, 1e7, 1e8),
    registry=REGISTRY,
)
LOGINS = Counter(
    "playground_logins",
    "Sign-in attempts, by outcome (ok, failed, refused).",
    ["outcome"],
    registry=REGISTRY,
)
REQUEST_SECONDS = Histogram(
    "playground_request_seconds",
    "Time to answer an HTTP request, by route template and method (sends included).",
    ["route", "method"],
    buckets=_SECONDS,
    registry=REGISTRY,
)


def endpoint_kind(endpoint: str) -> str:
    """stable, latest, sandbox, or custom for an allowed URL (never the URL itself)."""
    return _KINDS.get(endpoint, "custom")


def observe_send(entry: HistoryEntry) -> None:
    """Count and log a finished send (a history entry with its answer half filled in)."""
    kind = endpoint_kind(entry.endpoint)
    if entry.failure_kind:
        outcome, code = entry.failure_kind, ""
    else:
        codes = [c for c in entry.action_errorcodes.split() if c != "0"]
        outcome = "ok" if entry.ok else "failed"
        code = codes[0] if codes else str(entry.status_errorcode or "")
    SENDS.labels(kind, outcome, code if code != "0" else "").inc()
    UPSTREAM_SECONDS.labels(kind).observe(entry.duration_ms / 1000)
    if entry.response_size:
        ANSWER_BYTES.observe(entry.response_size)
    # The send as a log event (one JSON line with PLAYGROUND_LOG_FORMAT=json): what was
    # called and how it went, never the parameters or the profile's credentials.
    fields = {"endpoint": kind, "outcome": outcome, "verbs": entry.verbs.split(),
              "resourcetypes": entry.resourcetypes.split(),
              "error_codes": [int(c) for c in entry.action_errorcodes.split() if c.isdigit()],
              "upstream_ms": entry.duration_ms, "history_id": entry.id}  # fmt: skip
    log.info("send", extra={"fields": fields})


def observe_audit(kind: str) -> None:
    """Count the sign-in events among audited events (login, login.failed, login.refused)."""
    if kind == "login":
        LOGINS.labels("ok").inc()
    elif kind.startswith("login."):
        LOGINS.labels(kind.removeprefix("login.")).inc()


@dataclass(frozen=True)
class AppFigures:
    """What one app knows at scrape time: sends in flight, pool use and history size."""

    sends_in_flight: int
    pool_checked_out: int
    pool_size: int
    history_rows: int


class _FiguresCollector(Collector):
    """The app's figures as gauges, for one scrape."""

    def __init__(self, figures: AppFigures) -> None:
        self.figures = figures

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """One gauge per figure."""
        f = self.figures
        yield GaugeMetricFamily(
            "playground_sends_in_flight", "Sends waiting for upstream now.", f.sends_in_flight
        )
        yield GaugeMetricFamily(
            "playground_db_pool_checked_out", "Database connections in use.", f.pool_checked_out
        )
        yield GaugeMetricFamily("playground_db_pool_size", "Database pool size.", f.pool_size)
        yield GaugeMetricFamily(
            "playground_history_rows", "History entries stored.", f.history_rows
        )


def exposition(figures: AppFigures) -> bytes:
    """The text a scrape gets: the process's counters, then the app's gauges."""
    scrape = CollectorRegistry()
    scrape.register(_FiguresCollector(figures))
    return generate_latest(REGISTRY) + generate_latest(scrape)
