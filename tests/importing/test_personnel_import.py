"""Personnel import: a real-looking roster, bad rows, duplicates, update mode, dry run, permissions."""
from __future__ import annotations

import json

import pytest
from importing_helpers import BAD_ROWS, GOOD_ROWS, HEADER, data_row_number, write_roster
from sqlalchemy import select

from antasena_desktop.commands.importing import run_personnel_import
from antasena_desktop.importing.personnel_import import apply_import, plan_import
from antasena_desktop.services.security import Actor, PermissionDenied, Role
from db.models import AuditLog, Personnel


def _import(world, actor, path, **kw):
    with world.db.session() as s:
        plan = plan_import(s, actor, path, **kw)
        return apply_import(plan).report


def test_roster_reports_exactly_its_bad_rows_and_applies_nothing(world, ops, tmp_path):
    rows = GOOD_ROWS + [r for r, _col in BAD_ROWS]
    path = write_roster(tmp_path / "roster.xlsx", rows)
    before = world.counts()
    report = _import(world, ops, path)
    assert report["applied"] is False
    expected = {(data_row_number(len(GOOD_ROWS) + i), col) for i, (_r, col) in enumerate(BAD_ROWS)}
    assert {(e["row"], e["column"]) for e in report["errors"]} == expected
    assert all(e["message"] and e["message_en"] and e["message"] != e["message_en"] for e in report["errors"])
    assert report["valid"] == len(GOOD_ROWS)
    assert world.counts() == before


def test_roster_without_bad_rows_is_applied_in_one_go(world, ops, tmp_path):
    path = write_roster(tmp_path / "roster.xlsx", GOOD_ROWS)
    people_before, audit_before, _ = world.counts()
    report = _import(world, ops, path)
    assert report["errors"] == [] and report["applied"] is True
    assert report["created"] == len(GOOD_ROWS)
    people, audits, links = world.counts()
    assert people - people_before == len(GOOD_ROWS)
    assert audits - audit_before == len(GOOD_ROWS)          # one audit record per created person
    with world.db.session() as s:
        by_nrp = {p.nrp: p for p in s.scalars(select(Personnel))}
        budi = by_nrp["84031122"]                        # "84.03.11.22", "BUDI  SANTOSO", "SAT SABHARA" alias
        assert budi.name == "BUDI SANTOSO" and budi.rank_code == "BRIPKA" and budi.unit.short_name == "Sat Samapta"
        assert budi.function_codes == ["dalmas", "samapta"] and budi.phone == "0812 3456 7890"
        assert by_nrp["71050812"].name == "Dr. Ahmad Fauzi, S.H., S.I.K., M.H."   # "7105 0812", titles kept
        assert by_nrp["71050812"].rank_code == "KOMBES POL"
        assert by_nrp["68120101"].rank_code == "KOMBES POL"                        # "KBP"
        assert by_nrp["93051234"].rank_code == "BRIGPOL" and by_nrp["93051234"].gender == "F"   # number cell
        assert by_nrp["93051234"].name == "Siti Rahmawati, S.Kom"
        assert by_nrp["79020345"].unit.short_name == "Polsek IB I"                # "79020345.0"
        assert by_nrp["88110456"].rank_code == "BRIPKA"                           # "BRIPKA."
        pns = by_nrp["198703152010122001"]
        assert pns.rank_code == "PENATA" and pns.function_codes == ["staf"]
        assert by_nrp["00010202"].unit.short_name == "Sat Intelkam"              # leading zeros kept (text)
        entries = s.scalars(select(AuditLog).where(AuditLog.entity == "personnel")).all()
        assert {e.entity_id for e in entries} == {p.id for p in by_nrp.values()}
        assert all(e.username == "op" and e.source == "import" and e.action == "create" for e in entries)
        assert "samapta" in next(e for e in entries if e.entity_id == budi.id).after_json
        assert links == sum(len(p.function_codes) for p in by_nrp.values())


