"""MapView: the embedded offline map widget (QWebEngineView + QWebChannel + Qt-side drops)."""
from __future__ import annotations

import itertools
import json
import logging
from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from antasena_desktop.mapping.page import MapData, build_page_html

from .bridge import MapBridge
from .schemes import map_profile, missing_assets, page_payload_json

#: MIME type of a personnel drag (JSON object: {"nrp": ..., "nama": ..., ...}).
PERSONNEL_MIME = "application/x-antasena-personnel"
#: A drop within this many CSS pixels of a post marker targets that post.
DROP_RADIUS_PX = 30

_page_ids = itertools.count(1)
js_log = logging.getLogger("antasena.map.js")
_JS_LEVELS = {QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.INFO,
              QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.WARNING,
              QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR}


class _MapPage(QWebEnginePage):
    """Keeps navigation inside our schemes; the page's console goes to the log (`antasena.map.js`) and the
    last messages stay in `console` for error reports."""

    console: list[str]

    def __init__(self, profile, parent=None):
        super().__init__(profile, parent)
        self.console = []

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802
        self.console.append(f"{source}:{line}: {message}")
        js_log.log(_JS_LEVELS.get(level, logging.INFO), "%s:%s: %s", source, line, message)
        if len(self.console) > 500:
            del self.console[:100]

    def acceptNavigationRequest(self, url, nav_type, is_main_frame):  # noqa: N802
        return url.scheme() in ("antasena", "about", "data")


