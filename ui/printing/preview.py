"""Print preview, direct printing and PDF export of a `PrintDocument`, from a small dialog."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from antasena_desktop.documents.model import PrintDocument
from antasena_desktop.i18n import T

from .render import PAPERS, PDF_RESOLUTION, export_pdf, page_layout, paint


def make_printer(paper: str = "A4", landscape: bool = False) -> QPrinter:
    """A printer laid out exactly like the saved PDF (same resolution and page layout): the preview, the print and
    the PDF break pages at the same rows."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(PDF_RESOLUTION)
    printer.setPageLayout(page_layout(paper, landscape))
    printer.setFullPage(False)
    return printer


def show_print_preview(doc: PrintDocument, paper: str = "A4", parent: QWidget | None = None) -> int:
    """QPrintPreviewDialog on `doc`; the operator can print from it. Returns the dialog result."""
    printer = make_printer(paper, doc.landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(T("Pratinjau cetak — {t}", "Print preview — {t}", t=doc.title).render())
    dialog.paintRequested.connect(lambda device: paint(doc, device))
    return dialog.exec()


def print_direct(doc: PrintDocument, paper: str = "A4", parent: QWidget | None = None) -> bool:
    """QPrintDialog (choose printer, copies), then print. Returns True when printed."""
    printer = make_printer(paper, doc.landscape)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(T("Cetak — {t}", "Print — {t}", t=doc.title).render())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint(doc, printer)
    return True


class PrintDialog(QDialog):
    """Choose the paper (A4 / F4) and preview, print or save as PDF.

    `factory` builds the document (it is called again when the paper changes, so a caller may
    regenerate, e.g. after an edit); pass a lambda returning a fixed document otherwise.
    """

    def __init__(self, factory: Callable[[], PrintDocument], parent: QWidget | None = None,
                 default_paper: str = "A4", suggested_name: str = "dokumen.pdf"):
        super().__init__(parent)
        self._factory = factory
        self._suggested = suggested_name
        self.document = factory()
        self.setWindowTitle(self.document.title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{self.document.title}</b>"))
        row = QHBoxLayout()
        row.addWidget(QLabel(T("Ukuran kertas:", "Paper size:").render()))
        self.paper = QComboBox()
        self.paper.addItem("A4 (210 × 297 mm)", "A4")
        self.paper.addItem("F4 / Folio (215 × 330 mm)", "F4")
        self.paper.setCurrentIndex(max(0, PAPERS.index(default_paper) if default_paper in PAPERS else 0))
        row.addWidget(self.paper, 1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(T("Pratinjau…", "Preview…").render())
        self.print_button = QPushButton(T("Cetak…", "Print…").render())
        self.pdf_button = QPushButton(T("Simpan PDF…", "Save PDF…").render())
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.saved = QLabel()                       # "Tersimpan di … — Buka folder" after Simpan PDF
        self.saved.setObjectName("print_saved")
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.saved.setOpenExternalLinks(True)
        self.saved.setWordWrap(True)
        layout.addWidget(self.saved)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.pdf_button.clicked.connect(self.save_pdf)

    @property
    def selected_paper(self) -> str:
        return self.paper.currentData()

    def preview(self) -> None:
        show_print_preview(self._factory(), self.selected_paper, self)

    def print_(self) -> None:
        print_direct(self._factory(), self.selected_paper, self)

    def save_pdf(self, path: str | None = None) -> str | None:
        if not path:
            from ui.files import save_path
            path = save_path(self, T("Simpan PDF", "Save PDF"), self._suggested or "cetakan.pdf", "PDF (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            export_pdf(self._factory(), path, self.selected_paper)
        except OSError as exc:
            QMessageBox.warning(self, T("Gagal menyimpan", "Could not save").render(), str(exc))
            return None
        from pathlib import Path

        from ui.files import show_saved
        show_saved(self.saved, Path(path))
        return path
