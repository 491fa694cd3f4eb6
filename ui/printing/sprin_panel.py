"""The orders (Sprin) of one event and their workflow buttons: draft, approve, issue, amend, cancel,
attach the signed scan, print. All rules live in antasena_desktop.documents.workflow; this widget
only calls it and shows operator-facing errors."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from antasena_desktop.documents import html, workflow
from antasena_desktop.documents.sprin import SprinOptions
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission
from antasena_desktop.timefmt import format_datetime_wib

from .preview import PrintDialog


class SprinPanel(QWidget):
    """Orders of `event_ref` (UUID or number). Emits `changed(Changes)` after every successful step."""

    changed = Signal(object)

    def __init__(self, database, actor: Actor, event_ref: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._database, self._actor, self._event = database, actor, event_ref
        self._ids: list[str] = []
        layout = QVBoxLayout(self)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([t.render() for t in (
            T("Nomor", "Number"), T("Status", "Status"), T("Perubahan atas", "Amends"), T("Disetujui", "Approved by"),
            T("Terbit", "Issued"), T("Pindaian", "Scan"))])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.on_behalf = QCheckBox(T("Ditandatangani a.n. Kapolrestabes (Kabag Ops)",
                                     "Signed on behalf of the Kapolrestabes (Head of Operations)").render())
        layout.addWidget(self.on_behalf)
        row = QHBoxLayout()
        self.buttons = {}
        for key, label in [("draft", T("Buat konsep", "New draft")), ("refresh", T("Perbarui konsep", "Refresh draft")),
                           ("approve", T("Setujui", "Approve")), ("issue", T("Terbitkan", "Issue")),
                           ("amend", T("Sprin perubahan…", "Amend…")), ("cancel", T("Batalkan…", "Cancel…")),
                           ("scan", T("Lampirkan pindaian…", "Attach scan…")), ("print", T("Cetak…", "Print…"))]:
            button = QPushButton(label.render())
            button.clicked.connect(lambda _checked=False, k=key: self._run(k))
            row.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    # --- state ------------------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._ids[rows[0].row()] if rows else None

    def _selected_status(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 1).data(Qt.ItemDataRole.UserRole) if rows else None

    def refresh(self) -> None:
        with self._database.session() as session:
            orders = workflow.sprins_for_event(session, self._event)
            numbers = {s.id: s.number for s in orders}
            rows = [(s.id, s.number or T("(konsep)", "(draft)").render(), s.status,
                     numbers.get(s.parent_id, "") if s.parent_id else "", s.approved_by,
                     format_datetime_wib(s.issued_at) if s.issued_at else "", s.signed_scan_path) for s in orders]
            event = workflow.find_event(session, self._event)
            self.title.setText(f"<b>{event.number}</b> — {event.title}")
        self._ids = [r[0] for r in rows]
        self.table.setRowCount(len(rows))
        for r, (_id, number, status, parent, approver, issued, scan) in enumerate(rows):
            label = workflow.STATUS_LABELS.get(status)
            values = [number, label.render() if label else status, parent or "", approver, issued, scan]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 1:
                    item.setData(Qt.ItemDataRole.UserRole, status)
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(len(rows) - 1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        status, can = self._selected_status(), self._actor.can
        self.buttons["draft"].setEnabled(can(Permission.PLAN))
        self.buttons["refresh"].setEnabled(can(Permission.PLAN) and status in (workflow.DRAFT, workflow.APPROVED))
        self.buttons["approve"].setEnabled(can(Permission.APPROVE_SPRIN) and status == workflow.DRAFT)
        self.buttons["issue"].setEnabled(can(Permission.ISSUE_SPRIN) and status == workflow.APPROVED)
        self.buttons["amend"].setEnabled(can(Permission.PLAN) and status == workflow.ISSUED)
        self.buttons["cancel"].setEnabled(status not in (None, workflow.CANCELLED))
        self.buttons["scan"].setEnabled(can(Permission.ISSUE_SPRIN) and status == workflow.ISSUED)
        self.buttons["print"].setEnabled(status is not None)

    # --- actions ----------------------------------------------------------------------------------
    def _options(self) -> SprinOptions:
        return SprinOptions(on_behalf=self.on_behalf.isChecked())

    def _run(self, key: str) -> None:
        sprin_id = self.selected_id()
        try:
            changes = self._act(key, sprin_id)
        except UserError as exc:
            QMessageBox.warning(self, T("Tidak dapat dilakukan", "Not possible").render(), str(exc))
            return
        if changes:
            self.refresh()
            self.changed.emit(changes)

    def _act(self, key: str, sprin_id: str | None) -> Changes | None:
        actor = self._actor
        if key == "print":
            return self.open_print_dialog(sprin_id)
        if key == "issue":
            return workflow.issue_with_retry(self._database, actor, sprin_id)
        if key in ("amend", "cancel"):
            prompt = (T("Alasan perubahan:", "Reason for the amendment:") if key == "amend"
                      else T("Alasan pembatalan:", "Reason for the cancellation:"))
            reason, ok = QInputDialog.getText(self, self.buttons[key].text(), prompt.render())
            if not ok:
                return None
        if key == "scan":
            path, _ = QFileDialog.getOpenFileName(self, self.buttons[key].text(), "",
                                                  "PDF / gambar (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")
            if not path:
                return None
        with self._database.session() as session:
            if key == "draft":
                return workflow.create_draft(session, actor, self._event, self._options())
            if key == "refresh":
                return workflow.update_draft(session, actor, sprin_id, self._options())
            if key == "approve":
                return workflow.approve(session, actor, sprin_id)
            if key == "amend":
                return workflow.create_perubahan(session, actor, sprin_id, reason, self._options())
            if key == "cancel":
                return workflow.cancel(session, actor, sprin_id, reason)
            if key == "scan":
                return workflow.attach_signed_scan(session, actor, sprin_id, path)
        return None

    def document_for(self, sprin_id: str):
        from db.models import Sprin
        with self._database.session() as session:
            sprin = session.get(Sprin, sprin_id)
            content = workflow.content_of(sprin)
            draft = sprin.status != workflow.ISSUED
        return html.sprin_document(content, draft=draft)

    def open_print_dialog(self, sprin_id: str | None, show: bool = True) -> PrintDialog | None:
        if not sprin_id:
            return None
        document = self.document_for(sprin_id)
        name = (document.title.replace("/", "_").replace(" ", "_") or "sprin") + ".pdf"
        dialog = PrintDialog(lambda: document, self, suggested_name=name)
        if show:
            dialog.exec()
        return dialog
