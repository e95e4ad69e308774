"""Compressed answers and static files that are cached until they change."""

from __future__ import annotations

import gzip
import hashlib
import re

from playground.paths import static_dir
from tests.client import TestClient

STATIC_URL = re.compile(r'(?:src|href)="(/static/[^"?]+)\?v=([0-9a-f]+)"')


def test_pages_and_static_files_come_gzipped_to_a_client_that_accepts_it(
    admin_client: TestClient,
) -> None:
    page = admin_client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert "Vary" in page.headers and "Accept-Encoding" in page.headers["vary"]
    assert "<form" in page.text  # decoded by the client as a browser would
    assert len(gzip.compress(page.content)) < len(page.content) / 3
    plain = admin_client.get("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    # A tiny answer is not worth compressing.
    health = admin_client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in health.headers


def test_static_files_are_versioned_by_content_and_cached_for_good(
    admin_client: TestClient,
) -> None:
    page = admin_client.get("/").text
    linked = dict(STATIC_URL.findall(page))
    assert {"/static/app.css", "/static/app.js", "/static/jsonarea.js"} <= set(linked)
    for url, version in linked.items():
        content = (static_dir() / url.removeprefix("/static/")).read_bytes()
        assert version == hashlib.sha256(content).hexdigest()[:12], url
        answer = admin_client.get(f"{url}?v={version}")
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
        # An old version's URL (a page from before an upgrade) is checked again each time.
        stale = admin_client.get(f"{url}?v=000000000000")
        assert stale.headers["cache-control"] == "no-cache"
        assert admin_client.get(url).headers["cache-control"] == "no-cache"
    # Pages themselves are never stored.
    assert admin_client.get("/").headers["cache-control"] == "no-store"
