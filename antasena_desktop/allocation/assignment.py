"""Rectangular min-cost assignment (shortest augmenting paths with potentials), numpy-vectorised.

`solve_assignment(cost)` takes an n x m matrix (n <= m) with `inf` for forbidden pairs and returns
the column of every row. Every row must be able to reach a finite column: callers add one private
"leave unfilled" column per row, which also makes the answer the exact optimum of the block.
"""
from __future__ import annotations

import numpy as np


class Interrupted(Exception):
    pass


def solve_assignment(cost: np.ndarray, should_stop=None) -> np.ndarray:
    n, m = cost.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n > m:
        raise ValueError("more rows than columns")
    inf = np.inf
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    match = np.zeros(m + 1, dtype=np.int64)  # column -> row (1-based), 0 = free
    way = np.zeros(m + 1, dtype=np.int64)
    minv = np.empty(m + 1)
    used = np.empty(m + 1, dtype=bool)
    # warm start: row reduction, then give each row its cheapest column when nobody else took it
    best = np.argmin(cost, axis=1)
    u[1:] = cost[np.arange(n), best]
    pending = []
    for i in range(1, n + 1):
        j = int(best[i - 1]) + 1
        if match[j] == 0 and np.isfinite(u[i]):
            match[j] = i
        else:
            pending.append(i)
    u[1:][~np.isfinite(u[1:])] = 0.0
    for count, i in enumerate(pending):
        if should_stop is not None and count % 32 == 31 and should_stop():
            raise Interrupted
        match[0] = i
        j0 = 0
        minv.fill(inf)
        used.fill(False)
        while True:
            used[j0] = True
            i0 = match[j0]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            free = ~used[1:]
            better = free & (cur < minv[1:])
            idx = np.flatnonzero(better) + 1
            minv[idx] = cur[idx - 1]
            way[idx] = j0
            masked = np.where(free, minv[1:], inf)
            j1 = int(np.argmin(masked)) + 1
            delta = masked[j1 - 1]
            if not np.isfinite(delta):
                raise ValueError(f"row {i - 1} cannot be assigned")
            cols = np.flatnonzero(used)
            u[match[cols]] += delta
            v[cols] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    out = np.full(n, -1, dtype=np.int64)
    cols = np.flatnonzero(match[1:]) + 1
    out[match[cols] - 1] = cols - 1
    return out
