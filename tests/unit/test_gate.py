"""The bounds on sends: per user and overall, a short wait, then a clear refusal."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import pytest

from playground.services.gate import Busy, Gate

pytestmark = pytest.mark.anyio


async def test_a_user_past_their_bound_is_refused_after_the_wait() -> None:
    gate = Gate(total=10, per_user=2, wait=0.05)
    async with AsyncExitStack() as held:
        for _ in range(2):
            await held.enter_async_context(gate.place(1))
        with pytest.raises(Busy) as refused:
            async with gate.place(1):
                pass
        assert refused.value.mine
        assert "2 sends of your own are already waiting" in str(refused.value)
        async with gate.place(2):  # another user still gets in
            pass
    async with gate.place(1):  # and the first user again, once places are free
        pass


async def test_the_server_bound_refuses_everyone_with_503_wording() -> None:
    gate = Gate(total=2, per_user=5, wait=0.05)
    async with gate.place(1), gate.place(2):
        with pytest.raises(Busy) as refused:
            async with gate.place(3):
                pass
    assert not refused.value.mine and "on this server" in str(refused.value)


async def test_a_waiting_caller_gets_the_place_that_frees_up() -> None:
    gate = Gate(total=1, per_user=1, wait=None)
    order: list[str] = []
    first_in = asyncio.Event()

    async def first() -> None:
        async with gate.place(1):
            order.append("first in")
            first_in.set()
            await asyncio.sleep(0)  # give the second caller a turn to queue up
            order.append("first out")

    async def second() -> None:
        await first_in.wait()
        async with gate.place(1):
            order.append("second in")

    await asyncio.gather(first(), second())
    assert order == ["first in", "first out", "second in"]
    assert gate._by_user == {}  # idle users are forgotten
