"""The literals of the code exports, checked on the generated text (no interpreter runs).

test_code_export_runs.py runs a hostile request in every language; these pin down each
rule of the generators on its own and fail fast.
"""

from __future__ import annotations

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.codegen import CodeRequest, generate, languages
from playground.onoffice.codegen.curl import quote
from playground.onoffice.codegen.phpliteral import php_string, php_value
from playground.onoffice.envelope import HmacVersion
from tests.http.export_support import ODD, PLACEHOLDERS, hostile_actions

URL = "https://api.onoffice.de/api/stable/api.php"
KEYS = [lang.key for lang in languages()]


@pytest.mark.parametrize("key", KEYS)
def test_a_name_holding_the_templates_placeholders_stays_text(key: str) -> None:
    """Filled in one after the other, a name such as __ACTIONS__ had the actions pasted into
    the header comment (the Python docstring, where a value ending it ran as code)."""
    read = ActionRequest(Verb.READ, "estate", "", "", {"a": '"""+str(1)+"""'})
    code = generate(key, CodeRequest((read,), URL, 2, PLACEHOLDERS))
    assert f"onOffice API request: {PLACEHOLDERS}." in code
    assert code.count("str(1)") == 1  # the actions once, where they belong


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("version", [1, 2])
def test_every_export_of_a_hostile_request_is_printable_text(
    key: str, version: HmacVersion
) -> None:
    """No raw CR, NUL, U+2028 or bidi control: copied from the page, the browser would turn
    CR into LF and drop NUL, and a bidi control makes the code read otherwise than it runs."""
    request = CodeRequest(hostile_actions(), URL + "?x='\u2028", version, ODD)
    for number, line in enumerate(generate(key, request).split("\n"), start=1):
        assert line.isprintable(), f"{key} line {number}: {line[:200]!r}"


def test_php_casts_only_the_objects_json_encode_would_write_as_lists() -> None:
    """{} and {"0": …} would reach the API as [] and ["…"]; other objects stay arrays, as
    json_encode drops an object's members whose names start with a NUL."""
    assert php_value({}) == "(object) []"
    assert php_value({"0": "a", "1": "b"}).startswith("(object) [")
    for stays in ({"1": "a"}, {"1": "b", "0": "a"}, {"01": "a"}, {"-0": "a"}, {"\0a": 1}):
        assert php_value(stays).startswith("["), stays
    assert php_value({"0": "a", "9223372036854775808": "b"}).startswith("[")


def test_php_strings_escape_what_is_not_printable_in_double_quotes() -> None:
    """Printable text in single quotes ($ and ?> are text there); the rest as escapes."""
    assert php_string("$x {$y} ?> <?php \\ '") == "'$x {$y} ?> <?php \\\\ \\''"
    assert php_string('a\r\n\0\u2028"$\\') == '"a\\r\\n\\u{0}\\u{2028}\\"\\$\\\\"'


def test_php_sdk_refuses_parameters_it_would_send_as_a_list() -> None:
    """The SDK ksorts a PHP array: keys 0 to n in any order become a JSON list."""
    action = ActionRequest(Verb.READ, "estate", "", "", {"1": "b", "0": "a"})
    code = generate("php-sdk", CodeRequest((action,), URL))
    assert "$sdk->call" not in code
    assert "Action 1's parameters have only the keys 0, 1, 2..." in code and "exit(1);" in code


def test_node_writes_a___proto___name_as_a_property() -> None:
    """Plainly written, __proto__ sets the object's prototype and the parameter vanishes."""
    action = ActionRequest(Verb.READ, "estate", "", "", {"__proto__": {"a": 1}})
    code = generate("node", CodeRequest((action,), URL))
    assert '["__proto__"]: {' in code
    assert '"__proto__":' not in code


def test_shell_words_quote_what_is_not_printable_as_bytes() -> None:
    """$'…' with \\xHH bytes (bash reads them in any locale); a NUL fits in no bash word."""
    assert quote("a'b $(x)") == "'a'\"'\"'b $(x)'"
    assert quote("a\r\n'\\\u2028") == "$'a\\x0d\\x0a\\'\\\\\\xe2\\x80\\xa8'"
    with pytest.raises(ValueError, match="NUL"):
        quote("a\0b")
