"""The one seam through which core commands turn a document into a PDF without importing Qt.

The renderer lives in `ui/printing/`; `ui/commands.py` registers it when the console script starts.
A core command calls `render_pdf(doc, path, paper)`; with no renderer registered it refuses in words.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from antasena_desktop.i18n import T, UserError

_renderer: Callable[[Any, Path, str], int] | None = None


def register_pdf_renderer(renderer: Callable[[Any, Path, str], int]) -> None:
    global _renderer
    _renderer = renderer


def render_pdf(doc: Any, path: str | Path, paper: str = "A4") -> int:
    """Write `doc` as a PDF; returns the page count."""
    if _renderer is None:
        raise UserError(T("Pencetakan PDF memerlukan antarmuka grafis (jalankan lewat perintah `antasena`).",
                          "PDF printing needs the graphical toolkit (run it through the `antasena` command)."))
    return _renderer(doc, Path(path), paper)
