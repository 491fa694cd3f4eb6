"""Rate limits kept in memory only: sliding windows per client and a growing delay after failures.

Clients are keyed by a keyed hash of their address (`ClientKeys`), so not even the server's memory
holds a list of IP addresses; nothing here is ever written to disk.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

Clock = Callable[[], float]


class ClientKeys:
    """Address → opaque key with a per-process random secret (forgotten at exit)."""

    def __init__(self, secret: bytes | None = None):
        self._secret = secret or secrets.token_bytes(32)

    def key(self, address: str | None) -> str:
        return hmac.new(self._secret, (address or "-").encode(), hashlib.sha256).hexdigest()[:24]


@dataclass
class Decision:
    allowed: bool
    retry_after: int = 0       # whole seconds until the next attempt may succeed


class SlidingWindow:
    """At most `limit` events per `period` seconds per key (and optionally across all keys)."""

    def __init__(self, limit: int, period: float, clock: Clock = time.monotonic, max_keys: int = 100_000):
        self.limit, self.period, self.clock, self.max_keys = limit, period, clock, max_keys
        self._events: dict[str, deque[float]] = {}

    def hit(self, key: str) -> Decision:
        """Record an attempt; refused (and not recorded) when the window is full."""
        now = self.clock()
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                self._forget_idle(now)
            events = self._events[key] = deque()
        while events and events[0] <= now - self.period:
            events.popleft()
        if len(events) >= self.limit:
            return Decision(False, max(1, math.ceil(events[0] + self.period - now)))
        events.append(now)
        return Decision(True)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, ev in self._events.items() if not ev or ev[-1] <= now - self.period]:
            del self._events[key]


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    blocked_until: float = 0.0


@dataclass
class FailureBackoff:
    """After each failure the next attempt must wait longer: base·2^(n-1) seconds, capped.

    Failures are forgotten after `forget_after` quiet seconds, or on a success.
    """

    base: float = 1.0
    cap: float = 300.0
    forget_after: float = 3600.0
    clock: Clock = time.monotonic
    _state: dict[str, _Failures] = field(default_factory=dict)

    def check(self, key: str) -> Decision:
        state = self._state.get(key)
        now = self.clock()
        if state is None:
            return Decision(True)
        if now - state.last > self.forget_after:
            del self._state[key]
            return Decision(True)
        if now < state.blocked_until:
            return Decision(False, max(1, math.ceil(state.blocked_until - now)))
        return Decision(True)

    def failed(self, key: str) -> float:
        """Record a failure; returns the delay now imposed on this key."""
        now = self.clock()
        state = self._state.setdefault(key, _Failures())
        state.count += 1
        state.last = now
        delay = min(self.cap, self.base * 2 ** (state.count - 1))
        state.blocked_until = now + delay
        return delay

    def succeeded(self, key: str) -> None:
        self._state.pop(key, None)

    def failures(self, key: str) -> int:
        state = self._state.get(key)
        return state.count if state else 0
