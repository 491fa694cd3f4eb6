"""The deterministic demo data generator."""
from __future__ import annotations

import calendar
import csv
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from antasena_desktop.demo import generate, generate_file
from antasena_desktop.demo import generator as gen_mod
from antasena_desktop.domain.ranks import BY_CODE
from antasena_desktop.i18n import UserError
from antasena_desktop.services.auth import authenticate
from antasena_desktop.services.settings import load as load_settings
from antasena_desktop.timefmt import WIB
from db.database import open_database
from db.models import (Assignment, AuditLog, Availability, Event, Kecamatan, Kelurahan, Personnel, Post,
                       PostRequirement, SecurityRequest, Unit, UserAccount, Venue, personnel_function, unit_area)

TODAY = date(2026, 11, 23)
PASSWORD = "Rahasia-demo-1"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(request, tmp_path_factory, module_engine_name, database_maker):
    url = database_maker(request, tmp_path_factory, module_engine_name)
    summary = generate_file(url, seed=7, today=TODAY, admin_password=PASSWORD)
    db = open_database(url)
    yield db, summary
    db.close()


def _snapshot(db):
    with db.session() as s:
        people = s.execute(select(Personnel.nrp, Personnel.name, Personnel.rank_code, Personnel.jabatan)
                           .order_by(Personnel.nrp)).all()
        events = s.execute(select(Event.number, Event.title, Event.start_at).order_by(Event.number)).all()
        lines = s.execute(select(PostRequirement.function_code, PostRequirement.count)
                          .order_by(PostRequirement.id)).all()
    return people, events, lines


def test_same_seed_same_data_other_seed_other_data(demo_db, tmp_path):
    db, _ = demo_db
    again = tmp_path / "again.db"
    generate_file(again, seed=7, today=TODAY, admin_password=PASSWORD)
    other = tmp_path / "other.db"
    generate_file(other, seed=8, today=TODAY, admin_password=PASSWORD)
    first = _snapshot(db)
    db2, db3 = open_database(f"sqlite:///{again}"), open_database(f"sqlite:///{other}")
    try:
        assert _snapshot(db2) == first
        people3, events3, _ = _snapshot(db3)
        assert [p.nrp for p in people3] != [p.nrp for p in first[0]]
        assert [e.title for e in events3] != [e.title for e in first[1]]
    finally:
        db2.close()
        db3.close()


def test_personnel_identifiers(demo_db):
    db, summary = demo_db
    with db.session() as s:
        rows = s.execute(select(Personnel.nrp, Personnel.rank_code, Personnel.gender)).all()
    assert len(rows) == 1837 == summary.personnel
    assert len({r.nrp for r in rows}) == len(rows)
    for nrp, rank_code, gender in rows:
        rank = BY_CODE[rank_code]
        assert nrp.isdigit()
        if rank.is_pns:
            assert len(nrp) == 18
            born = datetime.strptime(nrp[:8], "%Y%m%d").date()
            tmt_year, tmt_month = int(nrp[8:12]), int(nrp[12:14])
            assert 1 <= tmt_month <= 12 and born.year + 18 <= tmt_year <= TODAY.year
            assert nrp[14] == ("1" if gender == "M" else "2")
        else:
            assert len(nrp) == 8
            yy, mm = int(nrp[:2]), int(nrp[2:4])
            assert 1 <= mm <= 12
            year = 2000 + yy if 2000 + yy <= TODAY.year - 17 else 1900 + yy
            age = TODAY.year - year
            assert 17 <= age <= 58, (nrp, rank_code)
            if rank.group == "Pamen":
                assert age >= 35
            if rank_code in ("BRIPDA", "BHARADA"):
                assert age <= 26


def test_realistic_spread(demo_db):
    db, _ = demo_db
    with db.session() as s:
        rows = s.execute(select(Personnel.rank_code, Personnel.gender, Personnel.active)).all()
        phones = s.scalars(select(Personnel.phone)).all()
    groups = Counter(BY_CODE[r.rank_code].group for r in rows)
    n = len(rows)
    assert groups["Bintara"] / n > 0.6
    assert 0.05 <= groups["Pama"] / n <= 0.11
    assert 0.008 <= groups["Pamen"] / n <= 0.025
    assert 0.025 <= groups["PNS"] / n <= 0.06
    assert 0 < groups["Tamtama"] / n < 0.04
    assert sum(1 for r in rows if r.rank_code == "KOMBES POL") == 1
    police = [r for r in rows if not BY_CODE[r.rank_code].is_pns]
    polwan = sum(1 for r in police if r.gender == "F") / len(police)
    assert 0.08 <= polwan <= 0.14
    inactive = sum(1 for r in rows if not r.active) / n
    assert 0.005 <= inactive <= 0.02
    assert all(re.fullmatch(r"08\d\d-\d{4}-\d{4}", p) for p in phones)


