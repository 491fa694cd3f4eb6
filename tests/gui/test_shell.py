"""The shell with real widgets: log in, visit every view, switch language, idle lock."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from antasena_desktop.i18n import set_language
from antasena_desktop.services import auth
from antasena_desktop.services.security import SYSTEM, Role
from db.database import open_database
from ui.context import AppContext
from ui.dialogs.login import LoginDialog
from ui.main_window import VIEWS, MainWindow

PASSWORD = "Rahasia-123"


@pytest.fixture
def database(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    db = open_database(database_url)
    with db.session() as s:
        auth.create_user(s, SYSTEM, "admin", PASSWORD, Role.ADMIN, "Admin")
    yield db
    db.close()


def _login(qtbot, database, password):
    dialog = LoginDialog(database)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dialog


def _window(qtbot, database, actor, tmp_path):
    window = MainWindow(AppContext(database, actor), tmp_path / "preferences.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.settings_loaded, timeout=10000)   # shared settings arrive by a ReadOp
    return window


def test_wrong_password_shows_message_then_login_works(qtbot, database):
    dialog = _login(qtbot, database, "salah-sekali-1")
    assert dialog.actor is None
    assert "salah" in dialog.error.text().lower()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and dialog.actor.username == "admin"


def test_visit_every_view_and_switch_language(qtbot, database, tmp_path):
    dialog = _login(qtbot, database, PASSWORD)
    window = _window(qtbot, database, dialog.actor, tmp_path)
    for row, (key, _m, _c) in enumerate(VIEWS):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        view = window.views[key]
        assert window.stack.currentWidget() is view
        qtbot.waitUntil(lambda: view.loaded, timeout=30000)
        assert view.load_failed is None, f"{key} failed to load: {view.load_failed!r}"
    assert window.nav.item(0).text() == "Dasbor"
    set_language("en")
    try:
        assert window.nav.item(0).text() == "Dashboard"
        assert "Database" in window.db_label.text()
    finally:
        set_language("id")
    assert window.nav.item(1).text() == "Kegiatan"


def test_window_remembers_last_view(qtbot, database, tmp_path):
    dialog = _login(qtbot, database, PASSWORD)
    window = _window(qtbot, database, dialog.actor, tmp_path)
    window.nav.setCurrentRow(1)
    window.close()
    again = _window(qtbot, database, dialog.actor, tmp_path)
    assert again.nav.currentRow() == 1


def test_idle_lock_asks_for_the_password(qtbot, database, tmp_path):
    dialog = _login(qtbot, database, PASSWORD)
    window = _window(qtbot, database, dialog.actor, tmp_path)
    seen = {}

    def answer():
        lock = window.lock_dialog
        seen["user"] = lock.username.text()
        seen["central_hidden"] = not window.centralWidget().isVisible()
        window.idle_timer.setInterval(60 * 60 * 1000)     # no second lock right after this one
        lock.password.setText(PASSWORD)
        lock.try_login()

    QTimer.singleShot(200, answer)
    window.idle_timer.setInterval(50)
    window.idle_timer.start()
    qtbot.waitUntil(lambda: "user" in seen, timeout=5000)
    qtbot.waitUntil(lambda: not window.locked, timeout=5000)
    assert seen == {"user": "admin", "central_hidden": True}
    assert window.centralWidget().isVisible()


def test_input_in_the_window_restarts_the_idle_timer(qtbot, database, tmp_path):
    from PySide6.QtTest import QTest
    dialog = _login(qtbot, database, PASSWORD)
    window = _window(qtbot, database, dialog.actor, tmp_path)
    window.idle_timer.setInterval(3000)
    window.idle_timer.start()
    qtbot.wait(1500)
    assert window.idle_timer.remainingTime() < 2000
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    assert window.idle_timer.remainingTime() > 2500
    window.idle_timer.setInterval(60 * 60 * 1000)
    window.idle_timer.start()


def test_first_run_creates_the_admin_chosen_by_the_operator(qtbot, make_database_url, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication
    from ui.app import Startup

    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANTASENA_CONFIG_DIR", str(tmp_path / "config"))
    url = make_database_url()

    def fill():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not hasattr(dialog, "confirm"):
            QTimer.singleShot(50, fill)
            return
        dialog.username.setText("kabag")
        dialog.password.setText("Pertama-123")
        dialog.confirm.setText("Pertama-123")
        dialog.demo.setChecked(False)
        dialog.check()
    QTimer.singleShot(50, fill)
    startup = Startup(url, "id")
    assert startup.begin()
    # the admin is created on the writer thread; then the login opens with the chosen name
    qtbot.waitUntil(lambda: getattr(startup, "login_dialog", None) is not None, timeout=30000)
    assert startup.login_dialog.username.text() == "kabag"
    with startup.database.session() as s:
        actor = auth.authenticate(s, "kabag", "Pertama-123")
    assert actor.role is Role.ADMIN
    startup.login_dialog.close()
    again = Startup(url, "id")
    assert again.begin()                          # only once: straight to the login
    assert not hasattr(again, "progress") and again.login_dialog.username.text() == ""
    again.login_dialog.close()
    startup.database.close()
    again.database.close()


def test_desk_preferences_remember_language_and_view(qtbot, database, tmp_path):
    from antasena_desktop import preferences
    dialog = _login(qtbot, database, PASSWORD)
    window = _window(qtbot, database, dialog.actor, tmp_path)
    window.show_view("personnel") if "personnel" in window.views else window.nav.setCurrentRow(2)
    try:
        window.language_actions["en"].trigger()
        assert window.nav.item(0).text() == "Dashboard"
    finally:
        set_language("id")
    window.close()
    prefs = preferences.load(tmp_path / "preferences.json")
    assert prefs.language == "en" and prefs.last_view == "personnel" and prefs.window_geometry
    again = _window(qtbot, database, dialog.actor, tmp_path)
    assert again.nav.currentRow() == 2                          # back on the personnel view
