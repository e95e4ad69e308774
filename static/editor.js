/* onOffice API Playground: the parameters editor (CodeMirror 6, from static/vendor).
 * Progressive enhancement: each action's <textarea name=parameters> stays in the form
 * and is the source of truth; the editor mirrors it both ways. The editor lives in an
 * open shadow root so that CodeMirror's styles go into a constructable stylesheet,
 * which the strict CSP (style-src 'self') allows, unlike an injected <style>.
 * It suggests and checks parameter names, field names, operators and permitted values
 * from /calls.json and /fields.json; checks only warn, they never block a send. */
(() => {
  "use strict";

  const CM = window.CM;
  if (!CM) return;

  const views = new WeakMap(); // textarea -> EditorView
  const fieldCache = new Map(); // "profile|language" -> Promise<catalogue|null>
  let callsPromise = null;
  let firstCatalogues = Promise.resolve(); // the catalogues' first loading, from the page load
  let catalogue = { calls: null, fields: null }; // what the checks and suggestions read now
  const ALWAYS_KNOWN_FIELDS = new Set(["Id"]); // estate/address record id, not in get fields
  const SORT_ORDERS = ["ASC", "DESC"];

  /* ---------- catalogues ---------- */
  const getJson = (url) => fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : null)).catch(() => null);

  function loadCalls() {
    if (!callsPromise) callsPromise = getJson("/calls.json");
    return callsPromise;
  }

  const profileSelect = () => document.getElementById("profile_id");
  const fieldsLanguage = () => (document.documentElement.lang || "en").toLowerCase().startsWith("de") ? "DEU" : "ENG";

  function loadFields() {
    const select = profileSelect();
    if (!select || !select.value) return Promise.resolve(null);
    const key = select.value + "|" + fieldsLanguage();
    if (!fieldCache.has(key)) {
      const url = "/fields.json?profile=" + encodeURIComponent(select.value) + "&language=" + fieldsLanguage();
      fieldCache.set(key, getJson(url).then((data) => (data && data.modules ? data : null)));
    }
    return fieldCache.get(key);
  }

  function refreshCatalogues() {
    return Promise.all([loadCalls(), loadFields()]).then(([calls, fields]) => {
      catalogue = { calls, fields };
      document.querySelectorAll("textarea[data-json]").forEach((area) => {
        const view = views.get(area);
        if (view) CM.forceLinting(view);
        checkResourcetype(area.closest("[data-action]"));
      });
    });
  }

  /* ---------- the action around an editor ---------- */
  function callOf(action) {
    const verb = action && action.querySelector("[name=verb]");
    const type = action && action.querySelector("[name=resourcetype]");
    const key = ((verb && verb.value) || "") + " " + ((type && type.value.trim()) || "");
    const calls = catalogue.calls && catalogue.calls.calls;
    return { key, call: (calls && calls[key]) || null, resourcetype: (type && type.value.trim()) || "" };
  }

  function fieldsOf(action) {
    const modules = catalogue.fields && catalogue.fields.modules;
    if (!modules) return null;
    const { call, resourcetype } = callOf(action);
    const module = (call && call.module) || resourcetype;
    return (module && modules[module]) ? { module, fields: modules[module] } : null;
  }

  /* ---------- nearest names ---------- */
  function distance(a, b) {
    if (Math.abs(a.length - b.length) > 3) return 99;
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) {
        row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = row;
    }
    return prev[b.length];
  }

  function nearest(name, known, count = 3) {
    const lower = name.toLowerCase();
    const limit = Math.max(2, Math.floor(name.length / 3));
    return known.map((k) => [k, k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase())])
      .filter(([, d]) => d <= limit).sort((x, y) => x[1] - y[1]).slice(0, count).map(([k]) => k);
  }

  const didYouMean = (name, known) => {
    const near = nearest(name, known);
    return near.length ? " Did you mean " + near.map((n) => "`" + n + "`").join(", ") + "?" : "";
  };

  /* ---------- a small JSON parser that keeps positions (for the checks) ---------- */
  class JsonError extends Error {
    constructor(message, pos) { super(message); this.pos = pos; }
  }

  function parseJson(text) {
    let i = 0;
    const ws = () => { while (i < text.length && " \t\n\r".includes(text[i])) i++; };
    const fail = (what) => { throw new JsonError(what + (i < text.length ? " at `" + text[i] + "`" : " at the end"), i); };
    function string() {
      const from = i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\") i++;
        else if (text[i] < " ") fail("Control character in a string");
        i++;
      }
      if (i >= text.length) { i = from; fail("Unterminated string"); }
      i++;
      let value;
      try { value = JSON.parse(text.slice(from, i)); } catch (e) { i = from; fail("Bad escape in a string"); }
      return { kind: "string", value, from, to: i };
    }
    function value() {
      ws();
      const from = i, c = text[i];
      if (c === "{") {
        i++; const props = []; ws();
        if (text[i] === "}") { i++; return { kind: "object", props, from, to: i }; }
        for (;;) {
          ws();
          if (text[i] !== '"') fail("Expected a property name in double quotes");
          const key = string(); ws();
          if (text[i] !== ":") fail("Expected `:`");
          i++;
          props.push({ key, value: value() }); ws();
          if (text[i] === ",") { i++; continue; }
          if (text[i] === "}") { i++; return { kind: "object", props, from, to: i }; }
          fail("Expected `,` or `}`");
        }
      }
      if (c === "[") {
        i++; const items = []; ws();
        if (text[i] === "]") { i++; return { kind: "array", items, from, to: i }; }
        for (;;) {
          items.push(value()); ws();
          if (text[i] === ",") { i++; continue; }
          if (text[i] === "]") { i++; return { kind: "array", items, from, to: i }; }
          fail("Expected `,` or `]`");
        }
      }
      if (c === '"') return string();
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail("Unexpected value");
      i += m[0].length;
      return { kind: "scalar", value: JSON.parse(m[0]), from, to: i };
    }
    const root = value(); ws();
    if (i < text.length) fail("Unexpected text after the JSON value");
    return root;
  }

  const prop = (obj, name) => obj && obj.kind === "object" ? obj.props.find((p) => p.key.value === name) : undefined;

  /* ---------- checks ---------- */
  function checks(view) {
    const text = view.state.doc.toString();
    if (!text.trim()) return [];
    let root;
    try { root = parseJson(text); } catch (err) {
      if (!(err instanceof JsonError)) return [];
      const from = Math.min(err.pos, text.length);
      return [{ from, to: Math.min(from + 1, text.length), severity: "error", message: "Invalid JSON: " + err.message + "." }];
    }
    if (root.kind !== "object") {
      return [{ from: root.from, to: root.to, severity: "error", message: "Parameters must be a JSON object." }];
    }
    const out = [];
    const warn = (node, message) => out.push({ from: node.from, to: node.to, severity: "warning", message });
    const action = view.dom.getRootNode().host && view.dom.getRootNode().host.closest("[data-action]");
    const { key, call } = callOf(action);
    const info = catalogue.calls;
    if (call) {
      const params = call.parameters || [];
      root.props.forEach((p) => {
        if (!params.includes(p.key.value)) {
          warn(p.key, "`" + p.key.value + "` is not a parameter of " + key + "." + didYouMean(p.key.value, params));
        }
      });
      const offset = prop(root, "listoffset");
      if (offset && call.paging === false) warn(offset.key, "`listoffset` is ignored by " + key + ": it does not page.");
    }
    const limit = prop(root, "listlimit");
    const max = (info && info.max_listlimit) || 500;
    if (limit && typeof limit.value.value === "number" && limit.value.value > max) {
      warn(limit.value, "listlimit " + limit.value.value + " is above " + max + ": onOffice falls back to 20 above " + max + ".");
    }
    const found = fieldsOf(action);
    if (found) checkFields(root, found, warn);
    const filter = prop(root, "filter");
    const operators = info && info.operators;
    if (filter && filter.value.kind === "object" && operators) {
      filter.value.props.forEach((p) => {
        if (p.value.kind !== "array") return;
        p.value.items.forEach((clause) => {
          const op = prop(clause, "op");
          if (op && op.value.kind === "string" && !operators.includes(op.value.value.toUpperCase()) && !operators.includes(op.value.value)) {
            warn(op.value, "Unknown filter operator `" + op.value.value + "`; onOffice knows " + operators.join(" ") + ".");
          }
        });
      });
    }
    return out;
  }

  function checkFields(root, { module, fields }, warn) {
    const names = Object.keys(fields);
    const known = (name) => ALWAYS_KNOWN_FIELDS.has(name) || Object.prototype.hasOwnProperty.call(fields, name);
    const checkName = (node) => {
      if (node.kind !== "string" || known(node.value)) return false;
      warn(node, "Unknown field `" + node.value + "` in " + module + "." + didYouMean(node.value, names));
      return true;
    };
    const checkValue = (fieldName, node) => {
      const field = fields[fieldName];
      const permitted = field && field.permitted;
      if (!permitted || !node) return;
      const values = node.kind === "array" ? node.items : [node];
      values.forEach((v) => {
        if (v.kind === "string" && v.value !== "" && !Object.prototype.hasOwnProperty.call(permitted, v.value)) {
          const keys = Object.keys(permitted);
          warn(v, "`" + v.value + "` is not a permitted value of " + fieldName + "." +
            (didYouMean(v.value, keys) || " Permitted: " + keys.slice(0, 8).join(", ") + (keys.length > 8 ? ", …" : "") + "."));
        }
      });
    };
    const data = prop(root, "data");
    if (data && data.value.kind === "array") data.value.items.forEach(checkName);
    if (data && data.value.kind === "object") {
      data.value.props.forEach((p) => { if (!checkName(p.key)) checkValue(p.key.value, p.value); });
    }
    const filter = prop(root, "filter");
    if (filter && filter.value.kind === "object") {
      filter.value.props.forEach((p) => {
        if (checkName(p.key) || p.value.kind !== "array") return;
        p.value.items.forEach((clause) => { const val = prop(clause, "val"); if (val) checkValue(p.key.value, val.value); });
      });
    }
    const sortby = prop(root, "sortby");
    if (sortby && sortby.value.kind === "object") sortby.value.props.forEach((p) => checkName(p.key));
  }

  /* ---------- where the cursor is: a tolerant scan of the text before it ---------- */
  function contextAt(text) {
    const stack = []; // {type: "object"|"array", key, expectKey}
    let i = 0, inString = false, stringFrom = 0, lastString = null;
    while (i < text.length) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') { inString = false; lastString = JSON.parse('"' + text.slice(stringFrom, i).replace(/\\$/, "") + '"'); }
        i++; continue;
      }
      const top = stack[stack.length - 1];
      if (c === '"') { inString = true; stringFrom = i + 1; }
      else if (c === "{") stack.push({ type: "object", key: null, expectKey: true });
      else if (c === "[") stack.push({ type: "array" });
      else if (c === "}" || c === "]") stack.pop();
      else if (c === ":" && top && top.type === "object") { top.key = lastString; top.expectKey = false; }
      else if (c === "," && top && top.type === "object") { top.expectKey = true; top.key = null; }
      i++;
    }
    const path = stack.map((f) => (f.type === "array" ? "[]" : f.key));
    const top = stack[stack.length - 1];
    const role = top && top.type === "object" && top.expectKey ? "key" : "value";
    return { path: role === "key" ? path.slice(0, -1) : path, role, inString, from: inString ? stringFrom : null, depth: stack.length };
  }

  const fieldOption = (name, f) => ({
    label: name, type: "property",
    detail: [f.label, f.type].filter(Boolean).join(" · "),
  });

  function optionsFor(ctx, action) {
    const found = fieldsOf(action);
    const fieldOptions = () => (found ? Object.entries(found.fields).map(([n, f]) => fieldOption(n, f)) : []);
    const permittedOptions = (name) => {
      const f = found && found.fields[name];
      return f && f.permitted ? Object.entries(f.permitted).map(([k, l]) => ({ label: k, detail: String(l), type: "enum" })) : [];
    };
    const p = ctx.path;
    if (ctx.role === "key" && p.length === 0) {
      const { call } = callOf(action);
      return call ? call.parameters.map((n) => ({ label: n, type: "keyword", detail: "parameter of " + callOf(action).key })) : [];
    }
    if (p[0] === "data" && p.length === 2 && p[1] === "[]" && ctx.role === "value") return fieldOptions();
    if (p[0] === "data" && p.length === 1 && ctx.role === "key") return fieldOptions();
    if (p[0] === "data" && p.length === 2 && p[1] !== "[]" && ctx.role === "value") return permittedOptions(p[1]);
    if (p[0] === "filter" && p.length === 1 && ctx.role === "key") return fieldOptions();
    if (p[0] === "filter" && p.length === 3 && ctx.role === "key") {
      return [{ label: "op", type: "keyword", detail: "operator" }, { label: "val", type: "keyword", detail: "value" }];
    }
    if (p[0] === "filter" && p.length === 4 && p[3] === "op" && ctx.role === "value") {
      const ops = (catalogue.calls && catalogue.calls.operators) || [];
      return ops.map((o) => ({ label: o, type: "keyword", detail: "operator" }));
    }
    if (p[0] === "filter" && p.length >= 4 && p[3] === "val" && ctx.role === "value") return permittedOptions(p[1]);
    if (p[0] === "sortby" && p.length === 1 && ctx.role === "key") return fieldOptions();
    if (p[0] === "sortby" && p.length === 2 && ctx.role === "value") return SORT_ORDERS.map((o) => ({ label: o, type: "keyword", detail: "order" }));
    return [];
  }

  function complete(context) {
    // Typed before the catalogues arrived (just after the page loaded): answer once they are.
    if (!catalogue.calls) return firstCatalogues.then(() => suggest(context));
    return suggest(context);
  }

  function suggest(context) {
    const pos = context.pos;
    const ctx = contextAt(context.state.sliceDoc(0, pos));
    if (!ctx.inString && !context.explicit) return null;
    const host = context.view && context.view.dom.getRootNode().host;
    const options = optionsFor(ctx, host && host.closest("[data-action]"));
    if (!options.length) return null;
    if (ctx.inString) return { from: ctx.from, options, validFor: /^[\w.\-]*$/ };
    const word = context.matchBefore(/[\w.\-]*/);
    return {
      from: word ? word.from : pos,
      options: options.map((o) => ({ ...o, apply: JSON.stringify(o.label) })),
      validFor: /^[\w.\-]*$/,
    };
  }

  /* ---------- the editor ---------- */
  const T = CM.tags;
  const highlight = CM.HighlightStyle.define([
    { tag: T.propertyName, color: "light-dark(#1d4f91, #8cc4ff)" },
    { tag: T.string, color: "light-dark(#0b6b2b, #8fe3a2)" },
    { tag: T.number, color: "light-dark(#8a3b00, #ffb27a)" },
    { tag: [T.bool, T.null], color: "light-dark(#7a1f9a, #e2a8ff)" },
    { tag: T.invalid, color: "light-dark(#b00020, #ff8a80)" },
  ]);

  const theme = CM.EditorView.theme({
    "&": { border: "1px solid var(--border-strong, #8a8f98)", borderRadius: "var(--radius, 6px)", fontSize: "0.9rem",
      background: "var(--surface, #fff)", color: "var(--text, #111)" },
    "&.cm-focused": { outline: "2px solid var(--focus, #2f6feb)", outlineOffset: "1px" },
    ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", minHeight: "9rem", maxHeight: "28rem", lineHeight: "1.45" },
    ".cm-content": { caretColor: "var(--text, #111)" },
    ".cm-matchingBracket": { background: "light-dark(#dbeafe, #1e3a8a)", outline: "1px solid light-dark(#60a5fa, #93c5fd)" },
    ".cm-tooltip": { border: "1px solid var(--border-strong, #8a8f98)", background: "var(--surface, #fff)", color: "var(--text, #111)" },
    ".cm-tooltip-autocomplete > ul > li[aria-selected]": { background: "var(--accent, #2356c4)", color: "var(--on-accent, #fff)" },
    ".cm-completionDetail": { fontStyle: "normal", opacity: "0.85", marginLeft: "0.8em" },
    ".cm-diagnostic-warning": { borderLeft: "5px solid var(--warn, #8f5f00)" },
    ".cm-diagnostic-error": { borderLeft: "5px solid var(--error, #c0312b)" },
  });

  // Ctrl/Cmd+Enter sends the form (app.js); the default keymap would insert a blank line.
  const keys = CM.defaultKeymap.filter((b) => b.key !== "Mod-Enter");

  // The visible label names the editor (the hidden textarea loses it, so the name is unique).
  function labelFor(area) {
    const action = area.closest("[data-action]");
    const label = action && action.querySelector("[data-parameters-label]");
    if (label) label.removeAttribute("for");
    return (label && label.textContent.trim()) || "Parameters";
  }

  function enhance(area) {
    if (views.has(area)) return;
    const old = area.nextElementSibling;
    if (old && old.matches("[data-editor-host]")) old.remove(); // a copy made by cloneNode has no editor inside
    const host = document.createElement("div");
    host.setAttribute("data-editor-host", "");
    host.className = "editor-host";
    area.after(host);
    const shadow = host.attachShadow({ mode: "open" });
    const invalid = new CM.Compartment();
    const attrsFor = () => {
      const attrs = { "aria-label": labelFor(area) };
      if (area.getAttribute("aria-invalid") === "true") attrs["aria-invalid"] = "true";
      return CM.EditorView.contentAttributes.of(attrs);
    };
    let syncing = false;
    const view = new CM.EditorView({
      root: shadow,
      parent: shadow,
      state: CM.EditorState.create({
        doc: area.value,
        extensions: [
          CM.highlightSpecialChars(), CM.history(), CM.drawSelection(), CM.indentOnInput(),
          CM.syntaxHighlighting(highlight), CM.bracketMatching(), CM.closeBrackets(),
          CM.EditorState.tabSize.of(2),
          CM.json(),
          CM.autocompletion({ override: [complete], icons: false, activateOnTyping: true, activateOnTypingDelay: 0, interactionDelay: 0 }),
          CM.linter(checks, { delay: 300 }),
          CM.keymap.of([...CM.closeBracketsKeymap, ...keys, ...CM.historyKeymap, ...CM.completionKeymap, ...CM.lintKeymap, CM.indentWithTab]),
          CM.EditorView.lineWrapping,
          theme,
          invalid.of(attrsFor()),
          CM.EditorView.updateListener.of((update) => {
            if (!update.docChanged || syncing) return;
            area.value = update.state.doc.toString();
            syncing = true;
            area.dispatchEvent(new Event("input", { bubbles: true })); // app.js's JSON warning
            syncing = false;
          }),
        ],
      }),
    });
    views.set(area, view);
    area.hidden = true;
    area.setAttribute("data-enhanced", "");
    area.focus = () => view.focus(); // app.js focuses the parameters after a template
    area.addEventListener("input", () => {
      if (syncing || area.value === view.state.doc.toString()) return;
      syncing = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: area.value } });
      syncing = false;
    });
    new MutationObserver(() => view.dispatch({ effects: invalid.reconfigure(attrsFor()) }))
      .observe(area, { attributes: true, attributeFilter: ["aria-invalid"] });
    const action = area.closest("[data-action]");
    if (action) {
      action.querySelectorAll("[data-format]").forEach((b) => { b.hidden = false; });
      checkResourcetype(action);
    }
  }

  function formatIn(action) {
    const area = action && action.querySelector("textarea[data-json]");
    const view = area && views.get(area);
    if (!view) return;
    let value;
    try { value = JSON.parse(view.state.doc.toString()); } catch (err) { CM.forceLinting(view); view.focus(); return; }
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: JSON.stringify(value, null, 2) } });
    view.focus();
  }

  /* ---------- resourcetype: suggestions (datalist) and check ---------- */
  function checkResourcetype(action) {
    if (!action) return;
    const verb = action.querySelector("[name=verb]");
    const input = action.querySelector("[name=resourcetype]");
    const hint = action.querySelector("[data-resourcetype-hint]");
    const list = input && input.list;
    const types = catalogue.calls && catalogue.calls.resourcetypes && verb ? catalogue.calls.resourcetypes[verb.value] : null;
    if (list && types && list.getAttribute("data-verb") !== verb.value) {
      list.replaceChildren(...types.map((t) => Object.assign(document.createElement("option"), { value: t })));
      list.setAttribute("data-verb", verb.value);
    }
    if (!hint || !input) return;
    const value = input.value.trim();
    let message = "";
    if (!value) message = "Resourcetype is empty.";
    else if (types && !types.includes(value)) {
      const near = nearest(value, types, 2);
      message = "`" + value + "` is not a resourcetype of " + verb.value + "." +
        (near.length ? " Did you mean " + near.map((n) => "`" + n + "`").join(", ") + "?" : "");
    }
    hint.textContent = message;
  }

  /* ---------- the fields browser and the response panel's fixes ---------- */
  let activeAction = null;
  document.addEventListener("focusin", (event) => {
    const action = event.target.closest && event.target.closest("[data-actions] [data-action]");
    if (action) activeAction = action;
  });

  function replaceDoc(area, text) {
    const view = views.get(area);
    if (view) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    else { area.value = text; area.dispatchEvent(new Event("input", { bubbles: true })); }
  }

  function insertField(button) {
    const action = activeAction && activeAction.isConnected ? activeAction : document.querySelector("[data-actions] [data-action]");
    const area = action && action.querySelector("textarea[data-json]");
    if (!area) return;
    const name = button.getAttribute("data-insert-field");
    const choice = button.closest("[data-insert-as]");
    const picked = document.querySelector("input[name=insert_as]:checked");
    const asFilter = (button.getAttribute("data-insert-as") || (choice && choice.getAttribute("data-insert-as")) || (picked && picked.value)) === "filter";
    let params;
    try { params = area.value.trim() ? JSON.parse(area.value) : {}; } catch (err) { params = null; }
    const view = views.get(area);
    if (!params || typeof params !== "object" || Array.isArray(params)) {
      // Broken JSON: put the quoted name at the cursor and leave the rest alone.
      if (view) { view.dispatch(view.state.replaceSelection(JSON.stringify(name))); view.focus(); }
      return;
    }
    if (asFilter) {
      if (!params.filter || typeof params.filter !== "object" || Array.isArray(params.filter)) params.filter = {};
      params.filter[name] = [{ op: "=", val: "" }];
    } else if (params.data && typeof params.data === "object" && !Array.isArray(params.data)) {
      if (!(name in params.data)) params.data[name] = "";
    } else {
      if (!Array.isArray(params.data)) params.data = [];
      if (!params.data.includes(name)) params.data.push(name);
    }
    replaceDoc(area, JSON.stringify(params, null, 2));
    if (view) view.focus(); else area.focus();
  }

  function fixField(button) {
    const wrong = JSON.stringify(button.getAttribute("data-fix-field") || "");
    const right = JSON.stringify(button.getAttribute("data-fix-to") || "");
    if (wrong === '""' || right === '""') return;
    document.querySelectorAll("[data-actions] textarea[data-json]").forEach((area) => {
      if (!area.value.includes(wrong)) return;
      const view = views.get(area);
      if (!view) { replaceDoc(area, area.value.split(wrong).join(right)); return; }
      const text = view.state.doc.toString(), changes = [];
      for (let at = text.indexOf(wrong); at >= 0; at = text.indexOf(wrong, at + wrong.length)) {
        changes.push({ from: at, to: at + wrong.length, insert: right });
      }
      view.dispatch({ changes });
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-insert-field]")) { event.preventDefault(); insertField(button); }
    else if (button.matches("[data-fix-field]")) { event.preventDefault(); fixField(button); }
    else if (button.matches("[data-action] [data-format]")) { event.preventDefault(); formatIn(button.closest("[data-action]")); }
  });

  /* ---------- wiring ---------- */
  function enhanceAll(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const areas = scope.matches && scope.matches("textarea[data-json]") ? [scope] : scope.querySelectorAll("textarea[data-json]");
    areas.forEach((area) => { if (!area.closest("template")) enhance(area); });
  }

  document.addEventListener("click", (event) => {
    const label = event.target.closest && event.target.closest("[data-action] [data-parameters-label]");
    const area = label && label.closest("[data-action]").querySelector("textarea[data-json]");
    if (area && views.has(area)) views.get(area).focus();
  });

  document.addEventListener("change", (event) => {
    const t = event.target;
    if (t.id === "profile_id") refreshCatalogues();
    else if (t.matches && t.matches("[data-action] [name=verb], [data-action] [name=resourcetype]")) refreshAction(t.closest("[data-action]"));
  });
  document.addEventListener("input", (event) => {
    const t = event.target;
    if (t.matches && t.matches("[data-action] [name=resourcetype]")) refreshAction(t.closest("[data-action]"));
  });

  function refreshAction(action) {
    checkResourcetype(action);
    const area = action && action.querySelector("textarea[data-json]");
    const view = area && views.get(area);
    if (view) CM.forceLinting(view);
  }

  // app.js adds and duplicates actions without htmx: watch the list of actions too.
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
    if (n.nodeType === 1) enhanceAll(n);
  }))).observe(document.body, { childList: true, subtree: true });
  document.addEventListener("htmx:load", (event) => enhanceAll(event.detail.elt));
  enhanceAll(document);
  firstCatalogues = refreshCatalogues();
})();
