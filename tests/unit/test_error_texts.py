"""Error-code texts: every code of the public list with its message, hints, placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playground.onoffice.error_table import ROWS
from playground.onoffice.errors import (
    ERRORS,
    GENERAL_HINT,
    STATUS_CODES,
    ErrorInfo,
    error_message,
    explain,
)

PUBLIC_LIST = Path(__file__).parent / "data" / "onoffice_error_codes.tsv"


def _public_list() -> dict[int, str]:
    """The public list of onOffice's error codes and messages, from the data file."""
    codes: dict[int, str] = {}
    for line in PUBLIC_LIST.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, message = line.split("\t")
            codes[int(code)] = message
    return codes


PUBLIC = _public_list()

# Codes integrators meet; each must have a hint of its own, not the general one.
COMMON_CODES = [
    *range(3, 10), *range(13, 26), 22, 40, 41, 42, 43, 136, 137, 243,
    75, 138, 141, 143, 145, 76, 77, 252, 171, 78, 88, 168, 79, 80, 235, 292, 293,
    149, 156, 158, 170, 174, 183, 253, 261, 262, 142, 212, 232, 255, 256, 257, 284,
    98, 132, 173, *range(179, 183), 127, 129, 162, 213, 238, 239,
    91, 92, 93, 116, 122, 288, 289, 160, 164, 167, 185, 193, 201, 248, 254, 279, 302,
]  # fmt: skip

# Messages with a placeholder the API fills with a name or value.
PLACEHOLDER_CODES = {
    23, 24, 25, 75, 76, 77, 94, 100, 101, 141, 142, 143, 144, 145, 160, 167, 194, 198,
    205, 206, 209, 210, 215, 220, 221, 222, 223, 225, 226, 227, 228, 229, 235, 237, 243,
    251, 252, 253, 254, 255, 257, 258, 259, 261, 262, 270, 284, 286, 294,
}  # fmt: skip


def test_the_public_list_is_read_completely() -> None:
    assert len(PUBLIC) == 287
    assert min(PUBLIC) == 0
    assert max(PUBLIC) == 304


def test_every_public_code_is_present_with_its_message() -> None:
    mismatched = {
        code: (ERRORS[code].message if code in ERRORS else None, message)
        for code, message in PUBLIC.items()
        if code not in ERRORS or ERRORS[code].message != message
    }
    assert mismatched == {}


def test_the_table_has_no_codes_beyond_the_public_list() -> None:
    assert set(ERRORS) == set(PUBLIC)


def test_rows_are_unique_and_in_order() -> None:
    codes = [code for code, _, _ in ROWS]
    assert codes == sorted(set(codes))


@pytest.mark.parametrize("code", sorted(PUBLIC))
def test_entries_are_consistent(code: int) -> None:
    info = ERRORS[code]
    assert info.code == code
    assert info.message.strip() == info.message
    assert info.message
    assert info.hint.endswith(".")
    assert "  " not in info.hint


@pytest.mark.parametrize("code", COMMON_CODES)
def test_common_codes_have_a_hint_of_their_own(code: int) -> None:
    assert ERRORS[code].hint != GENERAL_HINT


def test_rare_codes_get_the_general_hint() -> None:
    assert ERRORS[278].hint == GENERAL_HINT
    assert "apidoc.onoffice.de" in GENERAL_HINT


def test_no_message_has_a_stray_placeholder() -> None:
    with_placeholder = {code for code, info in ERRORS.items() if "%s" in info.message}
    assert with_placeholder == PLACEHOLDER_CODES
    for info in ERRORS.values():
        assert info.message.count("%s") <= 1, info.code
        rest = info.message.replace("%s", "")
        assert "%" not in rest, info.code
        assert not re.search(r"[{}<>]", rest), info.code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (0, "OK"),
        (22, "Not authenticated"),
        (97, "Error in action"),
        (136, "Your timestamp is too old or your server time is wrong."),
        (137, "The HMAC is invalid."),
        (13, "Missing or invalid element: token"),
        (14, "Missing or invalid element: request"),
        (15, "Missing or invalid element: actions"),
        (20, "Missing or invalid element: parameters"),
        (21, "Empty parameter name"),
        (25, 'Missing configuration for resourceType "%s"'),
        (41, "Customer unknown!"),
        (212, "Unknown sort field."),
        (302, "This action support only up to 500 Ids"),
    ],
)
def test_known_messages(code: int, message: str) -> None:
    assert ERRORS[code].message == message


def test_json_errors_are_distinct() -> None:
    messages = [ERRORS[code].message for code in range(3, 9)]
    assert len(set(messages)) == 6
    assert "stack depth" in ERRORS[3].message
    assert "UTF-8" in ERRORS[7].message


def test_hints_name_the_usual_causes() -> None:
    assert "64" in ERRORS[137].hint
    assert "32" in ERRORS[137].hint
    assert "120" in ERRORS[136].hint
    assert "time zone" in ERRORS[136].hint
    assert "token" in ERRORS[22].hint
    assert "500" in ERRORS[302].hint
    assert "get fields" in ERRORS[75].hint
    assert "get fields" in ERRORS[252].hint
    assert "tmpUploadId" in ERRORS[129].hint
    assert "relationtype" in ERRORS[132].hint


def test_doubtful_texts_follow_the_api_notes() -> None:
    # The notes keep 256's text as sent but doubt its "must be 0"; the hint says what works.
    assert ERRORS[256].message == "Parameter listlimit is mandatory and must be 0."
    assert "0" in ERRORS[256].hint
    assert "500" in ERRORS[256].hint
    # What 243's placeholder names is undocumented; the hint must not claim to know.
    assert "does not document" in ERRORS[243].hint


def test_status_codes() -> None:
    assert dict(STATUS_CODES) == {200: "OK", 400: "not authenticated", 500: "server error"}


def test_explain_known_code_returns_table_entry() -> None:
    assert explain(137) is ERRORS[137]
    assert isinstance(explain(0), ErrorInfo)


def test_explain_unknown_code_is_generic() -> None:
    info = explain(4711)
    assert info.code == 4711
    assert info.message == "Unknown error code 4711"
    assert "onOffice" in info.hint
    assert info.hint != GENERAL_HINT
    assert "apidoc.onoffice.de/fehler" in info.hint
    assert 4711 not in ERRORS
    assert explain(-1).message == "Unknown error code -1"


def test_error_message_fills_placeholders() -> None:
    assert error_message(25, "estat") == 'Missing configuration for resourceType "estat"'
    assert error_message(142, "~=") == "Unknown operator: ~="
    assert error_message(75, "Kaufpreis") == 'Unknown field: "Kaufpreis"'


def test_error_message_without_placeholders_ignores_arguments() -> None:
    assert error_message(137) == "The HMAC is invalid."
    assert error_message(137, "extra") == "The HMAC is invalid."


def test_error_message_tolerates_missing_arguments_and_percent_signs() -> None:
    assert error_message(25) == 'Missing configuration for resourceType ""'
    assert error_message(160, "100%") == 'Invalid language: "100%"'
    assert error_message(4711) == "Unknown error code 4711"


def test_error_message_inserts_arguments_as_plain_text() -> None:
    # Escaping is left to whatever renders the text (JSON, autoescaped templates).
    assert error_message(75, "<b>x</b>") == 'Unknown field: "<b>x</b>"'
    assert error_message(257, "%s %(x)s {0}") == (
        "An error occurred while validating the filter: %s %(x)s {0}"
    )


def test_errors_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        ERRORS[1] = ErrorInfo(1, "x", "y")  # type: ignore[index]
