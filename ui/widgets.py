"""Small widget helpers: WIB date-time editors, combo selection by data, the wheel guard, questions with our texts."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDateTimeEdit, QMessageBox,
                               QStyledItemDelegate)

from antasena_desktop.timefmt import WIB, to_wib


def to_qdatetime(moment: datetime) -> QDateTime:
    local = to_wib(moment)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    """The wall-clock value of an editor, read as WIB."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=WIB)


def datetime_edit(name: str, moment: datetime | None = None) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy HH:mm")
    if moment is not None:
        edit.setDateTime(to_qdatetime(moment))
    return edit


def select_data(combo: QComboBox, data) -> None:
    """Make the item carrying `data` current (no change when there is none)."""
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


# ---------------------------------------------------------------- wheel guard: scrolling never edits a value
class WheelGuard(QObject):
    """Filter on spin and combo boxes: they take the mouse wheel only when they have the keyboard focus.

    Without focus the wheel goes on to the parent, so the page scrolls instead of a value changing."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Wheel and not obj.hasFocus():
            parent = obj.parentWidget()
            if parent is not None:
                QApplication.sendEvent(parent, event)
            return True
        return False


def guard_wheel(root) -> int:
    """Guard every spin/combo box under `root` (idempotent; call again after adding fields). Returns how many
    were newly guarded. Guarded fields take focus by click or Tab only (StrongFocus), never by the wheel."""
    app = QApplication.instance()
    guard = getattr(app, "_antasena_wheel_guard", None)
    if guard is None:
        guard = app._antasena_wheel_guard = WheelGuard(app)
    added = 0
    for widget in root.findChildren(QAbstractSpinBox) + root.findChildren(QComboBox):
        if not widget.property("wheel_guarded"):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(guard)
            widget.setProperty("wheel_guarded", True)
            added += 1
    return added


# ---------------------------------------------------------------- questions with our own button texts
def ask(parent, title, text, choices, default: str | None = None, icon=QMessageBox.Icon.Question) -> str | None:
    """A modal question whose buttons carry our texts (Qt has no Indonesian catalogue).

    `choices`: [(key, label, QMessageBox.ButtonRole)]. Returns the chosen key, None when closed."""
    box = QMessageBox(icon, str(title), str(text), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("question_box")
    buttons = {}
    for key, label, role in choices:
        button = box.addButton(str(label), role)
        button.setObjectName(f"question_{key}")
        buttons[button] = key
        if key == default:
            box.setDefaultButton(button)
    box.exec()
    return buttons.get(box.clickedButton())


class SubmitOnSave:
    """Mixin for editor dialogs that stay open until their write succeeded (no nested event loop).

    The caller sets `on_submit(values)`; Save (or `accept()`) calls it; the caller calls `finish()` once
    the write is saved, or puts the refusal into `self.error` and the dialog stays open with the input."""

    on_submit = None

    def accept(self) -> None:
        if self.on_submit is None:
            super().accept()
            return
        self.error.setText("")
        self.on_submit(self.values())

    def finish(self) -> None:
        super().accept()


# ---------------------------------------------------------------- tables: default widths, middle elide, widths kept
class MiddleElideDelegate(QStyledItemDelegate):
    """Codes and numbers keep both ends when cut: `KEG/…/0806`, `1987…2001`."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def setup_table(view, key: str, widths: dict[int, int] | None = None, qsettings=None,
                code_columns: tuple[int, ...] = (0,)) -> None:
    """Codes elide in the middle (`KEG/…/0806`), text at the end; default column widths; the operator's widths
    remembered per table (QSettings `tables/<key>`). Call after the model is set."""
    from PySide6.QtCore import QSettings, QTimer
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    delegate = MiddleElideDelegate(view)
    for column in code_columns:
        view.setItemDelegateForColumn(column, delegate)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setMinimumSectionSize(40)
    model = view.model()
    columns = getattr(getattr(model, "sourceModel", lambda: model)() or model, "columns", [])
    defaults = {i: c.width for i, c in enumerate(columns) if getattr(c, "width", 0)}
    defaults.update(widths or {})
    for column, width in defaults.items():
        if header.sectionResizeMode(column) != header.ResizeMode.Stretch:
            header.resizeSection(column, width)
    settings = qsettings or QSettings("BagOpsPolrestabesPalembang", "AntasenaDesktop")
    state = settings.value(f"tables/{key}")
    if state is not None:
        header.restoreState(state)
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(400)
    timer.timeout.connect(lambda: settings.setValue(f"tables/{key}", header.saveState()))
    header.sectionResized.connect(lambda *_: timer.start())
    view._antasena_width_timer = timer


# ---------------------------------------------------------------- detail panes follow the filter
class DetailFollowsFilter(QObject):
    """One mechanism for every list + detail pane: the pane shows the current row; when a filter (search, combo,
    a refresh) hides that row, `on_hidden()` clears the pane; while the row stays visible it stays current.

    `key(value)` names a row (default `row.id`; `lambda v: v` when `role` holds the id); rows come from the
    RowTableModel behind the view (its `rows` shown and `all_rows`), or, for other models, from `role` of
    column 0. A row that is not in the model at all (e.g. an event picked on the calendar outside the list's
    range) is not "hidden by a filter" and stays shown.
    Models rebuilt item by item (QListWidget) pass `auto=False` and call `recheck()` once they are filled."""

    def __init__(self, view, on_hidden, key=None, role: int | None = None, auto: bool = True):
        super().__init__(view)
        from ui.models.table import ROW_ROLE
        self.view = view
        self.on_hidden = on_hidden
        self.key = key or (lambda row: getattr(row, "id", None))
        self.role = ROW_ROLE if role is None else role
        self.shown = None                              # the key of the row the pane shows
        view.selectionModel().currentChanged.connect(self._current_changed)
        if auto:
            view.model().modelReset.connect(self.recheck)
            view.model().layoutChanged.connect(self.recheck)
            view.model().rowsRemoved.connect(self.recheck)

    def _source(self):
        model = self.view.model()
        source = model.sourceModel() if hasattr(model, "sourceModel") else None
        return source if hasattr(source, "all_rows") else (model if hasattr(model, "all_rows") else None)

    def _key_at(self, index):
        value = index.siblingAtColumn(0).data(self.role)
        return None if value is None else self.key(value)

    def _current_changed(self, current, _previous) -> None:
        if current.isValid():
            self.shown = self._key_at(current)

    def recheck(self, *_args, absent_is_hidden: bool = False) -> None:
        """`absent_is_hidden`: the rows were just reloaded for a filter chosen by the operator (a period), so a row
        missing from the model was filtered out too."""
        if self.shown is None:
            return
        model, source = self.view.model(), self._source()
        if source is not None:
            visible = [self.key(row) for row in source.rows]
            if self.shown in visible:
                row = visible.index(self.shown)
                index = model.index(row, 0) if model is source else model.mapFromSource(source.index(row, 0))
                self._reselect(index)
                return
            if not absent_is_hidden and not any(self.key(row) == self.shown for row in source.all_rows):
                return                                 # not in this list at all: not hidden by a filter
        else:
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                if self._key_at(index) == self.shown:
                    self._reselect(index)
                    return
        self.shown = None
        self.on_hidden()

    def _reselect(self, index) -> None:
        """Keep the still-visible row current without a reload of the pane (signals blocked)."""
        selection = self.view.selectionModel()
        if selection.currentIndex() == index:
            return
        selection.blockSignals(True)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
        selection.blockSignals(False)
        self.view.viewport().update()
