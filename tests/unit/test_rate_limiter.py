"""The JSON API's rate limit per token: a sliding minute, and how long to wait past it."""

from __future__ import annotations

from playground.web.api.auth import RateLimiter


def test_a_token_past_its_limit_waits_until_its_oldest_request_is_a_minute_old() -> None:
    now = [1000.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    admitted = []
    for step in (0.0, 10.0, 20.0, 30.0):
        now[0] = 1000.0 + step
        admitted.append(limiter.wait_for(7))
    assert admitted[:3] == [0.0, 0.0, 0.0]
    assert admitted[3] == 30.0  # the first request leaves the window at 1060
    assert limiter.wait_for(8) == 0.0  # another token has its own minute
    now[0] = 1060.0
    assert limiter.wait_for(7) == 0.0  # refused requests did not count
    assert limiter.wait_for(7) == 10.0
