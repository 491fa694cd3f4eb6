"""Rectangular min-cost assignment: `scipy.optimize.linear_sum_assignment` with a cancel check.

`solve_assignment(cost)` takes an n x m matrix (n <= m) with `inf` for forbidden pairs and returns
the column of every row. Every row must be able to reach a finite column: callers add one private
"leave unfilled" column per row, which also makes the answer the exact optimum of the block.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


class Interrupted(Exception):
    pass


def solve_assignment(cost: np.ndarray, should_stop=None) -> np.ndarray:
    n, m = cost.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n > m:
        raise ValueError("more rows than columns")
    if should_stop is not None and should_stop():
        raise Interrupted
    rows, cols = linear_sum_assignment(cost)  # raises ValueError when a row cannot be assigned
    out = np.full(n, -1, dtype=np.int64)
    out[rows] = cols
    return out
