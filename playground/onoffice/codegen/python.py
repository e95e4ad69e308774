"""Python export: standard library only (urllib, hmac), so it runs without installing."""

from __future__ import annotations

import pprint

from playground.onoffice.codegen import CodeRequest, Language, fill_signing_script, unsigned_action

_TEMPLATE = '''\
#!/usr/bin/env python3
"""onOffice API request: __SUMMARY__.

Signed at run time (HMAC v__VERSION__); put the credentials in the environment, never in
this file:
    export ONOFFICE_TOKEN=...  ONOFFICE_SECRET=...  [ONOFFICE_URL=...]
Needs Python 3.8 or newer and nothing else. Prints the answer; exits 1 when it failed.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request

URL = os.environ.get("ONOFFICE_URL") or __URL__
HMAC_VERSION = __VERSION__

ACTIONS = __ACTIONS__


def sign_v2(token, secret, timestamp, action):
    """base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))."""
    message = f"{timestamp}{token}{action['resourcetype']}{action['actionid']}"
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def php_arrays(value):
    """PHP decodes an empty object to an empty array, which it encodes back as []."""
    if isinstance(value, dict):
        return {key: php_arrays(item) for key, item in value.items()} if value else []
    if isinstance(value, list):
        return [php_arrays(item) for item in value]
    return value


def php_json(value):
    """JSON as PHP's json_encode writes it: "/" as "\\\\/", non-ASCII as \\\\uXXXX (UTF-16)
    and DEL as it is (json.dumps would write \\\\u007f)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("/", "\\\\/")
    utf16 = text.encode("utf-16-be", "surrogatepass")
    units = [int.from_bytes(utf16[i : i + 2], "big") for i in range(0, len(utf16), 2)]
    return "".join(chr(unit) if unit < 0x80 else f"\\\\u{unit:04x}" for unit in units)


def sign_v1(token, secret, timestamp, action):
    """Legacy: md5(secret + md5(parameters as PHP JSON + "," + the fields, comma-joined))."""
    parameters = php_json(php_arrays(action["parameters"]))
    fields = [token, action["actionid"], action["identifier"], action["resourceid"],
              secret, timestamp, action["resourcetype"]]
    text = ",".join("" if f is None else str(f) for f in fields)
    inner = hashlib.md5(f"{parameters},{text}".encode()).hexdigest()
    return hashlib.md5((secret + inner).encode()).hexdigest()


def main():
    token = os.environ.get("ONOFFICE_TOKEN")
    secret = os.environ.get("ONOFFICE_SECRET")
    if not token or not secret:
        sys.exit("Set ONOFFICE_TOKEN and ONOFFICE_SECRET in the environment.")
    timestamp = int(time.time())
    signed = []
    for action in ACTIONS:
        wire = dict(action, timestamp=timestamp)
        if HMAC_VERSION == 2:
            wire["hmac_version"] = 2
            wire["hmac"] = sign_v2(token, secret, timestamp, action)
        else:
            wire["hmac"] = sign_v1(token, secret, timestamp, action)
        signed.append(wire)
    body = json.dumps({"token": token, "request": {"actions": signed}}).encode()
    request = urllib.request.Request(
        URL, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        sys.exit(f"HTTP {error.code}: {error.read().decode('utf-8', 'replace')[:500]}")
    except urllib.error.URLError as error:
        sys.exit(f"Could not reach {URL}: {error.reason}")
    answer = json.loads(text)
    print(json.dumps(answer, indent=2, ensure_ascii=False))
    status = answer.get("status", {})
    results = answer.get("response", {}).get("results", [])
    failed = [r for r in results if r.get("status", {}).get("errorcode") != 0]
    if status.get("code") != 200 or failed or len(results) != len(ACTIONS):
        sys.exit(f"The request failed: {status}")


if __name__ == "__main__":
    main()
'''


def generate(request: CodeRequest) -> str:
    """A Python 3 script that signs with the standard library and prints the answer."""
    actions = [unsigned_action(a) for a in request.actions]
    # repr (which pprint writes every string with) escapes each character that is not
    # printable, so every literal is one line of plain text.
    literal = pprint.pformat(actions, indent=1, width=88, sort_dicts=False)
    return fill_signing_script(_TEMPLATE, request, url=repr(request.url), actions=literal)


LANGUAGE = Language("python", "Python", "onoffice_request.py", generate)
