"""Pengaturan: the wheel never edits an unfocused field; unsaved edits are caught on leaving; Save/Revert."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton

from antasena_desktop.services import auth, settings as settings_service
from antasena_desktop.services.security import SYSTEM, Role
from ui.context import AppContext
from ui.main_window import VIEWS, MainWindow


@pytest.fixture
def window(qtbot, database, tmp_path):
    with database.session() as s:
        actor = auth.create_user(s, SYSTEM, "admin", "Rahasia-123", Role.ADMIN, "Admin")
    from antasena_desktop.services.security import Actor
    win = MainWindow(AppContext(database, Actor("admin", Role.ADMIN)), tmp_path / "preferences.json")
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    return win


def _settings_view(qtbot, window):
    view = window.show_view("settings")
    qtbot.waitUntil(lambda: view.loaded and view.current is not None, timeout=10000)
    return view


def _wheel(widget, steps=-3):
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    for _ in range(abs(steps)):
        event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 if steps > 0 else -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(widget, event)


def _answer(qtbot, key):
    """Click the button `key` of the question box once it is shown."""
    def click():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, click)
            return
        box.findChild(QPushButton, f"question_{key}").click()
    QTimer.singleShot(0, click)


def test_wheel_over_unfocused_spinbox_changes_nothing(qtbot, window):
    view = _settings_view(qtbot, window)
    view.tabs.setCurrentWidget(view.tab_pages["rules"])
    before = view.cap.value()
    window.nav.setFocus()
    assert not view.cap.hasFocus()
    _wheel(view.cap, -3)
    assert view.cap.value() == before
    assert view.cap.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert not view.is_dirty() and not view.save_button.isEnabled()
    view.cap.setFocus()                        # a focused field does take the wheel
    qtbot.waitUntil(view.cap.hasFocus, timeout=2000)
    _wheel(view.cap, -3)
    assert view.cap.value() < before
    assert view.is_dirty() and view.save_button.isEnabled() and view.revert_button.isEnabled()
    view.revert_button.click()
    assert view.cap.value() == before and not view.is_dirty()


def test_leaving_with_unsaved_changes_asks(qtbot, window, database):
    view = _settings_view(qtbot, window)
    keys = [k for k, _m, _c in VIEWS]
    view.rest.setValue(view.rest.value() + 15)
    assert view.save_button.isVisible()        # outside the tabs: always visible
    _answer(qtbot, "stay")
    window.nav.setCurrentRow(keys.index("dashboard"))
    assert window.stack.currentWidget() is view and window.nav.currentRow() == keys.index("settings")
    _answer(qtbot, "save")
    wanted = view.rest.value()
    window.nav.setCurrentRow(keys.index("dashboard"))
    assert window.stack.currentWidget() is window.views["dashboard"]
    qtbot.waitUntil(lambda: not view.is_dirty(), timeout=10000)
    with database.session() as s:
        assert settings_service.load(s).rest_minutes == wanted
    window.nav.setCurrentRow(keys.index("settings"))
    view.rest.setValue(view.rest.value() + 30)
    _answer(qtbot, "discard")
    window.nav.setCurrentRow(keys.index("dashboard"))
    assert view.rest.value() == wanted and window.stack.currentWidget() is window.views["dashboard"]



def test_manual_lock_says_so(qtbot, database):
    from ui.dialogs.login import LoginDialog
    locked = LoginDialog(database, locked_user="admin", locked_manually=True)
    qtbot.addWidget(locked)
    assert "tidak ada aktivitas" not in locked.heading.text() and "dikunci" in locked.heading.text()
    idle = LoginDialog(database, locked_user="admin")
    qtbot.addWidget(idle)
    assert "tidak ada aktivitas" in idle.heading.text()
