"""Short-lived values behind a random cookie, kept in the server's memory only (never on disk)."""
from __future__ import annotations

import secrets
import threading
import time
from typing import Callable, Generic, TypeVar

V = TypeVar("V")


class MemoryStore(Generic[V]):
    """token → value with an idle timeout; `pop` gives a value once (for "shown once" pages)."""

    def __init__(self, idle_seconds: float, max_items: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self.idle, self.max_items, self.clock = idle_seconds, max_items, clock
        self._items: dict[str, tuple[V, float]] = {}
        self._lock = threading.Lock()

    def put(self, value: V) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._expire()
            if len(self._items) >= self.max_items:   # drop the oldest
                oldest = min(self._items, key=lambda k: self._items[k][1])
                del self._items[oldest]
            self._items[token] = (value, self.clock())
        return token

    def put_as(self, token: str, value: V) -> None:
        """Keep `value` under an existing token (e.g. another store's)."""
        with self._lock:
            self._expire()
            self._items[token] = (value, self.clock())

    def get(self, token: str | None) -> V | None:
        if not token:
            return None
        with self._lock:
            item = self._items.get(token)
            if item is None or self.clock() - item[1] > self.idle:
                self._items.pop(token, None)
                return None
            self._items[token] = (item[0], self.clock())
            return item[0]

    def pop(self, token: str | None) -> V | None:
        value = self.get(token)
        if value is not None:
            with self._lock:
                self._items.pop(token, None)
        return value

    def discard(self, token: str | None) -> None:
        with self._lock:
            self._items.pop(token or "", None)

    def __len__(self) -> int:
        return len(self._items)

    def _expire(self) -> None:
        now = self.clock()
        for token in [k for k, (_, t) in self._items.items() if now - t > self.idle]:
            del self._items[token]
