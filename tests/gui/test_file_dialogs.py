"""Every file dialog of the desk is `ui/files.py`'s: Qt's own dialog with our labels (Indonesian in the Indonesian
UI), starting in Documents/Antasena — the roster import wizard, the scanned letter of a request, the boundary
(GeoJSON) and tile (MBTiles) imports. No raw QFileDialog is left in ui/ (the WBS workspace included)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from antasena_desktop.i18n import set_language
from antasena_desktop.services.security import Actor, Role
from ui.context import AppContext

ADMIN = Actor("admin", Role.ADMIN)
UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.fixture(autouse=True)
def _private_language_listeners(monkeypatch):
    from antasena_desktop import i18n
    monkeypatch.setattr(i18n, "_listeners", list(i18n._listeners))


@pytest.fixture
def opened(monkeypatch, tmp_path):
    """Each dialog that would be shown is recorded (title, folder, labels) and cancelled."""
    monkeypatch.setenv("ANTASENA_DOCUMENTS_DIR", str(tmp_path / "Dokumen" / "Antasena"))
    seen = []

    def exec_(dialog):
        labels = {name: dialog.labelText(getattr(QFileDialog.DialogLabel, name))
                  for name in ("LookIn", "FileName", "FileType", "Accept", "Reject")}
        seen.append({"title": dialog.windowTitle(), "folder": dialog.directory().absolutePath(),
                     "file": Path(dialog.selectedFiles()[0]).name if dialog.selectedFiles() else "",
                     "labels": labels, "filters": dialog.nameFilters(), "native": not dialog.testOption(
                         QFileDialog.Option.DontUseNativeDialog)})
        return QFileDialog.DialogCode.Rejected
    monkeypatch.setattr(QFileDialog, "exec", exec_)
    set_language("id")
    yield seen, tmp_path / "Dokumen" / "Antasena"
    set_language("id")


def _indonesian(entry, folder, title):
    assert entry["title"] == title and not entry["native"]
    assert Path(entry["folder"]) == folder and folder.is_dir()
    assert entry["labels"] == {"LookIn": "Lihat di:", "FileName": "Nama berkas:", "FileType": "Jenis berkas:",
                               "Accept": "Buka", "Reject": "Batal"}


def test_every_open_dialog_is_ours_in_indonesian(qtbot, db, opened):
    seen, folder = opened
    ctx = AppContext(db, ADMIN)
    from ui.dialogs.import_wizard import ImportWizard
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.browse()
    _indonesian(seen[-1], folder, "Berkas daftar personel")
    assert wizard.path.text() == ""                       # cancelled: nothing chosen

    from ui.dialogs.request_editor import RequestEditor
    editor = RequestEditor([], 72)
    qtbot.addWidget(editor)
    editor._browse()
    _indonesian(seen[-1], folder, "Pilih pindaian surat")
    assert seen[-1]["filters"][-1] == "Semua berkas (*)"

    from ui.views.settings_view import SettingsView
    settings = SettingsView(ctx)
    qtbot.addWidget(settings)
    settings.import_boundaries()
    _indonesian(seen[-1], folder, "Berkas batas wilayah (GeoJSON)")
    settings.import_tiles()
    _indonesian(seen[-1], folder, "Berkas ubin peta (MBTiles)")
    assert len(seen) == 4
    ctx.runner.wait_all()


def test_english_ui_gets_english_labels(qtbot, db, opened):
    seen, _folder = opened
    set_language("en")
    from ui.views.settings_view import SettingsView
    settings = SettingsView(AppContext(db, ADMIN))
    qtbot.addWidget(settings)
    settings.import_tiles()
    assert seen[-1]["title"] == "Map tile file (MBTiles)"
    assert seen[-1]["labels"]["Accept"] == "Open" and seen[-1]["labels"]["Reject"] == "Cancel"
    settings.ctx.runner.wait_all()


def test_save_dialogs_take_their_names_from_the_event_number(qtbot, db, opened):
    """Plan printouts and the assignment-log export suggest `…-KEG-2026-00012.pdf/.csv` in Documents/Antasena."""
    from datetime import timedelta

    from antasena_desktop.documents.html import apel_document
    from antasena_desktop.services import events as event_service
    from antasena_desktop.timefmt import WIB, now_utc
    from db.models import Event
    from tests.gui.planning_fixtures import DAY, OPS, build_world, wait_idle
    from ui.views.planning import PlanningView
    from ui.views.sprin import SprinView
    seen, folder = opened
    world = build_world(db)
    with db.session() as s:
        number = s.get(Event, world.events["Konser"]).number
    board = PlanningView(AppContext(db, OPS), with_map=False)
    qtbot.addWidget(board)
    board.day = DAY
    board.show()
    board.refresh()
    wait_idle(qtbot, board)
    assert board.select_item("event", world.events["Konser"])
    log = board.open_log()
    qtbot.waitUntil(lambda: log.loaded, timeout=10000)
    log._ask_export()
    assert seen[-1]["file"] == f"log-penugasan-{number.replace('/', '-')}.csv"
    assert Path(seen[-1]["folder"]) == folder and seen[-1]["labels"]["Accept"] == "Simpan"
    log.close()

    start = (now_utc() + timedelta(days=2)).astimezone(WIB).replace(hour=9, minute=0, second=0, microsecond=0)
    with db.session() as s:                             # an event inside the Sprin list's ±30 days
        soon = event_service.register_event(s, OPS, {"title": "Tabligh Akbar", "kind": "keagamaan", "lat": -2.99,
                                                     "lon": 104.76, "start_at": start,
                                                     "end_at": start + timedelta(hours=3),
                                                     "kerawanan_level": 1}).created("event")[0]
        number = s.get(Event, soon).number
    sprin = SprinView(board.ctx)
    qtbot.addWidget(sprin)
    sprin.show()
    sprin.refresh()
    qtbot.waitUntil(lambda: sprin.events_proxy.rowCount() == 1, timeout=10000)
    sprin.events.setCurrentIndex(sprin.events_proxy.index(0, 0))
    assert sprin.event_id == soon
    sprin.print_plan(apel_document)
    qtbot.waitUntil(lambda: getattr(sprin, "print_dialog", None) is not None, timeout=10000)
    sprin.print_dialog.save_pdf()
    assert seen[-1]["file"] == f"daftar-apel-{number.replace('/', '-')}.pdf" and seen[-1]["title"] == "Simpan PDF"
    sprin.print_dialog.reject()
    board.ctx.runner.wait_all()


def test_no_raw_file_dialog_left_in_the_desk():
    offenders = [str(path.relative_to(UI)) for path in UI.rglob("*.py")
                 if path.name != "files.py"
                 and re.search(r"\bQFileDialog\b", path.read_text(encoding="utf-8"))]
    assert offenders == []
