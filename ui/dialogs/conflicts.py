""""Kotak konflik sinkron": what the server refused from this desk (or another), in words, and the choice.

A table of open conflicts (kind, what happened in the guard's words, which desk, who) and three buttons:
Pertahankan versi saya (keep mine), Pertahankan versi server (keep theirs), Ubah… (edit the desk's
values, then keep them). Every read is a ReadOp, every resolution a WriteOp through
`antasena_desktop.sync.conflicts.resolve` (the guard, the audit log, the outbox); nothing is decided here.
"""
from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from antasena_desktop.i18n import T
from antasena_desktop.sync import conflicts as service
from antasena_desktop.timefmt import format_datetime_wib
from ui.ops import ReadOp, WriteOp

_HIDDEN = {"id", "created_at", "updated_at", "updated_by", "row_version"}


class EditValuesDialog(QDialog):
    """The desk's values of a conflict, editable (field → value); `values()` gives the changed ones."""

    def __init__(self, parent, mine: dict):
        super().__init__(parent)
        self.setWindowTitle(str(T("Ubah versi meja", "Edit the desk's version")))
        self.original = {k: v for k, v in mine.items() if k not in _HIDDEN}
        self.table = QTableWidget(len(self.original), 2)
        self.table.setObjectName("conflict_edit_values")
        self.table.setHorizontalHeaderLabels([str(T("Kolom", "Field")), str(T("Nilai", "Value"))])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (name, value) in enumerate(sorted(self.original.items())):
            key = QTableWidgetItem(name)
            key.setFlags(key.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, key)
            self.table.setItem(row, 1, QTableWidgetItem(json.dumps(value, ensure_ascii=False)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(str(T("Pertahankan nilai ini", "Keep these values")))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(str(T("Batal", "Cancel")))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def set_value(self, name: str, value) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == name:
                self.table.item(row, 1).setText(json.dumps(value, ensure_ascii=False))

    def values(self) -> dict:
        changed = {}
        for row in range(self.table.rowCount()):
            name, text = self.table.item(row, 0).text(), self.table.item(row, 1).text()
            try:
                value = json.loads(text)
            except ValueError:
                value = text                      # plain text typed without quotes
            if value != self.original.get(name):
                changed[name] = value
        return changed


class ConflictInbox(QDialog):
    def __init__(self, parent, ctx=None):
        super().__init__(parent)
        self.ctx = ctx or parent.ctx
        self.setObjectName("conflict_inbox")
        self.setWindowTitle(str(T("Kotak konflik sinkron", "Sync conflict inbox")))
        self.resize(900, 420)
        self.rows: list[service.ConflictView] = []
        self.loaded = False
        self.summary = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("conflict_table")
        self.table.setHorizontalHeaderLabels([str(T("Jenis", "Kind")), str(T("Uraian", "What happened")),
                                              str(T("Meja", "Desk")), str(T("Waktu", "When"))])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.keep_mine = QPushButton(str(T("Pertahankan versi saya", "Keep mine")))
        self.keep_mine.setObjectName("keep_mine")
        self.keep_theirs = QPushButton(str(T("Pertahankan versi server", "Keep theirs")))
        self.keep_theirs.setObjectName("keep_theirs")
        self.edit = QPushButton(str(T("Ubah…", "Edit…")))
        self.edit.setObjectName("edit_conflict")
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.edit.clicked.connect(self.open_edit)
        buttons = QHBoxLayout()
        for button in (self.keep_mine, self.keep_theirs, self.edit):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(str(T("Tutup", "Close")))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.edit_dialog: EditValuesDialog | None = None
        self.ctx.published.connect(self._published)
        self._selection_changed()
        self.reload()

    def _published(self, changes, _initiator) -> None:
        if "sync_conflict" in changes.entities() and self.isVisible():
            self.reload()

    def reload(self) -> None:
        actor = self.ctx.actor
        ReadOp(self, lambda session: service.list_conflicts(session, actor)).success(self._show).run()

    def _show(self, rows: list) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            desk = row.desk if not row.own else str(T("{d} (meja ini)", "{d} (this desk)", d=row.desk))
            kind = service.KIND_LABELS.get(row.kind)
            for column, text in enumerate((str(kind) if kind else row.kind, row.message, desk,
                                           format_datetime_wib(row.created_at) if row.created_at else "")):
                self.table.setItem(i, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.summary.setText(str(T("{n} konflik terbuka. Pilih satu, lalu putuskan versi mana yang berlaku.",
                                   "{n} open conflicts. Pick one, then decide which version stands.", n=len(rows))))
        if rows:
            self.table.selectRow(0)
        self._selection_changed()
        self.loaded = True

    def selected(self) -> service.ConflictView | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.rows[indexes[0].row()] if indexes and indexes[0].row() < len(self.rows) else None

    def _selection_changed(self) -> None:
        row = self.selected()
        for button in (self.keep_mine, self.keep_theirs, self.edit):
            button.setEnabled(row is not None)
        if row is not None:
            self.edit.setEnabled(row.own)

    def resolve(self, keep: str, values: dict | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        conflict_id = row.id
        self.loaded = False
        WriteOp(self, lambda session, actor: service.resolve(session, actor, conflict_id, keep, values),
                None).success(lambda _c: self.reload()).run()

    def open_edit(self) -> EditValuesDialog | None:
        row = self.selected()
        if row is None:
            return None
        self.edit_dialog = EditValuesDialog(self, row.mine)
        self.edit_dialog.accepted.connect(lambda: self.resolve("edit", self.edit_dialog.values() or dict(row.mine)))
        self.edit_dialog.open()
        return self.edit_dialog
