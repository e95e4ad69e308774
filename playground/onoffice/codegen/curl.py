"""Shell export: bash, curl and openssl; the HMAC is computed when the script runs."""

from __future__ import annotations

from shlex import quote as _plain_quote

from playground.onoffice.actions import ActionRequest
from playground.onoffice.codegen import (
    CodeRequest,
    Language,
    comment_text,
    describe,
    fill,
    unsigned_action,
    v1_parameters_json,
)
from playground.onoffice.signing import php_json_encode

_TEMPLATE = r"""#!/usr/bin/env bash
# onOffice API request: __SUMMARY__.
#
# Signed at run time (HMAC v__VERSION__); put the credentials in the environment, never in
# this file:
#   ONOFFICE_TOKEN=... ONOFFICE_SECRET=... [ONOFFICE_URL=...] bash onoffice_request.sh
# Needs bash, curl and openssl (jq, if installed, pretty-prints and checks the answer).
# openssl takes the secret as an argument, so other users of this machine could see it
# in the process list while it runs: on a shared machine use another export.
# Prints the answer; exits 1 when it failed.
set -euo pipefail

: "${ONOFFICE_TOKEN:?Set ONOFFICE_TOKEN in the environment}"
: "${ONOFFICE_SECRET:?Set ONOFFICE_SECRET in the environment}"
URL=${ONOFFICE_URL:-__URL__}
TIMESTAMP=$(date +%s)

# base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))
sign_v2() {  # <resourcetype> <actionid>
  printf '%s' "$TIMESTAMP$ONOFFICE_TOKEN$1$2" \
    | openssl dgst -sha256 -hmac "$ONOFFICE_SECRET" -binary | openssl base64 -A
}

# Legacy: md5(secret + md5(parameters as PHP JSON + "," + the fields, comma-joined))
sign_v1() {  # <parameters as PHP JSON> <actionid> <identifier> <resourceid> <resourcetype>
  local inner
  inner=$(printf '%s' "$1,$ONOFFICE_TOKEN,$2,$3,$4,$ONOFFICE_SECRET,$TIMESTAMP,$5" \
    | openssl dgst -md5 -r | cut -d' ' -f1)
  printf '%s' "$ONOFFICE_SECRET$inner" | openssl dgst -md5 -r | cut -d' ' -f1
}

__ACTIONS__
TOKEN_JSON=${ONOFFICE_TOKEN//\\/\\\\}
TOKEN_JSON=${TOKEN_JSON//\"/\\\"}
BODY="{\"token\":\"$TOKEN_JSON\",\"request\":{\"actions\":[__LIST__]}}"

# The body goes through stdin, so the token does not appear in the process list.
ANSWER=$(printf '%s' "$BODY" | curl --silent --show-error --compressed --max-time 60 \
  --header 'Content-Type: application/json' --data-binary @- \
  --write-out '\n%{http_code}' "$URL")
HTTP_STATUS=${ANSWER##*$'\n'}
ANSWER=${ANSWER%$'\n'*}

if [ "$HTTP_STATUS" != 200 ]; then
  echo "HTTP $HTTP_STATUS: ${ANSWER:0:500}" >&2
  exit 1
fi
if command -v jq >/dev/null 2>&1; then
  jq . <<<"$ANSWER"
  CHECK='.status.code == 200 and (.response.results | length) == __COUNT__
    and all(.response.results[]; .status.errorcode == 0)'
  jq -e "$CHECK" >/dev/null <<<"$ANSWER" || { echo "The request failed." >&2; exit 1; }
else
  printf '%s\n' "$ANSWER"
  if ! grep -q '"status":{"code":200,' <<<"$ANSWER" \
    || grep -Eq '"errorcode":[1-9]' <<<"$ANSWER"; then
    echo "The request failed." >&2
    exit 1
  fi
fi
"""


def quote(text: str) -> str:
    """One shell word holding exactly ``text``, which bash never expands.

    Printable text goes in single quotes (shlex.quote), where nothing is special. Any other
    character is written as its UTF-8 bytes in bash's $'...' (\\xHH, whatever the locale):
    a raw CR or NUL in the code would not survive being copied from the page (the browser
    turns CR into LF and drops NUL), and a raw bidi control or U+2028 makes the code read
    differently from what it runs. A NUL cannot be part of a bash word at all.
    """
    if text.isprintable():
        return _plain_quote(text)
    if "\0" in text:
        raise ValueError("A shell word cannot hold a NUL character.")
    out = []
    for char in text:
        if char in "\\'":
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append("".join(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass")))
    return "$'" + "".join(out) + "'"


def _field_text(value: object) -> str:
    """A v1-signed field as PHP string concatenation renders it."""
    if value is None or value is False:
        return ""
    return "1" if value is True else str(value)


def _action_lines(number: int, action: ActionRequest, version: int) -> str:
    """The shell lines that build action ``number``: its JSON up to the timestamp, signed."""
    wire = unsigned_action(action)
    head = php_json_encode(wire)[:-1] + ',"timestamp":'
    name = f"ACTION_{number}"
    lines = [f"# {number}: {action.verb.value} {comment_text(action.resourcetype)}"]
    rtype, actionid = quote(action.resourcetype), quote(action.verb.action_id)
    if version == 2:
        lines.append(f"HMAC_{number}=$(sign_v2 {rtype} {actionid})")
        tail = '"hmac_version":2,"hmac":"$HMAC_' + str(number) + '"}'
    else:
        args = [
            quote(v1_parameters_json(action)),
            actionid,
            quote(_field_text(action.identifier)),
            quote(_field_text(action.resourceid)),
            rtype,
        ]
        lines.append(f"HMAC_{number}=$(sign_v1 {' '.join(args)})")
        tail = '"hmac":"$HMAC_' + str(number) + '"}'
    escaped = tail.replace('"', '\\"')
    lines.append(f'{name}={quote(head)}"$TIMESTAMP,{escaped}"')
    return "\n".join(lines) + "\n"


def generate(request: CodeRequest) -> str:
    """A bash script that signs with openssl, posts with curl and prints the answer."""
    version = request.hmac_version
    blocks = [_action_lines(i, a, version) for i, a in enumerate(request.actions, start=1)]
    listed = ",".join(f"$ACTION_{i}" for i in range(1, len(request.actions) + 1))
    values = {
        "__SUMMARY__": describe(request),
        "__VERSION__": str(version),
        "__COUNT__": str(len(request.actions)),
        "__URL__": quote(request.url),
        "__LIST__": listed,
        "__ACTIONS__": "\n".join(blocks),
    }
    return fill(_TEMPLATE, values)


LANGUAGE = Language("curl", "Shell (curl)", "onoffice_request.sh", generate)
