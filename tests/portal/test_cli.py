"""`antasena portal …` end to end: accounts, news, an audited export under counts-only, its verify,
the permit import (a bad row: exit 2, one bilingual line, nothing written)."""
from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import func, select

from antasena_desktop.cli import main
from antasena_desktop.services import auth
from antasena_desktop.services.security import SYSTEM, Role
from db.models import AuditLog, Event, SecurityRequest, StakeholderAccount
from tests.portal.test_services import GOOD, HEADER

DESK_PASSWORD = "Operator-Rahasia-2026"


@pytest.fixture
def cli(world, monkeypatch):
    with world.database.session() as s:
        auth.create_user(s, SYSTEM, "operator", DESK_PASSWORD, Role.OPERATOR_OPS)
        auth.create_user(s, SYSTEM, "kabag", DESK_PASSWORD, Role.PIMPINAN)
    monkeypatch.setenv("ANTASENA_PASSWORD", DESK_PASSWORD)
    monkeypatch.setenv("ANTASENA_PORTAL_PASSWORD", "Eo-Rahasia-2026!")

    def run(*argv):
        return main([*argv[:2], "--db", world.database.url, *argv[2:]] if argv[0] == "portal" and argv[1] not in
                    ("account", "news") else [*argv[:3], "--db", world.database.url, *argv[3:]])
    return run


def test_export_counts_only_and_verify(cli, world, tmp_path, capsys):
    out = tmp_path / "pks-diskominfo.zip"
    assert cli("portal", "export", "--user", "operator", "--to", "Diskominfo Kota Palembang",
               "--profile", "counts-only", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "profil counts-only" in printed and "SHA-256 manifest" in printed
    with zipfile.ZipFile(out) as archive:
        blob = b"".join(archive.read(n) for n in archive.namelist())
    for nrp, name in world.people:
        assert nrp.encode() not in blob and name.encode() not in blob
    assert main(["portal", "verify", str(out)]) == 0
    assert "Paket utuh" in capsys.readouterr().out
    with world.database.session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "pks_export")).one()
    assert row.username == "operator" and row.source == "cli"
    assert json.loads(row.after_json)["recipient"] == "Diskominfo Kota Palembang"
    broken = tmp_path / "rusak.zip"
    broken.write_bytes(out.read_bytes()[:-40])
    assert main(["portal", "verify", str(broken)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_import_permits_and_a_bad_row(cli, world, tmp_path, capsys):
    good, bad = tmp_path / "izin.csv", tmp_path / "izin-salah.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(HEADER + "IZ/7,izin_keramaian,Pawai,sosial_budaya,Dinas,Jl. Merdeka,,2026-08-17 08:00,kemarin,,,\n",
                   encoding="utf-8")
    with world.database.session() as s:
        events = s.scalar(select(func.count()).select_from(Event))
    assert cli("portal", "import-permits", "--user", "operator", str(bad)) == 2
    err = capsys.readouterr().err
    assert "Baris 2, kolom selesai" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    with world.database.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == events
    assert cli("portal", "import-permits", "--user", "operator", str(good)) == 0
    assert "2 kegiatan dan permohonan baru" in capsys.readouterr().out
    with world.database.session() as s:
        assert s.scalar(select(func.count()).select_from(SecurityRequest)) == 2


def test_accounts_and_news_on_the_cli(cli, world, capsys):
    assert cli("portal", "account", "add", "--user", "operator", "eo-konser", "--kind", "organiser",
               "--organiser", "PT Hiburan Palembang") == 2                    # an operator may not
    assert "tidak berwenang" in capsys.readouterr().err
    with world.database.session() as s:
        number = s.scalar(select(Event.number).where(Event.id == world.event_ids["concert"]))
    assert cli("portal", "account", "add", "--user", "kabag", "eo-konser", "--kind", "organiser",
               "--organiser", "PT Hiburan Palembang", "--event", number) == 0
    assert cli("portal", "account", "list", "--user", "kabag") == 0
    assert "eo-konser" in capsys.readouterr().out
    with world.database.session() as s:
        assert s.scalar(select(StakeholderAccount.kind).where(StakeholderAccount.username == "eo-konser")) == "organiser"
    assert cli("portal", "news", "add", "--user", "operator", "--title", "Imbauan Kamtibmas", "--publish-at",
               "2026-13-01 08:00") == 2
    assert cli("portal", "news", "add", "--user", "operator", "--title", "Imbauan Kamtibmas") == 0
