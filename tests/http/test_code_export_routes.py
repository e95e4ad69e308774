"""Code export through the web: a history entry, a saved request and the composer.

The history exports of a sandbox send are fetched from a playground served over real
HTTP and run as an integrator would: only ONOFFICE_TOKEN and ONOFFICE_SECRET set, the URL
taken from the code (this playground's sandbox). Each prints the estates and exits 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi import FastAPI

from playground.onoffice.catalogue import find_template
from tests.client import TestClient
from tests.http.export_support import (
    RUNNERS,
    environment,
    need_interpreters,
    printed_results,
    run_code,
)
from tests.served import served

HX = {"HX-Request": "true"}


def _sandbox_profile(client: TestClient) -> str:
    """The id of the sandbox profile every new user gets."""
    match = re.search(r'<option value="(\d+)"[^>]*>Sandbox ·', client.get("/").text)
    assert match
    return match.group(1)


def _read_estate_form(client: TestClient) -> dict[str, str]:
    """The composer's form for the read-estate template with the sandbox profile."""
    template = find_template("read-estate")
    assert template is not None
    parameters = json.dumps(dict(template.parameters))
    form = {"profile_id": _sandbox_profile(client), "verb": "read", "resourcetype": "estate"}
    return form | {"parameters": parameters}


def _send(client: TestClient) -> int:
    """Send read-estate to the sandbox; the new history entry's id."""
    response = client.post("/send", data=_read_estate_form(client))
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_history_exports_print_the_estates_with_the_sandbox_credentials(
    admin_client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    """Each language of a read-estate entry runs against the served sandbox and exits 0."""
    need_interpreters()
    entry_id = _send(admin_client)
    stored = json.loads(admin_client.get(f"/api/history/{entry_id}").json()["response_body"])
    estates = stored["response"]["results"][0]["data"]["records"]
    assert estates
    state = app.state.playground
    env = environment(ONOFFICE_TOKEN=state.sandbox_token, ONOFFICE_SECRET=state.sandbox_secret)
    with served(app) as base_url:
        host = {"Host": base_url.removeprefix("http://")}
        codes = {}
        for key in RUNNERS:
            response = admin_client.get(f"/history/{entry_id}/code/{key}", headers=host)
            assert response.status_code == 200
            assert response.headers["content-type"] == "text/plain; charset=utf-8"
            codes[key] = response.text
            assert f"{base_url}/sandbox/api/stable/api.php" in response.text
        for key in codes:
            (tmp_path / key).mkdir()
        with ThreadPoolExecutor(max_workers=3) as pool:
            jobs = {
                key: pool.submit(run_code, tmp_path / key, key, code, env)
                for key, code in codes.items()
            }
            runs = {key: job.result() for key, job in jobs.items()}
    for key, run in runs.items():
        assert run.returncode == 0, f"{key}:\n{run.stdout}\n{run.stderr}"
        (result,) = printed_results(key, run)
        assert result["data"]["records"] == estates
        assert state.sandbox_token not in run.code
        assert state.sandbox_secret not in run.code


def test_download_attaches_the_file(admin_client: TestClient) -> None:
    """?download=1 answers with the language's file name as an attachment."""
    entry_id = _send(admin_client)
    response = admin_client.get(f"/history/{entry_id}/code/node?download=1")
    assert response.headers["content-disposition"] == 'attachment; filename="onoffice_request.mjs"'
    assert "createHmac" in response.text


def test_htmx_gets_the_panel_with_languages_copy_and_the_credentials_note(
    admin_client: TestClient,
) -> None:
    """The panel: five language tabs, the code escaped in a <pre>, copy and download."""
    entry_id = _send(admin_client)
    page = admin_client.get(f"/history/{entry_id}/code/php-sdk", headers=HX).text
    assert page.count('role="tab"') == 5
    assert re.search(r'aria-selected="true"\s+hx-get="/history/\d+/code/php-sdk"', page)
    assert "ONOFFICE_SECRET" in page and "data-copy=" in page
    assert f'href="/history/{entry_id}/code/php-sdk?download=1"' in page
    assert "&lt;?php" in page and "onOfficeSDK::ACTION_ID_READ" in page
    detail = admin_client.get(f"/history/{entry_id}").text
    assert f'hx-get="/history/{entry_id}/code/curl"' in detail


def test_unknown_language_and_other_users_entries_are_not_found(
    admin_client: TestClient, make_client: Callable[[str], TestClient]
) -> None:
    """404 for a language that does not exist and for someone else's entry."""
    entry_id = _send(admin_client)
    assert admin_client.get(f"/history/{entry_id}/code/cobol").status_code == 404
    bob = make_client("bob")
    assert bob.get(f"/history/{entry_id}/code/python").status_code == 404


def test_saved_request_exports_for_those_who_see_it(
    admin_client: TestClient, make_client: Callable[[str], TestClient]
) -> None:
    """A saved request's code carries its name; a private one is not found by others."""
    form = _read_estate_form(admin_client) | {"name": "Häuser zum Kauf", "team": ""}
    response = admin_client.post("/saved", data=form)
    assert response.status_code == 303
    saved_id = int(response.headers["location"].rsplit("=", 1)[1])
    code = admin_client.get(f"/saved/{saved_id}/code/python").text
    assert "onOffice API request: Häuser zum Kauf." in code
    assert "'vermarktungsart'" in code and "HMAC_VERSION = 2" in code
    bob = make_client("bob")
    assert bob.get(f"/saved/{saved_id}/code/python").status_code == 404
    listed = admin_client.get("/saved").text
    assert f'hx-get="/saved/{saved_id}/code/curl"' in listed


def test_composer_exports_its_current_actions_with_the_profiles_signing(
    admin_client: TestClient,
) -> None:
    """POST /code/{lang} turns the composer's form into code; v1 profiles export v1."""
    form = _read_estate_form(admin_client) | {"parameters": '{"data": ["Id", "ort/plz"]}'}
    code = admin_client.post("/code/node", data=form).text
    assert '"ort/plz"' in code and "const HMAC_VERSION = 2;" in code
    data = {"name": "Legacy", "endpoint": "sandbox", "hmac_version": "1"}
    data |= {"token": "legacytoken-0123456789abcdef0123", "secret": "legacy-secret-" + "x" * 50}
    assert admin_client.post("/profiles", data=data).status_code == 303
    legacy = re.findall(r'<option value="(\d+)"[^>]*>Legacy ·', admin_client.get("/").text)[0]
    code = admin_client.post("/code/php", data=form | {"profile_id": legacy}).text
    assert "$hmacVersion = 1;" in code
    assert "legacytoken" not in code and "legacy-secret" not in code


def test_composer_export_fills_in_the_variables_as_a_send_would(
    admin_client: TestClient,
) -> None:
    form = _read_estate_form(admin_client) | {"resourceid": "{{estate}}"}
    form["parameters"] = '{"data": ["Id", "ort"], "listlimit": {{limit}}}'
    missing = admin_client.post("/code/python", data=form, headers=HX)
    assert missing.status_code == 422 and "{{estate}}" in missing.text
    for name, value in (("estate", "3"), ("limit", "7")):
        answer = admin_client.post("/variables", data={"name": name, "value": value})
        assert answer.status_code == 303
    code = admin_client.post("/code/python", data=form).text
    assert "{{" not in code
    assert "'resourceid': '3'" in code and "'listlimit': 7}" in code  # Python's literals


def test_composer_export_of_a_broken_form_says_why(admin_client: TestClient) -> None:
    """Parameters that are not JSON: the panel says so (422) and nothing is generated."""
    form = _read_estate_form(admin_client) | {"parameters": "{not json"}
    response = admin_client.post("/code/python", data=form, headers=HX)
    assert response.status_code == 422
    assert "No code:" in response.text and "<pre" not in response.text
    assert admin_client.post("/code/python", data=form).status_code == 400


def test_the_composer_offers_its_code_panel_with_a_download_of_the_shown_text(
    admin_client: TestClient,
) -> None:
    """The composer loads the panel by posting its own form; download saves the shown code."""
    page = admin_client.get("/").text
    assert 'hx-post="/code/curl" hx-include="#composer"' in page
    panel = admin_client.post("/code/php", data=_read_estate_form(admin_client), headers=HX).text
    assert 'data-download="#code-text" data-filename="onoffice_request.php"' in panel
    assert 'hx-post="/code/node" hx-include="#composer"' in panel
