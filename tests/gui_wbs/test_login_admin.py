"""WBS sign-in with WBS accounts only; the administrator's desk manages accounts and shows no content."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QTableView

from wbs_gui_fixtures import PASSWORD
from ui.wbs.login import WbsLoginDialog


def _sign_in(qtbot, database, username, password):
    dialog = WbsLoginDialog(database)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dialog


def test_wrong_password_is_refused_in_words_then_login_unlocks_the_keyring(qtbot, wbs):
    dialog = _sign_in(qtbot, wbs.database, "verifikator1", "salah-sekali-9")
    assert dialog.actor is None and dialog.keyring is None
    assert "salah" in dialog.error.text().lower()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.actor.username == "verifikator1" and dialog.actor.role.value == "verifikator"
    assert dialog.keyring is not None


def test_a_bag_ops_account_cannot_open_the_wbs(qtbot, wbs, database):
    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM, Role
    with database.session() as session:                 # a Bag Ops account in the Bag Ops database
        auth.create_user(session, SYSTEM, "kabag", PASSWORD, Role.PIMPINAN, "Kabag Ops")
    dialog = _sign_in(qtbot, wbs.database, "kabag", PASSWORD)
    assert dialog.actor is None and "salah" in dialog.error.text().lower()


def _texts(window) -> str:
    parts = [label.text() for label in window.findChildren(QLabel)]
    for table in window.findChildren(QTableView):
        model = table.model()
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                parts.append(str(model.index(row, col).data() or ""))
    return "\n".join(parts)


def test_administrator_desk_has_accounts_and_no_case_content(qtbot, wbs):
    submitted = wbs.submit()
    window = wbs.window(qtbot, "admin")
    assert window.keys == ["accounts", "health", "channel"]    # no dashboard, cases, due list, print
    health = window.show_view("health")
    qtbot.waitUntil(lambda: health.health is not None, timeout=10000)
    assert health.values["cases"].text().startswith("1 ") and "utuh" in health.values["audit"].text()
    accounts = window.view("accounts")
    qtbot.waitUntil(lambda: accounts.loaded and accounts.model.rowCount() == 6, timeout=10000)
    for key in window.keys:
        window.show_view(key)
    text = _texts(window)
    assert submitted.reference not in text and "laptop" not in text.lower()

    from ui.wbs.accounts import AccountDialog
    from wbs_gui_fixtures import answer_modal

    def fill(dialog):
        assert isinstance(dialog, AccountDialog)
        dialog.username.setText("irban4")
        dialog.full_name.setText("Siti Aminah, S.H.")
        dialog.role.setCurrentIndex(dialog.role.findData("penelaah"))
        dialog.wilayah.setCurrentIndex(dialog.wilayah.findData("IV"))
        dialog.password.setText(PASSWORD)
        dialog.check()
    window.show_view("accounts")
    answer_modal(qtbot, fill)
    accounts.add_button.click()
    qtbot.waitUntil(lambda: accounts.model.rowCount() == 7, timeout=10000)
    assert "irban4" in accounts.message.text()
    assert any(r.username == "irban4" and r.wilayah == "IV" for r in accounts.model.rows)

    row = next(i for i, r in enumerate(accounts.model.rows) if r.username == "irban4")
    accounts.table.selectRow(accounts.proxy.mapFromSource(accounts.model.index(row, 0)).row())
    accounts.active_button.click()
    qtbot.waitUntil(lambda: any(r.username == "irban4" and not r.active for r in accounts.model.rows), timeout=10000)
    dialog = _sign_in(qtbot, wbs.database, "irban4", PASSWORD)                 # an inactive account cannot sign in
    assert dialog.actor is None
