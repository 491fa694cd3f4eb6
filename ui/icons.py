"""qtawesome icons with a plain fallback (icons must never stop the app from starting)."""
from __future__ import annotations

from PySide6.QtGui import QIcon


def icon(name: str, color: str = "#1f3b5a") -> QIcon:
    try:
        import qtawesome
        return qtawesome.icon(name, color=color)
    except Exception:  # font missing in an odd bundle: no icon rather than no app
        return QIcon()
