"""/metrics: counts that grow with each send and login, for the configured scrapers only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from tests.client import TestClient
from tests.http.team_support import HX, READ_ESTATE, picker_ids, send_form
from tests.http.token_support import bearer, make_token
from tests.served import LOCAL_TLS, served

SCRAPER = "a-long-random-scraper-token"
BEARER = {"Authorization": f"Bearer {SCRAPER}"}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """A token for the scraper; the TestClient's address ("testclient") is no allowed one."""
    return {"metrics_token": SCRAPER}


def samples(client: TestClient | httpx.Client, **headers: str) -> dict[tuple[Any, ...], float]:
    """Every sample of a scrape, keyed by name and sorted labels."""
    answer = client.get("/metrics", headers=headers or BEARER)
    assert answer.status_code == 200, answer.text
    found = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            found[(sample.name, *sorted(sample.labels.items()))] = sample.value
    return found


def sends(scrape: dict[tuple[Any, ...], float], outcome: str, code: str = "") -> float:
    """The send counter for the sandbox with this outcome and error code."""
    key = ("playground_sends_total", ("endpoint", "sandbox"), ("error_code", code),
           ("outcome", outcome))  # fmt: skip
    return scrape.get(key, 0.0)


def test_each_send_counts_once_by_outcome_and_error_code(admin_client: TestClient) -> None:
    profile = picker_ids(admin_client)[0]
    before = samples(admin_client)
    admin_client.post("/send", data=send_form(profile, READ_ESTATE), headers=HX)
    after_ok = samples(admin_client)
    assert sends(after_ok, "ok") == sends(before, "ok") + 1
    misspelt = READ_ESTATE | {"parameters": '{"data": ["kaufpries"]}'}
    admin_client.post("/send", data=send_form(profile, misspelt), headers=HX)
    after_failed = samples(admin_client)
    assert sends(after_failed, "failed", "143") == sends(before, "failed", "143") + 1
    assert sends(after_failed, "ok") == sends(after_ok, "ok")
    routes = {dict(k[1:]).get("route") for k in after_failed if k[0].startswith("playground_req")}
    assert "/send" in routes
    assert after_failed[("playground_history_rows",)] == 2
    assert after_failed[("playground_sends_in_flight",)] == 0


def test_logins_count_by_outcome_and_labels_name_nobody(
    admin_client: TestClient, app: FastAPI
) -> None:
    failed = ("playground_logins_total", ("outcome", "failed"))
    before = samples(admin_client).get(failed, 0.0)
    visitor = TestClient(app)
    visitor.post("/login", data={"username": "ada", "password": "not the password"})
    scrape = admin_client.get("/metrics", headers=BEARER).text
    assert samples(admin_client)[failed] == before + 1
    assert "ada" not in scrape and "Sandbox" not in scrape and "kaufpries" not in scrape


def test_only_allowed_addresses_and_the_token_may_scrape(app: FastAPI) -> None:
    visitor = TestClient(app)
    assert visitor.get("/metrics").status_code == 403
    assert visitor.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert visitor.get("/metrics", headers=BEARER).status_code == 200
    # From 127.0.0.1 (the default allowed address) over real HTTP, without a token.
    with served(app) as url, httpx.Client(verify=LOCAL_TLS, base_url=url) as local:
        answer = local.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")


def test_api_requests_are_timed_by_their_route_template(
    admin_client: TestClient, app: FastAPI
) -> None:
    # The JSON API is a mounted app: its routes used to be counted as "unmatched".
    token = bearer(make_token(app, "ada"))
    assert admin_client.get("/api/v1/profiles", headers=token).status_code == 200
    assert admin_client.get("/api/v1/history/5", headers=token).status_code == 404
    assert admin_client.get("/api/v1/nowhere", headers=token).status_code == 404
    scrape = samples(admin_client)
    routes = {dict(k[1:]).get("route") for k in scrape if k[0].startswith("playground_req")}
    assert {"/api/v1/profiles", "/api/v1/history/{entry_id}"} <= routes
    assert not {r for r in routes if r and r.startswith("/api/v1/") and r[-1].isdigit()}
    assert "unmatched" in routes  # the path no route takes
