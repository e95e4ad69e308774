"""Sizes said in words, the same on the 413 page and in the response panel."""

from __future__ import annotations

import contextvars

from playground import i18n
from playground.sizes import readable_size


def test_readable_sizes() -> None:
    assert readable_size(2_000_000) == "2 MB"
    assert readable_size(1_500) == "1.5 kB"
    assert readable_size(12_345) == "12.3 kB"
    assert readable_size(1_000) == "1 kB"
    assert readable_size(999) == "999 bytes"
    assert readable_size(0) == "0 bytes"


def test_sizes_in_german() -> None:
    def german() -> tuple[str, str]:
        i18n.begin("de")
        return readable_size(1_500), readable_size(999)

    assert contextvars.copy_context().run(german) == ("1,5 kB", "999 Bytes")
