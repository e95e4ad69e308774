/* onOffice API Playground: what the parameters editor knows about onOffice.
 * The editing surface is static/jsonarea.js (the textarea itself, highlighted); this file
 * suggests and checks parameter names, field names, operators and permitted values from
 * /calls.json and /fields.json. Checks only warn, they never block a send. */
(() => {
  "use strict";

  const JsonArea = window.JsonArea;
  if (!JsonArea) return;

  // The texts in the reader's language (templates/partials/editor_messages.html).
  const MESSAGES = (() => {
    const node = document.getElementById("editor-messages");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (err) { return {}; }
  })();
  const t = (key, values = {}) => (MESSAGES[key] || key).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

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
        const editor = JsonArea.get(area);
        if (editor) editor.recheck();
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

  const quoted = (names) => names.map((n) => "`" + n + "`").join(", ");
  const didYouMean = (name, known) => {
    const near = nearest(name, known);
    return near.length ? t(" Did you mean {names}?", { names: quoted(near) }) : "";
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
  function checks(text, area) {
    if (!text.trim()) return [];
    let root;
    try { root = parseJson(text); } catch (err) {
      if (!(err instanceof JsonError)) return [];
      const from = Math.min(err.pos, text.length);
      // Underlined here; the form's own line under the editor already says it in words.
      return [{ from, to: Math.min(from + 1, text.length), severity: "error", message: "Invalid JSON: " + err.message + ".", listed: false }];
    }
    if (root.kind !== "object") {
      return [{ from: root.from, to: root.to, severity: "error", message: t("Parameters must be a JSON object.") }];
    }
    const out = [];
    const warn = (node, message) => out.push({ from: node.from, to: node.to, severity: "warning", message });
    const action = area.closest("[data-action]");
    const { key, call } = callOf(action);
    const info = catalogue.calls;
    if (call) {
      const params = call.parameters || [];
      root.props.forEach((p) => {
        if (!params.includes(p.key.value)) {
          warn(p.key, t("`{name}` is not a parameter of {call}.", { name: p.key.value, call: key }) + didYouMean(p.key.value, params));
        }
      });
      const offset = prop(root, "listoffset");
      if (offset && call.paging === false) warn(offset.key, t("{call} does not page with `listoffset`: onOffice ignores it or refuses the call.", { call: key }));
    }
    const limit = prop(root, "listlimit");
    const max = (info && info.max_listlimit) || 500;
    if (limit && typeof limit.value.value === "number" && limit.value.value > max) {
      warn(limit.value, t("listlimit {value} is above {max}: onOffice falls back to 20 above {max}.", { value: limit.value.value, max }));
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
            warn(op.value, t("Unknown filter operator `{op}`; onOffice knows {ops}.", { op: op.value.value, ops: operators.join(" ") }));
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
      warn(node, t("Unknown field `{name}` in {module}.", { name: node.value, module }) + didYouMean(node.value, names));
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
          warn(v, t("`{value}` is not a permitted value of {field}.", { value: v.value, field: fieldName }) +
            (didYouMean(v.value, keys) || t(" Permitted: {values}.", { values: keys.slice(0, 8).join(", ") + (keys.length > 8 ? ", …" : "") })));
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
      return call ? call.parameters.map((n) => ({ label: n, type: "keyword", detail: t("parameter of {call}", { call: callOf(action).key }) })) : [];
    }
    if (p[0] === "data" && p.length === 2 && p[1] === "[]" && ctx.role === "value") return fieldOptions();
    if (p[0] === "data" && p.length === 1 && ctx.role === "key") return fieldOptions();
    if (p[0] === "data" && p.length === 2 && p[1] !== "[]" && ctx.role === "value") return permittedOptions(p[1]);
    if (p[0] === "filter" && p.length === 1 && ctx.role === "key") return fieldOptions();
    if (p[0] === "filter" && p.length === 3 && ctx.role === "key") {
      return [{ label: "op", type: "keyword", detail: t("operator") }, { label: "val", type: "keyword", detail: t("value") }];
    }
    if (p[0] === "filter" && p.length === 4 && p[3] === "op" && ctx.role === "value") {
      const ops = (catalogue.calls && catalogue.calls.operators) || [];
      return ops.map((o) => ({ label: o, type: "keyword", detail: t("operator") }));
    }
    if (p[0] === "filter" && p.length >= 4 && p[3] === "val" && ctx.role === "value") return permittedOptions(p[1]);
    if (p[0] === "sortby" && p.length === 1 && ctx.role === "key") return fieldOptions();
    if (p[0] === "sortby" && p.length === 2 && ctx.role === "value") return SORT_ORDERS.map((o) => ({ label: o, type: "keyword", detail: t("order") }));
    return [];
  }

  function suggestFor(text, pos, explicit, area) {
    // Typed before the catalogues arrived (just after the page loaded): answer once they are.
    if (!catalogue.calls) return firstCatalogues.then(() => suggestNow(text, pos, explicit, area));
    return suggestNow(text, pos, explicit, area);
  }

  function suggestNow(text, pos, explicit, area) {
    const ctx = contextAt(text.slice(0, pos));
    if (!ctx.inString && !explicit) return null;
    const options = optionsFor(ctx, area.closest("[data-action]"));
    if (!options.length) return null;
    // In a string, the offer starts at its opening quote; elsewhere at the word typed.
    if (ctx.inString) return { from: ctx.from - 1, options, quoted: true };
    const word = /[\w.\-]*$/.exec(text.slice(0, pos))[0];
    return { from: pos - word.length, options, quoted: false };
  }

  function enhance(area) {
    JsonArea.attach(area, { suggest: suggestFor, check: checks });
    const action = area.closest("[data-action]");
    if (action) {
      action.querySelectorAll("[data-format]").forEach((b) => { b.hidden = false; });
      checkResourcetype(action);
    }
  }

  function formatIn(action) {
    const area = action && action.querySelector("textarea[data-json]");
    const editor = area && JsonArea.get(area);
    if (!editor) return;
    let value;
    try { value = JSON.parse(area.value); } catch (err) { editor.recheck(); area.focus(); return; }
    editor.replaceAll(JSON.stringify(value, null, 2));
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
    if (!value) message = t("Resourcetype is empty.");
    else if (types && !types.includes(value)) {
      const near = nearest(value, types, 2);
      message = t("`{value}` is not a resourcetype of {verb}.", { value, verb: verb.value }) +
        (near.length ? t(" Did you mean {names}?", { names: quoted(near) }) : "");
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
    const editor = JsonArea.get(area);
    if (editor) editor.replaceAll(text);
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
    const editor = JsonArea.get(area);
    if (!params || typeof params !== "object" || Array.isArray(params)) {
      // Broken JSON: put the quoted name at the cursor and leave the rest alone.
      if (editor) editor.replace(area.selectionStart, area.selectionEnd, JSON.stringify(name));
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
    area.focus();
  }

  function fixField(button) {
    const wrong = JSON.stringify(button.getAttribute("data-fix-field") || "");
    const right = JSON.stringify(button.getAttribute("data-fix-to") || "");
    if (wrong === '""' || right === '""') return;
    document.querySelectorAll("[data-actions] textarea[data-json]").forEach((area) => {
      if (area.value.includes(wrong)) replaceDoc(area, area.value.split(wrong).join(right));
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
    const editor = area && JsonArea.get(area);
    if (editor) editor.recheck();
  }

  // app.js adds and duplicates actions without htmx: watch the list of actions too.
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
    if (n.nodeType === 1) enhanceAll(n);
  }))).observe(document.body, { childList: true, subtree: true });
  document.addEventListener("htmx:load", (event) => enhanceAll(event.detail.elt));
  enhanceAll(document);
  firstCatalogues = refreshCatalogues();
})();
