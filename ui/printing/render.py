"""Offline rendering of the printouts with Qt, no browser.

A `PrintDocument` (antasena_desktop.documents) is a list of sections, each starting on a new page:
* `HtmlSection`: QTextDocument lays the HTML out and paginates it (the Sprin body, the map page);
* `TableSection`: long ruled tables are paginated here with QPainter, row by row — the column
  titles (and the post title, marked "lanjutan") repeat at the top of every page and a row never
  splits. This is several times faster than a QTextDocument table with collapsed single-line
  borders (1,800 rows: see benchmarks/sprin_bench.py).
Pages are laid out first (so "Halaman X dari N" is known), then painted onto a QPdfWriter or a
QPrinter, with the KONSEP watermark on drafts. Qt's PDF engine embeds the fonts (TrueType subsets).
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPagedPaintDevice,
                           QPainter, QPdfWriter, QPen, QTextDocument)

from antasena_desktop.documents.model import PrintDocument, TableSection

from ._none_refcount import ensure_none_survives

ensure_none_survives()      # PySide6 6.12.0 + Python 3.11: void Qt calls drop None's refcount (see module)

PAPERS = ("A4", "F4")
MARGINS_MM = QMarginsF(25, 18, 20, 15)      # left, top, right, bottom (naskah dinas: wide binding margin)
FOOTER_MM = 8.0
PDF_RESOLUTION = 300
DEFAULT_FONT = ("Arial", 11)
TABLE_FAMILIES = ["Arial Narrow", "Liberation Sans Narrow", "DejaVu Sans Condensed", "Arial", "DejaVu Sans"]
RULE_MM = 0.25


def page_size(paper: str) -> QPageSize:
    """A4 (210×297 mm) or F4/folio (215×330 mm, a custom size)."""
    paper = (paper or "A4").upper()
    if paper == "A4":
        return QPageSize(QPageSize.PageSizeId.A4)
    if paper in ("F4", "FOLIO"):
        return QPageSize(QSizeF(215, 330), QPageSize.Unit.Millimeter, "F4 215 x 330 mm",
                         QPageSize.SizeMatchPolicy.ExactMatch)
    raise ValueError(f"unknown paper {paper!r}: use A4 or F4")


def page_layout(paper: str, landscape: bool = False) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(page_size(paper), orientation, MARGINS_MM, QPageLayout.Unit.Millimeter)


def _resolution(device: QPagedPaintDevice) -> int:
    return device.resolution() if hasattr(device, "resolution") else device.logicalDpiY()


def _body_rect(device: QPagedPaintDevice) -> tuple[QRectF, float]:
    """The text area of a page in device pixels (paint rect less the footer) and the footer height."""
    resolution = _resolution(device)
    paint_rect = device.pageLayout().paintRectPixels(resolution)
    footer = FOOTER_MM / 25.4 * resolution
    return QRectF(0, 0, paint_rect.width(), paint_rect.height() - footer), footer


def _no_ligatures(font: QFont) -> QFont:
    """Plain letters in the PDF's text layer: with ligatures a name like "Taufik" is stored with the
    single glyph "ﬁ" and a search for it in the PDF viewer fails."""
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def _text_document(html: str, doc: PrintDocument, device: QPagedPaintDevice) -> QTextDocument:
    text = QTextDocument()
    text.setDocumentMargin(0)
    text.setDefaultFont(_no_ligatures(QFont(*DEFAULT_FONT)))
    text.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, doc.title)
    for name, path in doc.images.items():
        text.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage(str(path)))
    text.documentLayout().setPaintDevice(device)
    text.setHtml(html)
    return text


# A page is a list of drawing operations, so the page count is known before anything is painted:
#   ("doc", QTextDocument, source rect in the document, y on the page)
#   ("rect", QRectF, fill QColor | None)
#   ("text", QRectF, alignment flags, text, QFont)
Op = tuple
_ALIGN = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
          "right": Qt.AlignmentFlag.AlignRight}
_WRAP = Qt.TextFlag.TextWordWrap
_BREAKS = re.compile(r"(?<=/)|\s+")          # where Qt's word wrap may break: spaces, after a slash


class _TableLayout:
    """Paginate a TableSection: measure every cell with the device's font metrics, break between rows."""

    def __init__(self, section: TableSection, doc: PrintDocument, device: QPagedPaintDevice, body: QRectF):
        self.section, self.doc, self.device, self.body = section, doc, device, body
        self.mm = _resolution(device) / 25.4
        self.pad_x, self.pad_y = 1.2 * self.mm, 0.7 * self.mm
        self.font = QFont()
        self.font.setFamilies(TABLE_FAMILIES)
        self.font.setPointSizeF(section.font_pt)
        _no_ligatures(self.font)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.italic = QFont(self.font)
        self.italic.setItalic(True)
        self.metrics = QFontMetricsF(self.font, device)
        self.bold_metrics = QFontMetricsF(self.bold, device)
        total = sum(c.width for c in section.columns) or 1
        self.widths = [body.width() * c.width / total for c in section.columns]
        self.lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        self.aligns = [_ALIGN.get(c.align, Qt.AlignmentFlag.AlignLeft) for c in section.columns]
        self.min_row = section.min_row_mm * self.mm
        self.line = self.metrics.height()
        self.pages: list[list[Op]] = []
        self.y = 0.0

    def _wrap(self, text: str, width: float, metrics: QFontMetricsF) -> int:
        """Wrap at words; anywhere only when one word (a long NRP/phone number) is wider than the cell."""
        inner = width - 2 * self.pad_x
        if any(metrics.horizontalAdvance(word) > inner for word in _BREAKS.split(text) if word):
            return int(Qt.TextFlag.TextWrapAnywhere)
        return int(_WRAP)

    def _text_height(self, text: str, width: float, metrics: QFontMetricsF) -> float:
        inner = max(1.0, width - 2 * self.pad_x)
        if "\n" not in text and metrics.horizontalAdvance(text) <= inner:
            return metrics.height()                        # the common case: one line, no layout needed
        flags = int(Qt.AlignmentFlag.AlignLeft) | self._wrap(text, width, metrics)
        return metrics.boundingRect(QRectF(0, 0, inner, 1e7), flags, text).height()

    def _row_height(self, cells: list[str], metrics: QFontMetricsF) -> float:
        inner = max(self._text_height(t, w, metrics) if t else metrics.height()
                    for t, w in zip(cells, self.widths))
        return max(inner + 2 * self.pad_y, self.min_row)

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0

    def _cells(self, cells: list[str], height: float, font: QFont, fill: QColor | None,
               aligns: list | None = None, metrics: QFontMetricsF | None = None) -> None:
        ops = self.pages[-1]
        metrics = metrics or self.metrics
        for i, text in enumerate(cells):
            rect = QRectF(self.lefts[i], self.y, self.widths[i], height)
            ops.append(("rect", rect, fill))
            if text:
                align = (aligns or self.aligns)[i]
                wrap = self._wrap(text, self.widths[i], metrics)
                ops.append(("text", rect.adjusted(self.pad_x, self.pad_y, -self.pad_x, -self.pad_y),
                            int(align) | int(Qt.AlignmentFlag.AlignTop) | wrap, text, font))
        self.y += height

    def _span(self, text: str, font: QFont, metrics: QFontMetricsF, fill: QColor | None) -> None:
        height = self._text_height(text, self.body.width(), metrics) + 2 * self.pad_y
        rect = QRectF(0, self.y, self.body.width(), height)
        self.pages[-1].append(("rect", rect, fill))
        self.pages[-1].append(("text", rect.adjusted(self.pad_x, self.pad_y, -self.pad_x, -self.pad_y),
                               int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop) | int(_WRAP),
                               text, font))
        self.y += height

    def _header(self) -> None:
        titles = [c.title for c in self.section.columns]
        center = [Qt.AlignmentFlag.AlignHCenter] * len(titles)
        self._cells(titles, self._row_height(titles, self.bold_metrics), self.bold, QColor("#d9d9d9"), center,
                    self.bold_metrics)
        if self.section.number_row:
            numbers = [str(i) for i in range(1, len(titles) + 1)]
            self._cells(numbers, self.line + 2 * self.pad_y, self.italic, QColor("#f2f2f2"), center)

    def _html_block(self, html: str) -> tuple[QTextDocument, float]:
        text = _text_document(html, self.doc, self.device)
        text.setTextWidth(self.body.width())
        return text, text.size().height()

    def run(self) -> list[list[Op]]:
        section, limit = self.section, self.body.height()
        self._new_page()
        if section.intro_html:
            intro, height = self._html_block(section.intro_html)
            self.pages[-1].append(("doc", intro, QRectF(0, 0, self.body.width(), height), self.y))
            self.y += height + 1.5 * self.mm
        self._header()
        header_bottom = self.y
        title_height = self.bold_metrics.height() + 2 * self.pad_y
        for group in section.groups:
            first = self._row_height(group.rows[0], self.metrics) if group.rows else 0.0
            # keep a post title with its first person
            if self.y > header_bottom and self.y + (title_height if group.title else 0.0) + first > limit:
                self._new_page()
                self._header()
            if group.title:
                self._span(group.title, self.bold, self.bold_metrics, QColor("#eeeeee"))
            for row in group.rows:
                height = self._row_height(row, self.metrics)
                if self.y + height > limit:
                    self._new_page()
                    self._header()
                    if group.title:
                        self._span(f"{group.title} (lanjutan)", self.bold, self.bold_metrics, QColor("#eeeeee"))
                self._cells(row, height, self.font, None)
        if section.row_count == 0:
            self._span(section.empty_text, self.italic, self.metrics, None)
        if section.outro_html:
            outro, height = self._html_block(section.outro_html)
            gap = 2 * self.mm
            if self.y + gap + height > limit:
                self._new_page()
                gap = 0.0
            self.pages[-1].append(("doc", outro, QRectF(0, 0, self.body.width(), height), self.y + gap))
        return self.pages


