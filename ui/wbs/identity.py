"""Pembukaan identitas: requests to release a reporter's identity (legal basis recorded); the
Inspektur approves or refuses each with a note. Everyone else sees the state of their own requests."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout

from antasena_desktop.i18n import T
from ui.models.table import Column, RowFilterProxy, RowTableModel
from ui.wbs import core
from ui.wbs.base import WbsView
from ui.wbs.dialogs import TextDialog, ask_yes_no
from ui.wbs.labels import moment_text


def _columns() -> list[Column]:
    return [
        Column(T("Kasus", "Case"), lambda r: r.reference),
        Column(T("Diminta oleh", "Requested by"), lambda r: r.requested_by),
        Column(T("Waktu", "When"), lambda r: moment_text(r.requested_at), sort=lambda r: r.requested_at),
        Column(T("Dasar hukum", "Legal basis"), lambda r: r.legal_basis),
        Column(T("Keputusan", "Decision"), lambda r: str(core.request_state_label(r))),
        Column(T("Catatan Inspektur", "Inspektur's note"), lambda r: r.note or ""),
    ]


class IdentityRequestsView(WbsView):
    title = T("Pembukaan identitas", "Identity release")
    permission = "decide_identity"
    watches = core.CASE_ENTITIES

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.model = RowTableModel(_columns())
        self.proxy = RowFilterProxy([0, 1, 3])
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("identity_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.approve_button, self.refuse_button = QPushButton(), QPushButton()
        self.approve_button.setObjectName("identity_approve")
        self.refuse_button.setObjectName("identity_refuse")
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.may_decide = core.may_decide_identity(ctx.actor)
        self.confirm = ask_yes_no                 # the question before an irreversible release
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.refuse_button)
        for button in (self.approve_button, self.refuse_button):
            button.setVisible(self.may_decide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def load_data(self, session):
        return core.identity_requests(session, self.ctx.actor)

    def show_data(self, rows) -> None:
        self.model.set_rows(rows)

    def selected(self):
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(indexes[0])) if indexes else None

    def decide(self, approve: bool) -> None:
        request = self.selected()
        if request is None:
            return
        dialog = TextDialog(T("Setujui pembukaan identitas", "Approve identity release") if approve else
                            T("Tolak pembukaan identitas", "Refuse identity release"),
                            T("Kasus {ref}, diminta oleh {u} atas dasar: {b}. Tuliskan catatan keputusan.",
                              "Case {ref}, requested by {u} on the basis: {b}. Write the note of the decision.",
                              ref=request.reference, u=request.requested_by, b=request.legal_basis), self)
        if dialog.exec() != TextDialog.DialogCode.Accepted:
            return
        note = dialog.value()
        if approve and not self.confirm(self, T("Setujui pembukaan identitas", "Approve identity release"),
                                        T("Identitas pelapor akan dapat dibaca oleh {u}. Pembukaan tidak dapat "
                                          "ditarik kembali. Lanjutkan?",
                                          "{u} will be able to read the reporter's identity. A release cannot be "
                                          "withdrawn. Continue?", u=request.requested_by)):
            return
        actor, keyring, request_id = self.ctx.actor, self.ctx.keyring, request.id
        self.write(lambda session: core.cases().decide_identity_request(session, actor, keyring, request_id,
                                                                        approve, note),
                   lambda _c: self.refresh(),
                   success=T("Keputusan dicatat.", "Decision recorded."))

    def retranslate(self) -> None:
        self.heading.setText(str(T(
            "Identitas pelapor disegel khusus untuk Inspektur. Penangan dapat memintanya dengan dasar hukum "
            "(nomor surat tugas Wali Kota); setiap permintaan, keputusan dan pembukaan tercatat di log audit.",
            "The reporter's identity is sealed to the Inspektur only. A handler may request it with a legal basis "
            "(a Wali Kota assignment letter number); every request, decision and release is in the audit log.")))
        self.approve_button.setText(str(T("Setujui…", "Approve…")))
        self.refuse_button.setText(str(T("Tolak…", "Refuse…")))
        self.model.columns = _columns()
        self.model.retranslate()
