"""The request editor (permohonan baru / ubah permohonan), showing the lead time and the dadakan flag live.

No queries here: the owner passes the events to link, the dadakan threshold and (when editing) the
current values, listens to `submitted`, runs the write off the UI thread and calls `accept()` or
`show_error()`. The lead-time preview uses the same core functions as the register.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from antasena_desktop.domain.catalog import REQUEST_CHANNELS
from antasena_desktop.i18n import T, current_language
from antasena_desktop.services.requests import is_dadakan, lead_time
from antasena_desktop.timefmt import format_date, now_utc
from ui.widgets import datetime_edit, from_qdatetime, select_data, to_qdatetime
from ui.widgets import guard_wheel


class RequestEditor(QDialog):
    submitted = Signal()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        guard_wheel(self)          # the wheel scrolls, it never edits an unfocused field

    def __init__(self, events: list, threshold_hours: int, values: dict | None = None,
                 parent: QWidget | None = None, event_id: str | None = None):
        """`events`: rows with id, number, title, start_at (EventRow); `event_id` preselects one."""
        super().__init__(parent)
        self.setObjectName("request_editor")
        self.editing = values or {}
        self.request_id = self.editing.get("id")
        self.threshold = threshold_hours
        self.starts = {e.id: e.start_at for e in events}
        self.setMinimumWidth(520)
        self.number = QLineEdit(objectName="request_number")
        self.received = datetime_edit("request_received")
        self.channel = QComboBox(objectName="request_channel")
        self.name = QLineEdit(objectName="request_name")
        self.org = QLineEdit(objectName="request_org")
        self.contact = QLineEdit(objectName="request_contact")
        self.subject = QLineEdit(objectName="request_subject")
        self.letter = QLineEdit(objectName="request_letter")
        self.attachment = QLineEdit(objectName="request_attachment")
        self.browse = QPushButton(objectName="request_browse")
        self.browse.clicked.connect(self._browse)
        self.event_box = QComboBox(objectName="request_event")
        self.lead = QLabel(objectName="request_lead")
        self.error = QLabel(objectName="request_error")
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.labels = {k: QLabel() for k in ("number", "received", "channel", "name", "org", "contact", "subject",
                                             "letter", "attachment", "event", "lead")}
        attach = QHBoxLayout()
        attach.addWidget(self.attachment, 1)
        attach.addWidget(self.browse)
        form = QFormLayout()
        for key, widget in (("number", self.number), ("received", self.received), ("channel", self.channel),
                            ("name", self.name), ("org", self.org), ("contact", self.contact),
                            ("subject", self.subject), ("letter", self.letter), ("attachment", attach),
                            ("event", self.event_box), ("lead", self.lead)):
            form.addRow(self.labels[key], widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        language = current_language()
        for term in REQUEST_CHANNELS:
            self.channel.addItem(term.label(language), term.code)
        self.event_box.addItem("", None)
        for row in events:
            self.event_box.addItem(str(T("{n} — {t} ({d})", "{n} — {t} ({d})", n=row.number, t=row.title,
                                     d=format_date(row.start_at))), row.id)
        self.number.setText(self.editing.get("intake_number", ""))
        self.received.setDateTime(to_qdatetime(self.editing.get("received_at") or now_utc()))
        select_data(self.channel, self.editing.get("channel", "surat"))
        self.name.setText(self.editing.get("requester_name", ""))
        self.org.setText(self.editing.get("requester_org", ""))
        self.contact.setText(self.editing.get("requester_contact", ""))
        self.subject.setText(self.editing.get("subject", ""))
        self.letter.setText(self.editing.get("letter_number", ""))
        select_data(self.event_box, self.editing.get("event_id", event_id))
        self.received.dateTimeChanged.connect(lambda _v: self._update_lead())
        self.event_box.currentIndexChanged.connect(lambda _i: self._update_lead())
        self.retranslate()

    def _browse(self) -> None:
        from ui import files
        path = files.open_path(self, T("Pilih pindaian surat", "Choose the scanned letter"),
                               str(T("Dokumen (*.pdf *.jpg *.jpeg *.png);;Semua berkas (*)",
                                     "Documents (*.pdf *.jpg *.jpeg *.png);;All files (*)")))
        if path:
            self.attachment.setText(path)

    def lead_hours(self) -> float | None:
        start = self.starts.get(self.event_box.currentData())
        return lead_time(from_qdatetime(self.received.dateTime()), start)

    def _update_lead(self) -> None:
        hours = self.lead_hours()
        if hours is None:
            self.lead.setText(str(T("— (belum terkait kegiatan)", "— (no event linked yet)")))
            self.lead.setStyleSheet("")
        elif is_dadakan(hours, self.threshold):
            self.lead.setText(str(T("{h} jam — DADAKAN (kurang dari {t} jam)", "{h} h — SHORT NOTICE (under {t} h)",
                                    h=f"{hours:.0f}", t=self.threshold)))
            self.lead.setStyleSheet("color: white; background: #c62828; padding: 2px 6px; font-weight: bold")
        else:
            self.lead.setText(str(T("{h} jam", "{h} h", h=f"{hours:.0f}")))
            self.lead.setStyleSheet("")

    def values(self) -> dict:
        values = {
            "received_at": from_qdatetime(self.received.dateTime()),
            "channel": self.channel.currentData(),
            "requester_name": self.name.text().strip(),
            "requester_org": self.org.text().strip(),
            "requester_contact": self.contact.text().strip(),
            "subject": self.subject.text().strip(),
            "letter_number": self.letter.text().strip(),
            "event_id": self.event_box.currentData(),
        }
        if self.number.text().strip():
            values["intake_number"] = self.number.text().strip()
        return values

    def attachment_path(self) -> str | None:
        return self.attachment.text().strip() or None

    def _submit(self) -> None:
        self.error.hide()
        self.buttons.setEnabled(False)
        self.submitted.emit()

    def show_error(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(message)
        self.error.show()

    def retranslate(self) -> None:
        self.setWindowTitle(str(T("Ubah permohonan", "Edit request") if self.request_id else
                                T("Permohonan baru", "New request")))
        texts = {"number": T("Nomor agenda", "Intake number"), "received": T("Diterima (WIB)", "Received (WIB)"),
                 "channel": T("Saluran", "Channel"), "name": T("Nama pemohon", "Requester"),
                 "org": T("Organisasi", "Organisation"), "contact": T("Kontak", "Contact"),
                 "subject": T("Perihal", "Subject"), "letter": T("Nomor surat", "Letter number"),
                 "attachment": T("Pindaian surat", "Scanned letter"), "event": T("Kegiatan", "Event"),
                 "lead": T("Waktu tenggang", "Lead time")}
        for key, text in texts.items():
            self.labels[key].setText(str(text))
        self.number.setPlaceholderText(str(T("otomatis (PMH/tahun/nomor)", "automatic (PMH/year/number)")))
        self.browse.setText(str(T("Pilih…", "Choose…")))
        self.event_box.setItemText(0, str(T("— belum terkait —", "— not linked yet —")))
        self._update_lead()

