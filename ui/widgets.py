"""Small widget helpers shared by dialogs: WIB date-time editors and choosing a combo item by its data."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit

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
