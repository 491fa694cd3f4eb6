"""The plan tree: events → posts → requirement lines → holders, with drag and drop."""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDrag, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from antasena_desktop.domain.catalog import FUNCTION_BY_CODE
from antasena_desktop.i18n import T, current_language
from antasena_desktop.timefmt import format_time_wib
from ui.icons import icon
from ui.map.view import PERSONNEL_MIME

HOLDER_MIME = "application/x-antasena-assignment"
KIND_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11
POST_ROLE = Qt.ItemDataRole.UserRole + 12
LINE_ROLE = Qt.ItemDataRole.UserRole + 13
EVENT_ROLE = Qt.ItemDataRole.UserRole + 14
PINNED_ROLE = Qt.ItemDataRole.UserRole + 15
SHORT_COLOR = "#ffcdd2"
_BASE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
FLAGS = {"event": _BASE, "post": _BASE | Qt.ItemFlag.ItemIsDropEnabled, "line": _BASE | Qt.ItemFlag.ItemIsDropEnabled,
         "holder": _BASE | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemIsDragEnabled}
CENTER = int(Qt.AlignmentFlag.AlignCenter)
FULL_COLOR = "#c8e6c9"


_ICONS: dict[tuple[str, str], object] = {}


def cached_icon(name: str, color: str = "#1f3b5a"):
    """Icons are built once: a busy day has over a thousand holder rows."""
    key = (name, color)
    if key not in _ICONS:
        _ICONS[key] = icon(name, color)
    return _ICONS[key]


def function_label(code: str | None) -> str:
    if not code:
        return str(T("Umum", "General"))
    term = FUNCTION_BY_CODE.get(code)
    return term.label(current_language()) if term else code


def line_text(line) -> str:
    parts = [str(T("{f} × {n}", "{f} × {n}", f=function_label(line.function), n=line.count))]
    if line.min_rank_code:
        parts.append(str(T("min. {r}", "min. {r}", r=line.min_rank_code)))
    if line.gender:
        parts.append(str(T("Polwan", "female")) if line.gender == "F" else str(T("laki-laki", "male")))
    if line.role_label:
        parts.append(line.role_label)
    return " · ".join(parts)


def encode_people(rows) -> QMimeData:
    """The drag payload of personnel rows (also understood by the map: PERSONNEL_MIME JSON)."""
    items = [{"id": r.id, "nrp": r.nrp, "nama": r.name} for r in rows]
    payload = {"ids": [i["id"] for i in items], "items": items,
               "nrp": items[0]["nrp"] if items else "", "nama": items[0]["nama"] if items else ""}
    mime = QMimeData()
    mime.setData(PERSONNEL_MIME, json.dumps(payload).encode("utf-8"))
    mime.setText(json.dumps(payload))
    return mime


