"""Unfinished uploads of ``do uploadfile``: the bytes each tmpUploadId has received.

Only sizes are kept, never the blocks' bytes. Anyone may start uploads and never finish
them, so their number and their total size are capped (``Limits``), and an upload that
received no block for ``Limits.upload_seconds`` is forgotten like a temporary file.
"""

from __future__ import annotations

from collections.abc import Callable

from playground.sandbox.budget import Budget, OverBudget, entry_bytes, size_text


class OpenUploads:
    """Uploads whose blocks arrived but which were not attached yet, by tmpUploadId."""

    def __init__(self, budget: Budget, clock: Callable[[], float]) -> None:
        """Start with none."""
        self._budget = budget
        self._clock = clock
        # tmpUploadId -> (bytes received, time of the last block)
        self._open: dict[str, tuple[int, float]] = {}
        self._bytes = 0

    def add(self, tmp: str, size: int) -> int:
        """Count a block of ``size`` bytes for ``tmp``; the upload's bytes so far."""
        self._expire()
        limits = self._budget.limits
        self._budget.check_key("tmpUploadId", tmp)
        received, _ = self._open.get(tmp, (0, 0.0))
        if tmp not in self._open and len(self._open) >= limits.open_uploads:
            raise OverBudget(
                f"the sandbox keeps at most {limits.open_uploads:,} unfinished uploads (each "
                f"is dropped {limits.upload_seconds / 60:g} minutes after its last block)"
            )
        if self._bytes + size > limits.open_upload_bytes:
            raise OverBudget(
                f"the sandbox's unfinished uploads may hold at most "
                f"{size_text(limits.open_upload_bytes)} in all"
            )
        if tmp not in self._open:
            self._budget.change(0, entry_bytes(tmp, (0, 0.0)))
        self._open[tmp] = (received + size, self._clock())
        self._bytes += size
        return received + size

    def received(self, tmp: str) -> int | None:
        """The bytes an upload received so far; None when unknown or expired."""
        self._expire()
        entry = self._open.get(tmp)
        return None if entry is None else entry[0]

    def finish(self, tmp: str) -> None:
        """Forget a finished upload: a tmpUploadId is used once."""
        entry = self._open.pop(tmp, None)
        if entry is not None:
            self._forget(tmp, entry[0])

    def _expire(self) -> None:
        """Forget uploads whose last block is older than ``Limits.upload_seconds``."""
        cutoff = self._clock() - self._budget.limits.upload_seconds
        for tmp in [t for t, (_, last) in self._open.items() if last < cutoff]:
            self._forget(tmp, self._open.pop(tmp)[0])

    def _forget(self, tmp: str, size: int) -> None:
        """Give back what a removed upload counted."""
        self._bytes -= size
        self._budget.change(entry_bytes(tmp, (0, 0.0)), 0)
