"""Write or edit a Berita / knowledge post: kind, title, text, publication time (now or scheduled, WIB),
attachments. Stays open until its WriteOp saved (`SubmitOnSave`)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QTime, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton,
                               QVBoxLayout)

from antasena_desktop.i18n import T
from antasena_desktop.services.news import KINDS, MAX_ATTACHMENT_BYTES
from antasena_desktop.timefmt import WIB, now_utc, to_wib
from ui.files import open_paths
from ui.widgets import SubmitOnSave


def _to_qt(moment: datetime) -> QDateTime:
    local = to_wib(moment)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def _from_qt(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=WIB)


class NewsDialog(SubmitOnSave, QDialog):
    """`values()` → {"kind", "title", "body", "publish_at"?} and `attachments` [(name, bytes)]."""

    def __init__(self, parent=None, post=None):
        super().__init__(parent)
        self.setObjectName("news_dialog")
        self.post = post
        self.setWindowTitle(str(T("Sunting tulisan portal", "Edit portal post") if post else
                                T("Tulis berita / pengetahuan", "Write news / knowledge")))
        self.kind = QComboBox(objectName="news_kind")
        for code, label in KINDS.items():
            self.kind.addItem(str(label), code)
        self.title = QLineEdit(objectName="news_title")
        self.title.setMaxLength(200)
        self.body = QPlainTextEdit(objectName="news_body")
        self.now = QCheckBox(str(T("Terbitkan sekarang", "Publish now")), objectName="news_now")
        self.publish_at = QDateTimeEdit(objectName="news_publish_at")
        self.publish_at.setDisplayFormat("dd-MM-yyyy HH:mm 'WIB'")
        self.publish_at.setCalendarPopup(True)
        self.publish_at.setDateTime(_to_qt(now_utc()))
        self.now.toggled.connect(lambda on: self.publish_at.setEnabled(not on))
        self.files = QListWidget(objectName="news_files")
        self.files.setMaximumHeight(90)
        self.add_file = QPushButton(str(T("Tambah lampiran…", "Add attachment…")), objectName="news_add_file")
        self.add_file.clicked.connect(self.choose_files)
        self.attachments: list[tuple[str, bytes]] = []
        self.error = QLabel(objectName="news_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(str(T("Jenis", "Kind")), self.kind)
        form.addRow(str(T("Judul", "Title")), self.title)
        form.addRow(str(T("Isi", "Text")), self.body)
        when = QHBoxLayout()
        when.addWidget(self.now)
        when.addWidget(self.publish_at, 1)
        form.addRow(str(T("Waktu terbit", "Publication")), when)
        files = QVBoxLayout()
        files.addWidget(self.files)
        files.addWidget(self.add_file, 0, Qt.AlignLeft)
        form.addRow(str(T("Lampiran", "Attachments")), files)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setObjectName("news_save")
        buttons.button(QDialogButtonBox.Save).setText(str(T("Simpan", "Save")))
        buttons.button(QDialogButtonBox.Cancel).setText(str(T("Batal", "Cancel")))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 520)
        if post is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(post.kind)))
            self.title.setText(post.title)
            self.body.setPlainText(post.body)
            self.publish_at.setDateTime(_to_qt(post.publish_at))
            for name in post.attachments:
                self.files.addItem(name)
            self.now.setChecked(False)
        else:
            self.now.setChecked(True)

    def choose_files(self) -> None:
        names = open_paths(self, T("Pilih lampiran", "Choose attachments"), str(T("Semua berkas (*)", "All files (*)")))
        for name in names:
            self.add_attachment(Path(name))

    def add_attachment(self, path: Path) -> None:
        if path.stat().st_size > MAX_ATTACHMENT_BYTES:
            self.error.setText(str(T("Lampiran {f} melebihi {n} MB.", "The attachment {f} is larger than {n} MB.",
                                     f=path.name, n=MAX_ATTACHMENT_BYTES // (1024 * 1024))))
            return
        self.attachments.append((path.name, path.read_bytes()))
        self.files.addItem(path.name)

    def values(self) -> dict:
        values = {"kind": self.kind.currentData(), "title": self.title.text(), "body": self.body.toPlainText()}
        if not self.now.isChecked():
            values["publish_at"] = _from_qt(self.publish_at.dateTime())
        elif self.post is None:
            values["publish_at"] = now_utc()
        return values