def decode(mime: QMimeData, kind: str) -> list[str]:
    if not mime.hasFormat(kind):
        return []
    try:
        payload = json.loads(bytes(mime.data(kind)).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    if kind == HOLDER_MIME:
        return [str(a) for a in payload.get("assignments", [])]
    ids = payload.get("ids") or ([payload["id"]] if payload.get("id") else [])
    return [str(i) for i in ids]


_SHORT_BRUSH = QBrush(QColor(SHORT_COLOR))
_FULL_BRUSH = QBrush(QColor(FULL_COLOR))


class PlanTreeModel(QStandardItemModel):
    """Built from `board.day_plan` (a list of EventView)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan = []
        self.posts = {}       # post id → PostView
        self.lines = {}       # line id → (LineView, PostView)
        self.holders = {}     # assignment id → (SeatHolder, LineView, PostView)
        self.events = {}      # event id → EventView
        self._pending = {}    # line id → what is needed to build its holder rows later
        self._set_headers()

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels([str(T("Kegiatan / Pos / Kebutuhan", "Event / Post / Requirement")),
                                        str(T("Terisi", "Filled")), str(T("Waktu", "Time"))])

    def set_plan(self, plan, open_lines: set[str] = frozenset()) -> None:
        """Rebuild from the plan; holder rows only for the lines in `open_lines` (others on expansion)."""
        self.plan = plan
        self.posts, self.lines, self.holders, self.events = {}, {}, {}, {}
        self._pending = {}
        self.removeRows(0, self.rowCount())
        self._set_headers()
        for event in plan:
            self.events[event.id] = event
            e_item = self._item(f"{event.number} — {event.title}", "event", event.id, event_id=event.id)
            e_item.setIcon(cached_icon("fa5s.calendar-alt"))
            row = [e_item, self._count(event.filled, event.required),
                   self._plain(f"{format_time_wib(event.start_at)}–{format_time_wib(event.end_at)}")]
            for post in event.posts:
                self.posts[post.id] = post
                p_item = self._item(post.name, "post", post.id, event_id=event.id, post_id=post.id)
                p_item.setIcon(cached_icon("fa5s.map-marker-alt", "#b71c1c" if post.filled < post.required else "#2e7d32"))
                p_row = [p_item, self._count(post.filled, post.required),
                         self._plain(f"{format_time_wib(post.start_at)}–{format_time_wib(post.end_at)}")]
                for line in post.lines:
                    self.lines[line.id] = (line, post)
                    l_item = self._item(line_text(line), "line", line.id, event_id=event.id, post_id=post.id,
                                        line_id=line.id)
                    l_row = [l_item, self._count(line.filled, line.count), self._plain("")]
                    for holder in line.holders:
                        self.holders[holder.assignment_id] = (holder, line, post)
                    if line.holders and line.id not in open_lines:
                        # holder rows are built when the line is first expanded (a busy day has >1,000)
                        placeholder = self._plain("…")
                        placeholder.setData("placeholder", KIND_ROLE)
                        l_item.appendRow(placeholder)
                        self._pending[line.id] = (l_item, line, post, event.id)
                    else:
                        self._add_holders(l_item, line, post, event.id)
                    p_item.appendRow(l_row)
                e_item.appendRow(p_row)
            self.appendRow(row)

    def _add_holders(self, l_item, line, post, event_id) -> None:
        for holder in line.holders:
            h_item = self._item(f"{holder.rank_code} {holder.name} ({holder.nrp}) — {holder.unit}",
                                "holder", holder.assignment_id, event_id=event_id, post_id=post.id, line_id=line.id)
            h_item.setData(holder.pinned, PINNED_ROLE)
            h_item.setIcon(cached_icon("fa5s.thumbtack", "#1f3b5a") if holder.pinned else cached_icon("fa5s.user", "#888"))
            tip = [str(T("Dipatok (manual)", "Pinned (manual)")) if holder.pinned
                   else str(T("Tidak dipatok ({s})", "Not pinned ({s})", s=holder.source))]
            if holder.reason:
                tip.append(str(T("Alasan: {r}", "Reason: {r}", r=holder.reason)))
            h_item.setToolTip("\n".join(tip))
            l_item.appendRow([h_item, self._plain(str(T("dipatok", "pinned")) if holder.pinned else ""),
                              self._plain(holder.source)])

    def populate(self, line_id: str) -> bool:
        """Build the holder rows of a line that was collapsed at the last rebuild."""
        pending = self._pending.pop(line_id, None)
        if pending is None:
            return False
        l_item, line, post, event_id = pending
        l_item.removeRows(0, l_item.rowCount())
        self._add_holders(l_item, line, post, event_id)
        return True

    def populate_index(self, index: QModelIndex) -> None:
        index = index.siblingAtColumn(0)
        if index.data(KIND_ROLE) == "line":
            self.populate(index.data(ID_ROLE))

    @staticmethod
    def _item(text, kind, ident, event_id=None, post_id=None, line_id=None) -> QStandardItem:
        item = QStandardItem(text)
        item.setFlags(FLAGS[kind])          # not editable
        item.setData(kind, KIND_ROLE)
        item.setData(ident, ID_ROLE)
        item.setData(event_id, EVENT_ROLE)
        item.setData(post_id, POST_ROLE)
        item.setData(line_id, LINE_ROLE)
        return item

    @staticmethod
    def _plain(text) -> QStandardItem:
        item = QStandardItem(text)
        item.setFlags(_BASE)
        return item

    @staticmethod
    def _count(filled: int, required: int) -> QStandardItem:
        item = QStandardItem(f"{filled}/{required}")
        item.setFlags(_BASE)
        item.setData(_SHORT_BRUSH if filled < required else _FULL_BRUSH, Qt.ItemDataRole.BackgroundRole)
        item.setData(CENTER, Qt.ItemDataRole.TextAlignmentRole)
        return item

    def find(self, kind: str, ident: str) -> QModelIndex:
        if kind == "holder" and ident in self.holders:
            self.populate(self.holders[ident][1].id)
        def walk(parent: QModelIndex):
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                if index.data(KIND_ROLE) == kind and index.data(ID_ROLE) == ident:
                    return index
                if kind != "event":
                    found = walk(index)
                    if found.isValid():
                        return found
            return QModelIndex()
        return walk(QModelIndex())

    def mimeTypes(self):  # noqa: N802
        return [HOLDER_MIME]

    def mimeData(self, indexes):  # noqa: N802
        ids = []
        for index in indexes:
            if index.column() == 0 and index.data(KIND_ROLE) == "holder" and index.data(ID_ROLE) not in ids:
                ids.append(index.data(ID_ROLE))
        mime = QMimeData()
        mime.setData(HOLDER_MIME, json.dumps({"assignments": ids}).encode("utf-8"))
        return mime

    def supportedDragActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class PlanTreeView(QTreeView):
    """Accepts personnel (from the list) and holders (moves) on posts/lines; emits what was dropped where."""

    peopleDropped = Signal(list, str, str)     # person ids, post id, line id ("" = any line)
    holdersDropped = Signal(list, str, str)    # assignment ids, post id, line id
    removeRequested = Signal()
    pinRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("planning_tree")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def target_at(self, pos) -> tuple[str, str] | None:
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        index = index.siblingAtColumn(0)
        kind = index.data(KIND_ROLE)
        if kind == "post":
            return index.data(POST_ROLE), ""
        if kind in ("line", "holder"):
            return index.data(POST_ROLE), index.data(LINE_ROLE)
        return None

    @staticmethod
    def _our_mime(mime: QMimeData) -> bool:
        return mime.hasFormat(PERSONNEL_MIME) or mime.hasFormat(HOLDER_MIME)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._our_mime(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction if event.mimeData().hasFormat(HOLDER_MIME)
                                else Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._our_mime(event.mimeData()) and self.target_at(event.position().toPoint()) is not None:
            event.setDropAction(Qt.DropAction.MoveAction if event.mimeData().hasFormat(HOLDER_MIME)
                                else Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        target = self.target_at(event.position().toPoint())
        mime = event.mimeData()
        if target is None or not self._our_mime(mime):
            event.ignore()
            return
        post_id, line_id = target
        # Accept with IgnoreAction semantics for the source: the board reloads from the database afterwards.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if mime.hasFormat(HOLDER_MIME):
            ids = decode(mime, HOLDER_MIME)
            if ids:
                self.holdersDropped.emit(ids, post_id, line_id)
        else:
            ids = decode(mime, PERSONNEL_MIME)
            if ids:
                self.peopleDropped.emit(ids, post_id, line_id)

    def startDrag(self, supported) -> None:  # noqa: N802
        indexes = [i for i in self.selectedIndexes() if i.column() == 0 and i.data(KIND_ROLE) == "holder"]
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData(indexes))
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.removeRequested.emit()
            return
        if event.key() == Qt.Key.Key_Space:
            self.pinRequested.emit()
            return
        super().keyPressEvent(event)

    def selected_holders(self) -> list[str]:
        return [i.data(ID_ROLE) for i in self.selectionModel().selectedRows(0) if i.data(KIND_ROLE) == "holder"]

    def expanded_keys(self) -> set[tuple[str, str]]:
        keys = set()
        model = self.model()

        def walk(parent):
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if self.isExpanded(index):
                    keys.add((index.data(KIND_ROLE), index.data(ID_ROLE)))
                    walk(index)
        walk(QModelIndex())
        return keys

    def restore_expanded(self, keys: set[tuple[str, str]]) -> None:
        model = self.model()

        def walk(parent):
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if (index.data(KIND_ROLE), index.data(ID_ROLE)) in keys:
                    self.setExpanded(index, True)
                    walk(index)
        walk(QModelIndex())
