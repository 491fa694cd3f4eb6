"""Sprin and printouts rendered to real PDFs, read back as text."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from antasena_desktop.documents import html, workflow
from antasena_desktop.documents.model import KEPADA_LAMPIRAN, SprinContent
from antasena_desktop.documents.plan import collect_plan
from antasena_desktop.documents.sprin import SprinOptions, draft_content, format_sprin_number
from antasena_desktop.services import settings as app_settings
from antasena_desktop.timefmt import wib
from db.models import Rank, Sprin
from sprin_fixtures import KABAG, make_plan, pdf_pages_text, pdf_text

HEADINGS = ["KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH SUMATERA SELATAN", "RESOR KOTA BESAR PALEMBANG",
            "SURAT PERINTAH", "Nomor", "Pertimbangan", "Dasar", "DIPERINTAHKAN", "Kepada", "Untuk", "Selesai.",
            "Dikeluarkan di", "pada tanggal", "Tembusan", "LAMPIRAN SURAT PERINTAH KAPOLRESTABES PALEMBANG",
            "Pangkat/NRP", "Jabatan", "Kesatuan", "Pos/Tugas", "Ket"]


def issue_for(database, event_number: str, when=None) -> SprinContent:
    with database.session() as session:
        sprin_id = workflow.create_draft(session, KABAG, event_number).ids("sprin")[0]
        workflow.approve(session, KABAG, sprin_id)
    workflow.issue_with_retry(database, KABAG, sprin_id, issued_at=when)
    with database.session() as session:
        return workflow.content_of(session.get(Sprin, sprin_id))


def test_number_format():
    assert format_sprin_number(2267, 9, "OPS.1.", 2023) == "Sprin/2267/IX/OPS.1./2023"
    assert format_sprin_number(5, 12, "OPS.1.", 2026) == "Sprin/5/XII/OPS.1./2026"


def test_issued_sprin_pdf_has_number_headings_people_and_date(database, plan, gui_app, tmp_path):
    from ui.printing.render import export_pdf
    content = issue_for(database, plan.event_number, when=wib(2026, 9, 10, 9, 30))
    out = tmp_path / "sprin.pdf"
    pages = export_pdf(html.sprin_document(content), out, "A4")
    text = pdf_text(out)
    assert re.search(r"Nomor : Sprin/1/IX/OPS\.1\./2026", text), text[:400]
    for heading in HEADINGS:
        assert heading in text, heading
    assert "10 September 2026" in text
    assert "B/123/IX/2026/Aliansi" in text                      # the request letter in Dasar
    assert "melaporkan hasilnya kepada Kapolrestabes Palembang" in text
    assert "HARRYO SUGIHHARTONO, S.I.K., M.H." in text and "NRP 73070704" in text
    lampiran = " ".join(p for p in pdf_pages_text(out) if "LAMPIRAN SURAT PERINTAH" in p or "Pangkat/NRP" in p)
    for name, nrp in plan.people:
        assert name in lampiran, name
        assert nrp in lampiran, nrp
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    assert "KONSEP" not in text


def test_pdf_fonts_are_embedded_and_paper_sizes(database, plan, gui_app, tmp_path):
    from ui.printing.render import export_pdf
    with database.session() as session:
        content = draft_content(session, plan.event_number)
    sizes = {}
    for paper in ("A4", "F4"):
        out = tmp_path / f"{paper}.pdf"
        export_pdf(html.sprin_document(content), out, paper)
        reader = PdfReader(str(out))
        box = reader.pages[0].mediabox
        sizes[paper] = (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4))
        fonts = reader.pages[0]["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert sizes == {"A4": (210, 297), "F4": (215, 330)}


def test_draft_has_watermark_and_no_number(database, plan, gui_app, tmp_path):
    from ui.printing.render import export_pdf
    with database.session() as session:
        content = draft_content(session, plan.event_number, SprinOptions(issue_date=wib(2026, 9, 1).date()))
    out = tmp_path / "draft.pdf"
    export_pdf(html.sprin_document(content, draft=True), out, "F4")
    text = pdf_text(out)
    assert "KONSEP" in text
    assert re.search(r"Sprin/ +/IX/OPS\.1\./2026", text), text[:300]
    assert "1 September 2026" in text


def test_lampiran_grouped_by_post_senior_first_and_header_on_every_page(database, gui_app, tmp_path):
    from ui.printing.render import export_pdf
    with database.session() as session:
        fixture = make_plan(session, n_people=150, n_posts=4, seed=3)
        seniority = {r.code: r.seniority for r in session.query(Rank)}
        content = draft_content(session, fixture.event_number)
        plan = collect_plan(session, fixture.event_number)
    assert [g.title.split(" (")[0] for g in content.lampiran] == [p.name.upper() for p in plan.posts]
    for group in content.lampiran:
        ranks = [seniority[r.rank] for r in group.rows]
        assert ranks == sorted(ranks, reverse=True)
    assert [r.no for r in content.lampiran_rows] == list(range(1, 151))
    out = tmp_path / "big.pdf"
    export_pdf(html.sprin_document(content), out, "A4")
    pages = pdf_pages_text(out)
    lampiran_pages = [p for p in pages if re.search(r"[A-Z]/\d{8}\b", p)]
    assert len(lampiran_pages) >= 3
    for page in lampiran_pages:
        assert "Pangkat/NRP" in page and "Pos/Tugas" in page     # the header row repeats
    # the group title precedes its people in the printed order
    text = " ".join(pages)
    first = content.lampiran[1]
    assert text.index(first.title.split(" (")[0]) < text.index(first.rows[0].name)


def test_few_people_are_named_under_kepada_without_lampiran(database, gui_app, tmp_path):
    from ui.printing.render import export_pdf
    with database.session() as session:
        fixture = make_plan(session, n_people=2, n_posts=1, seed=11, number="KEG/2026/0002", kind="keagamaan")
        content = draft_content(session, fixture.event_number)
    assert not content.kepada_lampiran and content.lampiran == []
    out = tmp_path / "few.pdf"
    export_pdf(html.sprin_document(content), out, "A4")
    text = pdf_text(out)
    for name, nrp in fixture.people:
        assert name in text and nrp in text
    assert KEPADA_LAMPIRAN not in text and "Pos/Tugas" not in text
    assert "Juklap/02/XII/1995" in text                        # Dasar chosen for this event kind
    assert "Kemerdekaan Menyampaikan Pendapat" not in text


def test_on_behalf_signature(database, plan):
    with database.session() as session:
        content = draft_content(session, plan.event_number, SprinOptions(on_behalf=True))
        settings = app_settings.load(session)
    assert content.signature.title_lines[0] == f"a.n. {settings.signatory_title}"
    assert content.signature.on_behalf


def test_other_printouts(database, plan, gui_app, tmp_path):
    from PySide6.QtGui import QColor, QImage

    from ui.printing.render import export_pdf
    with database.session() as session:
        snapshot = collect_plan(session, plan.event_number)
        settings = app_settings.load(session)
    for name, document in [("roster", html.roster_document(snapshot, settings)),
                           ("apel", html.apel_document(snapshot, settings)),
                           ("contacts", html.contacts_document(snapshot, settings))]:
        out = tmp_path / f"{name}.pdf"
        export_pdf(document, out, "A4")
        text = pdf_text(out)
        assert "KEPOLISIAN NEGARA REPUBLIK INDONESIA" in text
        if name != "contacts":
            for person, nrp in plan.people:
                assert person in text and nrp in text, (name, person)
    assert "Paraf" in pdf_text(tmp_path / "apel.pdf")
    roster_pages = pdf_pages_text(tmp_path / "roster.pdf")
    assert len(roster_pages) == len(snapshot.posts)          # one sheet per post (small posts)
    for page, post in zip(roster_pages, snapshot.posts):
        assert "DAFTAR PERSONEL POS" in page and post.name in page
        assert all(row.nrp in page for row in post.rows)
    contacts = pdf_text(tmp_path / "contacts.pdf")
    for post in snapshot.posts:
        assert post.name in contacts and post.commander.name in contacts
        assert post.commander.task == "Danpos"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    png = tmp_path / "map.png"
    image.save(str(png))
    out = tmp_path / "map.pdf"
    export_pdf(html.map_document(snapshot, settings, png), out, "A4")
    reader = PdfReader(str(out))
    assert len(reader.pages[0].images) == 1
    assert "PETA PENGAMANAN" in pdf_text(out)
    export_pdf(html.map_document(snapshot, settings, None), tmp_path / "map0.pdf", "A4")
    assert "Peta belum tersedia" in pdf_text(tmp_path / "map0.pdf")


def test_content_json_round_trip(database, plan):
    with database.session() as session:
        content = draft_content(session, plan.event_number)
    again = SprinContent.from_json(content.to_json())
    assert again == content


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_print_dialog_saves_pdf(database, plan, gui_app, tmp_path, paper):
    from ui.printing.preview import PrintDialog
    with database.session() as session:
        content = draft_content(session, plan.event_number)
    dialog = PrintDialog(lambda: html.sprin_document(content), default_paper=paper)
    assert dialog.selected_paper == paper
    path = dialog.save_pdf(str(tmp_path / "d"))
    assert path.endswith(".pdf") and "DIPERINTAHKAN" in pdf_text(path)
    dialog.deleteLater()


def test_printer_path_and_preview_paint(database, plan, gui_app, tmp_path):
    """The QPrinter path used by QPrintDialog/QPrintPreviewDialog paints the same pages (here to a PDF file)."""
    from PySide6.QtPrintSupport import QPrinter

    from ui.printing.preview import make_printer
    from ui.printing.render import paint
    with database.session() as session:
        content = draft_content(session, plan.event_number)
    printer = make_printer("F4")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    pages = paint(html.sprin_document(content), printer)
    text = pdf_text(tmp_path / "printer.pdf")
    assert pages >= 2 and "DIPERINTAHKAN" in text and f"Halaman {pages} dari {pages}" in text
    box = PdfReader(str(tmp_path / "printer.pdf")).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (215, 330)


def test_preview_and_pdf_paginate_alike(database, gui_app, tmp_path):
    """The preview/print device and the saved PDF lay out the same pages with the same rows on each."""
    from PySide6.QtGui import QPdfWriter

    from ui.printing.preview import make_printer
    from ui.printing.render import PDF_RESOLUTION, layout_pages, page_layout
    with database.session() as session:
        fixture = make_plan(session, n_people=150, n_posts=4, seed=5, number="KEG/2026/0150")
        content = draft_content(session, fixture.event_number)
    doc = html.sprin_document(content)
    writer = QPdfWriter(str(tmp_path / "w.pdf"))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout("A4", doc.landscape))
    printer = make_printer("A4", doc.landscape)

    def rows_per_page(device):
        pages, _body, _footer = layout_pages(doc, device)
        return [len(p) for p in pages]
    assert rows_per_page(printer) == rows_per_page(writer) and len(rows_per_page(writer)) > 2
