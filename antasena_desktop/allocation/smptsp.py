"""Read public SMPTSP ("ptask", Krishnamoorthy, Ernst & Baatar 2012) instance files and convert them
to `antasena-allocation/1` as described in the allocation spec: one slot per task whose function is
the task id, one person per worker qualified for those task ids, rest 0, no 24 h cap in effect,
weights {unfilled 1000, person_used 1}. Tasks are half-open [start, end) minutes after a base instant.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

BASE = datetime(2024, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=7)))


@dataclass
class SmptspData:
    name: str
    tasks: list[tuple[int, int]]
    workers: list[list[int]]


def parse_smptsp(path: str | Path) -> SmptspData:
    path = Path(path)
    lines = [ln.replace("\r", "").strip() for ln in path.read_text(encoding="ascii").splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    i = 0
    tasks: list[tuple[int, int]] = []
    workers: list[list[int]] = []
    while i < len(lines):
        line = lines[i]
        if line.startswith("Type"):
            i += 1
        elif line.startswith("Jobs"):
            n = int(line.split("=")[1])
            for k in range(n):
                a, b = lines[i + 1 + k].split()
                s, e = int(a), int(b)
                if e <= s:
                    raise ValueError(f"{path.name}: task {k} has end <= start")
                tasks.append((s, e))
            i += 1 + n
        elif line.startswith("Qualifications"):
            m = int(line.split("=")[1])
            for k in range(m):
                head, _, rest = lines[i + 1 + k].partition(":")
                ids = [int(x) for x in rest.split()]
                if len(ids) != int(head):
                    raise ValueError(f"{path.name}: worker {k} count mismatch")
                if any(not 0 <= x < len(tasks) for x in ids):
                    raise ValueError(f"{path.name}: worker {k} has a task index out of range")
                workers.append(sorted(set(ids)))
            i += 1 + m
        else:
            raise ValueError(f"{path.name}: unexpected line {line!r}")
    return SmptspData(path.stem, tasks, workers)


def to_instance(data: SmptspData) -> dict:
    horizon = max((e for _, e in data.tasks), default=0) - min((s for s, _ in data.tasks), default=0)
    iso = lambda m: (BASE + timedelta(minutes=m)).isoformat()  # noqa: E731
    return {
        "format": "antasena-allocation/1",
        "name": data.name,
        "rules": {"rest_minutes": 0, "max_minutes_per_24h": max(1440, horizon)},
        "weights": {"unfilled": 1000.0, "distance_km": 0.0, "recent_hours": 0.0, "person_used": 1.0},
        "personnel": [{"id": f"w{w}", "unit": "", "rank": 0, "functions": [f"t{t}" for t in ids], "gender": "M",
                       "home": [0.0, 0.0], "recent_hours": 0.0, "unavailable": []}
                      for w, ids in enumerate(data.workers)],
        "slots": [{"id": f"t{t}", "post": "", "function": f"t{t}", "min_rank": 0, "gender": None,
                   "start": iso(s), "end": iso(e), "location": [0.0, 0.0], "priority": 1}
                  for t, (s, e) in enumerate(data.tasks)],
        "pins": [],
    }


def load_smptsp(path: str | Path) -> dict:
    return to_instance(parse_smptsp(path))


def max_overlap(data: SmptspData) -> int:
    events = sorted([(s, 1) for s, _ in data.tasks] + [(e, -1) for _, e in data.tasks])
    best = cur = 0
    for _, d in events:
        cur += d
        best = max(best, cur)
    return best
