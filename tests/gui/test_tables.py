"""Tables: default widths, codes elided in the middle, the operator's widths remembered per table; the board's
message line never moves the board."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QTableView

from antasena_desktop.i18n import T
from antasena_desktop.services.security import Actor, Role
from tests.gui.planning_fixtures import DAY, build_world, wait_idle
from ui.context import AppContext
from ui.models.table import Column, RowTableModel
from ui.widgets import setup_table


def _view(qtbot, ini):
    model = RowTableModel([Column(T("Nomor", "Number"), lambda r: r[0], width=140), Column(T("Judul", "Title"), lambda r: r[1])])
    model.set_rows([("KEG/2026/0806", "Aksi Unjuk Rasa"), ("KEG/2026/0807", "Konser")])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    setup_table(view, "uji", {1: 260}, qsettings=ini)
    return view


def test_default_widths_elide_and_remembered_widths(qtbot, tmp_path):
    ini = QSettings(str(tmp_path / "t.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, ini)
    assert view.textElideMode() == Qt.TextElideMode.ElideRight            # titles cut at the end …
    assert view.itemDelegateForColumn(0).__class__.__name__ == "MiddleElideDelegate"   # … codes in the middle
    assert view.horizontalHeader().sectionSize(0) == 140 and view.horizontalHeader().sectionSize(1) == 260
    view.horizontalHeader().resizeSection(0, 222)
    qtbot.waitUntil(lambda: ini.value("tables/uji") is not None, timeout=3000)
    again = _view(qtbot, ini)
    assert again.horizontalHeader().sectionSize(0) == 222


def test_message_line_does_not_move_the_board(qtbot, db):
    from ui.views.planning import PlanningView
    build_world(db)
    view = PlanningView(AppContext(db, Actor("operator", Role.OPERATOR_OPS)), with_map=False)
    qtbot.addWidget(view)
    view.day = DAY
    view.resize(1600, 1000)
    view.show()
    view.refresh()
    wait_idle(qtbot, view)
    before = view.tree.mapTo(view, view.tree.rect().topLeft())
    view.show_banner("Pesan panjang " * 30)
    qtbot.wait(50)
    assert view.tree.mapTo(view, view.tree.rect().topLeft()) == before
    view.hide_banner()
    qtbot.wait(50)
    assert view.tree.mapTo(view, view.tree.rect().topLeft()) == before
