"""Work around a PySide6 6.12.0 binding bug on Python < 3.12: every call of a Qt method that
returns void *decrements* the reference count of None (e.g. `QColor().setRed(1)` 100 times
lowers `sys.getrefcount(None)` by 100). Python 3.11's None is not immortal, so after enough such
calls (a 1,800-row Lampiran makes ~50,000 QPainter calls) the interpreter aborts with
"Fatal Python error: none_dealloc: deallocating None".

`ensure_none_survives()` detects the bug with a few probe calls and, only when it is present,
raises None's reference count by 2**40 — what Python 3.12 does for all immortal objects. An
over-counted None is harmless (None is a static object and is never freed). Nothing is done on
Python >= 3.12 or with a PySide6 without the bug. The right fix is a PySide6 without the bug
(or Python >= 3.12); this module lets the printouts work meanwhile.
"""
from __future__ import annotations

import ctypes
import sys

_done = False
BOOST = 1 << 40


def bug_present() -> bool:
    from PySide6.QtGui import QColor
    color = QColor()
    before = sys.getrefcount(None)
    for _ in range(32):
        color.setRed(1)
    return sys.getrefcount(None) < before - 16


def ensure_none_survives() -> bool:
    """Returns True when the workaround was applied (now or earlier in this process)."""
    global _done
    if _done:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not bug_present():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += BOOST
    _done = True
    return True
