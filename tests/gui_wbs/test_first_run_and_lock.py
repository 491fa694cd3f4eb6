"""A new WBS store from the desk (escrow sheet written once, 0600), and the lock that drops the keys."""
from __future__ import annotations

from antasena_desktop.i18n import UserError

from wbs_gui_fixtures import PASSWORD, answer_modal


def test_first_run_creates_the_store_and_the_recovery_sheet(tmp_path, monkeypatch):
    from ui.wbs import core
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    database = core.open_database(f"sqlite:///{tmp_path}/baru.db")
    try:
        with database.session() as session:
            assert not core.is_initialised(session)
            path, text = core.initialise(session, database, PASSWORD)
        assert path == str(tmp_path / "wbs-lembar-pemulihan.txt")
        assert oct((tmp_path / "wbs-lembar-pemulihan.txt").stat().st_mode & 0o777) == "0o600"
        assert "LEMBAR PEMULIHAN" in text
        with database.session() as session:
            assert core.is_initialised(session)
            actor, keyring = core.login(session, "admin", PASSWORD)
        assert actor.role.value == "admin" and keyring is not None
        with database.session() as session:
            try:
                core.initialise(session, database, PASSWORD)     # the sheet is never overwritten
            except UserError as exc:
                assert "sudah ada" in str(exc)
            else:
                raise AssertionError("a second init overwrote the recovery sheet")
    finally:
        database.close()


def test_lock_clears_the_case_and_drops_the_keys(qtbot, wbs):
    submitted = wbs.submit()
    window = wbs.window(qtbot, "verifikator1")
    cases = window.show_view("cases")
    qtbot.waitUntil(lambda: cases.loaded and cases.model.rowCount() == 1, timeout=15000)
    cases.select_case(submitted.case_id)
    qtbot.waitUntil(lambda: cases.detail.case is not None, timeout=15000)
    old_keyring = window.ctx.keyring
    seen = {}

    def unlock(dialog):
        seen["hidden"] = not window.centralWidget().isVisible()
        seen["case"] = cases.detail.case
        seen["keyring"] = window.ctx.keyring
        seen["report"] = cases.detail.report.toPlainText()
        dialog.password.setText(PASSWORD)
        dialog.try_login()
    answer_modal(qtbot, unlock)
    assert window.lock() is True
    assert seen == {"hidden": True, "case": None, "keyring": None, "report": ""}
    assert window.ctx.keyring is not None and window.ctx.keyring is not old_keyring
    assert window.centralWidget().isVisible()


def test_password_change_rewraps_the_key(qtbot, wbs):
    window = wbs.window(qtbot, "irban2")

    def fill(dialog):
        dialog.old.setText(PASSWORD)
        dialog.new.setText("Sandi-Baru-2026")
        dialog.confirm.setText("Sandi-Baru-2026")
        dialog.check()
    answer_modal(qtbot, fill)
    window.password_action.trigger()
    qtbot.waitUntil(lambda: "diganti" in window.statusBar().currentMessage(), timeout=15000)
    actor, keyring = wbs.login("irban2", "Sandi-Baru-2026")
    assert keyring.public_key == window.ctx.keyring.public_key        # the same key pair, re-wrapped
    try:
        wbs.login("irban2", PASSWORD)
    except UserError:
        pass
    else:
        raise AssertionError("the old password still opens the key")


def test_wbs_selftest_opens_every_view_for_the_roles(capsys):
    from ui.wbs.selftest import run_wbs_selftest
    assert run_wbs_selftest() == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("OK", "GAGAL"))]
    assert lines and all(line.startswith("OK") for line in lines)
    assert any("inspektur" in line and " cases " in line for line in lines)
    assert any("admin" in line and " accounts " in line for line in lines)
