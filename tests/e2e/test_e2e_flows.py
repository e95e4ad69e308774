"""A flow in Chromium: built step by step in the composer, run, each step's answer shown."""

from __future__ import annotations

import base64
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.e2e_support import follow, htmx_settled

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e
BUYER = "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:buyer"


def _add_step(
    page: Page, verb: str, resourcetype: str, parameters: dict[str, Any], resourceid: str = ""
) -> None:
    """Write one request in the composer and add it to the flow as the next step."""
    steps = page.get_by_test_id("flow-panel-step")
    count = steps.count()
    page.locator("#verb-0").select_option(verb)
    page.locator("#resourcetype-0").fill(resourcetype)
    page.locator("#resourceid-0").fill(resourceid)
    page.get_by_label("Parameters").fill(json.dumps(parameters))
    page.get_by_test_id("flow-add").click()
    expect(steps).to_have_count(count + 1)
    htmx_settled(page)  # the panel's new buttons (add, run) work once htmx has them


def test_a_flow_creates_an_address_relates_it_and_shows_each_answer(
    logged_in: Page, ui: Ui
) -> None:
    page = logged_in
    _add_step(page, "create", "address", {"Name": "Flow", "Vorname": "Bea"})
    relation = {"relationtype": BUYER, "parentid": [1], "childid": ["{{steps.1.records.0.id}}"]}
    _add_step(page, "create", "relation", relation)
    _add_step(page, "get", "idsfromrelation", {"relationtype": BUYER, "parentids": ["{{x}}"]})
    # The third step names a variable nobody defined: the run stops there, before sending it.
    expect(page.get_by_test_id("flow-panel-step").nth(1)).to_contain_text(
        "reads {{steps.1.records.0.id}}"
    )
    page.get_by_test_id("flow-run").click()
    steps = page.locator("#response [data-testid=flow-step]")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_have_attribute("data-state", "ok")
    expect(steps.nth(0).get_by_test_id("response")).to_be_visible()  # its answer, as it came
    expect(steps.nth(0).get_by_test_id("flow-step-readable")).to_contain_text(
        re.compile(r"\{\{steps\.1\.records\.0\.id\}\} = \d+")
    )
    expect(steps.nth(1)).to_have_attribute("data-state", "ok")
    expect(steps.nth(2)).to_have_attribute("data-state", "failed")
    expect(steps.nth(2).get_by_test_id("flow-step-problem")).to_contain_text("{{x}}")
    expect(page.get_by_test_id("flow-done")).to_contain_text("stopped after step 3 of 3")

    # The relation's entry in history lists the run's steps.
    follow(page, steps.nth(1).get_by_role("link", name=re.compile(r"^Entry #\d+$")))
    expect(page.get_by_test_id("flow-run-steps")).to_contain_text("Step 2 of run")
    expect(page.get_by_test_id("flow-run-step")).to_have_count(3)


def test_a_flow_uploads_a_file_links_it_to_an_estate_and_reads_it_back(
    logged_in: Page, ui: Ui
) -> None:
    page = logged_in
    note = base64.b64encode("Übergabeprotokoll".encode()).decode()
    _add_step(page, "do", "uploadfile", {"data": note})
    link = {"tmpUploadId": "{{steps.1.tmpUploadId}}", "module": "estate", "relatedRecordId": "1",
            "file": "protokoll.txt", "title": "Protokoll"}  # fmt: skip
    _add_step(page, "do", "uploadfile", link)
    _add_step(page, "get", "file", {"estateid": 1, "fileid": "{{steps.2.fileId}}"}, "estate")
    # A reload keeps the tab's draft, the flow's steps with it.
    page.reload()
    expect(page.get_by_test_id("flow-panel-step")).to_have_count(3)
    expect(page.get_by_test_id("flow-panel-step").nth(1)).to_contain_text(
        "reads {{steps.1.tmpUploadId}}"
    )
    htmx_settled(page)  # the panel came back through htmx, its Run button with it
    page.get_by_test_id("flow-run").click()
    steps = page.locator("#response [data-testid=flow-step]")
    expect(page.get_by_test_id("flow-done")).to_be_visible()
    expect(steps).to_have_count(3)
    for n in range(3):
        expect(steps.nth(n)).to_have_attribute("data-state", "ok")
    expect(steps.nth(0).get_by_test_id("flow-step-readable")).to_contain_text(
        "{{steps.1.tmpUploadId}}"
    )
    expect(steps.nth(2).get_by_test_id("response")).to_contain_text("protokoll.txt")
