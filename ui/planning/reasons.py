"""One dialog for every person of a drop who needs a reason (soft mismatches), instead of one per person."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from antasena_desktop.i18n import T
from antasena_desktop.planning.service import NeedsReason, join_messages


class ReasonsDialog(QDialog):
    """Lists each person with why a reason is needed and a reason field; `reasons()` maps key → text.
    OK needs every field filled ("Samakan" copies the first reason to the empty ones)."""

    def __init__(self, needs: list[NeedsReason], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reasons_dialog")
        self.setWindowTitle(str(T("Alasan diperlukan", "Reasons needed")))
        self.needs = needs
        layout = QVBoxLayout(self)
        self.intro = QLabel(str(T("{n} personel tidak sesuai fungsi/ketentuan pos. Tuliskan alasan penempatannya:",
                                  "{n} people do not match the post's function/terms. Give the reason for each:",
                                  n=len(needs))))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for need in needs:
            why = QLabel(str(T("{who} — {why}", "{who} — {why}", who=need.who,
                               why=join_messages([c.message for c in need.conflicts]))))
            why.setWordWrap(True)
            field = QLineEdit()
            field.setObjectName(f"reason_{need.key}")
            field.textChanged.connect(self._check)
            self.fields[need.key] = field
            form.addRow(why)
            form.addRow(str(T("Alasan:", "Reason:")), field)
        layout.addLayout(form)
        self.same = QPushButton(str(T("Samakan dengan alasan pertama", "Use the first reason for all")))
        self.same.setObjectName("reasons_same")
        self.same.clicked.connect(self.fill_empty_from_first)
        layout.addWidget(self.same)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def fill_empty_from_first(self) -> None:
        first = next((f.text() for f in self.fields.values() if f.text().strip()), "")
        for field in self.fields.values():
            if not field.text().strip():
                field.setText(first)

    def _check(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            all(f.text().strip() for f in self.fields.values()))

    def reasons(self) -> dict[str, str]:
        return {key: field.text().strip() for key, field in self.fields.items()}
