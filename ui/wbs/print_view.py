"""Cetak: Telaahan, Laporan Hasil Tindak Lanjut, a letter to the reporter and the yearly WBS report,
built by the core (`antasena_desktop/wbs/documents.py`) and printed with the shared `ui/printing/`.
Building a case document decrypts the case and is audited by the service as an export."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from antasena_desktop.i18n import T
from antasena_desktop.timefmt import now_utc, to_wib
from ui.wbs import core
from ui.wbs.base import WbsView

DOCUMENTS = (
    ("telaahan", T("Telaahan", "Review memo (Telaahan)"), True),
    ("lhtl", T("Laporan Hasil Tindak Lanjut", "Follow-up result report"), True),
    ("letter", T("Surat kepada pelapor", "Letter to the reporter"), True),
    ("yearly", T("Laporan tahunan WBS", "Yearly WBS report"), False),
)


class WbsPrintView(WbsView):
    title = T("Cetak", "Print")
    permission = "print"
    watches = core.CASE_ENTITIES

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.kind = QComboBox()
        self.kind.setObjectName("print_kind")
        for code, _label, _per_case in DOCUMENTS:
            self.kind.addItem("", code)
        self.case = QComboBox()
        self.case.setObjectName("print_case")
        self.year = QSpinBox()
        self.year.setObjectName("print_year")
        self.year.setRange(2024, 2100)
        self.year.setValue(to_wib(now_utc()).year)
        self.letter = QPlainTextEdit()
        self.letter.setObjectName("print_letter")
        self.letter.setFixedHeight(120)
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_open")
        self.print_button.clicked.connect(self.open_print_dialog)
        self.kind_label, self.case_label, self.year_label, self.letter_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.case_label, self.case)
        form.addRow(self.year_label, self.year)
        form.addRow(self.letter_label, self.letter)
        box = QWidget()
        box.setMaximumWidth(720)
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_button)
        inner.addLayout(row)
        inner.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(box)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.retranslate()
        self._kind_changed()

    def load_data(self, session):
        return core.list_cases(session, self.ctx.actor)

    def show_data(self, rows) -> None:
        current = self.case.currentData()
        self.case.clear()
        for row in rows:
            self.case.addItem(f"{row.reference} — {core.stage_label(row.stage)}", row.id)
        index = self.case.findData(current)
        self.case.setCurrentIndex(max(0, index))

    def per_case(self) -> bool:
        return next(per for code, _l, per in DOCUMENTS if code == self.kind.currentData())

    def _kind_changed(self, *_args) -> None:
        self.case.setEnabled(self.per_case())
        self.year.setEnabled(not self.per_case())
        self.letter.setEnabled(self.kind.currentData() == "letter")

    def open_print_dialog(self, show=True) -> None:
        """Build the document through the service (audited), then the shared print dialog."""
        kind, case_id, year = self.kind.currentData(), self.case.currentData(), self.year.value()
        letter, actor, keyring = self.letter.toPlainText().strip(), self.ctx.actor, self.ctx.keyring
        if self.per_case() and not case_id:
            self.message.show_error(str(T("Pilih kasusnya dulu.", "Choose the case first.")))
            return
        self._kind, self._year = kind, year
        self.call(lambda session: core.build_document(session, actor, keyring, kind, case_id=case_id, year=year,
                                                      letter_text=letter),
                  lambda doc: self._show_print_dialog(doc, show))

    def _show_print_dialog(self, document, show: bool) -> None:
        from ui.printing.preview import PrintDialog
        self.last_document = document
        name = f"{self._kind}-{(self.case.currentText().split(' ')[0] if self.per_case() else self._year)}.pdf"
        self.print_dialog = PrintDialog(lambda: document, self, suggested_name=name.replace("/", "-"))
        if show:
            self.print_dialog.exec()

    def retranslate(self) -> None:
        for i, (_code, label, _per) in enumerate(DOCUMENTS):
            self.kind.setItemText(i, str(label))
        self.kind_label.setText(str(T("Dokumen", "Document")))
        self.case_label.setText(str(T("Kasus", "Case")))
        self.year_label.setText(str(T("Tahun (laporan tahunan)", "Year (yearly report)")))
        self.letter_label.setText(str(T("Isi surat (kosong: teks baku)", "Letter text (empty: standard text)")))
        self.letter.setPlaceholderText(str(T("Surat hanya untuk pelapor yang memberikan identitas; pelapor anonim "
                                             "dijawab lewat pesan di halaman lacak.",
                                             "Letters only for reporters who gave an identity; anonymous reporters "
                                             "are answered through the tracking page.")))
        self.print_button.setText(str(T("Pratinjau / cetak / PDF…", "Preview / print / PDF…")))
        self.hint.setText(str(T("Dokumen kasus memuat isi laporan yang didekripsi; setiap pembuatannya tercatat di "
                                "log audit. Laporan tahunan hanya memuat jumlah.",
                                "Case documents contain decrypted report content; each one built is recorded in the "
                                "audit log. The yearly report holds counts only.")))
