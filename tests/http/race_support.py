"""A row deleted between a request's check and its write, without racing two threads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session, SQLModel, col, delete


def deleted_after_read(
    monkeypatch: pytest.MonkeyPatch,
    app: FastAPI,
    module: Any,
    name: str,
    row: tuple[type[SQLModel], int],
) -> None:
    """Make `module.name` (a store read) delete `row` right after its first call returns.

    The request goes on with what it read, as when another request deleted the row at
    that very moment: the same interleaving every run, where two threads only sometimes hit it.
    """
    read: Callable[..., Any] = getattr(module, name)
    model, row_id = row
    done: list[bool] = []

    def read_then_delete(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        if not done:
            done.append(True)
            # Another connection, committed at once: the database's own ON DELETE rules run.
            with Session(app.state.playground.engine) as other:
                other.exec(delete(model).where(col(model.id) == row_id))  # type: ignore[attr-defined]
                other.commit()
        return found

    monkeypatch.setattr(module, name, read_then_delete)
