"""Small things a daily user notices: the favicon, re-send opening the new entry."""

from __future__ import annotations

import re

from tests.client import TestClient
from tests.http.team_support import HX, READ_ESTATE, picker_ids, send_form


def test_every_page_links_a_favicon_that_is_served(admin_client: TestClient) -> None:
    hrefs = set()
    for path in ("/", "/history", "/profiles"):
        page = admin_client.get(path).text
        found = re.findall(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page)
        assert len(found) == 1, path
        hrefs |= set(found)
    [href] = hrefs
    icon = admin_client.get(href)
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")


def test_resending_from_an_entrys_page_opens_the_new_entry(admin_client: TestClient) -> None:
    profile_id = picker_ids(admin_client)[0]
    first = admin_client.post("/send", data=send_form(profile_id, READ_ESTATE))
    first_id = int(first.headers["location"].rsplit("/", 1)[1])
    page = admin_client.get(f"/history/{first_id}").text
    assert f'hx-post="/history/{first_id}/resend?open=1"' in page
    by_htmx = admin_client.post(f"/history/{first_id}/resend?open=1", headers=HX)
    assert by_htmx.status_code == 204
    second_id = first_id + 1
    assert by_htmx.headers["HX-Redirect"] == f"/history/{second_id}"
    assert f"History #{second_id}" in admin_client.get(f"/history/{second_id}").text
    plain = admin_client.post(f"/history/{first_id}/resend?open=1")
    assert plain.status_code == 303 and plain.headers["location"] == f"/history/{second_id + 1}"
