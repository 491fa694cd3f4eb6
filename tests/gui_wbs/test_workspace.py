"""One install runs either desk: the first run asks and remembers, `--workspace` overrides."""
from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer

from antasena_desktop.cli import build_parser
from ui.wbs.workspace import WorkspaceDialog, choose_workspace, stored_workspace


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "install.ini"), QSettings.Format.IniFormat)


def test_first_run_asks_once_and_remembers(qtbot, tmp_path):
    settings = _settings(tmp_path)
    assert stored_workspace(settings) is None

    def answer():
        dialog = next(w for w in __import__("PySide6.QtWidgets").QtWidgets.QApplication.topLevelWidgets()
                      if isinstance(w, WorkspaceDialog) and w.isVisible())
        dialog.wbs.setChecked(True)
        dialog.accept()
    QTimer.singleShot(0, answer)
    assert choose_workspace(None, settings) == "wbs"
    assert stored_workspace(settings) == "wbs"
    assert choose_workspace(None, settings) == "wbs"            # no dialog the second time
    assert choose_workspace("bagops", settings) == "bagops"     # the flag wins for this start
    assert stored_workspace(settings) == "wbs"                  # and does not rewrite the install's choice


def test_cancelled_first_run_starts_nothing(qtbot, tmp_path):
    settings = _settings(tmp_path)

    def cancel():
        dialog = next(w for w in __import__("PySide6.QtWidgets").QtWidgets.QApplication.topLevelWidgets()
                      if isinstance(w, WorkspaceDialog) and w.isVisible())
        dialog.reject()
    QTimer.singleShot(0, cancel)
    assert choose_workspace(None, settings) is None
    assert stored_workspace(settings) is None


def test_gui_command_takes_the_workspace_flag():
    parser = build_parser(extra_modules=["ui.commands"])
    args = parser.parse_args(["gui", "--workspace", "wbs", "--db", "sqlite:///x.db"])
    assert args.workspace == "wbs" and args.db == "sqlite:///x.db"
    assert parser.parse_args(["selftest", "--workspace", "wbs"]).workspace == "wbs"