def test_dry_run_changes_nothing_and_cli_exit_codes(world, ops, tmp_path, capsys):
    path = write_roster(tmp_path / "roster.xlsx", GOOD_ROWS)
    before = world.counts()
    report_file = tmp_path / "report.json"
    code = run_personnel_import(world.db, ops, path, dry_run=True, report_path=report_file)
    assert code == 0 and world.counts() == before
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["created"] == len(GOOD_ROWS) and report["applied"] is False
    assert set(report) >= {"valid", "errors", "created", "updated", "unchanged", "changes", "applied"}
    bad = write_roster(tmp_path / "bad.xlsx", GOOD_ROWS + [BAD_ROWS[0][0]])
    assert run_personnel_import(world.db, ops, bad, report_path=report_file) == 2
    assert "DIBATALKAN" in capsys.readouterr().out and world.counts() == before
    assert run_personnel_import(world.db, ops, path, report_path=report_file) == 0
    assert json.loads(report_file.read_text(encoding="utf-8"))["applied"] is True
    assert world.counts()[0] == before[0] + len(GOOD_ROWS)


def test_existing_nrp_is_a_duplicate_unless_update_mode_which_lists_changes(world, ops, tmp_path):
    _import(world, ops, write_roster(tmp_path / "a.xlsx", GOOD_ROWS))
    changed = [list(r) for r in GOOD_ROWS]
    changed[1][1] = "AIPDA"                   # BUDI promoted
    changed[1][4] = "Polsek Kemuning"         # and moved
    changed[1][6] = "Samapta"                 # one function less
    path = write_roster(tmp_path / "b.xlsx", changed)
    before = world.counts()

    report = _import(world, ops, path)
    assert report["applied"] is False and len(report["errors"]) == len(GOOD_ROWS)
    assert all("sudah terdaftar" in e["message"] for e in report["errors"])
    assert world.counts() == before

    with world.db.session() as s:
        plan = plan_import(s, ops, path, update=True)
        assert plan.count("update") == 1 and plan.count("unchanged") == len(GOOD_ROWS) - 1
        [change] = plan.report()["changes"]
        assert change["row"] == data_row_number(1) and change["nrp"] == "84031122"
        assert change["fields"] == {"rank_code": {"old": "BRIPKA", "new": "AIPDA"},
                                    "unit": {"old": "Sat Samapta", "new": "Polsek Kemuning"},
                                    "functions": {"old": ["dalmas", "samapta"], "new": ["samapta"]}}
        result = apply_import(plan)
    assert result.report["updated"] == 1 and result.report["applied"] is True
    with world.db.session() as s:
        budi = s.scalar(select(Personnel).where(Personnel.nrp == "84031122"))
        assert (budi.rank_code, budi.unit.short_name, budi.function_codes) == ("AIPDA", "Polsek Kemuning", ["samapta"])
        assert budi.row_version == 2
        audits = s.scalars(select(AuditLog).where(AuditLog.entity_id == budi.id, AuditLog.action == "update")).all()
        assert audits and any("AIPDA" in (a.after_json or "") for a in audits)
    # the same file again: nothing left to change
    with world.db.session() as s:
        again = plan_import(s, ops, path, update=True)
        assert again.count("update") == 0 and again.count("unchanged") == len(GOOD_ROWS)


def test_same_name_without_titles_is_reported_as_possible_duplicate(world, ops, tmp_path):
    _import(world, ops, write_roster(tmp_path / "a.xlsx", GOOD_ROWS[:1]))
    rows = [["AHMAD FAUZI", "KOMPOL", "71050813", "WAKA", "Polrestabes", "L", "", ""],          # vs DB "Dr. ... M.H."
            ["Budi Santoso, S.H.", "BRIPTU", "90010101", "BA", "Sat Lantas", "L", "", ""],
            ["BUDI SANTOSO", "BRIPTU", "90010102", "BA", "Sat Lantas", "L", "", ""]]                # vs row above
    with world.db.session() as s:
        plan = plan_import(s, ops, write_roster(tmp_path / "b.xlsx", rows))
    warnings = {(w.row, w.column) for w in plan.warnings}
    assert warnings == {(data_row_number(0), "NAMA"), (data_row_number(2), "NAMA")}
    assert plan.ok