def test_functions_follow_units(demo_db):
    db, _ = demo_db
    with db.session() as s:
        rows = s.execute(select(Unit.code, personnel_function.c.function_code, Personnel.gender)
                         .join(Personnel, Personnel.unit_id == Unit.id)
                         .join(personnel_function, personnel_function.c.personnel_id == Personnel.id)).all()
    by_unit: dict[str, Counter] = {}
    for code, fn, _g in rows:
        by_unit.setdefault(code, Counter())[fn] += 1
    assert by_unit["SATSAMAPTA"]["samapta"] > 250 and by_unit["SATSAMAPTA"]["dalmas"] > 100
    assert by_unit["SATLANTAS"]["lantas"] > 180
    assert by_unit["SATINTELKAM"]["intelkam"] > 70
    assert by_unit["SIPROPAM"]["provos"] >= 5
    assert by_unit["SIDOKKES"]["dokkes"] >= 3
    assert sum(c["negosiator"] for c in by_unit.values()) >= 10
    assert all(g == "F" for _c, fn, g in rows if fn == "polwan")
    assert sum(1 for _c, fn, _g in rows if fn == "polwan") > 100


def test_geography_and_units(demo_db):
    db, _ = demo_db
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Kecamatan)) == 18
        assert s.scalar(select(func.count()).select_from(Kelurahan)) == 107
        kel_kec = dict(s.execute(select(Kelurahan.code, Kelurahan.kecamatan_code)).all())
        for v in s.scalars(select(Venue)):
            assert kel_kec[v.kelurahan_code] == v.kecamatan_code
        units = s.scalars(select(Unit)).all()
        by_id = {u.id: u for u in units}
        roots = [u for u in units if u.parent_id is None]
        assert [r.code for r in roots] == ["POLRESTABES"]
        for u in units:               # every unit reaches the root without a cycle
            seen, cur = set(), u
            while cur.parent_id is not None:
                assert cur.id not in seen
                seen.add(cur.id)
                cur = by_id[cur.parent_id]
            assert cur.code == "POLRESTABES"
        polsek = [u for u in units if u.kind == "polsek"]
        assert len(polsek) == 18
        assert all(u.operational for u in polsek)
        ops = {u.code for u in units if u.operational and u.kind != "polsek"}
        assert ops == {"SATSAMAPTA", "SATLANTAS", "SATRESKRIM", "SATINTELKAM", "SATBINMAS", "SATPOLAIR"}
        samapta = next(u for u in units if u.code == "SATSAMAPTA")
        assert samapta.alias == "Sabhara"
        areas = s.execute(select(unit_area.c.unit_id, unit_area.c.kecamatan_code)).all()
        polsek_ids = {u.id for u in polsek}
        assert len({k for uid, k in areas if uid in polsek_ids}) == 18
        sizes = Counter(s.scalars(select(Personnel.unit_id)).all())
        assert all(40 <= sizes[u.id] <= 70 for u in polsek)


def _available_on(s, day: date) -> set[str]:
    lo, hi = datetime(day.year, day.month, day.day, 7, tzinfo=WIB), datetime(day.year, day.month, day.day, 16,
                                                                               tzinfo=WIB)
    blocked = set(s.scalars(select(Availability.personnel_id)
                            .where(Availability.start_at < hi, Availability.end_at > lo)))
    rows = s.execute(select(Personnel.id, Personnel.rank_code).join(Unit, Unit.id == Personnel.unit_id)
                     .where(Personnel.active.is_(True), Unit.operational.is_(True))).all()
    return {pid for pid, rank in rows if not BY_CODE[rank].is_pns and pid not in blocked}