class MapView(QWidget):
    """The map widget. Call `set_map_data(MapData)` once; then update incrementally.

    Signals (also available on `view.bridge`): markerClicked(kind, id), postMoved(post_id, lat, lng),
    mapClicked(lat, lng), personnelDropped(payload: dict, lat, lng, post_id or ""), ready(),
    loadFinished(ok).
    """
    markerClicked = Signal(str, str)
    postMoved = Signal(str, float, float)
    mapClicked = Signal(float, float)
    personnelDropped = Signal(object, float, float, str)
    ready = Signal()
    loadFinished = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._profile = map_profile()
        self.view = QWebEngineView(self)
        self.page = _MapPage(self._profile.profile, self.view)
        self.view.setPage(self.page)
        s = self.page.settings()
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.bridge.markerClicked.connect(self.markerClicked)
        self.bridge.postMoved.connect(self.postMoved)
        self.bridge.mapClicked.connect(self.mapClicked)
        self.bridge.personnelDropped.connect(self.personnelDropped)
        self.bridge.ready.connect(self._on_ready)
        self.view.loadFinished.connect(self._on_load_finished)
        self._is_ready = False
        self._pending: list[str] = []
        self._page_name: str | None = None
        self._filtered: QObject | None = None
        self.setAcceptDrops(True)


    # ------------------------------------------------------------------ loading
    @property
    def is_ready(self) -> bool:
        return self._is_ready

    def set_map_data(self, data: MapData) -> QUrl:
        """Generate the page for `data` and load it from the antasena: scheme (a full load)."""
        handler = self._profile.app_handler
        if self._page_name:   # the previous page of this view is no longer needed
            handler.remove_page(self._page_name)
        self._page_name = f"map-{id(self):x}-{next(_page_ids)}.html"
        missing = missing_assets()
        html = build_page_html(data) if not missing else _missing_assets_page(missing)
        url = QUrl(handler.add_page(self._page_name, html))
        self._is_ready = False
        self._pending.clear()
        self.view.load(url)
        return url

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._page_name:
            self._profile.app_handler.remove_page(self._page_name)
        super().closeEvent(event)

    def _on_load_finished(self, ok: bool) -> None:
        self._install_drop_filter()
        self.loadFinished.emit(ok)

    def _on_ready(self) -> None:
        self._is_ready = True
        self._install_drop_filter()
        pending, self._pending = self._pending, []
        for script in pending:
            self.page.runJavaScript(script, 0)
        self.ready.emit()

    # ------------------------------------------------------------------ JS calls
    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run JS in the page (queued until the page is ready when no callback is given)."""
        if callback is not None:
            self.page.runJavaScript(script, 0, callback)
        elif self._is_ready:
            self.page.runJavaScript(script, 0)
        else:
            self._pending.append(script)

    def _call(self, fn: str, *args: Any, callback: Callable[[Any], None] | None = None) -> None:
        script = f"antasena.{fn}({','.join(page_payload_json(a) for a in args)})"
        if callback is None:
            self.run_js(script)
        else:
            # PySide6 6.12 turns JS objects/arrays into '' in runJavaScript results: go through JSON.
            self.run_js(f"JSON.stringify({script} ?? null)", lambda r: callback(_from_json(r)))

    def add_event(self, event: dict) -> None:
        """Add (or replace, same id) an event marker: {id, title, lat, lon, kerawanan_level, status, ...}."""
        self._call("addEvent", _point(event))

    def add_post(self, post: dict) -> None:
        """Add (or replace) a post marker: {id, event_id, name, lat, lon, required, filled}."""
        self._call("addPost", _point(post))

    def move_post(self, post_id: Any, lat: float, lng: float) -> None:
        self._call("movePost", str(post_id), float(lat), float(lng))

    def restyle_post(self, post_id: Any, filled: int, required: int) -> None:
        self._call("restylePost", str(post_id), int(filled), int(required))

    def remove_marker(self, kind: str, marker_id: Any) -> None:
        self._call("removeMarker", kind, str(marker_id))

    def select(self, kind: str, marker_id: Any, zoom: int | None = None) -> None:
        """Pan to the marker and highlight it (kind: 'event' | 'post' | 'unit')."""
        self._call("select", kind, str(marker_id), zoom)

    def set_heat(self, counts: dict[str, int] | None, label: str = "") -> None:
        """Choropleth of counts per kecamatan code (None/{} clears it)."""
        self._call("setHeat", counts or {}, label)

    def set_place_mode(self, on: bool, sticky: bool = False) -> None:
        """In place-post mode the next map click emits mapClicked(lat, lng)."""
        self._call("setPlaceMode", bool(on), bool(sticky))

    def fit_city(self) -> None:
        self._call("fitCity")

    def evaluate(self, fn: str, *args: Any, callback: Callable[[Any], None]) -> None:
        """Call `antasena.<fn>(*args)` and pass its (JSON-converted) result to `callback`."""
        self._call(fn, *args, callback=callback)

    # ------------------------------------------------------------------ Qt-side drag and drop
    def _install_drop_filter(self) -> None:
        proxy = self.view.focusProxy()
        if proxy is not None and proxy is not self._filtered:
            if self._filtered is not None:
                try:
                    self._filtered.removeEventFilter(self)
                except RuntimeError:
                    pass
            proxy.installEventFilter(self)
            proxy.setAcceptDrops(True)
            self._filtered = proxy

    def drop_target(self) -> QWidget:
        """The widget that receives drops (and mouse input): the view's focus proxy."""
        self._install_drop_filter()
        return self.view.focusProxy() or self.view

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        et = event.type()
        if et in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if event.mimeData().hasFormat(PERSONNEL_MIME):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
        elif et == QEvent.Type.Drop and event.mimeData().hasFormat(PERSONNEL_MIME):
            raw = bytes(event.mimeData().data(PERSONNEL_MIME)).decode("utf-8", "replace")
            try:
                payload = json.loads(raw)
            except json.JSONDecodeError:
                payload = {"raw": raw}
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.handle_drop(payload, event.position())
            return True
        return super().eventFilter(obj, event)

    def handle_drop(self, payload: dict, pos: QPointF) -> None:
        """Convert a drop at widget position `pos` to lat/lng + nearest post and emit personnelDropped."""
        zoom = self.view.zoomFactor() or 1.0
        x, y = pos.x() / zoom, pos.y() / zoom

        def done(result: Any) -> None:
            if isinstance(result, dict) and "lat" in result:
                self.bridge.personnelDropped.emit(payload, float(result["lat"]), float(result["lng"]),
                                                  str(result.get("post_id") or ""))

        self._call("dropTarget", x, y, DROP_RADIUS_PX, callback=done)


def _missing_assets_page(missing: list[str]) -> str:
    from html import escape

    from antasena_desktop.i18n import T
    msg = T("Aset peta offline belum terpasang ({files}). Jalankan scripts/install_web_assets.sh lalu buka ulang.",
            "The offline map assets are not installed ({files}). Run scripts/install_web_assets.sh and reopen.",
            files=", ".join(missing))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Antasena</title></head>"
            f"<body style='font-family:sans-serif;padding:2em'><h3>{escape(str(msg))}</h3></body></html>")


def _from_json(result: Any) -> Any:
    if isinstance(result, str):
        try:
            return json.loads(result)
        except json.JSONDecodeError:
            return None
    return result


def _point(item: dict) -> dict:
    d = dict(item)
    if "lng" in d and "lon" not in d:
        d["lon"] = d.pop("lng")
    return {k: (v if isinstance(v, (str, int, float, bool, type(None))) else str(v)) for k, v in d.items()}
