/* onOffice API Playground: small behaviours for the server-rendered pages.
 * No dependencies, no inline code, no eval, so it runs under a strict CSP.
 * Every handler is delegated on document, so it keeps working after htmx swaps. */
(() => {
  "use strict";

  const FIELDS = "input, select, textarea";
  const ID_WITH_INDEX = /^(.+-)\d+$/;
  const ID_REFS = ["for", "list", "aria-describedby", "aria-labelledby", "aria-controls"];
  const jsonTimers = new WeakMap();
  const savedLabels = new WeakMap();
  let activeAction = null; // the action in which a field last had focus

  const actionsIn = (container) => Array.from(container.querySelectorAll("[data-action]"));
  const reindex = (id, index) => id.replace(ID_WITH_INDEX, "$1" + index);
  const isCheck = (field) => field.type === "checkbox" || field.type === "radio";
  // The page's language: base.html hands over the few texts this script writes itself.
  let uiMessages = null;
  const ui = (text) => {
    if (uiMessages === null) {
      const meta = document.querySelector('meta[name="ui-messages"]');
      try { uiMessages = JSON.parse(meta ? meta.content : "{}"); } catch (err) { uiMessages = {}; }
    }
    return uiMessages[text] || text;
  };
  const ask = (el) => window.confirm(el.getAttribute("data-confirm") || ui("Are you sure?"));

  /* ---------- composer actions ---------- */
  function containerFor(el) {
    const form = el.closest("form");
    return el.closest("[data-actions]") ||
      (form && form.querySelector("[data-actions]")) || document.querySelector("[data-actions]");
  }

  // Ids (and the label/aria attributes that point at them) carry the 0-based
  // position, so they stay unique after a change; field names never change.
  function renumber(container) {
    actionsIn(container).forEach((action, index) => {
      action.querySelectorAll("[data-action-number]").forEach((el) => { el.textContent = String(index + 1); });
      [action, ...action.querySelectorAll("[id]")].forEach((el) => { if (el.id) el.id = reindex(el.id, index); });
      ID_REFS.forEach((attr) => action.querySelectorAll("[" + attr + "]").forEach((el) => {
        el.setAttribute(attr, el.getAttribute(attr).split(/\s+/).map((ref) => reindex(ref, index)).join(" "));
      }));
    });
  }

  function focusAction(action) {
    activeAction = action;
    const first = Array.from(action.querySelectorAll(FIELDS)).find((f) => !f.disabled && f.type !== "hidden");
    if (first) first.focus();
  }

  // cloneNode keeps neither the chosen <option> nor (in some browsers) typed textarea text.
  function copyValues(from, to) {
    const targets = to.querySelectorAll(FIELDS);
    from.querySelectorAll(FIELDS).forEach((field, i) => {
      if (!targets[i]) return;
      if (isCheck(field)) targets[i].checked = field.checked; else targets[i].value = field.value;
    });
  }

  function clearAction(action) {
    action.querySelectorAll(FIELDS).forEach((field) => {
      if (field.tagName === "SELECT") field.selectedIndex = 0;
      else if (isCheck(field)) field.checked = false;
      else if (field.type !== "hidden") field.value = "";
      field.removeAttribute("aria-invalid");
      if (field.matches("textarea[data-json]")) field.dispatchEvent(new Event("input", { bubbles: true })); // the editor follows
    });
    action.querySelectorAll("[data-json-error]").forEach((el) => { el.textContent = ""; });
  }

  function addAction(button) {
    const container = containerFor(button);
    const template = document.getElementById("action-template");
    if (!container || !template) return;
    const fresh = template.content.querySelector("[data-action]").cloneNode(true);
    container.appendChild(fresh);
    renumber(container);
    focusAction(fresh);
  }

  function duplicateAction(action, container) {
    const copy = action.cloneNode(true);
    copy.classList.remove("flash-fill");
    copyValues(action, copy);
    action.after(copy);
    renumber(container);
    focusAction(copy);
  }

  function removeAction(action, container) {
    const all = actionsIn(container);
    if (all.length === 1) { // never remove the last one: clear it instead
      clearAction(action);
      return focusAction(action);
    }
    const at = all.indexOf(action);
    action.remove();
    renumber(container);
    focusAction(all[at + 1] || all[at - 1]);
  }

  function moveAction(action, container, button, up) {
    const all = actionsIn(container);
    const sibling = all[all.indexOf(action) + (up ? -1 : 1)];
    if (sibling) {
      if (up) sibling.before(action); else sibling.after(action);
      renumber(container);
    }
    button.focus(); // moving a node in the DOM drops its focus
    activeAction = action;
  }

  function changeAction(button) {
    const action = button.closest("[data-action]");
    const container = containerFor(action);
    if (button.hasAttribute("data-action-dup")) duplicateAction(action, container);
    else if (button.hasAttribute("data-action-remove")) removeAction(action, container);
    else moveAction(action, container, button, button.hasAttribute("data-action-up"));
  }

  /* ---------- templates ---------- */
  function setField(action, name, value) {
    const field = action.querySelector("[name=" + name + "]");
    if (!field || value === null) return;
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function flash(el) {
    el.classList.remove("flash-fill");
    void el.offsetWidth; // force a reflow so a second click restarts the animation
    el.classList.add("flash-fill");
    const done = () => el.classList.remove("flash-fill");
    el.addEventListener("animationend", done, { once: true });
    setTimeout(done, 1500); // animationend never comes when animations are off
  }

  /* ---------- undo a template over edited parameters ---------- */
  const ACTION_FIELDS = ["verb", "resourcetype", "resourceid", "identifier", "parameters"];
  const undoSnapshots = new WeakMap();

  function actionValues(action) {
    const values = {};
    ACTION_FIELDS.forEach((name) => {
      const field = action.querySelector("[name=" + name + "]");
      values[name] = field ? field.value : "";
    });
    return values;
  }

  function setAction(action, values) {
    ACTION_FIELDS.forEach((name) => setField(action, name, values[name] === undefined ? "" : values[name]));
  }

  // Edited: the parameters differ from what the server rendered or the last template put there.
  function edited(action) {
    const params = action.querySelector("[name=parameters]");
    if (!params) return false;
    const pristine = action.dataset.pristine !== undefined ? action.dataset.pristine : params.defaultValue;
    return params.value.trim() !== pristine.trim();
  }

  function offerUndo(action, before) {
    action.querySelectorAll("[data-undo-note]").forEach((el) => el.remove());
    const template = document.getElementById("undo-template");
    if (!template) return;
    const note = template.content.firstElementChild.cloneNode(true);
    undoSnapshots.set(note, before);
    action.appendChild(note);
  }

  function undoTemplate(button) {
    const note = button.closest("[data-undo-note]");
    const action = note && note.closest("[data-action]");
    if (!action) return;
    setAction(action, undoSnapshots.get(note));
    delete action.dataset.pristine;
    note.remove();
    const params = action.querySelector("[name=parameters]");
    if (params) params.focus();
  }

  function applyTemplate(button) {
    const action = activeAction && activeAction.isConnected ? activeAction
      : (containerFor(button) || document).querySelector("[data-action]");
    if (!action) return;
    const before = edited(action) ? actionValues(action) : null;
    const data = (name) => button.getAttribute("data-" + name) || "";
    setField(action, "verb", button.getAttribute("data-verb")); // left alone when absent
    setField(action, "resourcetype", data("resourcetype"));
    setField(action, "resourceid", data("resourceid"));
    setField(action, "identifier", "");
    setField(action, "parameters", data("parameters"));
    action.dataset.pristine = data("parameters");
    if (before) offerUndo(action, before); else action.querySelectorAll("[data-undo-note]").forEach((el) => el.remove());
    const params = action.querySelector("[name=parameters]");
    if (params) { showJsonError(params, ""); params.focus(); }
    activeAction = action;
    flash(action);
  }

  /* ---------- JSON early warning (the server validates again; never blocks submit) ---------- */
  function jsonProblem(text) {
    if (!text.trim()) return "";
    let value;
    try { value = JSON.parse(text); } catch (err) { return ui("Invalid JSON:") + " " + err.message; }
    const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
    return isObject ? "" : ui("Parameters must be a JSON object");
  }

  function showJsonError(textarea, message) {
    const scope = textarea.closest("[data-action]") || textarea.form || document;
    const target = Array.from(scope.querySelectorAll("[data-json-error]"))
      .find((el) => textarea.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (target) target.textContent = message;
    if (message) textarea.setAttribute("aria-invalid", "true"); else textarea.removeAttribute("aria-invalid");
  }

  function checkJson(textarea) {
    clearTimeout(jsonTimers.get(textarea));
    showJsonError(textarea, jsonProblem(textarea.value));
  }

  /* ---------- copy ---------- */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http (e.g. on a LAN) has no Clipboard API: copy from a selected, hidden textarea.
    const area = Object.assign(document.createElement("textarea"), { value: text, readOnly: true, className: "visually-hidden" });
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function showCopyResult(button, label) {
    const saved = savedLabels.get(button) || { nodes: Array.from(button.childNodes) };
    clearTimeout(saved.timer);
    button.textContent = label;
    saved.timer = setTimeout(() => { button.replaceChildren(...saved.nodes); savedLabels.delete(button); }, 1500);
    savedLabels.set(button, saved);
  }

  function copyFrom(button) {
    let source = null;
    try { source = document.querySelector(button.getAttribute("data-copy") || button.value); } catch (err) { /* bad selector */ }
    if (!source) return;
    const text = source.matches("textarea, input") ? source.value : source.textContent;
    copyText(text).then(() => showCopyResult(button, ui("Copied")), () => showCopyResult(button, ui("Copy failed")));
    button.focus();
  }

  /* ---------- download of shown text (the composer's code export) ---------- */
  function downloadFrom(button) {
    let source = null;
    try { source = document.querySelector(button.getAttribute("data-download")); } catch (err) { /* bad selector */ }
    if (!source) return;
    const blob = new Blob([source.textContent], { type: "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement("a"), { href: url, download: button.getAttribute("data-filename") || "code.txt" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /* ---------- tabs ---------- */
  const tabsOf = (container) => Array.from(container.querySelectorAll("[role=tab]"))
    .filter((tab) => tab.closest("[data-tabs]") === container);

  function selectTab(tab) {
    tabsOf(tab.closest("[data-tabs]")).forEach((t) => {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1; // roving tabindex: Tab reaches the selected tab only
      const panel = document.getElementById(t.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    });
  }

  function tabKey(event, tab) {
    const tabs = tabsOf(tab.closest("[data-tabs]"));
    const at = tabs.indexOf(tab);
    const next = { ArrowLeft: tabs[(at - 1 + tabs.length) % tabs.length], ArrowRight: tabs[(at + 1) % tabs.length],
      Home: tabs[0], End: tabs[tabs.length - 1] }[event.key];
    if (!next) return;
    event.preventDefault();
    selectTab(next);
    next.focus();
  }

  function initTabs(root) {
    root.querySelectorAll("[data-tabs] [role=tab]").forEach((t) => { t.tabIndex = t.getAttribute("aria-selected") === "true" ? 0 : -1; });
  }

  /* ---------- send state of the composer ---------- */
  function composerOf(elt) {
    if (!(elt instanceof Element)) return null;
    if (elt.matches("form[data-composer]")) return elt;
    return elt.matches("[type=submit]") ? elt.closest("form[data-composer]") : null;
  }

  const sendingListener = (busy) => (event) => {
    const form = composerOf(event.detail.elt);
    if (!form) return;
    form.querySelectorAll("button[type=submit]").forEach((b) => {
      b.disabled = busy;
      if (busy) b.setAttribute("aria-busy", "true"); else b.removeAttribute("aria-busy");
    });
  };

  /* ---------- guarded profiles: a band names the profile whenever one is chosen ---------- */
  function showProfileBand(select) {
    const band = document.querySelector("[data-protected-band]");
    const option = select.selectedOptions[0];
    if (!band || !option) return;
    const protectedOne = option.hasAttribute("data-protected");
    const everySend = option.hasAttribute("data-confirm-all");
    band.querySelector("[data-band-name]").textContent = option.getAttribute("data-name") || "";
    band.querySelector("[data-band-protected]").hidden = !protectedOne;
    band.querySelector("[data-band-every]").hidden = !everySend;
    band.hidden = !(protectedOne || everySend);
  }

  /* ---------- keyboard and the answer ---------- */
  const composerForm = () => document.querySelector("form[data-composer]");
  const typing = (el) => el instanceof Element && (el.isContentEditable || el.matches("input, textarea, select"));

  function sendComposer(event, target) {
    // From anywhere on the composer page, not only from inside its form.
    const form = target.closest("form[data-composer]") || composerForm();
    if (!form) return;
    event.preventDefault();
    if (!form.querySelector("button[type=submit][aria-busy=true]")) form.requestSubmit();
  }

  function showShortcuts(event) {
    const dialog = document.querySelector("[data-shortcuts]");
    if (!dialog || dialog.open) return;
    event.preventDefault();
    dialog.showModal();
  }

  // The answer's first control: its selected tab, else the panel itself (tabindex=-1).
  function focusAnswer() {
    const panel = document.getElementById("response");
    if (!panel) return;
    const tab = panel.querySelector("[role=tab][aria-selected=true]");
    (tab || panel).focus({ preventScroll: true });
    panel.scrollIntoView({ block: "start" });
  }

  // After a send, bring the answer into view when it landed off-screen (a phone, a long form).
  function revealAnswer(event) {
    const panel = event.detail.target;
    if (!panel || panel.id !== "response") return;
    const box = panel.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight * 0.6) panel.scrollIntoView({ block: "start" });
  }

  /* ---------- paging: the next page re-sends with listoffset moved on ---------- */
  function nextPage(button) {
    const form = composerForm();
    const action = form && actionsIn(containerFor(form))[Number(button.getAttribute("data-action-index"))];
    const params = action && action.querySelector("[name=parameters]");
    if (!params) return;
    let value;
    try { value = JSON.parse(params.value || "{}"); } catch (err) { params.focus(); return; }
    value.listoffset = Number(button.getAttribute("data-next-page"));
    setField(action, "parameters", JSON.stringify(value, null, 2));
    action.dataset.pristine = params.value;
    if (!form.querySelector("button[type=submit][aria-busy=true]")) form.requestSubmit();
  }

  // The button needs the composer (it changes its parameters): elsewhere it stays hidden.
  function showPaging(root) {
    if (!composerForm()) return;
    root.querySelectorAll("[data-next-page]").forEach((button) => { button.hidden = false; });
  }

  /* ---------- the composer's draft: per user and browser tab (sessionStorage) ---------- */
  const draftKey = (form) => "playground.draft." + (form.getAttribute("data-user") || "");
  let draftTimer = null;

  function saveDraft(form) {
    clearTimeout(draftTimer);
    const profile = form.querySelector("[name=profile_id]");
    const draft = { profile: profile ? profile.value : "", actions: actionsIn(containerFor(form)).map(actionValues), flow: flowDraft() };
    try { sessionStorage.setItem(draftKey(form), JSON.stringify(draft)); } catch (err) { /* storage full or off */ }
  }

  function restoreDraft(form) {
    let draft = null;
    try { draft = JSON.parse(sessionStorage.getItem(draftKey(form)) || "null"); } catch (err) { draft = null; }
    if (!draft || !Array.isArray(draft.actions) || !draft.actions.length) return;
    const container = containerFor(form);
    const template = document.getElementById("action-template");
    if (!container || !template) return;
    while (actionsIn(container).length < draft.actions.length) {
      container.appendChild(template.content.querySelector("[data-action]").cloneNode(true));
    }
    actionsIn(container).slice(draft.actions.length).forEach((extra) => extra.remove());
    renumber(container);
    actionsIn(container).forEach((action, i) => setAction(action, draft.actions[i]));
    document.addEventListener("DOMContentLoaded", () => restoreFlow(draft.flow));
    const profile = form.querySelector("[name=profile_id]");
    if (profile && Array.from(profile.options).some((o) => o.value === draft.profile && o.value)) {
      profile.value = draft.profile;
      showProfileBand(profile);
    }
  }

  // The flow panel's steps are hidden fields the server renders: kept with the draft, and
  // given back to the server to render the panel again (after htmx has set up the page).
  function flowDraft() {
    const panel = document.getElementById("flow");
    if (!panel) return null;
    const values = (name) => Array.from(panel.querySelectorAll(`[name=${name}]`), (el) => el.value);
    return { steps: values("flow_step"), stops: values("flow_stop"), name: values("flow_name")[0] || "", saved: values("flow_saved_id")[0] || "" };
  }

  function restoreFlow(flow) {
    const panel = document.getElementById("flow");
    if (!panel || !flow || !Array.isArray(flow.steps) || !flow.steps.length || panel.querySelector("[name=flow_step]")) return;
    const values = { op: "show", flow_step: flow.steps, flow_stop: flow.stops, flow_name: flow.name };
    if (flow.saved) values.flow_saved_id = flow.saved;
    htmx.ajax("POST", "/flows/steps", { source: panel, target: panel, swap: "outerHTML", values });
  }

  // A plain visit of the composer resumes the tab's draft; a link that names what to open
  // (a history entry, a saved request, a template) wins, and "New request" starts afresh.
  function initDraft() {
    const form = composerForm();
    if (!form || !form.hasAttribute("data-user")) return;
    const params = new URLSearchParams(location.search);
    if (params.has("new")) {
      sessionStorage.removeItem(draftKey(form));
      history.replaceState(null, "", location.pathname);
    } else if (location.pathname === "/" && !location.search) {
      restoreDraft(form);
    }
    const later = () => { clearTimeout(draftTimer); draftTimer = setTimeout(() => saveDraft(form), 300); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    window.addEventListener("pagehide", () => saveDraft(form));
  }

  /* ---------- wiring ---------- */
  const CLICKS = [ // buttons handled here never submit a form
    ["[data-action] :is([data-action-dup], [data-action-remove], [data-action-up], [data-action-down])", changeAction],
    ["[data-action-add]", addAction],
    ["[data-template]", applyTemplate],
    ["[data-copy]", copyFrom],
    ["[data-download]", downloadFrom],
    ["[data-tabs] [role=tab]", selectTab],
    ["[data-open-shortcuts]", () => showShortcuts(new Event("click"))],
    ["[data-undo]", undoTemplate],
    ["[data-next-page]", nextPage],
  ];

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const hit = button && CLICKS.find(([selector]) => button.matches(selector));
    if (!hit) return;
    event.preventDefault();
    hit[1](button);
  });

  // Capture phase: a "no" stops the event before htmx or the form sees it.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-confirm]");
    if (button && !button.disabled && !ask(button)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-confirm]")) return;
    if (event.submitter && event.submitter.hasAttribute("data-confirm")) return; // already asked on click
    if (!ask(form)) { event.preventDefault(); event.stopImmediatePropagation(); return; }
    // Asked here: the server need not ask again (without JavaScript it does, on a page).
    const again = form.querySelector("input[name=ask]");
    if (again) again.value = "0";
  }, true);

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      sendComposer(event, target);
    } else if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(target)) {
      showShortcuts(event);
    } else if (target.matches("[data-tabs] [role=tab]")) {
      tabKey(event, target);
    }
  });

  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("[data-profile-select]")) showProfileBand(event.target);
  });

  document.addEventListener("focusin", (event) => {
    const action = event.target.closest && event.target.closest("[data-actions] [data-action]");
    if (action) activeAction = action;
  });

  document.addEventListener("input", (event) => {
    const area = event.target;
    if (!area.matches("textarea[data-json]")) return;
    clearTimeout(jsonTimers.get(area));
    jsonTimers.set(area, setTimeout(() => checkJson(area), 250));
  });

  document.addEventListener("focusout", (event) => {
    if (event.target.matches && event.target.matches("textarea[data-json]")) checkJson(event.target);
  });

  // beforeSend (not beforeRequest) comes after the last chance to cancel, so
  // afterRequest always follows it and the button is never left disabled.
  document.addEventListener("htmx:beforeSend", sendingListener(true));
  ["htmx:afterRequest", "htmx:onLoadError"].forEach((name) => document.addEventListener(name, sendingListener(false)));
  document.addEventListener("htmx:load", (event) => { initTabs(event.detail.elt); showPaging(event.detail.elt); });
  document.addEventListener("htmx:afterSwap", revealAnswer);
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-skip-to-answer]");
    if (!link) return;
    event.preventDefault();
    focusAnswer();
  });
  initTabs(document);
  showPaging(document);
  initDraft();
})();
