"""Weight of the composer page: its HTML and every stylesheet and script it loads.

Starts ``playground serve`` on a free loopback port in a temporary data directory,
creates the first account, fetches the logged-in composer page (``GET /``), finds its
``<link rel="stylesheet" href>`` and ``<script src>`` tags and fetches each. Prints, per
resource and in total, the raw size and the size gzipped at level 6 (each resource on its
own, as a server or proxy compresses them). The parameters editor (``static/jsonarea.js``
and ``static/editor.js``) is loaded by the composer page, so it is counted here, and its
share is printed on its own. Target: at most 80 KB (81,920 bytes) gzipped in total.

    .venv/bin/python -m bench.page_weight
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from bench.support import CSRF_RE, create_first_account, serving, verdict

TARGET_GZIP_BYTES = 80 * 1024
EDITOR_FILES = ("/static/jsonarea.js", "/static/editor.js")


@dataclass(frozen=True)
class Resource:
    """One fetched resource and its sizes in bytes."""

    name: str
    raw: int
    gzipped: int
    served_encoding: str


class AssetFinder(HTMLParser):
    """Collects stylesheet and script URLs, in document order."""

    def __init__(self) -> None:
        """Start with no URLs found."""
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a ``<link rel=stylesheet href>`` or a ``<script src>``."""
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").lower().split():
            url = values.get("href", "")
        elif tag == "script":
            url = values.get("src", "")
        else:
            return
        if url and url not in self.urls:
            self.urls.append(url)


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` gzipped at level 6."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def fetch(client: httpx.Client, url: str) -> tuple[bytes, str]:
    """The decoded body of a GET and the Content-Encoding the server used (or "none")."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response.content, response.headers.get("Content-Encoding", "none")


def measure(base: str) -> list[Resource]:
    """Log in as the first user, fetch the composer page and everything it loads."""
    with httpx.Client(base_url=base, timeout=30.0) as client:
        create_first_account(client)
        page, encoding = fetch(client, "/")
        if CSRF_RE.search(page.decode("utf-8", errors="replace")) is None:
            raise RuntimeError("GET / did not show the logged-in composer")
        resources = [Resource("/ (composer page HTML)", len(page), gzip_size(page), encoding)]
        finder = AssetFinder()
        finder.feed(page.decode("utf-8", errors="replace"))
        if not finder.urls:
            raise RuntimeError("the composer page loads no stylesheet or script")
        for url in finder.urls:
            absolute = urljoin(base + "/", url)
            if urlsplit(absolute).netloc != urlsplit(base).netloc:
                raise RuntimeError(f"the page loads {url} from another host")
            body, encoding = fetch(client, absolute)
            resources.append(Resource(url, len(body), gzip_size(body), encoding))
    return resources


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options (none besides --help)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp,
        serving(Path(tmp) / "data", Path(tmp) / "serve.log") as base,
    ):
        resources = measure(base)
    print(f"{'resource':<40} {'raw B':>9} {'gzip-6 B':>9}  served with")
    for r in resources:
        print(f"{r.name:<40} {r.raw:>9,} {r.gzipped:>9,}  {r.served_encoding}")
    raw = sum(r.raw for r in resources)
    packed = sum(r.gzipped for r in resources)
    print(f"{'total':<40} {raw:>9,} {packed:>9,}")
    editor = [r for r in resources if r.name.startswith(EDITOR_FILES)]
    print(
        f"of which the parameters editor ({len(editor)} files): "
        f"{sum(r.raw for r in editor):,} B raw, {sum(r.gzipped for r in editor):,} B gzipped"
    )
    print(
        f"gzipped total {packed / 1024:.1f} KB, target <= {TARGET_GZIP_BYTES / 1024:g} KB"
        f" ({TARGET_GZIP_BYTES:,} B): {verdict(packed <= TARGET_GZIP_BYTES)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
