/* onOffice API Playground: tools for reading an answer (the response panel).
 * Sort a records table by a column, copy a cell, download the shown records as CSV,
 * search within the JSON. No dependencies, no inline code: it runs under the strict CSP.
 * Every handler is delegated on document, so answers swapped in by htmx work too. */
(() => {
  "use strict";

  const MAX_MARKS = 5000; // a search past this many matches counts them but marks the first only
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const originals = new WeakMap(); // pre -> its text before any marks
  const cursors = new WeakMap(); // input -> index of the current match

  /* ---------- tables: sortable headings, copyable cells, CSV ---------- */
  function enhance(root) {
    root.querySelectorAll("[data-answer-tools]").forEach((tools) => { tools.hidden = false; });
    root.querySelectorAll("[data-json-find]").forEach((find) => { find.hidden = false; });
    root.querySelectorAll("table[data-testid=records] thead th").forEach((th) => {
      if (th.querySelector("button")) return;
      const button = Object.assign(document.createElement("button"), { type: "button", className: "th-sort" });
      button.setAttribute("data-sort", "");
      button.append(...th.childNodes);
      th.append(button);
      th.setAttribute("aria-sort", "none");
    });
  }

  const cellText = (td) => {
    const pre = td.querySelector("pre");
    return (pre ? pre.textContent : td.textContent).trim();
  };

  function sortBy(button) {
    const th = button.closest("th");
    const table = th.closest("table");
    const body = table.tBodies[0];
    const column = Array.from(th.parentElement.children).indexOf(th);
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach((other) => other.setAttribute("aria-sort", "none"));
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const rows = Array.from(body.rows);
    const key = (row) => (row.cells[column] ? cellText(row.cells[column]) : "");
    rows.sort((a, b) => (ascending ? 1 : -1) * collator.compare(key(a), key(b)));
    body.append(...rows);
  }

  function copyCell(td) {
    const text = cellText(td);
    const card = td.closest("[data-testid=action-result]");
    const status = card && card.querySelector("[data-copied]");
    const done = () => { if (status) status.textContent = status.getAttribute("data-copied") + ": " + text.slice(0, 60); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => {});
    else {
      const area = Object.assign(document.createElement("textarea"), { value: text, readOnly: true, className: "visually-hidden" });
      document.body.appendChild(area);
      area.select();
      if (document.execCommand("copy")) done();
      area.remove();
    }
  }

  // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula, and an
  // answer holds anyone's text (an enquiry from a website form, say): such a cell gets a '
  // in front, unless it is a plain number.
  const csvField = (text) => {
    const safe = /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+([.,]\d+)*$/.test(text) ? "'" + text : text;
    return /[",\r\n;]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  };

  function downloadCsv(button) {
    const card = button.closest("[data-testid=action-result]");
    const table = card && card.querySelector("table[data-testid=records]");
    if (!table) return;
    const lines = Array.from(table.rows).map((row) => Array.from(row.cells).map((c) => csvField(cellText(c))).join(","));
    // A byte order mark, so spreadsheet programs read the UTF-8 umlauts right.
    const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: button.getAttribute("data-csv") });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  /* ---------- JSON: search with marks ---------- */
  function findInJson(input, step) {
    const pre = document.getElementById(input.getAttribute("data-target"));
    const count = document.getElementById(input.getAttribute("aria-describedby"));
    if (!pre) return;
    const tree = pre.nextElementSibling;
    if (tree && tree.matches("[data-json-tree]")) { tree.hidden = true; pre.hidden = false; }
    if (!originals.has(pre)) originals.set(pre, pre.textContent);
    const text = originals.get(pre);
    const needle = input.value.trim().toLowerCase();
    if (!needle) {
      pre.textContent = text;
      if (count) count.textContent = "";
      return;
    }
    const hay = text.toLowerCase();
    const parts = [];
    let at = 0;
    let found = 0;
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) {
      found += 1;
      if (found > MAX_MARKS) continue;
      parts.push(document.createTextNode(text.slice(at, i)));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(i, i + needle.length);
      parts.push(mark);
      at = i + needle.length;
    }
    parts.push(document.createTextNode(text.slice(at)));
    pre.replaceChildren(...parts);
    if (count) count.textContent = found ? count.getAttribute("data-some").replace("{n}", String(found)) : count.getAttribute("data-none");
    const marks = pre.querySelectorAll("mark");
    if (!marks.length) return;
    const current = ((cursors.get(input) || 0) + step + marks.length) % marks.length;
    cursors.set(input, current);
    marks[current].classList.add("current");
    marks[current].scrollIntoView({ block: "nearest" });
  }

  /* ---------- JSON: a folding view (nested details), collapsed or expanded at once ---------- */
  const MAX_TREE_CHARS = 1000000; // past this the plain text stays: a tree would take seconds

  function node(value, label) {
    if (value === null || typeof value !== "object") {
      const leaf = document.createElement("div");
      leaf.className = "json-leaf";
      leaf.textContent = (label === null ? "" : label + ": ") + JSON.stringify(value);
      return leaf;
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const details = document.createElement("details");
    details.open = true;
    const summary = document.createElement("summary");
    const size = Array.isArray(value) ? "[" + entries.length + "]" : "{" + entries.length + "}";
    summary.textContent = (label === null ? "" : label + ": ") + size;
    details.append(summary, ...entries.map(([k, v]) => node(v, Array.isArray(value) ? k : JSON.stringify(k))));
    return details;
  }

  function fold(button) {
    const pre = document.getElementById(button.getAttribute("data-target"));
    if (!pre) return;
    const mode = button.getAttribute("data-json-fold");
    let view = pre.nextElementSibling && pre.nextElementSibling.matches("[data-json-tree]") ? pre.nextElementSibling : null;
    if (mode === "text") {
      if (view) view.hidden = true;
      pre.hidden = false;
      return;
    }
    if (!view) {
      const text = originals.get(pre) || pre.textContent;
      if (text.length > MAX_TREE_CHARS) return;
      let value;
      try { value = JSON.parse(text); } catch (err) { return; }
      view = document.createElement("div");
      view.className = "json json-tree";
      view.setAttribute("data-json-tree", "");
      view.setAttribute("data-testid", "json-tree");
      view.setAttribute("role", "region");
      view.setAttribute("tabindex", "0");
      view.setAttribute("aria-label", pre.getAttribute("aria-label") || "JSON");
      view.append(node(value, null));
      pre.after(view);
    }
    view.querySelectorAll("details").forEach((d, i) => { d.open = mode === "expand" || i === 0; });
    pre.hidden = true;
    view.hidden = false;
  }

  /* ---------- wiring ---------- */
  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const sort = target.closest("button[data-sort]");
    if (sort) return sortBy(sort);
    const csv = target.closest("button[data-csv]");
    if (csv) return downloadCsv(csv);
    const folding = target.closest("button[data-json-fold]");
    if (folding) return fold(folding);
    const td = target.closest("table[data-testid=records] td");
    // Not when the click opens a nested value or ends a text selection.
    if (td && !target.closest("summary, a, button") && String(window.getSelection()).length === 0) copyCell(td);
  });

  let findTimer = null;
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof Element) || !input.matches("[data-json-find] input")) return;
    clearTimeout(findTimer);
    cursors.set(input, 0);
    findTimer = setTimeout(() => findInJson(input, 0), 150);
  });

  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (event.key !== "Enter" || !(input instanceof Element) || !input.matches("[data-json-find] input")) return;
    event.preventDefault();
    findInJson(input, event.shiftKey ? -1 : 1);
  });

  document.addEventListener("htmx:load", (event) => enhance(event.detail.elt));
  enhance(document);
})();
