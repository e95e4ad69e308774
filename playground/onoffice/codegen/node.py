"""Node.js export: Node 18 or newer, fetch and node:crypto, no packages."""

from __future__ import annotations

import json
from typing import Any

from playground.onoffice.codegen import CodeRequest, Language, fill_signing_script, unsigned_action

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}

_TEMPLATE = r"""// onOffice API request: __SUMMARY__.
//
// Signed at run time (HMAC v__VERSION__); put the credentials in the environment, never in
// this file:
//   ONOFFICE_TOKEN=... ONOFFICE_SECRET=... [ONOFFICE_URL=...] node onoffice_request.mjs
// Needs Node.js 18 or newer (fetch) and no packages. Prints the answer; exits 1 when it failed.

import { createHash, createHmac } from "node:crypto";

const URL = process.env.ONOFFICE_URL || __URL__;
const HMAC_VERSION = __VERSION__;

const ACTIONS = __ACTIONS__;

// base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))
function signV2(token, secret, timestamp, action) {
  const message = `${timestamp}${token}${action.resourcetype}${action.actionid}`;
  return createHmac("sha256", secret).update(message, "utf8").digest("base64");
}

// The parameters as PHP's json_encode writes them: non-ASCII as \uXXXX, "/" as "\/", {} as
// []; the top level sorted by name in code point order, as HMAC v1 is computed (a
// JavaScript object lists names such as "9" and "10" first, in numeric order).
function phpJson(parameters) {
  const arrays = (v) => {
    if (Array.isArray(v)) return v.map(arrays);
    if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      return keys.length ? Object.fromEntries(keys.map((k) => [k, arrays(v[k])])) : [];
    }
    return v;
  };
  const names = Object.keys(parameters)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const members = names.map((k) => `${JSON.stringify(k)}:${JSON.stringify(arrays(parameters[k]))}`);
  return (names.length ? `{${members.join(",")}}` : "[]")
    .replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"))
    .replace(/\//g, "\\/");
}

// Legacy: md5(secret + md5(parameters as PHP JSON + "," + the fields, comma-joined))
function signV1(token, secret, timestamp, action) {
  const md5 = (text) => createHash("md5").update(text, "utf8").digest("hex");
  const fields = [token, action.actionid, action.identifier, action.resourceid,
    secret, timestamp, action.resourcetype];
  const text = fields.map((f) => (f === null || f === undefined ? "" : String(f))).join(",");
  return md5(secret + md5(`${phpJson(action.parameters)},${text}`));
}

async function main() {
  const token = process.env.ONOFFICE_TOKEN;
  const secret = process.env.ONOFFICE_SECRET;
  if (!token || !secret) {
    console.error("Set ONOFFICE_TOKEN and ONOFFICE_SECRET in the environment.");
    return 1;
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const actions = ACTIONS.map((action) => {
    const wire = { ...action, timestamp };
    if (HMAC_VERSION === 2) {
      wire.hmac_version = 2;
      wire.hmac = signV2(token, secret, timestamp, action);
    } else {
      wire.hmac = signV1(token, secret, timestamp, action);
    }
    return wire;
  });
  const response = await fetch(URL, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token, request: { actions } }),
    signal: AbortSignal.timeout(60000),
  });
  const text = await response.text();
  if (!response.ok) {
    console.error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
    return 1;
  }
  const answer = JSON.parse(text);
  console.log(JSON.stringify(answer, null, 2));
  const results = answer.response?.results ?? [];
  const failed = results.filter((r) => r.status?.errorcode !== 0);
  if (answer.status?.code !== 200 || failed.length || results.length !== ACTIONS.length) {
    console.error(`The request failed: ${JSON.stringify(answer.status)}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => { console.error(error.message); process.exitCode = 1; },
);
"""


def js_string(text: str) -> str:
    """A double-quoted JavaScript string holding exactly ``text``, on one line.

    Every character that is not printable is an escape (\\n, \\u2028, \\u202e, \\u0000):
    a raw one would not survive being copied from the page (the browser turns CR into LF
    and drops NUL), and a raw bidi control makes the code read differently from what runs.
    """
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) > 0xFFFF:
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return '"' + "".join(out) + '"'


def _js_key(key: str) -> str:
    """A property name of an object literal.

    Written plainly, "__proto__" would set the object's prototype instead of a property,
    and the parameter would vanish from the request; computed, it is a property.
    """
    return f"[{js_string(key)}]" if key == "__proto__" else js_string(key)


def js_value(value: Any, indent: int = 0) -> str:
    """A JavaScript literal for a JSON value, laid out as JSON with an indent of two."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{inner}{_js_key(str(k))}: {js_value(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}" if items else "{}"
    if isinstance(value, list):
        items = [f"{inner}{js_value(v, indent + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]" if items else "[]"
    if isinstance(value, str):
        return js_string(value)
    return json.dumps(value)  # null, true, false and numbers are written as in JSON


def generate(request: CodeRequest) -> str:
    """An ES module for Node 18+ that signs with node:crypto and prints the answer."""
    actions = js_value([unsigned_action(a) for a in request.actions])
    return fill_signing_script(_TEMPLATE, request, url=js_string(request.url), actions=actions)


LANGUAGE = Language("node", "Node.js", "onoffice_request.mjs", generate)
