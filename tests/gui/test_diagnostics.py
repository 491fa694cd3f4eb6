"""Diagnostics: the private rotating log file, failures of background work logged with their traceback,
the excepthook's dialog naming the log, a failed scheduled backup shown, the map's console in the log."""
from __future__ import annotations

import logging
import stat

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from antasena_desktop import logs
from antasena_desktop.services.security import Actor, Role
from ui.context import AppContext

ADMIN = Actor("admin", Role.ADMIN)


@pytest.fixture
def log_file(tmp_path):
    path = logs.configure_logging(tmp_path / "data", "test")
    yield path
    root = logging.getLogger()
    root.removeHandler(logs._handler)
    logs._handler.close()
    logs._handler = None


def _flush() -> None:
    logs._handler.flush()


def test_log_file_is_private_and_rotating(log_file):
    logging.getLogger("antasena.test").warning("peringatan uji")
    _flush()
    assert "peringatan uji" in log_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    assert logs._handler.maxBytes == logs.MAX_BYTES and logs._handler.backupCount == logs.BACKUPS
    assert logs.configure_logging(log_file.parent.parent, "test") == log_file     # idempotent


def test_a_failing_op_is_logged_with_its_traceback(qtbot, database, log_file):
    from ui.ops import ReadOp
    ctx = AppContext(database, ADMIN)
    messages = []
    ctx.statusMessage.connect(messages.append)

    def broken(_session):
        raise ZeroDivisionError("pembagian nol")
    ReadOp(ctx, broken).run()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    _flush()
    text = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in text and "Traceback" in text and "in broken" in text
    assert "pembagian nol" in messages[0]


def test_excepthook_logs_and_names_the_log_in_a_dialog(qtbot, log_file):
    from ui import diagnostics
    try:
        raise KeyError("tak terduga")
    except KeyError as exc:
        diagnostics.excepthook(type(exc), exc, exc.__traceback__)
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "crash_dialog" and w.isVisible()]
    assert boxes and str(log_file) in boxes[0].text()
    boxes[0].close()
    qtbot.waitUntil(lambda: not diagnostics._showing, timeout=5000)
    _flush()
    assert "unhandled exception" in log_file.read_text(encoding="utf-8")


def test_failed_scheduled_backup_is_visible(qtbot, database, tmp_path, log_file, monkeypatch):
    from antasena_desktop.services import system as system_service
    from ui.main_window import MainWindow

    def fail(*_args, **_kwargs):
        raise OSError("disk penuh")
    monkeypatch.setattr(system_service, "backup_now", fail)
    window = MainWindow(AppContext(database, ADMIN), tmp_path / "preferences.json")
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: None))
    window.show()
    qtbot.waitUntil(lambda: window.settings_loaded, timeout=10000)
    window.scheduled_backup()
    qtbot.waitUntil(lambda: getattr(window, "last_backup_error", None) is not None, timeout=10000)
    assert "Cadangan terjadwal gagal" in window.statusBar().currentMessage()
    assert "disk penuh" in window.statusBar().currentMessage()
    _flush()
    assert "disk penuh" in log_file.read_text(encoding="utf-8")
