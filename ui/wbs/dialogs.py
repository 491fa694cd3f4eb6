"""Dialogs of the case desk: a stage action (reason, criteria checklist, choices, a question before an
irreversible step), free text (message, note, legal basis), and a yes/no question.

The dialogs only collect what the operator says; whether the move is allowed is the service's
decision, and its refusal is shown in words by the view.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget)

from antasena_desktop.i18n import T, Text

WARNING_STYLE = "background: #fdecea; color: #8a1c1c; border: 1px solid #e6a5a0; padding: 6px"


@dataclass
class ActionForm:
    """What a stage action asks for (built by ui/wbs/core.py from the core's workflow)."""
    title: Text
    prompt: Text
    reason_label: Text = field(default_factory=lambda: T("Alasan / catatan", "Reason / note"))
    reason_required: bool = True
    criteria: Sequence[tuple[str, Text]] = ()                 # checklist: (code, label)
    criteria_all_required: bool = False
    choices: dict[str, tuple[Text, Sequence[tuple[str, Text]]]] = field(default_factory=dict)
    irreversible: Text | None = None                          # the question asked before an irreversible step


class ActionDialog(QDialog):
    def __init__(self, form: ActionForm, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self.setObjectName("wbs_action_dialog")
        self.setWindowTitle(str(form.title))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        prompt = QLabel(str(form.prompt))
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.criteria: dict[str, QCheckBox] = {}
        if form.criteria:
            box = QGroupBox(str(T("Kriteria", "Criteria")))
            inner = QVBoxLayout(box)
            for code, label in form.criteria:
                check = QCheckBox(str(label))
                check.setObjectName(f"criterion_{code}")
                inner.addWidget(check)
                self.criteria[code] = check
            layout.addWidget(box)
        grid = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        for name, (label, options) in form.choices.items():
            combo = QComboBox()
            combo.setObjectName(f"choice_{name}")
            for code, text in options:
                combo.addItem(str(text), code)
            grid.addRow(str(label), combo)
            self.choices[name] = combo
        layout.addLayout(grid)
        layout.addWidget(QLabel(str(form.reason_label)))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("action_reason")
        self.reason.setFixedHeight(90)
        layout.addWidget(self.reason)
        if form.irreversible is not None:
            warning = QLabel(str(form.irreversible))
            warning.setWordWrap(True)
            warning.setStyleSheet(WARNING_STYLE)
            layout.addWidget(warning)
        self.error = QLabel()
        self.error.setObjectName("action_error")
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(str(T("Lanjutkan", "Continue")))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(str(T("Batal", "Cancel")))
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.confirm_irreversible = ask_yes_no        # replaced in tests to answer the question

    def values(self) -> tuple[str, dict]:
        details: dict = {}
        if self.criteria:
            details["criteria"] = [code for code, box in self.criteria.items() if box.isChecked()]
        for name, combo in self.choices.items():
            details[name] = combo.currentData()
        return self.reason.toPlainText().strip(), details

    def check(self) -> None:
        reason, details = self.values()
        if self.form.reason_required and not reason:
            self.error.setText(str(T("Tuliskan alasannya dulu.", "Write the reason first.")))
            return
        if self.form.criteria_all_required and len(details.get("criteria", [])) < len(self.criteria):
            self.error.setText(str(T("Semua kriteria harus dicentang untuk langkah ini.",
                                     "Every criterion must be ticked for this step.")))
            return
        if self.form.irreversible is not None and not self.confirm_irreversible(self, self.form.title,
                                                                              self.form.irreversible):
            return
        self.accept()


def ask_yes_no(parent: QWidget, title: Text, question: Text) -> bool:
    answer = QMessageBox.question(parent, str(title), str(question),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class TextDialog(QDialog):
    """One free text (and optionally one short line, e.g. a letter number), both required."""

    def __init__(self, title: Text, prompt: Text, parent: QWidget | None = None, line_label: Text | None = None,
                 multiline: bool = True):
        super().__init__(parent)
        self.setObjectName("wbs_text_dialog")
        self.setWindowTitle(str(title))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        label = QLabel(str(prompt))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.line: QLineEdit | None = None
        if line_label is not None:
            form = QFormLayout()
            self.line = QLineEdit()
            self.line.setObjectName("text_dialog_line")
            form.addRow(str(line_label), self.line)
            layout.addLayout(form)
        self.text = QPlainTextEdit() if multiline else QLineEdit()
        self.text.setObjectName("text_dialog_text")
        layout.addWidget(self.text)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def value(self) -> str:
        text = self.text.toPlainText() if isinstance(self.text, QPlainTextEdit) else self.text.text()
        return text.strip()

    def line_value(self) -> str:
        return self.line.text().strip() if self.line is not None else ""

    def check(self) -> None:
        if not self.value() or (self.line is not None and not self.line_value()):
            self.error.setText(str(T("Isian ini wajib diisi.", "This field is required.")))
            return
        self.accept()
