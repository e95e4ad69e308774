"""Error-code texts: the API's messages, playground hints and placeholder filling."""

from __future__ import annotations

import pytest

from playground.onoffice.errors import ERRORS, STATUS_CODES, ErrorInfo, error_message, explain

# Every code in the error table of the API notes (section 2.2), plus 232 (multiselect
# operators, section 3.1) and 132 (unknown relation type, seen in a captured answer).
DOCUMENTED_CODES = {
    0, 1, *range(3, 10), *range(13, 26), *range(40, 44), 75, 76, 77, 78, 79, 80, 88, 97,
    132, 136, 137, 141, 142, 143, 145, 149, 156, 158, 160, 164, 167, 168, 170, 174, 183, 185,
    193, 201, 212, 232, 235, 243, 247, 248, 252, 254, 255, 256, 257, 261, 262, 279, 292,
    293, 302,
}  # fmt: skip


def test_every_documented_code_is_mapped() -> None:
    assert set(ERRORS) == DOCUMENTED_CODES


@pytest.mark.parametrize("code", sorted(DOCUMENTED_CODES))
def test_entries_are_consistent(code: int) -> None:
    info = ERRORS[code]
    assert info.code == code
    assert info.message.strip() == info.message
    assert info.message
    assert info.hint.endswith(".")


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
    assert 4711 not in ERRORS


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


def test_errors_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        ERRORS[1] = ErrorInfo(1, "x", "y")  # type: ignore[index]
