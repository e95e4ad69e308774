"""The vendored onOffice PHP SDK is exactly what tests/vendor/README.md records."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "vendor"
ROW = re.compile(r"^\| `(onoffice-sdk/[^`]+)` \| `([0-9a-f]{64})` \|$", re.MULTILINE)


def test_vendored_files_match_the_recorded_hashes() -> None:
    """Every file under onoffice-sdk is listed with its sha256, and nothing else is there."""
    recorded = dict(ROW.findall((VENDOR / "README.md").read_text(encoding="utf-8")))
    present = {
        path.relative_to(VENDOR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (VENDOR / "onoffice-sdk").rglob("*")
        if path.is_file()
    }
    assert "onoffice-sdk/LICENSE" in recorded
    assert "onoffice-sdk/src/onOfficeSDK.php" in recorded
    assert present == recorded
