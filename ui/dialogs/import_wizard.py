"""Import a roster (.xlsx/.csv): choose the file, see the plan (errors per row/column, changes), then apply."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from antasena_desktop.i18n import T
from antasena_desktop.importing.personnel_import import apply_import, plan_import
from ui.context import AppContext
from ui.ops import ReadOp, WriteOp, error_text


def _plan_rows(plan) -> tuple[list[tuple], list[tuple]]:
    errors = [(e.row or "", e.column or "", str(e.message)) for e in plan.errors]
    changes = []
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        detail = "; ".join(f"{k}: {old} → {new}" for k, (old, new) in row.diff.items()) if row.diff else ""
        changes.append((row.row, row.action, row.nrp, detail))
    return errors, changes


class ImportWizard(QDialog):
    """The plan is made by a ReadOp and kept; applying hands THAT plan to `apply_import` in a fresh
    transaction on the writer, which checks it again (refused when the data changed since the preview)."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_wizard")
        self.setWindowTitle(str(T("Impor daftar personel", "Import personnel roster")))
        self.resize(900, 600)
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        browse = QPushButton(str(T("Pilih berkas…", "Choose file…")))
        browse.clicked.connect(self.browse)
        self.update_mode = QCheckBox(str(T("Perbarui personel yang NRP-nya sudah ada", "Update people whose NRP exists")))
        self.update_mode.setObjectName("import_update")
        self.check_button = QPushButton(str(T("Periksa (tanpa menyimpan)", "Check (saves nothing)")))
        self.check_button.setObjectName("import_check")
        self.check_button.clicked.connect(self.check)
        self.apply_button = QPushButton(str(T("Simpan semua", "Apply all")))
        self.apply_button.setObjectName("import_apply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.errors = QTableWidget(0, 3)
        self.errors.setObjectName("import_errors")
        self.errors.setHorizontalHeaderLabels([str(T("Baris", "Row")), str(T("Kolom", "Column")), str(T("Masalah", "Problem"))])
        self.errors.horizontalHeader().setStretchLastSection(True)
        self.changes = QTableWidget(0, 4)
        self.changes.setObjectName("import_changes")
        self.changes.setHorizontalHeaderLabels([str(T("Baris", "Row")), str(T("Aksi", "Action")), "NRP",
                                                str(T("Perubahan", "Changes"))])
        self.changes.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.update_mode)
        buttons.addStretch()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(str(T("Baris bermasalah (tidak ada yang disimpan selama masih ada)",
                                      "Rows with problems (nothing is saved while there are any)"))))
        layout.addWidget(self.errors, 1)
        layout.addWidget(QLabel(str(T("Perubahan yang akan disimpan", "Changes to be saved"))))
        layout.addWidget(self.changes, 1)
        self.plan_summary = None
        self.plan = None

    def browse(self) -> None:
        from ui import files
        path = files.open_path(self, T("Berkas daftar personel", "Roster file"), "Excel/CSV (*.xlsx *.csv)")
        if path:
            self.path.setText(path)

    def check(self) -> None:
        path, update, actor = self.path.text().strip(), self.update_mode.isChecked(), self.ctx.actor
        self.apply_button.setEnabled(False)
        self.plan = None
        self.summary.setText(str(T("Memeriksa…", "Checking…")))

        def job(session):
            plan = plan_import(session, actor, path, update=update)
            session.rollback()
            return plan, plan.report(applied=False), _plan_rows(plan)
        ReadOp(self, job).success(self._show_plan).failure(lambda exc, _t: self.summary.setText(error_text(exc))).run()

    def _show_plan(self, data) -> None:
        self.plan, report, (errors, changes) = data
        self.plan_summary = report
        self.errors.setRowCount(len(errors))
        for r, values in enumerate(errors):
            for c, value in enumerate(values):
                self.errors.setItem(r, c, QTableWidgetItem(str(value)))
        self.changes.setRowCount(len(changes))
        for r, values in enumerate(changes):
            for c, value in enumerate(values):
                self.changes.setItem(r, c, QTableWidgetItem(str(value)))
        self.summary.setText(str(T("{v} baris sah, {e} masalah; {c} baru, {u} diperbarui, {s} tetap.",
                                   "{v} valid rows, {e} problems; {c} new, {u} updated, {s} unchanged.",
                                   v=report.get("valid", 0), e=len(errors), c=report.get("created", 0),
                                   u=report.get("updated", 0), s=report.get("unchanged", 0))))
        self.apply_button.setEnabled(not errors and bool(changes))

    def apply(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self.apply_button.setEnabled(False)
        outcome: dict = {}

        def job(session, _actor):
            result = apply_import(plan, session)          # the previewed plan, checked again here
            outcome["report"] = result.report
            return result.changes
        WriteOp(self, job).success(lambda changes: self._applied(changes, outcome.get("report") or {})) \
            .failure(lambda exc, _t: self.summary.setText(error_text(exc))).run()

    def _applied(self, changes, report: dict) -> None:
        self.plan = None
        if not report.get("applied"):
            self.summary.setText(str(T("Impor TIDAK disimpan: {e} masalah pada berkas.",
                                       "Import NOT saved: {e} problems in the file.", e=len(report.get("errors", [])))))
            return
        self.summary.setText(str(T("Impor disimpan: {n} perubahan.", "Import saved: {n} changes.", n=len(changes))))
