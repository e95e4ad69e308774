/* onOffice API Playground: "All pages" of a paged read, fetched one listoffset after the
 * other through the composer's own /send (so each page is signed, checked and recorded like
 * any send), bounded by cntabsolute and a cap, with a progress bar, saved as one JSON or
 * CSV file. No dependencies, no inline code: it runs under the strict CSP. */
(() => {
  "use strict";

  const MAX_RECORDS = 10000;
  const MAX_PAGES = 50;
  const PAGE_SIZE = 500; // onOffice's largest listlimit

  const says = (box, key, values) => Object.entries(values || {})
    .reduce((text, [name, value]) => text.replace("{" + name + "}", String(value)), box.getAttribute("data-" + key) || "");

  // The composer's fields with one action's parameters replaced.
  function formWith(form, index, parameters) {
    const body = new URLSearchParams();
    let seen = -1;
    new FormData(form).forEach((value, name) => {
      if (name === "parameters") seen += 1;
      body.append(name, name === "parameters" && seen === index ? parameters : String(value));
    });
    return body;
  }

  async function page(form, index, parameters) {
    const answer = await fetch(form.getAttribute("action") || "/send", {
      method: "POST", body: formWith(form, index, parameters), credentials: "same-origin",
      headers: { "HX-Request": "true" },
    });
    if (!answer.ok) return null;
    const html = new DOMParser().parseFromString(await answer.text(), "text/html");
    const raw = html.querySelector("[data-testid=raw-json]");
    try {
      const result = JSON.parse(raw ? raw.textContent : "").response.results[index];
      return result.status.errorcode === 0 ? result.data.records : null;
    } catch (err) { return null; }
  }

  const cell = (value) => (value !== null && typeof value === "object" ? JSON.stringify(value) : String(value === null || value === undefined ? "" : value));
  // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula, and an
  // answer holds anyone's text (an enquiry from a website form, say): such a cell gets a '
  // in front, unless it is a plain number.
  const csvField = (text) => {
    const safe = /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+([.,]\d+)*$/.test(text) ? "'" + text : text;
    return /[",\r\n;]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  };

  function asCsv(records) {
    const columns = ["id"];
    records.forEach((r) => { if (r.elements && !Array.isArray(r.elements)) Object.keys(r.elements).forEach((k) => { if (!columns.includes(k)) columns.push(k); }); });
    const rows = records.map((r) => columns.map((c) => csvField(c === "id" ? cell(r.id) : cell((r.elements || {})[c]))).join(","));
    return "\ufeff" + [columns.map(csvField).join(","), ...rows].join("\r\n") + "\r\n";
  }

  function offerDownloads(box, records, name) {
    const files = [["json", JSON.stringify(records, null, 2), "application/json"], ["csv", asCsv(records), "text/csv;charset=utf-8"]];
    const row = box.querySelector("[data-all-downloads]");
    row.replaceChildren(...files.map(([kind, text, type]) => {
      const link = Object.assign(document.createElement("a"), {
        className: "btn btn-small", download: name + "." + kind, textContent: says(box, "save-" + kind),
        href: URL.createObjectURL(new Blob([text], { type })),
      });
      link.setAttribute("data-testid", "all-pages-" + kind);
      return link;
    }));
  }

  async function allPages(button) {
    const form = document.querySelector("form[data-composer]");
    const box = button.closest("[data-all-pages-box]");
    const index = Number(button.getAttribute("data-action-index"));
    const params = form && form.querySelectorAll("[data-actions] [data-action] [name=parameters]")[index];
    if (!params || !box) return;
    let base;
    try { base = JSON.parse(params.value || "{}"); } catch (err) { params.focus(); return; }
    const total = Math.min(Number(button.getAttribute("data-total")), MAX_RECORDS);
    const bar = box.querySelector("progress");
    const status = box.querySelector("[role=status]");
    Object.assign(bar, { max: total, value: 0, hidden: false });
    button.disabled = true;
    const records = [];
    let failed = false;
    for (let pages = 0; records.length < total && pages < MAX_PAGES; pages += 1) {
      const limit = Math.min(PAGE_SIZE, total - records.length);
      const got = await page(form, index, JSON.stringify({ ...base, listoffset: records.length, listlimit: limit }));
      if (got === null) { failed = true; break; }
      if (!got.length) break;
      records.push(...got);
      bar.value = records.length;
      status.textContent = says(box, "progress", { n: records.length, total });
    }
    button.disabled = false;
    status.textContent = says(box, failed ? "failed" : "done", { n: records.length, total: button.getAttribute("data-total") });
    offerDownloads(box, records, button.getAttribute("data-name"));
    document.body.dispatchEvent(new Event("history-changed")); // the recent sends list
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("button[data-all-pages]");
    if (!button) return;
    event.preventDefault();
    allPages(button);
  });

  // Only where the composer is (the pages are its request): elsewhere the button stays hidden.
  const show = (root) => { if (document.querySelector("form[data-composer]")) root.querySelectorAll("[data-all-pages-box]").forEach((b) => { b.hidden = false; }); };
  document.addEventListener("htmx:load", (event) => show(event.detail.elt));
  show(document);
})();
