"""Log records lose credential values, whatever shape the text that carries them has."""

from __future__ import annotations

import logging

import pytest

from playground import logredact

SECRET_VALUE = "s3cr3t-VALUE-0123456789abcdef"


@pytest.mark.parametrize(
    "text",
    [
        f"token={SECRET_VALUE}",
        f"sandbox_token={SECRET_VALUE} next",
        f'{{"token": "{SECRET_VALUE}", "other": 1}}',
        f"{{'secret': '{SECRET_VALUE}'}}",
        f"password: {SECRET_VALUE}",
        f"Cookie: playground_session={SECRET_VALUE}; theme=dark",
        f"set-cookie: playground_session={SECRET_VALUE}; HttpOnly",
        f'"hmac": "{SECRET_VALUE}"',
        f"Authorization: {SECRET_VALUE}",
        f"X-CSRF-Token: {SECRET_VALUE}",
    ],
)
def test_credential_assignments_lose_their_values(text: str) -> None:
    redacted = logredact.redact(text)
    assert SECRET_VALUE not in redacted
    assert logredact.REDACTED in redacted


def test_ordinary_text_is_left_alone() -> None:
    text = "GET /history?q=estate 200 in 12 ms; token_hint shown; 3 passwords checked"
    assert logredact.redact(text) == text


def test_a_remembered_value_is_cut_out_of_any_text() -> None:
    value = "REMEMBEREDvalue0123456789abcdef"
    assert value in logredact.redact(f"failed to sign ({value}) for estate")
    logredact.remember(value)
    assert logredact.redact(f"failed to sign ({value}) for estate") == (
        f"failed to sign ({logredact.REDACTED}) for estate"
    )


def test_records_and_their_tracebacks_are_redacted_before_any_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logredact.install()
    log = logging.getLogger("playground.test")
    try:
        raise RuntimeError(f"request failed: password={SECRET_VALUE}")
    except RuntimeError:
        log.exception("while sending with secret=%s", SECRET_VALUE)
    assert "request failed" in caplog.text and "Traceback" in caplog.text
    assert SECRET_VALUE not in caplog.text
