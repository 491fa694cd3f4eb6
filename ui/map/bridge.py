"""QWebChannel bridge between the map page (JS) and Python."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class MapBridge(QObject):
    """Registered as "bridge" on the page's QWebChannel.

    The page calls the `on*` slots; Python code connects to the signals.
    """
    markerClicked = Signal(str, str)                 # kind ('event'|'post'|'unit'), id
    postMoved = Signal(str, float, float)            # post_id, lat, lng (after a drag on the map)
    mapClicked = Signal(float, float)                # lat, lng (only in "place post" mode)
    personnelDropped = Signal(object, float, float, str)   # payload dict, lat, lng, post_id or ""
    ready = Signal()                                 # page initialised and channel connected

    @Slot(str, str)
    def onMarkerClicked(self, kind: str, marker_id: str) -> None:  # noqa: N802
        self.markerClicked.emit(kind, marker_id)

    @Slot(str, float, float)
    def onPostMoved(self, post_id: str, lat: float, lng: float) -> None:  # noqa: N802
        self.postMoved.emit(post_id, lat, lng)

    @Slot(float, float)
    def onMapClicked(self, lat: float, lng: float) -> None:  # noqa: N802
        self.mapClicked.emit(lat, lng)

    @Slot()
    def onReady(self) -> None:  # noqa: N802
        self.ready.emit()
