"""Sprin: orders per event (draft → approved → issued, amendments, cancellation), printouts, the register."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from antasena_desktop.documents import workflow
from antasena_desktop.domain.catalog import EVENT_STATUS_BY_CODE
from antasena_desktop.documents.html import apel_document, contacts_document, roster_document, sprin_document
from antasena_desktop.documents.plan import collect_plan
from antasena_desktop.i18n import T, current_language
from antasena_desktop.services import events as event_service
from antasena_desktop.services.security import Permission
from antasena_desktop.services.settings import load as load_settings
from antasena_desktop.timefmt import format_date, format_datetime, now_utc
from ui.models.table import ROW_ROLE, Column, RowFilterProxy, RowTableModel
from ui.ops import ReadOp, WriteOp
from ui.printing.preview import PrintDialog
from ui.printing.register_view import NumberRegisterView
from ui.views.base import BaseView
from ui.widgets import DetailFollowsFilter, setup_table
from ui.files import open_path
from ui.widgets import ask


EVENT_LIST_WIDTH = 700


class SprinView(BaseView):
    title = T("Sprin", "Orders (Sprin)")
    icon_name = "fa5s.file-signature"
    watches = {"event", "sprin", "document_number", "assignment"}

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.event_id: str | None = None
        self.events_model = RowTableModel([
            Column(T("Nomor", "Number"), lambda r: r.number),
            Column(T("Kegiatan", "Event"), lambda r: r.title),
            Column(T("Tanggal", "Date"), lambda r: format_date(r.start_at), sort=lambda r: r.start_at),
            Column(T("Status", "Status"), lambda r: EVENT_STATUS_BY_CODE[r.status].label(current_language())
                   if r.status in EVENT_STATUS_BY_CODE else r.status),
            Column(T("Terisi", "Filled"), lambda r: f"{r.filled}/{r.required}", sort=lambda r: r.filled),
        ], self)
        self.events_proxy = RowFilterProxy([0, 1], self)
        self.events_proxy.setSourceModel(self.events_model)
        self.events = QTableView()
        self.events.setObjectName("sprin_events")
        self.events.setModel(self.events_proxy)
        self.events.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.events.setSortingEnabled(True)
        self.events.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        setup_table(self.events, "sprin_events", {0: 125, 2: 125, 3: 100, 4: 70})
        self.events.selectionModel().currentRowChanged.connect(self._event_selected)
        self.follow = DetailFollowsFilter(self.events, self._event_hidden)   # a filtered-out event leaves the pane
        self.search = QLineEdit()
        self.search.setObjectName("sprin_search")
        self.search.textChanged.connect(self.events_proxy.set_search)

        self.sprin_model = RowTableModel([
            Column(T("Status", "Status"), lambda r: str(workflow.STATUS_LABELS.get(r["status"], r["status"]))),
            Column(T("Nomor", "Number"), lambda r: r["number"] or "—"),
            Column(T("Dibuat", "Created"), lambda r: format_datetime(r["created_at"])),
            Column(T("Perubahan atas", "Amends"), lambda r: r["parent_number"] or ""),
            Column(T("Pindaian", "Scan"), lambda r: "✓" if r["scan"] else ""),
        ], self)
        self.sprins = QTableView()
        self.sprins.setObjectName("sprin_list")
        self.sprins.setModel(self.sprin_model)
        self.sprins.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.sprins.horizontalHeader().setStretchLastSection(True)
        self.sprins.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.buttons: dict[str, QPushButton] = {}
        actions = QGridLayout()                # two rows of four: the orders pane stays narrow enough for the list
        for n, (key, handler) in enumerate((("draft", self.create_draft), ("regenerate", self.regenerate),
                                            ("approve", self.approve), ("issue", self.issue), ("amend", self.amend),
                                            ("cancel", self.cancel), ("scan", self.attach_scan),
                                            ("print", self.print_sprin))):
            button = QPushButton()
            button.setObjectName(f"sprin_{key}")
            button.clicked.connect(handler)
            self.buttons[key] = button
            actions.addWidget(button, n // 4, n % 4)
        printouts = QHBoxLayout()
        self.printout_label = QLabel()
        printouts.addWidget(self.printout_label)
        for key, handler in (("roster", lambda: self.print_plan(roster_document)),
                             ("apel", lambda: self.print_plan(apel_document)),
                             ("contacts", lambda: self.print_plan(contacts_document))):
            button = QPushButton()
            button.setObjectName(f"sprin_{key}")
            button.clicked.connect(handler)
            self.buttons[key] = button
            printouts.addWidget(button)
        printouts.addStretch()
        self.status = QLabel()
        self.status.setObjectName("sprin_status")
        self.status.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.events)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.orders_label = QLabel()
        right_layout.addWidget(self.orders_label)
        right_layout.addWidget(self.sprins)
        right_layout.addLayout(actions)
        right_layout.addLayout(printouts)
        right_layout.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter              # sized on first show: number, title, date, status, filled whole
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "")
        self.register = NumberRegisterView(ctx)
        self.register.setObjectName("sprin_register")
        self.tabs.addTab(self.register, "")
        QVBoxLayout(self).addWidget(self.tabs)
        self.retranslate()
        self._update_buttons()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not getattr(self, "_split_sized", False):
            self._split_sized = True
            total = max(self.splitter.width(), EVENT_LIST_WIDTH + 400)
            self.splitter.setSizes([EVENT_LIST_WIDTH, total - EVENT_LIST_WIDTH])

    # ---- data
    def load_data(self, session):
        now = now_utc()
        rows = event_service.list_events(session, now - timedelta(days=30), now + timedelta(days=30),
                                         include_cancelled=False)
        return rows

    def show_data(self, rows) -> None:
        self.events_model.set_rows(rows)
        self.events_proxy._index_rows()
        if self.event_id:
            self._load_sprins()
        self.register.refresh()

    def selftest_summary(self) -> str:
        return f"{self.events_model.rowCount()} kegiatan"

    def _event_selected(self, current, _previous) -> None:
        if current.isValid():
            self.event_id = self.events_proxy.data(current, ROW_ROLE).id
            self.sprin_model.set_rows([])
            self._update_buttons()
            self._load_sprins()

    def _event_hidden(self) -> None:
        """The search hid the event whose orders are shown: the orders pane is emptied."""
        self.event_id = None
        self.sprin_model.set_rows([])
        self.status.setText("")
        self._update_buttons()

    def _load_sprins(self) -> None:
        event_id = self.event_id

        def job(session):
            items = workflow.sprins_for_event(session, event_id)
            numbers = {s.id: s.number for s in items}
            return [{"id": s.id, "status": s.status, "number": s.number, "created_at": s.created_at,
                     "parent_number": numbers.get(s.parent_id) or "", "scan": bool(s.signed_scan_path)}
                    for s in items]
        ReadOp(self, job).success(self._show_sprins).run()

    def _show_sprins(self, rows) -> None:
        if self.event_id is None:
            return                                     # the event was filtered out meanwhile
        self.sprin_model.set_rows(rows)
        if rows:
            self.sprins.selectRow(len(rows) - 1)
        self._update_buttons()

    def selected_sprin(self) -> dict | None:
        index = self.sprins.currentIndex()
        return self.sprin_model.row_at(index) if index.isValid() else None

    def _update_buttons(self) -> None:
        sprin, actor = self.selected_sprin(), self.ctx.actor
        status = sprin["status"] if sprin else None
        plan = actor.can(Permission.PLAN)
        enabled = {
            "draft": bool(self.event_id) and plan,
            "regenerate": status in (workflow.DRAFT, workflow.APPROVED) and plan,
            "approve": status == workflow.DRAFT and actor.can(Permission.APPROVE_SPRIN),
            "issue": status == workflow.APPROVED and actor.can(Permission.ISSUE_SPRIN),
            "amend": status == workflow.ISSUED and plan,
            "cancel": status in (workflow.DRAFT, workflow.APPROVED, workflow.ISSUED) and plan,
            "scan": status == workflow.ISSUED and actor.can(Permission.ISSUE_SPRIN),
            "print": sprin is not None,
            "roster": bool(self.event_id), "apel": bool(self.event_id), "contacts": bool(self.event_id),
        }
        for key, button in self.buttons.items():
            button.setEnabled(enabled[key])

    # ---- actions (all on the writer thread, through the workflow services)
    def _after(self, message):
        def done(_changes):
            self.status.setText(str(message))
            self._load_sprins()
            self.register.refresh()
        return done

    def _workflow(self, step, *args, message) -> None:
        """Run `step(session, actor, *args)` of the workflow in one transaction on the writer thread."""
        WriteOp(self, lambda session, actor: step(session, actor, *args)).success(self._after(message)).run()

    def create_draft(self) -> None:
        self._workflow(workflow.create_draft, self.event_id,
                       message=T("Konsep Sprin dibuat dari rencana terkini.", "Draft order created from the current plan."))

    def regenerate(self) -> None:
        self._workflow(workflow.update_draft, self.selected_sprin()["id"],
                       message=T("Konsep diperbarui dari rencana terkini.", "Draft regenerated from the current plan."))

    def _confirm(self, title, text, yes) -> bool:
        """A question before a step that cannot be taken back (approve, issue, cancel a number)."""
        return ask(self, title, text, [("yes", yes, QMessageBox.ButtonRole.AcceptRole),
                                       ("no", T("Batal", "Cancel"), QMessageBox.ButtonRole.RejectRole)],
                   default="no") == "yes"

    def approve(self) -> None:
        if not self._confirm(T("Setujui Sprin", "Approve order"),
                             T("Setujui konsep Sprin ini? Setelah disetujui, isinya tidak dapat diubah lagi kecuali "
                               "dengan Sprin perubahan.", "Approve this draft order? Once approved its content can only "
                               "change through an amending order."), T("Setujui", "Approve")):
            return
        self._workflow(workflow.approve, self.selected_sprin()["id"], message=T("Sprin disetujui.", "Order approved."))

    def issue(self) -> None:
        sprin = self.selected_sprin()
        if not self._confirm(T("Terbitkan Sprin", "Issue order"),
                             T("Terbitkan Sprin ini? Nomor berikutnya diambil dari register dan tidak dapat dipakai "
                               "ulang.", "Issue this order? The next number is taken from the register and cannot be "
                               "reused."), T("Terbitkan", "Issue")):
            return
        WriteOp(self, lambda database, actor: workflow.issue_with_retry(database, actor, sprin["id"]),
                whole_database=True) \
            .success(self._after(T("Sprin diterbitkan; nomor dicatat di register.", "Order issued; number recorded."))).run()

    def _reason(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label)
        return text.strip() if ok and text.strip() else None

    def amend(self) -> None:
        reason = self._reason(str(T("Sprin perubahan", "Amending order")), str(T("Alasan perubahan:", "Reason:")))
        if reason is not None:
            self._workflow(workflow.create_perubahan, self.selected_sprin()["id"], reason,
                           message=T("Konsep Sprin perubahan dibuat.", "Amending draft created."))

    def cancel(self) -> None:
        if not self._confirm(T("Batalkan Sprin", "Cancel order"),
                             T("Batalkan Sprin ini? Nomornya tetap tercatat di register sebagai dibatalkan.",
                               "Cancel this order? Its number stays in the register, marked cancelled."),
                             T("Batalkan Sprin", "Cancel order")):
            return
        reason = self._reason(str(T("Batalkan Sprin", "Cancel order")), str(T("Alasan pembatalan:", "Reason:")))
        if reason is not None:
            self._workflow(workflow.cancel, self.selected_sprin()["id"], reason,
                           message=T("Sprin dibatalkan; nomornya tetap tercatat.", "Order cancelled; its number stays recorded."))

    def attach_scan(self) -> None:
        path = open_path(self, T("Pindaian bertanda tangan", "Signed scan"),
                         str(T("PDF/Gambar (*.pdf *.png *.jpg *.jpeg)", "PDF/Image (*.pdf *.png *.jpg *.jpeg)")))
        if path:
            self._workflow(workflow.attach_signed_scan, self.selected_sprin()["id"], path,
                           message=T("Pindaian dilampirkan.", "Scan attached."))

    def print_sprin(self) -> None:
        sprin = self.selected_sprin()

        def show(content):
            self._open_print(PrintDialog(lambda: sprin_document(content), self,
                                         suggested_name=f"sprin-{(sprin['number'] or 'konsep').replace('/', '-')}.pdf"))
        ReadOp(self, lambda session: workflow.content_of(workflow.get_sprin(session, sprin["id"]))).success(show).run()

    def print_plan(self, builder) -> None:
        event_id = self.event_id
        number = next((r.number for r in self.events_model.all_rows if r.id == event_id), "") or "kegiatan"
        name = {roster_document: "daftar-pos", apel_document: "daftar-apel", contacts_document: "kontak-danpos"}.get(
            builder, "cetakan")
        suggested = f"{name}-{number.replace('/', '-')}.pdf"            # daftar-apel-KEG-2026-0806.pdf
        ReadOp(self, lambda session: (collect_plan(session, event_id), load_settings(session))) \
            .success(lambda data: self._open_print(PrintDialog(lambda: builder(*data), self,
                                                               suggested_name=suggested))).run()

    def _open_print(self, dialog) -> None:
        """Non-blocking: the dialog builds its pages from data already read."""
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.print_dialog = dialog

    def retranslate(self) -> None:
        texts = {"draft": T("Buat konsep", "New draft"), "regenerate": T("Perbarui dari rencana", "Regenerate"),
                 "approve": T("Setujui", "Approve"), "issue": T("Terbitkan (beri nomor)", "Issue (number)"),
                 "amend": T("Sprin perubahan…", "Amend…"), "cancel": T("Batalkan…", "Cancel…"),
                 "scan": T("Lampirkan pindaian…", "Attach scan…"), "print": T("Pratinjau / cetak…", "Preview / print…"),
                 "roster": T("Daftar per pos", "Per-post roster"), "apel": T("Daftar apel", "Roll-call list"),
                 "contacts": T("Kontak Danpos", "Post commanders")}
        for key, text in texts.items():
            self.buttons[key].setText(str(text))
        self.search.setPlaceholderText(str(T("Cari kegiatan…", "Search events…")))
        self.orders_label.setText(str(T("Surat Perintah kegiatan terpilih", "Orders of the selected event")))
        self.printout_label.setText(str(T("Cetakan rencana:", "Plan printouts:")))
        self.tabs.setTabText(0, str(T("Sprin per kegiatan", "Orders by event")))
        self.tabs.setTabText(1, str(T("Register nomor", "Number register")))
        self.events_model.retranslate()
        self.sprin_model.retranslate()
