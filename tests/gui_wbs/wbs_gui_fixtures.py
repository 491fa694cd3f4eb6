"""Shared pieces of the WBS desk GUI tests: the team, a report with a planted sentence, the test
environment (a real WBS SQLite file made by the core's services) and a helper for modal dialogs.

A module of its own name (not `conftest`): with several test folders, `from conftest import …`
would find another folder's conftest."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from antasena_desktop.wbs import accounts
from antasena_desktop.wbs.roles import WbsRole

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