def layout_pages(doc: PrintDocument, device: QPagedPaintDevice) -> tuple[list[list[Op]], QRectF, float]:
    """Every page of `doc` as drawing operations; each section starts on a new page."""
    body, footer = _body_rect(device)
    pages: list[list[Op]] = []
    for section in doc.sections:
        if isinstance(section, TableSection):
            pages.extend(_TableLayout(section, doc, device, body).run())
            continue
        text = _text_document(section.html, doc, device)
        text.setPageSize(body.size())
        for index in range(text.pageCount()):
            pages.append([("doc", text, QRectF(0, index * body.height(), body.width(), body.height()), 0.0)])
    return pages or [[]], body, footer


def _draw(painter: QPainter, op: Op, pen: QPen, no_brush: QBrush, black: QColor) -> None:
    kind = op[0]
    if kind == "doc":
        _, text, source, y = op
        painter.save()
        painter.translate(0, y - source.top())
        text.drawContents(painter, source)
        painter.restore()
    elif kind == "rect":
        _, rect, fill = op
        if fill is not None:
            painter.fillRect(rect, fill)
        painter.setPen(pen)
        painter.setBrush(no_brush)          # a QBrush object: passing the enum per call trips a PySide6 refcount bug
        painter.drawRect(rect)
    elif kind == "text":
        _, rect, flags, text, font = op
        painter.setFont(font)
        painter.setPen(black)
        painter.drawText(rect, flags, text)


