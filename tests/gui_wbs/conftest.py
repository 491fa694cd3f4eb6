"""WBS desk fixtures: a real, initialised WBS SQLite file with one account per role, made by the core's
services (setup, accounts, intake), and helpers to drive modal dialogs from a test."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from antasena_desktop.wbs import accounts, setup
from antasena_desktop.wbs.roles import SYSTEM, WbsRole

PASSWORD = "Rahasia-123"
TEAM = {                                   # username → (role, wilayah, full name)
    "verifikator1": (WbsRole.VERIFIKATOR, None, "Rina Marlina, S.E."),
    "inspektur": (WbsRole.INSPEKTUR, None, "Dr. Jamilah Hartono, S.H., M.H."),
    "irban2": (WbsRole.PENELAAH, "II", "Ahmad Fauzi, S.E., M.Si."),
    "irban3": (WbsRole.PENELAAH, "III", "Yuliana Putri, S.T."),
    "pembina": (WbsRole.PEMBINA, None, "H. Ratu Dewa"),
}
PLANTED = "Kuitansi fiktif dicetak di ruang bendahara setiap Jumat sore"
FORM = {
    "category": "pengadaan",
    "what": f"Harga pengadaan laptop sekolah dinaikkan dari harga pasar. {PLANTED}.",
    "who": "Pejabat Pembuat Komitmen dan rekanan CV Maju Jaya.",
    "where": "Kantor Dinas Pendidikan Kota Palembang, Jalan Dr. Wahidin.",
    "when": "Maret sampai April 2026.",
    "how": "Harga satuan dalam kontrak 40% di atas harga e-katalog.",
    "how_much": "Sekitar Rp 300.000.000",
    "reported_party": {"name": "Drs. Hendra Saputra", "position": "PPK", "agency": "Dinas Pendidikan"},
    "anonymous": True,
    "not_involved": True,
}


@dataclass
class WbsEnv:
    url: str
    path: Path
    database: object
    tmp: Path

    def login(self, username: str, password: str = PASSWORD):
        with self.database.session() as session:
            return accounts.login(session, username, password, source="gui")

    def submit(self, form: dict | None = None, attachments=()):
        from antasena_desktop.wbs import intake
        with self.database.session() as session:
            return intake.submit_report(session, dict(form or FORM), list(attachments))

    def track(self, receipt: str):
        from antasena_desktop.wbs import intake
        with self.database.session() as session:
            return intake.track(session, receipt)

    def window(self, qtbot, username: str):
        """A WBS main window for `username`, logged in through the service (as the login dialog does)."""
        from ui.wbs.context import WbsContext
        from ui.wbs.main_window import WbsMainWindow
        actor, keyring = self.login(username)
        window = WbsMainWindow(WbsContext(self.database, actor, keyring),
                               QSettings(str(self.tmp / f"ui-{username}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.resize(1600, 1000)
        window.show()
        return window


@pytest.fixture
def wbs(tmp_path, monkeypatch):
    from db.wbs.database import open_wbs_database

    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "wbs.db"
    url = f"sqlite:///{path}"
    database = open_wbs_database(url)
    with database.session() as session:
        setup.initialise(session, PASSWORD, tmp_path / "sheet.txt", database.describe())
        for username, (role, wilayah, name) in TEAM.items():
            accounts.create_account(session, SYSTEM, username, PASSWORD, role, full_name=name, wilayah=wilayah)
    env = WbsEnv(url, path, database, tmp_path)
    yield env
    database.close()


def answer_modal(qtbot, answer, timeout: int = 10000) -> None:
    """Run `answer(dialog)` on the next modal dialog that opens (exec() blocks the test meanwhile)."""
    state = {"done": False}

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        state["done"] = True
        answer(dialog)
    QTimer.singleShot(0, poll)
    return state