def test_busy_day_is_heavy_but_feasible(demo_db):
    db, summary = demo_db
    day = summary.busy_day
    assert day == TODAY + timedelta(days=3)
    with db.session() as s:
        available = _available_on(s, day)
        lo = datetime(day.year, day.month, day.day, tzinfo=WIB)
        posts = s.scalars(select(Post).join(Event).where(Event.start_at >= lo,
                                                          Event.start_at < lo + timedelta(days=1))).all()
        slots = sum(r.count for p in posts for r in p.requirements)
        titles = {p.event.title for p in posts}
        assert all(p.start_at >= lo + timedelta(hours=7) and p.end_at <= lo + timedelta(hours=16) for p in posts)
        assert sum("Unjuk Rasa" in t for t in titles) >= 3
        assert any("Masjid Agung" in t or "Jakabaring" in t for t in titles)
        assert any(p.type == "pos_lalin" for p in posts)
        assert any(r.gender == "F" for p in posts for r in p.requirements)
        assert any(r.min_rank_code == "IPTU" and r.role_label == "Danpos" for p in posts for r in p.requirements)
    assert slots == summary.busy_day_slots
    assert 0.6 * len(available) <= slots <= len(available)


def test_monthly_unjuk_rasa_follows_table(demo_db):
    db, _ = demo_db
    with open(ROOT / "resources" / "demo" / "monthly_counts.csv", encoding="utf-8") as f:
        table = {(int(r["report_year"]), int(r["month"])): r for r in csv.DictReader(f)}
    assert {r["kegiatan_source"] for r in table.values()} <= {"laporan", "interpolasi"}
    assert table[(2022, 6)]["kegiatan_masyarakat"] == "116" and table[(2021, 3)]["unjuk_rasa"] == "105"
    with db.session() as s:
        events = s.execute(select(Event.kind, Event.start_at)).all()
    counts: Counter = Counter()
    for kind, start in events:
        w = start.astimezone(WIB)
        counts[(w.year, w.month, kind == "unjuk_rasa")] += 1
    for k in range(1, 25):
        y, m = TODAY.year, TODAY.month - k
        while m <= 0:
            m, y = m + 12, y - 1
        row = table[(2022 if k <= 12 else 2021, m)]
        assert counts[(y, m, True)] == int(row["unjuk_rasa"]), (y, m)
        assert counts[(y, m, False)] == int(row["kegiatan_masyarakat"]), (y, m)


def test_event_lifecycle_and_numbers(demo_db):
    db, _ = demo_db
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 7, tzinfo=WIB)
    with db.session() as s:
        events = s.scalars(select(Event)).all()
        requests = s.scalars(select(SecurityRequest)).all()
        assignments = s.scalars(select(Assignment)).all()
        upcoming_posts = s.scalars(select(Post).join(Event).where(Event.start_at >= now,
                                                                  Event.start_at < now + timedelta(days=14))).all()
        assert all(p.requirements for p in upcoming_posts)
    for e in events:
        assert re.fullmatch(r"KEG/\d{4}/\d{4}", e.number)
        if e.end_at < now:
            assert e.status in ("selesai", "dilaporkan", "dibatalkan")
        else:
            assert e.start_at > now and e.status in ("diterima", "dinilai", "direncanakan")
        if e.status != "diterima":
            assert e.kerawanan_assessed_at is not None and e.kerawanan_assessor
        assert 1 <= e.kerawanan_level <= 3 and e.kecamatan_code and e.kelurahan_code
    assert len(requests) > 0.8 * len(events)
    assert all(re.fullmatch(r"PMH/\d{4}/\d{4}", r.intake_number) and r.received_at <= now for r in requests)
    by_event = {e.id: e for e in events}
    leads = [(by_event[r.event_id].start_at - r.received_at).total_seconds() / 3600 for r in requests]
    assert all(h > 0 for h in leads) and any(h < 72 for h in leads) and any(h >= 72 for h in leads)
    assert {r.channel for r in requests} == {"surat", "telepon", "wa", "langsung", "intelkam"}
    # Upcoming work: posts with requirement lines, no assignments.
    upcoming_events = {e.id for e in events if now <= e.start_at < now + timedelta(days=14)}
    assert upcoming_events and {p.event_id for p in upcoming_posts} == upcoming_events
    assert all(a.end_at <= now for a in assignments) and len(assignments) > 500
    spans: dict[str, list] = {}
    for a in assignments:
        spans.setdefault(a.personnel_id, []).append((a.start_at, a.end_at))
    for person_spans in spans.values():   # nobody in two places at once
        person_spans.sort()
        for (s0, e0), (s1, e1) in zip(person_spans, person_spans[1:]):
            assert s1 >= e0


