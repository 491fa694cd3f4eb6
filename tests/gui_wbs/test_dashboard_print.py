"""Dasbor counters and charts from the core (counts only), and Cetak through the shared printing to a
real PDF (Telaahan, yearly report); a document that cannot be built yet is refused in words."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries

from wbs_gui_fixtures import FORM, PLANTED


def _bars(chart_view) -> dict[str, float]:
    chart = chart_view.chart()
    series = next(s for s in chart.series() if isinstance(s, (QBarSeries, QHorizontalBarSeries)))
    axis = next(a for a in chart.axes() if hasattr(a, "categories"))
    values = series.barSets()[0]
    return {label: values.at(i) for i, label in enumerate(axis.categories())}


def test_dashboard_shows_the_counters_and_charts_without_content(qtbot, wbs):
    from antasena_desktop.wbs import cases
    first = wbs.submit()
    wbs.submit(dict(FORM, category="gratifikasi"))
    actor, keyring = wbs.login("verifikator1")
    with wbs.database.session() as session:
        cases.move_case(session, actor, keyring, first.case_id, "verifikasi", "")
    window = wbs.window(qtbot, "pembina")                      # the Pembina sees the dashboard only
    assert window.keys == ["dashboard", "channel"]
    view = window.show_view("dashboard")
    qtbot.waitUntil(lambda: view.data is not None, timeout=15000)
    assert view.cards["received"].text() == "2" and view.cards["completed"].text() == "0"
    assert "1 sudah ditangani" in view.card_titles["received"].text()
    categories = _bars(view.category_chart)
    assert categories["Pengadaan barang/jasa"] == 1 and categories["Gratifikasi / suap"] == 1
    stages = _bars(view.stage_chart)
    assert stages["Diterima"] == 1 and stages["Verifikasi"] == 1 and stages["Selesai"] == 0
    text = " ".join(label.text() for label in view.findChildren(type(view.heading)))
    assert PLANTED not in text and first.reference not in text


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_print_view_builds_the_documents_through_the_shared_printing(qtbot, wbs):
    from antasena_desktop.wbs import cases
    submitted = wbs.submit()
    window = wbs.window(qtbot, "irban2")
    printing = window.show_view("print")
    qtbot.waitUntil(lambda: printing.loaded, timeout=15000)
    assert printing.case.count() == 0                           # not yet assigned to this Irban
    window.close()
    veri, vkey = wbs.login("verifikator1")
    with wbs.database.session() as session:
        cases.move_case(session, veri, vkey, submitted.case_id, "verifikasi", "")
        cases.move_case(session, veri, vkey, submitted.case_id, "penelaahan", "",
                        checklist={"lingkup": True, "6w1h": True, "bukti": True, "bukan_pelaku": True})

    window = wbs.window(qtbot, "irban2")
    printing = window.show_view("print")
    qtbot.waitUntil(lambda: printing.loaded and printing.case.count() == 1, timeout=15000)
    printing.kind.setCurrentIndex(printing.kind.findData("telaahan"))
    printing.open_print_dialog(show=False)                      # no memo yet: refused in words
    qtbot.waitUntil(lambda: printing.message.is_error, timeout=15000)
    assert "belum memiliki telaahan" in printing.message.text()
    irban, ikey = wbs.login("irban2")
    with wbs.database.session() as session:
        cases.add_note(session, irban, ikey, submitted.case_id, "Telaahan: indikasi kemahalan harga 40%.", "telaahan")
    printing.message.clear_message()
    printing.open_print_dialog(show=False)
    qtbot.waitUntil(lambda: getattr(printing, "print_dialog", None) is not None, timeout=15000)
    pdf = wbs.tmp / "telaahan.pdf"
    assert printing.print_dialog.save_pdf(str(pdf)) == str(pdf)
    text = _pdf_text(pdf)
    assert "TELAAHAN" in text and submitted.reference in text and "kemahalan harga" in text
    window.close()

    window = wbs.window(qtbot, "inspektur")
    printing = window.show_view("print")
    qtbot.waitUntil(lambda: printing.loaded, timeout=15000)
    printing.kind.setCurrentIndex(printing.kind.findData("yearly"))
    assert not printing.case.isEnabled() and printing.year.isEnabled()
    printing.year.setValue(int(submitted.reference.split("/")[1]))
    printing.print_dialog = None
    printing.open_print_dialog(show=False)
    qtbot.waitUntil(lambda: printing.print_dialog is not None, timeout=15000)
    yearly = wbs.tmp / "tahunan.pdf"
    printing.print_dialog.save_pdf(str(yearly))
    text = _pdf_text(yearly)
    assert "LAPORAN TAHUNAN" in text and PLANTED not in text
    printing.kind.setCurrentIndex(printing.kind.findData("letter"))    # an anonymous reporter gets no letter
    assert printing.case.isEnabled() and printing.letter.isEnabled()
    printing.case.setCurrentIndex(printing.case.findData(submitted.case_id))
    printing.open_print_dialog(show=False)
    qtbot.waitUntil(lambda: printing.message.is_error, timeout=15000)
    assert "Pelapor anonim" in printing.message.text()
    with wbs.database.session() as session:
        actor, _k = wbs.login("inspektur")
        actions = [r.action for r in cases.access_history(session, actor, submitted.case_id)]
    assert "cetak" in actions                                   # the Telaahan printout is audited
