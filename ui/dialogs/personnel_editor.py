"""Create or edit one person; the service validates and names the field at fault."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout)
from PySide6.QtCore import Qt

from antasena_desktop.domain.catalog import FUNCTIONS
from antasena_desktop.domain.ranks import RANKS
from antasena_desktop.i18n import T, current_language
from ui.widgets import guard_wheel

from ui.widgets import SubmitOnSave


class PersonnelEditor(SubmitOnSave, QDialog):
    """Collects values; the caller runs the service (on the writer thread) and shows its errors here."""

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        guard_wheel(self)          # the wheel scrolls, it never edits an unfocused field

    def __init__(self, units: list, person: dict | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("personnel_editor")
        self.setWindowTitle(str(T("Ubah personel", "Edit person") if person else T("Personel baru", "New person")))
        person = person or {}
        self.nrp = QLineEdit(person.get("nrp", ""))
        self.nrp.setObjectName("editor_nrp")
        self.name = QLineEdit(person.get("name", ""))
        self.name.setObjectName("editor_name")
        self.rank = QComboBox()
        self.rank.setObjectName("editor_rank")
        for rank in sorted(RANKS, key=lambda r: -r.order):
            self.rank.addItem(f"{rank.code} — {rank.name}", rank.code)
        self.rank.setCurrentIndex(max(0, self.rank.findData(person.get("rank_code", "BRIPDA"))))
        self.jabatan = QLineEdit(person.get("jabatan", ""))
        self.unit = QComboBox()
        self.unit.setObjectName("editor_unit")
        for unit in units:
            self.unit.addItem(unit.short_name, unit.id)
        self.unit.setCurrentIndex(max(0, self.unit.findData(person.get("unit_id"))))
        self.gender = QComboBox()
        self.gender.addItem(str(T("Laki-laki", "Male")), "M")
        self.gender.addItem(str(T("Perempuan", "Female")), "F")
        self.gender.setCurrentIndex(1 if person.get("gender") == "F" else 0)
        self.phone = QLineEdit(person.get("phone", ""))
        self.functions = QListWidget()
        self.functions.setObjectName("editor_functions")
        chosen = set(person.get("functions", ()))
        for term in FUNCTIONS:
            item = QListWidgetItem(term.label(current_language()))
            item.setData(Qt.ItemDataRole.UserRole, term.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if term.code in chosen else Qt.CheckState.Unchecked)
            self.functions.addItem(item)
        self.error = QLabel()
        self.error.setObjectName("editor_error")
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(str(T("NRP/NIP", "NRP/NIP")), self.nrp)
        form.addRow(str(T("Nama", "Name")), self.name)
        form.addRow(str(T("Pangkat", "Rank")), self.rank)
        form.addRow(str(T("Jabatan", "Position")), self.jabatan)
        form.addRow(str(T("Kesatuan", "Unit")), self.unit)
        form.addRow(str(T("Jenis kelamin", "Sex")), self.gender)
        form.addRow(str(T("No. HP", "Phone")), self.phone)
        form.addRow(str(T("Fungsi", "Functions")), self.functions)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self) -> dict:
        codes = [self.functions.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.functions.count())
                 if self.functions.item(i).checkState() == Qt.CheckState.Checked]
        return {"nrp": self.nrp.text(), "name": self.name.text(), "rank_code": self.rank.currentData(),
                "jabatan": self.jabatan.text(), "unit_id": self.unit.currentData(),
                "gender": self.gender.currentData(), "phone": self.phone.text(), "functions": codes}