def test_accounts_settings_and_audit(demo_db):
    db, summary = demo_db
    assert summary.admin_password == PASSWORD and not summary.password_generated
    with db.session() as s:
        users = {u.username: u for u in s.scalars(select(UserAccount))}
        assert set(users) == {"admin", "kabagops", "operator", "opsatker.samapta", "viewer"}
        samapta = s.scalar(select(Unit).where(Unit.code == "SATSAMAPTA"))
        assert users["opsatker.samapta"].unit_id == samapta.id
        settings = load_settings(s)
        assert settings.demo is True and settings.signatory_nrp and settings.signatory_name
        kapolres = s.scalar(select(Personnel).where(Personnel.rank_code == "KOMBES POL"))
        assert settings.signatory_nrp == kapolres.nrp
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "demo_data")) == 1
        assert s.scalar(select(func.count()).select_from(AuditLog)) < 20
        assert set(s.scalars(select(Personnel.updated_by))) == {"demo"}
    s = db.sessions()
    try:
        actor = authenticate(s, "operator", PASSWORD, source="cli")
        assert actor.role.value == "operator_ops"
    finally:
        s.close()


def test_generated_password_when_none_given(database_url):
    db = open_database(database_url)
    try:
        with db.session() as s:
            summary = generate(s, seed=3, today=TODAY)
        assert summary.password_generated and len(summary.admin_password) >= 12
    finally:
        db.close()


def test_refuses_non_empty_database(database_url, engine_name, tmp_path):
    db = open_database(database_url)
    try:
        with db.session() as s:
            generate(s, seed=1, today=TODAY, admin_password=PASSWORD)
        with pytest.raises(UserError):
            with db.session() as s:
                generate(s, seed=2, today=TODAY, admin_password=PASSWORD)
    finally:
        db.close()
    with pytest.raises(UserError):
        generate_file(database_url, seed=2, today=TODAY, admin_password=PASSWORD)
    assert not list(tmp_path.glob("*.tmp-*"))


@pytest.mark.sqlite_only("about the SQLite file: built beside the target, renamed atomically")
def test_generate_file_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "antasena.db"

    def boom(*args, **kwargs):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(gen_mod.ev_mod, "place_past", boom)
    with pytest.raises(RuntimeError):
        generate_file(target, seed=7, today=TODAY, admin_password=PASSWORD)
    assert not target.exists()
    assert not [p.name for p in target.parent.iterdir()]
    monkeypatch.undo()
    summary = generate_file(target, seed=7, today=TODAY, admin_password=PASSWORD)
    assert target.exists() and summary.personnel == 1837
    assert sorted(p.name for p in target.parent.iterdir()) == ["antasena.db"]
    # Replace on request.
    summary2 = generate_file(target, seed=9, today=TODAY, admin_password=PASSWORD, replace=True)
    db = open_database(f"sqlite:///{target}")
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Personnel)) == summary2.personnel
    finally:
        db.close()


@pytest.mark.sqlite_only("about the SQLite file's temp copy")
def test_stale_temp_of_dead_process_is_cleaned(tmp_path):
    target = tmp_path / "x.db"
    stale = tmp_path / "x.db.tmp-999999999"
    stale.write_bytes(b"half written")
    generate_file(target, seed=7, today=TODAY, admin_password=PASSWORD)
    assert not stale.exists() and target.exists()


def test_history_spans_two_years(demo_db):
    db, _ = demo_db
    with db.session() as s:
        first = s.scalar(select(func.min(Event.start_at)))
    assert first.astimezone(WIB).date() <= date(TODAY.year - 2, TODAY.month, calendar.monthrange(
        TODAY.year - 2, TODAY.month)[1])


def test_busy_day_is_solvable_by_the_allocator(demo_db):
    """Integration: the project's own allocator fills every slot of the busy day."""
    instance_mod = pytest.importorskip("antasena_desktop.planning.instance")
    engine = pytest.importorskip("antasena_desktop.allocation.engine")
    db, summary = demo_db
    with db.session() as s:
        built = instance_mod.build_instance(s, day=summary.busy_day)
    assert built.slot_count >= summary.busy_day_slots
    result = engine.solve(built.instance, time_limit=2.0, explain_unfilled=False)
    assert result["unfilled"] == []
