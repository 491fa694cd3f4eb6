"""Enter an availability period (cuti, sakit, dik, piket, BKO) for one person or a whole unit."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from antasena_desktop.domain.catalog import AVAILABILITY_KINDS
from antasena_desktop.i18n import T, current_language
from antasena_desktop.timefmt import now_utc, to_wib
from ui.widgets import SubmitOnSave, datetime_edit, from_qdatetime, guard_wheel


class AvailabilityDialog(SubmitOnSave, QDialog):
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        guard_wheel(self)          # the wheel scrolls, it never edits an unfocused field

    def __init__(self, title: str, units: list | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("availability_dialog")
        self.setWindowTitle(title)
        self.unit = QComboBox()
        self.unit.setObjectName("availability_unit")
        for unit in units or []:
            self.unit.addItem(unit.short_name, unit.id)
        self.kind = QComboBox()
        self.kind.setObjectName("availability_kind")
        for term in AVAILABILITY_KINDS:
            self.kind.addItem(term.label(current_language()), term.code)
        start = to_wib(now_utc()).replace(hour=7, minute=0, second=0, microsecond=0) + timedelta(days=1)
        self.start = datetime_edit("availability_start", start)
        self.end = datetime_edit("availability_end", start + timedelta(days=1))
        self.note = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        if units:
            form.addRow(str(T("Kesatuan", "Unit")), self.unit)
        form.addRow(str(T("Jenis", "Kind")), self.kind)
        form.addRow(str(T("Mulai (WIB)", "Start (WIB)")), self.start)
        form.addRow(str(T("Selesai (WIB)", "End (WIB)")), self.end)
        form.addRow(str(T("Keterangan", "Note")), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict:
        return {"unit_id": self.unit.currentData(), "kind": self.kind.currentData(),
                "start": from_qdatetime(self.start.dateTime()), "end": from_qdatetime(self.end.dateTime()),
                "note": self.note.text().strip()}
