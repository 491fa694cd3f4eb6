"""`antasena sprin` and `antasena print …` through the argparse registration."""
from __future__ import annotations

import argparse

import pytest

from antasena_desktop.cli_support import common_parser
from ui import commands as cli
from antasena_desktop.i18n import UserError
from antasena_desktop.services import auth
from antasena_desktop.services.security import SYSTEM, Role
from sprin_fixtures import pdf_text


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="antasena")
    sub = parser.add_subparsers(dest="command")
    cli.register(sub, common_parser())
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def users(database, monkeypatch):
    with database.session() as session:
        auth.create_user(session, SYSTEM, "kabag", "Rahasia-123", Role.PIMPINAN)
        auth.create_user(session, SYSTEM, "admin", "Rahasia-123", Role.ADMIN)
        auth.create_user(session, SYSTEM, "ops", "Rahasia-123", Role.OPERATOR_OPS)
    monkeypatch.setenv("ANTASENA_PASSWORD", "Rahasia-123")


def test_sprin_draft_needs_a_login_and_has_no_number(database, plan, users, gui_app, tmp_path):
    out = tmp_path / "draft.pdf"
    with pytest.raises(UserError, match="--user"):      # the draft lists personnel: a login
        run(["sprin", "--db", database.url, "--event", plan.event_number, "-o", str(out), "--draft"])
    assert run(["sprin", "--db", database.url, "--event", plan.event_number, "-o", str(out), "--draft",
                "--paper", "f4", "--user", "ops"]) == 0
    text = pdf_text(out)
    assert "KONSEP" in text and "DIPERINTAHKAN" in text
    from db.models import DocumentNumber, Sprin
    with database.session() as session:
        assert session.query(Sprin).count() == 0 and session.query(DocumentNumber).count() == 0


def test_sprin_issue_by_role(database, plan, users, gui_app, tmp_path):
    out = tmp_path / "sprin.pdf"
    with pytest.raises(UserError):        # an operator cannot approve the generated draft
        run(["sprin", "--db", database.url, "--user", "ops", "--event", plan.event_number, "-o", str(out)])
    assert run(["sprin", "--db", database.url, "--user", "kabag", "--event", plan.event_id, "-o", str(out)]) == 0
    text = pdf_text(out)
    assert "KONSEP" not in text
    import re
    assert re.search(r"Sprin/1/[IVX]+/OPS\.1\./\d{4}", text)
    with pytest.raises(UserError):        # already issued: must say --reprint or --perubahan
        run(["sprin", "--db", database.url, "--user", "kabag", "--event", plan.event_number, "-o", str(out)])
    again = tmp_path / "again.pdf"
    assert run(["sprin", "--db", database.url, "--user", "ops", "--event", plan.event_number, "-o", str(again),
                "--reprint"]) == 0
    assert re.search(r"Sprin/1/", pdf_text(again))
    amended = tmp_path / "perubahan.pdf"
    assert run(["sprin", "--db", database.url, "--user", "admin", "--event", plan.event_number, "-o",
                str(amended), "--perubahan", "tambah pos"]) == 0
    text = pdf_text(amended)
    assert re.search(r"Nomor : Sprin/2/", text) and "Perubahan atas Sprin Nomor : Sprin/1/" in text


@pytest.mark.parametrize("what,expect", [("roster", "DAFTAR PERSONEL POS"), ("apel", "DAFTAR HADIR APEL"),
                                         ("contacts", "DAFTAR KONTAK KOMANDAN POS"), ("map", "PETA PENGAMANAN")])
def test_print_commands(database, plan, users, gui_app, tmp_path, what, expect):
    out = tmp_path / f"{what}.pdf"
    with pytest.raises(UserError, match="--user"):      # printouts list personnel: a login
        run(["print", what, "--db", database.url, "--event", plan.event_number, "-o", str(out)])
    out.write_bytes(b"%PDF old good copy")
    assert run(["print", what, "--db", database.url, "--event", plan.event_number, "-o", str(out),
                "--user", "ops"]) == 0
    assert expect in pdf_text(out) and out.stat().st_mode & 0o777 == 0o600
