/* onOffice API Playground: a small JSON editor built on the <textarea> itself.
 * The textarea stays the editing surface (its label, native undo, spell-check off,
 * mobile keyboards and the no-JS form all keep working); a highlighted copy of its text
 * sits behind it (aria-hidden) and shows the colours, the matching bracket and the
 * warnings' underlines. A few kilobytes instead of an editor framework: the composer
 * page with everything it loads stays small (bench/page_weight.py).
 * window.JsonArea.attach(textarea, {suggest, check}) wires one textarea; static/editor.js
 * supplies what to suggest and what to check. */
(() => {
  "use strict";

  const INDENT = "  ";
  const MAX_OPTIONS = 60;
  const TOKEN = /"(?:[^"\\\n]|\\.)*"?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\]:,]|\s+|[^\s{}[\]:,"]+/g;
  const OPEN = { "{": "}", "[": "]" };
  const CLOSE = { "}": "{", "]": "[" };
  const controllers = new WeakMap(); // textarea -> its small API (recheck, replace, replaceAll)
  let serial = 0;

  // The texts in the reader's language (templates/partials/editor_messages.html).
  const MESSAGES = (() => {
    const node = document.getElementById("editor-messages");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (err) { return {}; }
  })();
  const t = (key, values = {}) => (MESSAGES[key] || key).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

  const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  /* ---------- reading the text ---------- */
  function tokens(text) {
    const out = [];
    for (const m of text.matchAll(TOKEN)) {
      const s = m[0], c = s[0];
      let kind = "invalid";
      if (c === '"') kind = s.length > 1 && s.endsWith('"') && !s.endsWith('\\"') ? "string" : "invalid";
      else if (/\s/.test(c)) kind = "space";
      else if ("{}[]:,".includes(c)) kind = "punct";
      else if (s === "true" || s === "false" || s === "null") kind = "literal";
      else if (/^-?\d/.test(s)) kind = "number";
      out.push({ from: m.index, to: m.index + s.length, kind });
    }
    // A string followed by a colon is a key.
    for (let i = 0; i < out.length; i++) {
      if (out[i].kind !== "string") continue;
      let j = i + 1;
      while (j < out.length && out[j].kind === "space") j++;
      if (j < out.length && text[out[j].from] === ":") out[i].kind = "key";
    }
    return out;
  }

  /** The bracket paired with the one at `pos` (outside strings), or -1. */
  function matchingBracket(text, toks, pos) {
    const puncts = toks.filter((t) => t.kind === "punct" && (OPEN[text[t.from]] || CLOSE[text[t.from]]));
    const at = puncts.findIndex((t) => t.from === pos);
    if (at < 0) return -1;
    const forward = Boolean(OPEN[text[pos]]);
    let depth = 0;
    for (let i = at; forward ? i < puncts.length : i >= 0; i += forward ? 1 : -1) {
      const c = text[puncts[i].from];
      depth += (forward ? OPEN[c] : CLOSE[c]) ? 1 : -1;
      if (depth === 0) return (forward ? OPEN[text[pos]] === c : CLOSE[text[pos]] === c) ? puncts[i].from : -1;
    }
    return -1;
  }

  /* ---------- the highlighted copy ---------- */
  function render(ctl) {
    const text = ctl.area.value;
    const toks = tokens(text);
    const caret = ctl.area.selectionStart === ctl.area.selectionEnd ? ctl.area.selectionStart : -1;
    const brackets = new Set();
    if (document.activeElement === ctl.area && caret >= 0) {
      for (const pos of [caret, caret - 1]) {
        const other = pos >= 0 && "{}[]".includes(text[pos]) ? matchingBracket(text, toks, pos) : -1;
        if (other >= 0) { brackets.add(pos); brackets.add(other); break; }
      }
    }
    const marks = ctl.markers.filter((m) => m.to > m.from);
    const cuts = new Set([0, text.length, caret]);
    toks.forEach((t) => { cuts.add(t.from); cuts.add(t.to); });
    brackets.forEach((p) => { cuts.add(p); cuts.add(p + 1); });
    marks.forEach((m) => { cuts.add(m.from); cuts.add(m.to); });
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    let html = "", open = null, t = 0;
    for (let i = 0; i < points.length; i++) {
      const from = points[i], to = points[i + 1];
      if (from === caret) html += '<span data-caret></span>';
      if (to === undefined || to === from) continue;
      const mark = marks.find((m) => m.from <= from && to <= m.to) || null;
      if (mark !== open) {
        if (open) html += "</mark>";
        if (mark) html += `<mark class="lint lint-${mark.severity}" data-message="${escapeHtml(mark.message)}">`;
        open = mark;
      }
      while (t < toks.length && toks[t].to <= from) t++;
      const kind = t < toks.length && toks[t].from <= from ? toks[t].kind : "space";
      const cls = "tok-" + kind + (brackets.has(from) ? " bracket-match" : "");
      html += `<span class="${cls}">${escapeHtml(text.slice(from, to))}</span>`;
    }
    if (open) html += "</mark>";
    // A final newline needs a character after it to take up its line in the copy.
    ctl.layer.innerHTML = html + "\u200b";
    ctl.layer.scrollTop = ctl.area.scrollTop;
    ctl.layer.scrollLeft = ctl.area.scrollLeft;
  }

  /* ---------- warnings, listed under the editor ---------- */
  function lineOf(text, pos) {
    return text.slice(0, pos).split("\n").length;
  }

  function showProblems(ctl) {
    const list = ctl.problems;
    // A marker may be shown at its place only (listed: false) when the form already says it.
    const listed = ctl.markers.filter((m) => m.listed !== false);
    list.replaceChildren(...listed.map((m) => {
      const item = document.createElement("li");
      item.className = "problem problem-" + m.severity;
      const jump = document.createElement("button");
      jump.type = "button";
      jump.className = "link-button";
      jump.textContent = t("Line {line}", { line: lineOf(ctl.area.value, m.from) });
      jump.addEventListener("click", () => { ctl.area.focus(); ctl.area.setSelectionRange(m.from, m.to); render(ctl); });
      item.append(jump, document.createTextNode(": " + m.message));
      return item;
    }));
    list.hidden = !listed.length;
  }

  function runChecks(ctl) {
    const found = ctl.options.check ? ctl.options.check(ctl.area.value, ctl.area) : [];
    ctl.markers = (found || []).slice().sort((a, b) => a.from - b.from);
    showProblems(ctl);
    render(ctl);
  }

  /* ---------- editing that keeps the textarea's own undo ---------- */
  function replaceRange(ctl, from, to, insert, caret) {
    const area = ctl.area;
    area.focus();
    area.setSelectionRange(from, to);
    // execCommand keeps the change on the textarea's undo stack; setRangeText is the fallback.
    if (!document.execCommand || !document.execCommand("insertText", false, insert)) {
      area.setRangeText(insert, from, to, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (caret !== undefined) area.setSelectionRange(caret, caret);
  }

  const lineStart = (text, pos) => text.lastIndexOf("\n", pos - 1) + 1;
  const indentAt = (text, pos) => /^[ \t]*/.exec(text.slice(lineStart(text, pos)))[0];

  function newline(ctl) {
    const { value: text, selectionStart: from, selectionEnd: to } = ctl.area;
    const indent = indentAt(text, from);
    const before = text.slice(0, from).trimEnd().slice(-1);
    const after = text.slice(to).trimStart()[0];
    if (OPEN[before] && after === OPEN[before] && text.slice(from, to + text.slice(to).search(/\S|$/)).trim() === "") {
      const inner = "\n" + indent + INDENT;
      replaceRange(ctl, from, to, inner + "\n" + indent, from + inner.length);
    } else {
      replaceRange(ctl, from, to, "\n" + indent + (OPEN[before] ? INDENT : ""));
    }
  }

  function indentLines(ctl, outdent) {
    const { value: text, selectionStart: from, selectionEnd: to } = ctl.area;
    if (from === to && !outdent) { replaceRange(ctl, from, to, INDENT); return; }
    const start = lineStart(text, from);
    const end = to > from && text[to - 1] === "\n" ? to - 1 : to;
    const lines = text.slice(start, end).split("\n");
    const changed = lines.map((l) => (outdent ? l.replace(/^ {1,2}|^\t/, "") : INDENT + l)).join("\n");
    replaceRange(ctl, start, end, changed);
    ctl.area.setSelectionRange(start, start + changed.length);
  }

  /* ---------- suggestions: the ARIA listbox below the caret ---------- */
  function closeSuggestions(ctl) {
    ctl.list.hidden = true;
    ctl.list.replaceChildren();
    ctl.offer = null;
    ctl.area.removeAttribute("aria-activedescendant");
  }

  function choose(ctl, index) {
    const items = ctl.list.children;
    if (!items.length) return;
    ctl.active = (index + items.length) % items.length;
    [...items].forEach((li, i) => li.setAttribute("aria-selected", String(i === ctl.active)));
    const item = items[ctl.active];
    ctl.area.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  function accept(ctl, index = ctl.active) {
    const offer = ctl.offer, option = offer && offer.shown[index];
    if (!option) return;
    closeSuggestions(ctl);
    const text = ctl.area.value, caret = ctl.area.selectionStart;
    // Inside a string, the closing quote right after the caret is replaced too.
    const to = offer.quoted && text[caret] === '"' ? caret + 1 : caret;
    const insert = offer.quoted ? JSON.stringify(option.label) : option.apply || JSON.stringify(option.label);
    replaceRange(ctl, offer.from, to, insert);
  }

  function filterOptions(options, typed) {
    const q = typed.toLowerCase();
    if (!q) return options.slice(0, MAX_OPTIONS);
    const starts = [], contains = [];
    for (const o of options) {
      const name = o.label.toLowerCase();
      if (name.startsWith(q)) starts.push(o);
      else if (name.includes(q) || (o.detail && o.detail.toLowerCase().includes(q))) contains.push(o);
      if (starts.length >= MAX_OPTIONS) break;
    }
    return starts.concat(contains).slice(0, MAX_OPTIONS);
  }

  function showSuggestions(ctl, offer) {
    const caret = ctl.area.selectionStart;
    const typed = ctl.area.value.slice(offer.from, caret).replace(/^"/, "");
    const shown = filterOptions(offer.options, typed);
    const exact = shown.length === 1 && shown[0].label === typed;
    if (!shown.length || exact) { closeSuggestions(ctl); return; }
    ctl.offer = { ...offer, shown };
    ctl.list.replaceChildren(...shown.map((o, i) => {
      const li = document.createElement("li");
      li.id = ctl.list.id + "-" + i;
      li.setAttribute("role", "option");
      const name = document.createElement("span");
      name.className = "option-label";
      name.textContent = o.label;
      li.append(name);
      if (o.detail) {
        const detail = document.createElement("span");
        detail.className = "option-detail";
        detail.textContent = o.detail;
        li.append(detail);
      }
      return li;
    }));
    const anchor = ctl.layer.querySelector("[data-caret]");
    const lineHeight = parseFloat(getComputedStyle(ctl.area).lineHeight) || 20;
    if (anchor) {
      ctl.list.style.top = anchor.offsetTop - ctl.area.scrollTop + lineHeight + "px";
      ctl.list.style.left = Math.min(anchor.offsetLeft, Math.max(0, ctl.area.clientWidth - 240)) + "px";
    }
    ctl.list.hidden = false;
    choose(ctl, 0);
  }

  function suggest(ctl, explicit) {
    if (!ctl.options.suggest) return;
    const ticket = ++ctl.ticket;
    const caret = ctl.area.selectionStart;
    Promise.resolve(ctl.options.suggest(ctl.area.value, caret, explicit, ctl.area)).then((offer) => {
      // A later key press has asked again, or the caret moved on: this answer is stale.
      if (ticket !== ctl.ticket || document.activeElement !== ctl.area) return;
      if (!offer || !offer.options.length) closeSuggestions(ctl);
      else showSuggestions(ctl, offer);
    });
  }

  /* ---------- keys ---------- */
  function onKeydown(ctl, event) {
    const open = !ctl.list.hidden;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    const leaving = ctl.leaving;
    ctl.leaving = false;
    if (open && plain && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      choose(ctl, ctl.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (open && plain && event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      accept(ctl);
    } else if (event.key === "Escape") {
      // Escape closes the suggestions, and lets the next Tab leave the editor.
      if (open) event.stopPropagation();
      closeSuggestions(ctl);
      ctl.leaving = true;
    } else if (event.key === "Tab" && plain && !leaving) {
      event.preventDefault();
      indentLines(ctl, event.shiftKey);
    } else if (event.key === "Enter" && plain && !event.shiftKey) {
      event.preventDefault();
      newline(ctl);
    } else if (event.key === " " && event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      suggest(ctl, true);
    }
  }

  /* ---------- wiring one textarea ---------- */
  function unwrapCopy(area) {
    // A copy made by cloneNode (duplicating an action) carries the wrapper without its wiring.
    const wrap = area.parentElement;
    if (!wrap || !wrap.matches("[data-jsonarea]")) return;
    wrap.before(area);
    const problems = wrap.nextElementSibling;
    if (problems && problems.matches("[data-problems]")) problems.remove();
    wrap.remove();
  }

  function attach(area, options) {
    if (controllers.has(area)) return controllers.get(area);
    unwrapCopy(area);
    const id = "jsonarea-" + ++serial;
    const wrap = document.createElement("div");
    wrap.className = "jsonarea";
    wrap.setAttribute("data-jsonarea", "");
    const layer = document.createElement("pre");
    layer.className = "jsonarea-layer";
    layer.setAttribute("aria-hidden", "true");
    const list = document.createElement("ul");
    list.id = id + "-options";
    list.className = "jsonarea-options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("Suggestions"));
    list.hidden = true;
    const problems = document.createElement("ul");
    problems.id = id + "-problems";
    problems.className = "jsonarea-problems";
    problems.setAttribute("data-problems", "");
    problems.setAttribute("aria-live", "polite");
    problems.hidden = true;
    area.before(wrap);
    wrap.append(layer, area, list);
    wrap.after(problems);
    area.classList.add("jsonarea-input");
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", list.id);
    const described = (area.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    area.setAttribute("aria-describedby", [...described, problems.id].join(" "));
    const ctl = { area, layer, list, problems, options, markers: [], offer: null, active: 0, ticket: 0, leaving: false, timer: 0 };
    area.addEventListener("keydown", (e) => onKeydown(ctl, e));
    area.addEventListener("input", (e) => {
      render(ctl);
      if (e.isTrusted || e.inputType) suggest(ctl, false);
      clearTimeout(ctl.timer);
      ctl.timer = setTimeout(() => runChecks(ctl), 250);
    });
    area.addEventListener("scroll", () => { layer.scrollTop = area.scrollTop; layer.scrollLeft = area.scrollLeft; });
    ["click", "keyup", "focus"].forEach((type) => area.addEventListener(type, () => render(ctl)));
    area.addEventListener("blur", () => { closeSuggestions(ctl); render(ctl); });
    list.addEventListener("mousedown", (e) => {
      const li = e.target.closest("[role=option]");
      if (!li) return;
      e.preventDefault(); // keep the focus in the textarea
      accept(ctl, [...list.children].indexOf(li));
    });
    const api = {
      recheck: () => runChecks(ctl),
      replace: (from, to, text) => replaceRange(ctl, from, to, text),
      replaceAll: (text) => replaceRange(ctl, 0, area.value.length, text),
    };
    controllers.set(area, api);
    runChecks(ctl);
    return api;
  }

  window.JsonArea = { attach, get: (area) => controllers.get(area) || null };
})();
