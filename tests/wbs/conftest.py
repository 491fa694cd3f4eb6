"""WBS fixtures: a real, initialised WBS SQLite file with one account per role."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from antasena_desktop.wbs import accounts, setup
from antasena_desktop.wbs.roles import SYSTEM, WbsRole

PASSWORD = "Rahasia-123"
# username → (role, wilayah)
TEAM = {
    "verifikator1": (WbsRole.VERIFIKATOR, None),
    "inspektur": (WbsRole.INSPEKTUR, None),
    "irban2": (WbsRole.PENELAAH, "II"),
    "irban3": (WbsRole.PENELAAH, "III"),
    "pj": (WbsRole.PENANGGUNG_JAWAB, None),
    "pembina": (WbsRole.PEMBINA, None),
}

FORM = {
    "category": "pengadaan",
    "what": "Harga pengadaan laptop sekolah dinaikkan dari harga pasar.",
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
    recovery_key: str
    sheet: Path
    sessions: dict = field(default_factory=dict)

    def login(self, username: str, password: str = PASSWORD):
        with self.database.session() as session:
            return accounts.login(session, username, password, source="gui")


@pytest.fixture
def wbs(tmp_path, monkeypatch):
    from db.wbs.database import open_wbs_database

    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "wbs.db"
    url = f"sqlite:///{path}"
    database = open_wbs_database(url)
    with database.session() as session:
        done = setup.initialise(session, PASSWORD, tmp_path / "sheet.txt", database.describe())
        for username, (role, wilayah) in TEAM.items():
            accounts.create_account(session, SYSTEM, username, PASSWORD, role, wilayah=wilayah)
    env = WbsEnv(url, path, database, done.recovery_key, done.sheet_path)
    yield env
    database.close()
