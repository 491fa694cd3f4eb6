"""Headless PNG snapshot of the map (view.grab() after load and a short settle; not printToPdf)."""
from __future__ import annotations

import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from antasena_desktop.mapping.page import MapData


def _ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        from ui.bootstrap import is_headless, prepare_qt
        prepare_qt(headless=is_headless())
        app = QApplication([])
    return app  # type: ignore[return-value]


def _wait(signal, timeout_ms: int) -> bool:
    loop = QEventLoop()
    fired = []
    signal.connect(lambda *a: (fired.append(1), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    if not fired:
        loop.exec()
    return bool(fired)


def _settle(ms: int) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def render_snapshot(map_data: MapData, path_png: str | Path, size: tuple[int, int] = (1600, 1100),
                    select: tuple[str, str] | None = None, settle_ms: int = 700, timeout_ms: int = 30000) -> Path:
    """Render `map_data` headlessly and save a PNG. `select=(kind, id)` pans to and highlights a marker.

    Needs ui.bootstrap.prepare_qt() before the QApplication exists (done here if there is none).
    Raises RuntimeError when the page does not become ready within `timeout_ms`.
    """
    _ensure_app()
    from .view import MapView
    view = MapView()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(*size)
    view.show()
    try:
        view.set_map_data(map_data)
        if not view.is_ready and not _wait(view.ready, timeout_ms):
            raise RuntimeError("map page did not become ready: " + "; ".join(view.page.console[-5:]))
        if select:
            view.select(*select)
        _settle(settle_ms)
        pix = view.view.grab()
        out = Path(path_png)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not pix.save(str(out), "PNG"):
            raise RuntimeError(f"could not write {out}")
        return out
    finally:
        view.close()
        shiboken6.delete(view)      # pages must go before the shared profile (avoids a crash at exit)
