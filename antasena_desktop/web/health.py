"""Health figures of a running web server, written to a 0600 JSON status file for the desk.

Only counts and times: no address, no receipt, no content. The server rewrites the file every few
seconds and at exit (atomically: temp file + rename), the desk reads it.
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

STATUS_NAME = "intake-status.json"


@dataclass
class Health:
    address: str = ""
    fingerprint: str = ""
    pid: int = field(default_factory=os.getpid)
    started_at: float = field(default_factory=time.time)
    counts: Counter = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, name: str, n: int = 1) -> None:
        with self._lock:
            self.counts[name] += n

    def snapshot(self, running: bool = True) -> dict:
        with self._lock:
            counts = dict(self.counts)
        now = time.time()
        return {
            "running": running,
            "pid": self.pid,
            "address": self.address,
            "fingerprint": self.fingerprint,
            "started_at": self.started_at,
            "uptime_seconds": int(now - self.started_at),
            "updated_at": now,
            "counts": counts,
        }

    def write(self, path: Path, running: bool = True) -> None:
        write_status(path, self.snapshot(running))


def write_status(path: Path, data: dict) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def read_status(path: Path) -> dict | None:
    """The last status written, or None when there is none (or it is being replaced)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
