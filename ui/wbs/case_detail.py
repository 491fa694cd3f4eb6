"""The detail of one case: 6W+1H and the reported party, attachments (open/save decrypted, audited),
messages with the reporter, internal notes kept visually apart, status history (who, when, why),
assignment to handlers, identity release, access history (Inspektur), and the stage actions the
role may take.

Opening a case decrypts it in the service and is audited there as an opening; this widget keeps
the decrypted view only while it is shown and drops it when another case is opened.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from antasena_desktop.i18n import T
from ui.files import open_path, save_path
from ui.wbs import core
from ui.wbs.dialogs import ActionDialog, TextDialog
from ui.wbs.labels import day_text, moment_text

NOTE_STYLE = "background: #fff8e1; border: 1px solid #e0c36a"
REPORTER_STYLE = "background: #e8f5e9; border: 1px solid #a5d6a7"
HEADER_STYLE = "font-size: 17px; font-weight: bold; color: #1f3b5a"


def _html_escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class CaseDetail(QWidget):
    def __init__(self, ctx, view, parent=None):
        super().__init__(parent)
        self.ctx, self.view = ctx, view
        self.case_id: str | None = None
        self.case = None                      # the decrypted CaseView of the case shown
        self.action_buttons: dict[str, QPushButton] = {}
        self.private_dir: str | None = None
        self.heading = QLabel()
        self.heading.setObjectName("case_heading")
        self.heading.setStyleSheet(HEADER_STYLE)
        self.summary = QLabel()
        self.summary.setObjectName("case_summary")
        self.summary.setWordWrap(True)
        self.actions_row = QHBoxLayout()
        self.actions_label = QLabel()
        self.actions_row.addWidget(self.actions_label)
        self.actions_row.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        # report
        self.report = QTextBrowser()
        self.report.setObjectName("case_report")
        # attachments
        self.attachments = QListWidget()
        self.attachments.setObjectName("case_attachments")
        self.open_attachment_button, self.save_attachment_button = QPushButton(), QPushButton()
        self.open_attachment_button.setObjectName("attachment_open")
        self.save_attachment_button.setObjectName("attachment_save")
        self.add_attachment_button = QPushButton()
        self.add_attachment_button.setObjectName("attachment_add")
        self.add_attachment_button.clicked.connect(lambda: self.add_attachment())
        self.open_attachment_button.clicked.connect(lambda: self._attachment(save=False))
        self.save_attachment_button.clicked.connect(lambda: self._attachment(save=True))
        attachments_page = QWidget()
        att_layout = QVBoxLayout(attachments_page)
        att_layout.addWidget(self.attachments, 1)
        att_buttons = QHBoxLayout()
        att_buttons.addWidget(self.open_attachment_button)
        att_buttons.addWidget(self.save_attachment_button)
        att_buttons.addStretch(1)
        att_buttons.addWidget(self.add_attachment_button)
        att_layout.addLayout(att_buttons)
        self.attachment_hint = QLabel()
        self.attachment_hint.setWordWrap(True)
        att_layout.addWidget(self.attachment_hint)
        # messages with the reporter
        self.messages = QTextBrowser()
        self.messages.setObjectName("case_messages")
        self.message_edit = QPlainTextEdit()
        self.message_edit.setObjectName("message_edit")
        self.message_edit.setFixedHeight(70)
        self.send_button = QPushButton()
        self.send_button.setObjectName("message_send")
        self.send_button.clicked.connect(self.send_message)
        messages_page = QWidget()
        msg_layout = QVBoxLayout(messages_page)
        self.messages_hint = QLabel()
        self.messages_hint.setWordWrap(True)
        msg_layout.addWidget(self.messages_hint)
        msg_layout.addWidget(self.messages, 1)
        msg_layout.addWidget(self.message_edit)
        msg_layout.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignRight)
        # internal notes (never shown to the reporter): a different colour, a different tab
        self.notes = QTextBrowser()
        self.notes.setObjectName("case_notes")
        self.notes.setStyleSheet(NOTE_STYLE)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setFixedHeight(70)
        self.note_edit.setStyleSheet(NOTE_STYLE)
        self.note_kind = QComboBox()
        self.note_kind.setObjectName("note_kind")
        self.note_button = QPushButton()
        self.note_button.setObjectName("note_add")
        self.note_button.clicked.connect(self.add_note)
        notes_page = QWidget()
        notes_layout = QVBoxLayout(notes_page)
        self.notes_hint = QLabel()
        self.notes_hint.setWordWrap(True)
        self.notes_hint.setStyleSheet("color: #7a5b00; font-weight: bold")
        notes_layout.addWidget(self.notes_hint)
        notes_layout.addWidget(self.notes, 1)
        notes_layout.addWidget(self.note_edit)
        note_row = QHBoxLayout()
        self.note_kind_label = QLabel()
        note_row.addWidget(self.note_kind_label)
        note_row.addWidget(self.note_kind)
        note_row.addStretch(1)
        note_row.addWidget(self.note_button)
        notes_layout.addLayout(note_row)
        # status history
        self.history = QTableWidget(0, 5)
        self.history.setObjectName("case_history")
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # assignment
        self.handlers = QListWidget()
        self.handlers.setObjectName("case_handlers")
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("assign_save")
        self.assign_button.clicked.connect(self.save_assignment)
        assign_page = QWidget()
        assign_layout = QVBoxLayout(assign_page)
        self.assign_hint = QLabel()
        self.assign_hint.setWordWrap(True)
        assign_layout.addWidget(self.assign_hint)
        assign_layout.addWidget(self.handlers, 1)
        assign_layout.addWidget(self.assign_button, 0, Qt.AlignmentFlag.AlignRight)
        # identity
        self.identity = QTextBrowser()
        self.identity.setObjectName("case_identity")
        self.identity_request_button = QPushButton()
        self.identity_request_button.setObjectName("identity_request")
        self.identity_request_button.clicked.connect(self.request_identity)
        self.identity_read_button = QPushButton()
        self.identity_read_button.setObjectName("identity_read")
        self.identity_read_button.clicked.connect(self.read_identity)
        self.revealed_identity = None
        identity_page = QWidget()
        id_layout = QVBoxLayout(identity_page)
        id_layout.addWidget(self.identity, 1)
        id_row = QHBoxLayout()
        id_row.addStretch(1)
        id_row.addWidget(self.identity_read_button)
        id_row.addWidget(self.identity_request_button)
        id_layout.addLayout(id_row)
        # access history (Inspektur)
        self.access = QTableWidget(0, 4)
        self.access.setObjectName("case_access")
        self.access.verticalHeader().hide()
        self.access.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.access.horizontalHeader().setStretchLastSection(True)
        self.access.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.pages = {"report": self.report, "attachments": attachments_page, "messages": messages_page,
                      "notes": notes_page, "history": self.history, "assign": assign_page,
                      "identity": identity_page, "access": self.access}
        for widget in self.pages.values():
            self.tabs.addTab(widget, "")
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666")
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.heading)
        body_layout.addWidget(self.summary)
        frame = QFrame()
        frame.setLayout(self.actions_row)
        body_layout.addWidget(frame)
        body_layout.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.body, 1)
        self.body.hide()
        self.retranslate()

    # ---- open / show
    def open(self, case_id: str) -> None:
        """Decrypt and show a case (the service audits the opening)."""
        self.case_id = case_id
        actor, keyring = self.ctx.actor, self.ctx.keyring
        self.view.call(lambda session: core.open_case_bundle(session, actor, keyring, case_id), self._show_case,
                       self._open_failed)

    def _open_failed(self, exc: BaseException, trace: str) -> None:
        """A refused opening (no key, no right) leaves no earlier case on screen."""
        self.clear()
        self.view.show_error(exc, trace)

    def reload(self) -> None:
        if self.case_id:
            self.open(self.case_id)

    def clear(self) -> None:
        self.case_id, self.case, self.revealed_identity = None, None, None
        for browser in (self.report, self.messages, self.notes, self.identity):
            browser.clear()
        self.body.hide()
        self.empty.show()

    def _show_case(self, bundle) -> None:
        if bundle.case_id != self.case_id:
            return                              # another case was chosen meanwhile
        if self.case is None or self.case.case_id != bundle.case_id:
            self.revealed_identity = None
        self.case = bundle
        self.empty.hide()
        self.body.show()
        self.render()

    def render(self) -> None:
        b = self.case
        if b is None:
            return
        case = b.view
        self.heading.setText(str(T("{ref} — {stage}", "{ref} — {stage}", ref=core.case_reference(case),
                                   stage=core.stage_label(core.case_stage(case)))))
        overdue = core.case_overdue(case)
        outcome = core.outcome_text(case)
        self.summary.setText(str(T(
            "Kategori: {c} · Diterima: {r} · Jatuh tempo tahap: {d}{o} · Penangan: {h}{x}",
            "Category: {c} · Received: {r} · Stage due: {d}{o} · Handlers: {h}{x}",
            c=core.category_label(case), r=day_text(core.case_received(case)), d=day_text(core.case_due(case)),
            o=T(" (LEWAT)", " (OVERDUE)") if overdue else "", h=", ".join(core.case_handlers(case)) or "—",
            x=f" · {outcome}" if outcome else "")))
        self.summary.setStyleSheet("color: #8a1c1c; font-weight: bold" if overdue else "")
        self._render_report(case)
        self._render_attachments(case)
        self._render_messages(case)
        self._render_notes(case)
        self._render_history(case)
        self._render_assignment(b)
        self._render_identity(b)
        self._render_access(b)
        self._render_actions(b)

    def _render_report(self, case) -> None:
        rows = []
        for label, value in core.report_fields(case):
            rows.append(f"<tr><td style='padding:4px 10px 4px 0; color:#555; vertical-align:top'><b>{label}</b></td>"
                        f"<td style='padding:4px 0'>{_html_escape(value)}</td></tr>")
        self.report.setHtml("<table width='100%'>" + "".join(rows) + "</table>")

    def _render_attachments(self, case) -> None:
        self.attachments.clear()
        for attachment in core.case_attachments(case):
            item = QListWidgetItem(core.attachment_text(attachment))
            item.setData(Qt.ItemDataRole.UserRole, attachment)
            self.attachments.addItem(item)
        if self.attachments.count():
            self.attachments.setCurrentRow(0)
        has = self.attachments.count() > 0
        self.open_attachment_button.setEnabled(has)
        self.save_attachment_button.setEnabled(has)

    def _render_messages(self, case) -> None:
        parts = []
        for message in core.case_messages(case):
            mine = message.sender != "reporter"
            who = (T("Tim WBS ({a})", "WBS team ({a})", a=message.author or "—") if mine
                   else T("Pelapor", "Reporter"))
            align = "right" if mine else "left"
            color = "#e8f1fb" if mine else "#e8f5e9"
            parts.append(f"<table width='75%' align='{align}' cellpadding='6' style='margin-bottom:6px'>"
                         f"<tr><td style='background:{color}'><small><b>{who}</b> · {moment_text(message.at)}</small>"
                         f"<br>{_html_escape(message.text)}</td></tr></table><br clear='all'>")
        self.messages.setHtml("".join(parts) or f"<i>{T('Belum ada pesan.', 'No messages yet.')}</i>")

    def _render_notes(self, case) -> None:
        parts = [f"<p><small><b>{note.kind_label}</b> · {_html_escape(note.author)} · {moment_text(note.at)}</small>"
                 f"<br>{_html_escape(note.text)}</p>" for note in core.case_notes(case)]
        self.notes.setHtml("".join(parts) or f"<i>{T('Belum ada catatan internal.', 'No internal notes yet.')}</i>")

    def _render_history(self, case) -> None:
        entries = core.case_history(case)
        self.history.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (moment_text(entry.at), entry.username, core.stage_label(entry.from_stage) if entry.from_stage else "—",
                      core.stage_label(entry.to_stage), entry.reason or "")
            for col, text in enumerate(values):
                self.history.setItem(row, col, QTableWidgetItem(str(text)))

    def _render_assignment(self, bundle) -> None:
        self.handlers.clear()
        assigned = set(core.case_handlers(bundle.view))
        for handler in bundle.handlers:
            item = QListWidgetItem(core.handler_text(handler))
            item.setData(Qt.ItemDataRole.UserRole, handler.username)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if handler.username in assigned else Qt.CheckState.Unchecked)
            self.handlers.addItem(item)
        allowed = bundle.can_assign
        self.handlers.setEnabled(allowed)
        self.assign_button.setEnabled(allowed)

    def _render_identity(self, bundle) -> None:
        lines = [f"<p>{core.identity_summary(bundle)}</p>"]
        for request in bundle.identity_requests:
            lines.append(f"<p>{core.identity_request_text(request)}</p>")
        if self.revealed_identity is not None:
            lines.append(f"<p style='background:#fdecea; padding:6px'><b>{T('Identitas pelapor (rahasia)', 'Reporter identity (confidential)')}</b><br>"
                         f"{_html_escape(core.identity_text(self.revealed_identity))}</p>")
        self.identity.setHtml("".join(lines))
        self.identity_request_button.setEnabled(bundle.can_request_identity)
        self.identity_read_button.setEnabled(bundle.can_read_identity)
        self.identity_read_button.setVisible(bundle.can_read_identity)
        self.note_kind.clear()
        for kind, label in core.note_kinds(self.ctx.actor):
            self.note_kind.addItem(str(label), kind)
        self.note_edit.setEnabled(self.note_kind.count() > 0)
        self.note_button.setEnabled(self.note_kind.count() > 0)

    def _render_access(self, bundle) -> None:
        visible = bundle.access is not None
        self.tabs.setTabVisible(self.tabs.indexOf(self.access), visible)
        rows = bundle.access or []
        self.access.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            for col, text in enumerate(core.access_row_texts(entry)):
                self.access.setItem(row, col, QTableWidgetItem(text))

    def _render_actions(self, bundle) -> None:
        for button in self.action_buttons.values():
            self.actions_row.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        for action in bundle.actions:
            button = QPushButton(str(action.label))
            button.setObjectName(f"action_{action.key}")
            button.setToolTip(str(action.form.prompt))
            button.clicked.connect(lambda _c=False, action=action: self.run_action(action))
            self.actions_row.insertWidget(self.actions_row.count() - 1, button)
            self.action_buttons[action.key] = button
        if not bundle.actions:
            self.actions_label.setText(str(T("Tidak ada langkah tahap untuk peran Anda pada tahap ini.",
                                             "No stage step for your role at this stage.")))
        else:
            self.actions_label.setText(str(T("Langkah:", "Steps:")))

    # ---- actions (the services decide; refusals come back in words)
    def run_action(self, action) -> None:
        dialog = ActionDialog(action.form, self)
        if dialog.exec() != ActionDialog.DialogCode.Accepted:
            return
        reason, details = dialog.values()
        self.apply_action(action, reason, details)

    def apply_action(self, action, reason: str, details: dict) -> None:
        actor, keyring, case_id = self.ctx.actor, self.ctx.keyring, self.case_id
        self.view.write(lambda session: core.move(session, actor, keyring, case_id, action, reason, details),
                        lambda _changes: self.reload(),
                        success=T("{ref}: {step} tercatat.", "{ref}: {step} recorded.",
                                  ref=core.case_reference(self.case.view), step=action.label))

    def send_message(self) -> None:
        text = self.message_edit.toPlainText().strip()
        if not text or not self.case_id:
            return
        actor, keyring, case_id = self.ctx.actor, self.ctx.keyring, self.case_id
        self.view.write(lambda session: core.cases().send_message(session, actor, keyring, case_id, text),
                        lambda _c: (self.message_edit.clear(), self.reload()),
                        success=T("Pesan terkirim ke pelapor.", "Message sent to the reporter."))

    def add_note(self) -> None:
        text = self.note_edit.toPlainText().strip()
        if not text or not self.case_id:
            return
        actor, keyring, case_id, kind = self.ctx.actor, self.ctx.keyring, self.case_id, self.note_kind.currentData()
        self.view.write(lambda session: core.cases().add_note(session, actor, keyring, case_id, text, kind),
                        lambda _c: (self.note_edit.clear(), self.reload()),
                        success=T("Catatan internal disimpan (tidak terlihat oleh pelapor).",
                                  "Internal note saved (not visible to the reporter)."))

    def checked_handlers(self) -> list[str]:
        return [self.handlers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.handlers.count())
                if self.handlers.item(i).checkState() == Qt.CheckState.Checked]

    def save_assignment(self) -> None:
        usernames = self.checked_handlers()
        actor, keyring, case_id = self.ctx.actor, self.ctx.keyring, self.case_id
        self.view.write(lambda session: core.cases().assign_handlers(session, actor, keyring, case_id, usernames),
                        lambda _c: self.reload(),
                        success=T("Penugasan disimpan: {u}.", "Assignment saved: {u}.", u=", ".join(usernames) or "—"))

    def request_identity(self) -> None:
        dialog = TextDialog(T("Permintaan pembukaan identitas", "Identity release request"),
                            T("Identitas pelapor hanya dibuka atas dasar hukum yang sah dan dengan persetujuan "
                              "Inspektur. Tuliskan nomor surat tugas Wali Kota dan keperluannya.",
                              "The reporter's identity is released only on a lawful basis and with the Inspektur's "
                              "approval. Give the Wali Kota assignment letter number and the purpose."),
                            self, line_label=T("Nomor surat tugas", "Assignment letter no."))
        if dialog.exec() != TextDialog.DialogCode.Accepted:
            return
        basis = f"{dialog.line_value()} — {dialog.value()}"
        actor, case_id = self.ctx.actor, self.case_id
        self.view.write(lambda session: core.cases().request_identity(session, actor, case_id, basis),
                        lambda _c: self.reload(),
                        success=T("Permintaan dikirim ke Inspektur.", "Request sent to the Inspektur."))

    def read_identity(self) -> None:
        """Show the reporter's identity (Inspektur, or after an approved request); each reading is audited."""
        actor, keyring, case_id = self.ctx.actor, self.ctx.keyring, self.case_id
        self.view.call(lambda session: core.read_identity(session, actor, keyring, case_id), self._show_identity)

    def _show_identity(self, identity) -> None:
        self.revealed_identity = identity
        if self.case is not None:
            self._render_identity(self.case)

    def add_attachment(self, path: str | None = None) -> None:
        """Add a document to the case file (e.g. a scanned letter): encrypted by the core on arrival."""
        if not self.case_id:
            return
        if path is None:
            path = open_path(self, T("Tambah lampiran", "Add attachment"), str(T("Semua berkas (*)", "All files (*)")))
            if not path:
                return
        data = Path(path).read_bytes()
        name = Path(path).name
        actor, keyring, case_id = self.ctx.actor, self.ctx.keyring, self.case_id
        self.view.write(lambda session: core.add_team_attachment(session, actor, keyring, case_id, name, data),
                        lambda _c: self.reload(),
                        success=T("Lampiran {f} ditambahkan (terenkripsi).", "Attachment {f} added (encrypted).", f=name))

    # ---- attachments: decrypted by the service (audited as an export), written 0600
    def _attachment(self, save: bool, path: str | None = None) -> None:
        item = self.attachments.currentItem()
        if item is None or not self.case_id:
            return
        attachment = item.data(Qt.ItemDataRole.UserRole)
        if save and path is None:
            path = save_path(self, T("Simpan lampiran", "Save attachment"), core.attachment_name(attachment),
                             str(T("Semua berkas (*)", "All files (*)")))
            if not path:
                return
        actor, keyring, case_id = self.ctx.actor, self.ctx.keyring, self.case_id
        self.view.call(lambda session: core.read_attachment(session, actor, keyring, case_id, attachment),
                       lambda data: self._write_attachment(attachment, data, path, open_it=not save))

    def _write_attachment(self, attachment, data: bytes, path: str | None, open_it: bool) -> None:
        if path is None:
            if self.private_dir is None:
                self.private_dir = tempfile.mkdtemp(prefix="antasena-wbs-")     # 0700
            path = os.path.join(self.private_dir, Path(core.attachment_name(attachment)).name or "lampiran")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(path, 0o600)
        self.last_attachment_path = path
        self.view.message.show_info(str(T("Lampiran didekripsi ke {p} (tercatat di log audit).",
                                          "Attachment decrypted to {p} (recorded in the audit log).", p=path)))
        if open_it:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def wipe_private_files(self) -> None:
        """Remove the decrypted copies opened for viewing (the private folder goes with the desk)."""
        import shutil
        if self.private_dir:
            shutil.rmtree(self.private_dir, ignore_errors=True)
            self.private_dir = None

    def retranslate(self) -> None:
        titles = {"report": T("Laporan", "Report"), "attachments": T("Lampiran", "Attachments"),
                  "messages": T("Pesan pelapor", "Reporter messages"),
                  "notes": T("Catatan internal", "Internal notes"), "history": T("Riwayat status", "Status history"),
                  "assign": T("Penugasan", "Assignment"), "identity": T("Identitas", "Identity"),
                  "access": T("Riwayat akses", "Access history")}
        for key, widget in self.pages.items():
            self.tabs.setTabText(self.tabs.indexOf(widget), str(titles[key]))
        self.empty.setText(str(T("Pilih kasus di daftar untuk membukanya. Setiap pembukaan tercatat di log audit.",
                                 "Choose a case in the list to open it. Every opening is recorded in the audit log.")))
        self.open_attachment_button.setText(str(T("Buka", "Open")))
        self.save_attachment_button.setText(str(T("Simpan sebagai…", "Save as…")))
        self.add_attachment_button.setText(str(T("Tambah lampiran tim…", "Add a team document…")))
        self.attachment_hint.setText(str(T("Lampiran disimpan terenkripsi; membuka atau menyimpan mendekripsinya "
                                           "dan tercatat di log audit.",
                                           "Attachments are stored encrypted; opening or saving decrypts them and is "
                                           "recorded in the audit log.")))
        self.messages_hint.setText(str(T("Pesan di sini dibaca pelapor lewat kode lacaknya.",
                                         "The reporter reads these messages with their tracking code.")))
        self.send_button.setText(str(T("Kirim ke pelapor", "Send to the reporter")))
        self.notes_hint.setText(str(T("CATATAN INTERNAL — tidak pernah ditampilkan kepada pelapor. Telaahan, laporan "
                                      "hasil tindak lanjut dan hasil verifikasinya ditulis di sini sebelum langkah "
                                      "tahapnya.",
                                      "INTERNAL NOTES — never shown to the reporter. The review memo, the follow-up "
                                      "report and its verification are written here before their stage step.")))
        self.note_button.setText(str(T("Simpan", "Save")))
        self.note_kind_label.setText(str(T("Jenis:", "Kind:")))
        self.identity_read_button.setText(str(T("Buka identitas (tercatat)", "Show identity (recorded)")))
        self.assign_hint.setText(str(T("Centang penangan kasus ini. Kunci kasus disegel untuk setiap penangan.",
                                       "Tick the handlers of this case. The case key is sealed to each handler.")))
        self.assign_button.setText(str(T("Simpan penugasan", "Save assignment")))
        self.identity_request_button.setText(str(T("Minta pembukaan identitas…", "Request identity release…")))
        self.history.setHorizontalHeaderLabels([str(T("Waktu", "When")), str(T("Oleh", "By")),
                                                str(T("Dari", "From")), str(T("Ke", "To")),
                                                str(T("Alasan", "Reason"))])
        self.access.setHorizontalHeaderLabels([str(T("Waktu", "When")), str(T("Oleh", "By")),
                                               str(T("Tindakan", "Action")), str(T("Keterangan", "Detail"))])
        self.render()
