"""Personel view with real widgets: search as you type, create with validation, import wizard, availability."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from antasena_desktop.services.security import Actor, Role
from db.database import open_database
from db.models import Availability, Personnel
from ui.context import AppContext
from ui.views.personnel import PersonnelView
from tests.planning import factory


@pytest.fixture
def view(qtbot, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    db = open_database(database_url)
    with db.session() as s:
        u = factory.unit(s, "SAMAPTA")
        factory.unit(s, "LANTAS")
        for i, name in enumerate(["Andi Saputra", "Budi Santoso", "Citra Lestari"]):
            factory.person(s, u, f"8501000{i}", name, gender="F" if name.startswith("Citra") else "M")
    ctx = AppContext(db, Actor("operator", Role.OPERATOR_OPS))
    widget = PersonnelView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: widget.loaded and widget.model.rowCount() == 3, timeout=10000)
    yield widget
    ctx.runner.wait_all()
    db.close()


def _person_named(view, nrp):
    with view.ctx.database.session() as s:
        return s.scalar(select(Personnel.name).where(Personnel.nrp == nrp))


def test_create_person_refused_then_accepted(qtbot, view):
    view.new_person()                                  # opens the editor without blocking
    dialog = view.editor
    assert dialog.isVisible()
    dialog.nrp.setText("123")                          # too short
    dialog.name.setText("Dedi Kurniawan")
    dialog.accept()
    qtbot.waitUntil(lambda: "NRP" in dialog.error.text(), timeout=10000)
    assert dialog.isVisible() and dialog.name.text() == "Dedi Kurniawan"     # the input is kept
    dialog.nrp.setText("86020011")
    dialog.accept()
    qtbot.waitUntil(lambda: _person_named(view, "86020011") == "Dedi Kurniawan", timeout=10000)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=10000)
    assert view.ctx.undo_stack.undoText() == "Personel baru"


def test_import_wizard_checks_then_applies(qtbot, view, tmp_path):
    from ui.dialogs.import_wizard import ImportWizard
    sheet = tmp_path / "roster.csv"
    sheet.write_text("NRP;NAMA;PKT;JABATAN;SATKER;JK;FUNGSI\n"
                     "8701 0001;Eko Prasetyo, S.H.;Bripka;Banit;Sat SAMAPTA;L;dalmas\n"
                     "8701.0002;Fitri Handayani;BRIPTU.;Banit;Sat SAMAPTA;P;samapta\n", encoding="utf-8")
    wizard = ImportWizard(view.ctx, view)
    qtbot.addWidget(wizard)
    wizard.path.setText(str(sheet))
    wizard.check_button.click()
    qtbot.waitUntil(lambda: wizard.apply_button.isEnabled(), timeout=10000)
    assert wizard.changes.rowCount() == 2 and wizard.errors.rowCount() == 0
    wizard.apply_button.click()
    qtbot.waitUntil(lambda: "disimpan" in wizard.summary.text(), timeout=10000)
    with view.ctx.database.session() as s:
        assert s.scalar(select(func.count()).select_from(Personnel)) == 5
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=10000)


def test_unit_availability_in_one_go(qtbot, view):
    view.add_unit_period()
    dialog = view.editor
    dialog.unit.setCurrentIndex(dialog.unit.findText("Sat SAMAPTA"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("dik"))
    dialog.note.setText("Latihan dalmas")
    dialog.accept()

    def rows():
        with view.ctx.database.session() as s:
            return s.scalars(select(Availability)).all()
    qtbot.waitUntil(lambda: len(rows()) == 3, timeout=10000)
    assert {r.kind for r in rows()} == {"dik"}