def test_operator_satker_only_imports_and_updates_its_own_unit(world, ops, tmp_path):
    lantas = world.units["SAT-LANTAS"]
    satker = Actor("op_lantas", Role.OPERATOR_SATKER, unit_id=lantas)
    own = [r for r in GOOD_ROWS if r[4] == "Sat Lantas"]
    other = [r for r in GOOD_ROWS if r[4] != "Sat Lantas"][:2]
    before = world.counts()
    report = _import(world, satker, write_roster(tmp_path / "mix.xlsx", own + other))
    assert report["applied"] is False
    assert [e["row"] for e in report["errors"]] == [data_row_number(len(own)), data_row_number(len(own) + 1)]
    assert all(e["column"] == "SATKER" for e in report["errors"])
    assert world.counts() == before
    assert _import(world, satker, write_roster(tmp_path / "own.xlsx", own))["created"] == len(own)
    # an update moving someone of another unit into its own unit is refused too
    _import(world, ops, write_roster(tmp_path / "o.xlsx", other))
    moved = [list(other[0])]
    moved[0][4] = "Sat Lantas"
    report = _import(world, satker, write_roster(tmp_path / "m.xlsx", moved), update=True)
    assert report["applied"] is False and report["errors"][0]["column"] == "SATKER"
    with pytest.raises(PermissionDenied):
        with world.db.session() as s:
            plan_import(s, Actor("v", Role.VIEWER), tmp_path / "own.xlsx")


