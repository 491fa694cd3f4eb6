"""Every file dialog of the desk is `ui/files.py`'s: Qt's own dialog with our labels (Indonesian in the Indonesian
UI), starting in Documents/Antasena — the roster import wizard, the scanned letter of a request, the boundary
(GeoJSON) and tile (MBTiles) imports. No raw QFileDialog is left in ui/ (outside the WBS workspace)."""
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


def test_no_raw_file_dialog_left_in_the_desk():
    offenders = [str(path.relative_to(UI)) for path in UI.rglob("*.py")
                 if path.name != "files.py" and "wbs" not in path.relative_to(UI).parts
                 and re.search(r"\bQFileDialog\b", path.read_text(encoding="utf-8"))]
    assert offenders == []
