"""Everything Qt needs before the QApplication exists (also used by tests and the selftest)."""
from __future__ import annotations

import os
import sys

_prepared = False


def prepare_qt(headless: bool = False) -> None:
    """Set the environment, import QtWebEngine and register our URL schemes. Idempotent."""
    global _prepared
    if _prepared:
        return
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        flags = (flags + " --no-sandbox").strip()
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and "--disable-gpu" not in flags:
        flags = (flags + " --disable-gpu").strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags
    import PySide6.QtWebEngineWidgets  # noqa: F401  (must precede QApplication)

    from ui.map.schemes import register_schemes
    register_schemes()
    from ui.printing._none_refcount import ensure_none_survives
    ensure_none_survives()      # defence against a known-bad PySide6 build (pyproject excludes it)
    _prepared = True


def is_headless() -> bool:
    return os.environ.get("QT_QPA_PLATFORM") == "offscreen" or not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform != "linux")