def test_csv_encodings_and_delimiters(world, ops, tmp_path):
    header = ["NRP", "Nama", "Pangkat", "Jabatan", "Kesatuan", "Jenis Kelamin", "Keahlian", "Telepon"]
    rows = [["8403 1122", "Zulkarnaén", "Bripka", "BA", "SAT SABHARA", "L", "Samapta;Dalmas", "0812"],
            ["90010101", "Sri Wahyuni", "Brigpol", "BA", "Sat Lantas", "P", "lantas", ""]]
    cases = [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", "\t"), ("utf-16", ";")]
    for n, (encoding, delimiter) in enumerate(cases):
        lines = ["Daftar personel;;;", delimiter.join(header)]
        for row in rows:
            row = list(row)
            row[6] = f'"{row[6]}"'
            lines.append(delimiter.join(row))
        path = tmp_path / f"r{n}.csv"
        path.write_bytes("\r\n".join(lines).encode(encoding))
        with world.db.session() as s:
            plan = plan_import(s, ops, path)
            assert plan.ok, (encoding, [e.as_dict() for e in plan.errors])
            assert plan.table.delimiter == delimiter and plan.table.header_row == 2
            assert [r.row for r in plan.rows] == [3, 4]
            first = plan.rows[0].values
            assert first["name"] == "Zulkarnaén" and first["functions"] == ["dalmas", "samapta"]
            s.rollback()


def test_errors_name_the_csv_line(world, ops, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("NRP,NAMA,PANGKAT,KESATUAN,JK\n84031122,BUDI,BRIPKA,Sat Lantas,L\n\n8403112,ANI,BRIPTU,Sat Lantas,P\n",
                    encoding="utf-8")
    with world.db.session() as s:
        plan = plan_import(s, ops, path)
    assert [(e.row, e.column) for e in plan.errors] == [(4, "NRP")]


def test_header_variants_are_recognised():
    from antasena_desktop.importing.personnel_import import ALIASES
    from antasena_desktop.importing.reader import normalise_header
    expected = {"NRP": "nrp", "nip": "nip", "NRP/NIP": "nrp", "Nama": "name", "PKT": "rank", "Pangkat": "rank",
                "JAB": "jabatan", "Kesatuan": "unit", "SATKER": "unit", "Satuan": "unit", "Unit": "unit",
                "JK": "gender", "L/P": "gender", "Gender": "gender", "JENIS KELAMIN": "gender",
                "Fungsi": "functions", "KEAHLIAN": "functions", "HP": "phone", "No HP": "phone",
                "No. HP": "phone", "Telepon": "phone"}
    assert {h: ALIASES.get(normalise_header(h)) for h in expected} == expected
    assert all(ALIASES.get(normalise_header(h)) for h in HEADER[1:])


def test_cli_import_as_logged_in_user(world, tmp_path, monkeypatch, capsys):
    from antasena_desktop.cli import main
    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM
    with world.db.session() as s:
        auth.create_user(s, SYSTEM, "lantas1", "rahasia-123", Role.OPERATOR_SATKER, unit_id=world.units["SAT-LANTAS"])
    monkeypatch.setenv("ANTASENA_PASSWORD", "rahasia-123")
    own = [r for r in GOOD_ROWS if r[4] == "Sat Lantas"]
    path = write_roster(tmp_path / "r.xlsx", own + [GOOD_ROWS[0]])
    report = tmp_path / "rep.json"
    people_before = world.counts()[0]
    args = ["import", "personnel", str(path), "--db", world.db.url, "--user", "lantas1", "--report", str(report)]
    assert main(args) == 2                                   # the Polrestabes row is not its unit
    assert "baris" in capsys.readouterr().out and world.counts()[0] == people_before
    assert json.loads(report.read_text(encoding="utf-8"))["errors"][0]["row"] == data_row_number(len(own))
    with world.db.session() as s:                          # the refused row is audited as a refusal
        from db.models import AuditLog
        refusal = s.scalars(select(AuditLog).where(AuditLog.action == "ditolak")).one()
        assert refusal.username == "lantas1" and "1 baris satuan lain" in refusal.note
    assert main(["import", "personnel", str(write_roster(tmp_path / "o.xlsx", own)), "--db", world.db.url,
                 "--user", "lantas1"]) == 0
    assert world.counts()[0] == people_before + len(own)
    with world.db.session() as s:
        entry = s.scalar(select(AuditLog).where(AuditLog.entity == "personnel"))
        assert (entry.username, entry.source) == ("lantas1", "import")


def test_apply_in_a_later_transaction_rechecks_the_plan(world, ops, tmp_path):
    path = write_roster(tmp_path / "r.xlsx", GOOD_ROWS[:3])
    with world.db.session() as s:
        plan = plan_import(s, ops, path)                 # preview shown to the operator …
    with world.db.session() as s:                        # … someone else adds one of those people meanwhile
        apply_import(plan_import(s, ops, write_roster(tmp_path / "one.xlsx", GOOD_ROWS[1:2])))
    before = world.counts()
    from antasena_desktop.i18n import UserError
    with pytest.raises(UserError):
        with world.db.session() as s:
            apply_import(plan, session=s)
    assert world.counts() == before
    with world.db.session() as s:
        fresh = plan_import(s, ops, write_roster(tmp_path / "two.xlsx", [GOOD_ROWS[0], GOOD_ROWS[2]]))
    with world.db.session() as s:
        assert apply_import(fresh, session=s).report["created"] == 2
    assert world.counts()[0] == before[0] + 2


def test_separate_nrp_and_nip_columns(world, ops, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("NO;NAMA;PANGKAT;NRP;NIP;SATUAN;JK\n"
                    "1;BUDI;BRIPKA;84031122;;Sat Lantas;L\n"
                    "2;DEWI, S.E.;PENATA;;198703152010122001;Polrestabes;P\n"
                    "3;ANI;PENATA;;19870315;Polrestabes;P\n", encoding="utf-8")
    with world.db.session() as s:
        plan = plan_import(s, ops, path)
    assert [r.nrp for r in plan.rows] == ["84031122", "198703152010122001"]
    assert [(e.row, e.column) for e in plan.errors] == [(4, "NIP")]
    only_nip = tmp_path / "nip.csv"
    only_nip.write_text("NAMA,PANGKAT,NIP,SATUAN,JK\nDEWI,PENATA,198703152010122001,Polrestabes,P\n", encoding="utf-8")
    with world.db.session() as s:
        assert [r.nrp for r in plan_import(s, ops, only_nip).rows] == ["198703152010122001"]