def _watermark(painter: QPainter, width: float, height: float, label: str) -> None:
    painter.save()
    font = QFont(DEFAULT_FONT[0], 96)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 115)
    painter.setFont(font)
    painter.setPen(QColor(150, 150, 150, 70))
    painter.translate(width / 2, height / 2)
    painter.rotate(-40)
    painter.drawText(QRectF(-width, -height / 4, 2 * width, height / 2), Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()


def paint(doc: PrintDocument, device: QPagedPaintDevice, painter: QPainter | None = None) -> int:
    """Paint every page of `doc` onto `device` (QPdfWriter or QPrinter). Returns the page count."""
    pages, body, footer = layout_pages(doc, device)
    own = painter is None
    if own:
        painter = QPainter(device)
    try:
        pen = QPen(QColor(0, 0, 0))
        pen.setWidthF(RULE_MM / 25.4 * _resolution(device))
        footer_font = QFont(DEFAULT_FONT[0], 8)
        no_brush, black = QBrush(), QColor(0, 0, 0)
        for index, ops in enumerate(pages):
            if index:
                device.newPage()
            for op in ops:
                _draw(painter, op, pen, no_brush, black)
            if doc.watermark:
                _watermark(painter, body.width(), body.height(), doc.watermark)
            if doc.page_footer:
                painter.save()
                painter.setFont(footer_font)
                painter.setPen(QColor(0, 0, 0))
                painter.drawText(QRectF(0, body.height(), body.width(), footer),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                                 doc.page_footer.format(page=index + 1, pages=len(pages)))
                painter.restore()
    finally:
        if own:
            painter.end()
    return len(pages)


def export_pdf(doc: PrintDocument, path: str | Path, paper: str = "A4", landscape: bool | None = None) -> int:
    """Write `doc` as a PDF (fonts embedded) on A4 or F4. Returns the page count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(doc.title)
    writer.setCreator("Antasena Desktop")
    writer.setPageLayout(page_layout(paper, doc.landscape if landscape is None else landscape))
    return paint(doc, writer)


def ensure_gui_application():
    """A QApplication for command-line rendering (offscreen when there is no display)."""
    import os
    import sys

    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    return app


__all__ = ["PAPERS", "page_size", "page_layout", "layout_pages", "paint", "export_pdf", "ensure_gui_application"]
