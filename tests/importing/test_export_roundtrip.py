"""Exports: first column id, tombstoned rows left out, personnel export → import --update = no change."""
from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from importing_helpers import GOOD_ROWS, write_roster
from openpyxl import load_workbook
from sqlalchemy import select

from antasena_desktop.importing.personnel_import import apply_import, plan_import
from antasena_desktop.services.export import HEADERS, export_table
from antasena_desktop.timefmt import wib
from db.models import Assignment, Event, Personnel, Post, PostRequirement, utcnow


def _read(path):
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    return [[("" if v is None else v) for v in row] for row in load_workbook(path).active.iter_rows(values_only=True)]


@pytest.fixture
def planned(world, ops, tmp_path):
    """The roster imported, one event with two posts (one tombstoned), requirement lines and assignments."""
    with world.db.session() as s:
        apply_import(plan_import(s, ops, write_roster(tmp_path / "r.xlsx", GOOD_ROWS)))
    with world.db.session() as s:
        people = list(s.scalars(select(Personnel).order_by(Personnel.nrp)))
        start = wib(2026, 12, 1, 8)
        event = Event(number="KEG/2026/0001", title="Konser Amal", kind="konser", start_at=start,
                      end_at=start + timedelta(hours=6), expected_crowd=5000, kerawanan_level=2)
        s.add(event)
        s.flush()
        posts = []
        # The old post's shift is the next day: one person is never live in two places at once (the DB refuses it).
        for name, deleted, day in (("Pos Gerbang", False, 0), ("Pos Lama", True, 1)):
            post = Post(event_id=event.id, name=name, lat=-2.98, lon=104.75, start_at=start + timedelta(days=day),
                        end_at=start + timedelta(days=day, hours=6), deleted_at=utcnow() if deleted else None)
            s.add(post)
            s.flush()
            line = PostRequirement(post_id=post.id, count=3, function_code="samapta")
            s.add(line)
            s.add(PostRequirement(post_id=post.id, count=2))
            s.flush()
            for person in people[:2]:
                s.add(Assignment(requirement_id=line.id, post_id=post.id, personnel_id=person.id,
                                 start_at=post.start_at, end_at=post.end_at))
            posts.append(post)
        gone = Assignment(requirement_id=line.id, post_id=posts[0].id, personnel_id=people[3].id, start_at=start,
                          end_at=start + timedelta(hours=6), deleted_at=utcnow())
        s.add(gone)
        people[5].deleted_at = utcnow()
        return {"event": event.id, "posts": [p.id for p in posts], "people": [p.id for p in people],
                "deleted_person": people[5].id}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_start_with_id_and_skip_tombstones(world, ops, planned, tmp_path, fmt):
    with world.db.session() as s:
        counts = {what: export_table(s, what, fmt, tmp_path / f"{what}.{fmt}", event_id=None, actor=ops)
                  for what in HEADERS}
    tables = {what: _read(tmp_path / f"{what}.{fmt}") for what in HEADERS}
    for what, rows in tables.items():
        assert rows[0] == HEADERS[what] and rows[0][0] == "id"
        assert len(rows) - 1 == counts[what]
    people_ids = [r[0] for r in tables["personnel"][1:]]
    assert set(people_ids) == set(planned["people"]) - {planned["deleted_person"]}
    assert [r[0] for r in tables["posts"][1:]] == [planned["posts"][0]]
    post = dict(zip(HEADERS["posts"], tables["posts"][1]))
    assert (int(post["kebutuhan"]), int(post["terisi"])) == (5, 2)
    assert post["mulai"] == "2026-12-01T08:00:00+07:00"
    assert len(tables["assignments"]) - 1 == 2
    event = dict(zip(HEADERS["events"], tables["events"][1]))
    assert event["nomor"] == "KEG/2026/0001" and event["mulai"].endswith("+07:00")
    budi = next(dict(zip(HEADERS["personnel"], r)) for r in tables["personnel"][1:] if r[1] == "84031122")
    assert budi["kesatuan"] == "Sat Samapta" and budi["fungsi"] == "dalmas, samapta" and budi["jk"] == "L"


def test_export_for_one_event(world, ops, planned, tmp_path):
    from antasena_desktop.i18n import UserError
    with world.db.session() as s:
        assert export_table(s, "assignments", "csv", tmp_path / "a.csv", event_id=planned["event"], actor=ops) == 2
        assert export_table(s, "assignments", "csv", tmp_path / "n.csv", event_id="KEG/2026/0001", actor=ops) == 2
        with pytest.raises(UserError, match="tidak ditemukan"):      # never an empty file
            export_table(s, "assignments", "csv", tmp_path / "b.csv", event_id="nope", actor=ops)
        with pytest.raises(UserError):
            export_table(s, "assignments", "csv", tmp_path / "c.csv")          # no actor: no personal data
    assert not (tmp_path / "b.csv").exists() and not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_personnel_export_round_trips_through_the_importer(world, ops, planned, tmp_path, fmt):
    path = tmp_path / f"personel.{fmt}"
    with world.db.session() as s:
        # make one person inactive and one without phone/jabatan so every column is exercised
        person = s.get(Personnel, planned["people"][0])
        person.active = False
        person.jabatan = ""
    with world.db.session() as s:
        exported = export_table(s, "personnel", fmt, path, actor=ops)
    before = world.counts()
    with world.db.session() as s:
        plan = plan_import(s, ops, path, update=True)
        assert plan.ok, [e.as_dict() for e in plan.errors]
        assert (plan.count("create"), plan.count("update"), plan.count("unchanged")) == (0, 0, exported)
        report = apply_import(plan).report
    assert report["changes"] == [] and world.counts() == before


def test_export_cli_parser(world, planned, tmp_path, monkeypatch):
    from antasena_desktop.cli import main
    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM, Role
    with world.db.session() as s:
        auth.create_user(s, SYSTEM, "peninjau", "Rahasia-123", Role.VIEWER)
    monkeypatch.setenv("ANTASENA_PASSWORD", "Rahasia-123")
    out = tmp_path / "p.xlsx"
    assert main(["export", "personnel", "--db", world.db.url, "-o", str(out), "--user", "peninjau"]) == 0
    assert _read(out)[0] == HEADERS["personnel"]
    assert out.stat().st_mode & 0o777 == 0o600
    for event in (planned["event"], "KEG/2026/0001"):       # the id or the register number
        assert main(["export", "posts", "--db", world.db.url, "--event", event, "--format", "csv",
                     "-o", str(tmp_path / "p.csv"), "--user", "peninjau"]) == 0
        assert len(_read(tmp_path / "p.csv")) == 2
    assert main(["export", "posts", "--db", world.db.url, "--event", "KEG/2026/9999", "--format", "csv",
                 "-o", str(tmp_path / "x.csv"), "--user", "peninjau"]) == 2
    assert not (tmp_path / "x.csv").exists()
