"""Deterministic demo data of Palembang: `generate` (into a session) and `generate_file` (atomic SQLite file)."""
from __future__ import annotations

import os
import random
import secrets
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from antasena_desktop.demo import events as ev_mod
from antasena_desktop.demo import people as people_mod
from antasena_desktop.demo.data import make_uuid, name_lists, nearest_kelurahan
from antasena_desktop.demo.people import Person, weighted, wib_at
from antasena_desktop.geo.reference import kecamatan_list, kelurahan_list, load_polsek, load_venues
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.auth import create_user
from antasena_desktop.services.security import SYSTEM, Role
from antasena_desktop.services.settings import AppSettings, store
from antasena_desktop.timefmt import WIB
from db.models import (Assignment, AssignmentLog, Availability, Event, Kecamatan, Kelurahan, Personnel, Post,
                       PostRequirement, SecurityRequest, Unit, UserAccount, Venue, personnel_function, unit_area)

DEMO_USER = "demo"
BUSY_DAY_OFFSET = 3
PAST_DETAIL_DAYS = 30
BLOCKING_KINDS = ("cuti", "sakit", "dik", "bko", "piket_dianggarkan", "piket_nonanggaran")


@dataclass
class DemoSummary:
    seed: int
    today: date
    admin_username: str
    admin_password: str = field(repr=False)
    password_generated: bool
    usernames: tuple[str, ...]
    kecamatan: int
    kelurahan: int
    venues: int
    units: int
    personnel: int
    active_personnel: int
    availability: int
    events: int
    past_events: int
    upcoming_events: int
    requests: int
    posts: int
    requirements: int
    assignments: int
    busy_day: date
    busy_day_slots: int
    busy_day_available: int
    kapolrestabes: str
    elapsed_seconds: float = 0.0
    path: str = ""


def _reference_now(today: date) -> datetime:
    """The generator's "now": 07.00 WIB on `today` (start of jam dinas)."""
    return wib_at(today, 7)


def _stamp(row: dict, when: datetime) -> dict:
    row.setdefault("created_at", when)
    row.setdefault("updated_at", when)
    row["updated_by"] = DEMO_USER
    return row


def has_data(session: Session) -> bool:
    """True when the database already holds personnel, units, events or user accounts."""
    for model in (Personnel, Unit, Event, UserAccount):
        if session.scalar(select(func.count()).select_from(model)):
            return True
    return False


def busy_day_available(people: list[Person], availability: list, day: date) -> list[Person]:
    """Active police in the deployable pool with no availability block touching 07.00-16.00 WIB of `day`."""
    lo, hi = wib_at(day, 7), wib_at(day, 16)
    blocked = {a.personnel_id for a in availability if a.start_at < hi and lo < a.end_at}
    return [p for p in people if p.active and not p.is_pns and p.unit.operational and p.id not in blocked]


def generate(session: Session, *, seed: int = 7, today: date | None = None,
             admin_password: str | None = None) -> DemoSummary:
    """Fill an empty, migrated database with demo data inside the caller's transaction (caller commits)."""
    started = _time.perf_counter()
    if (session.scalar(select(func.count()).select_from(Personnel))
            or session.scalar(select(func.count()).select_from(Unit))):
        raise UserError(T("Basis data sudah berisi data personel; data demo hanya dapat dibuat di basis data kosong.",
                          "The database already holds personnel; demo data can only be generated into an empty "
                          "database."))
    today = today or datetime.now(WIB).date()
    rng = random.Random(seed)
    now = _reference_now(today)
    generated = admin_password is None
    password = admin_password or f"Demo-{secrets.token_urlsafe(9)}"

    # 1. Reference geography and venues.
    kecs, kels = kecamatan_list(), kelurahan_list()
    have_kec = set(session.scalars(select(Kecamatan.code)))
    have_kel = set(session.scalars(select(Kelurahan.code)))
    rows = [dict(code=k.code, name=k.name, lat=k.lat, lon=k.lon, geometry_geojson=None, geometry_source="skematik")
            for k in kecs if k.code not in have_kec]
    if rows:
        session.execute(insert(Kecamatan), rows)
    rows = [dict(code=k.code, name=k.name, kecamatan_code=k.kecamatan_code, lat=k.lat, lon=k.lon,
                 geometry_geojson=None, geometry_source="skematik") for k in kels if k.code not in have_kel]
    if rows:
        session.execute(insert(Kelurahan), rows)
    kec_names = {k.code: k.name for k in kecs}
    venue_ids: dict[str, str] = {}
    venue_rows = []
    for v in load_venues():
        kel = nearest_kelurahan(v.lat, v.lon, kels, v.kecamatan_code or None)
        vid = make_uuid(rng)
        venue_ids[v.name] = vid
        venue_rows.append(_stamp(dict(id=vid, name=v.name, kind=v.kind, address=v.address, lat=v.lat, lon=v.lon,
                                      kecamatan_code=v.kecamatan_code or kel.kecamatan_code,
                                      kelurahan_code=kel.code), now))
    session.execute(insert(Venue), venue_rows)

    # 2. Units.
    units = people_mod.build_units(rng, load_polsek())
    session.execute(insert(Unit), [_stamp(dict(
        id=u.id, code=u.code, name=u.name, short_name=u.short_name, alias=u.alias, kind=u.kind,
        parent_id=u.parent_id, kecamatan_code=u.kecamatan_code, lat=u.lat, lon=u.lon,
        operational=u.operational), now) for u in units])
    area_rows = [dict(unit_id=u.id, kecamatan_code=c) for u in units for c in u.areas]
    session.execute(insert(unit_area), area_rows)

    # 3. Personnel.
    people = people_mod.build_personnel(rng, today, units, kels)
    session.execute(insert(Personnel), [_stamp(dict(
        id=p.id, nrp=p.nrp, name=p.name, rank_code=p.rank_code, jabatan=p.jabatan, unit_id=p.unit.id,
        gender=p.gender, phone=p.phone, active=p.active, notes=p.notes), now) for p in people])
    session.execute(insert(personnel_function), [dict(personnel_id=p.id, function_code=fc)
                                                 for p in people for fc in sorted(p.functions)])

    # 4. Availability.
    availability = people_mod.build_availability(rng, today, people)
    session.execute(insert(Availability), [_stamp(dict(
        id=a.id, personnel_id=a.personnel_id, kind=a.kind, start_at=a.start_at, end_at=a.end_at, note=a.note), now)
        for a in availability])

    # 5-6. Events.
    names = name_lists()

    def civil_name(gender: str) -> str:
        group = weighted(rng, (("muslim", 80), ("kristen", 12), ("tionghoa", 8)))
        parts = names[(group, gender)]
        return f"{rng.choice(parts.first)} {rng.choice(parts.last)}"

    factory = ev_mod.EventFactory(rng, today, now, load_venues(), kels, kec_names, people, civil_name)
    past = ev_mod.historic_events(factory, today)
    busy_day = today + timedelta(days=BUSY_DAY_OFFSET)
    upcoming = ev_mod.upcoming_events(factory, today, busy_day)
    busy = ev_mod.busy_day_events(factory, busy_day)
    available = busy_day_available(people, availability, busy_day)
    ev_mod.fit_busy_day(factory, busy, available)
    upcoming.extend(busy)
    detail_from = now - timedelta(days=PAST_DETAIL_DAYS)
    for e in past:
        factory.lifecycle(e, upcoming=False, with_posts=False)
        if e.start_at >= detail_from and e.status != "dibatalkan":
            e.posts = factory.posts_for(e)
    for e in upcoming:
        factory.lifecycle(e, upcoming=True, with_posts=bool(e.posts))
    all_events = past + upcoming
    all_events.sort(key=lambda e: (e.start_at, e.title, e.id))
    seq: dict[int, int] = {}
    for e in all_events:
        y = e.start_at.astimezone(WIB).year
        seq[y] = seq.get(y, 0) + 1
        e.number = f"KEG/{y}/{seq[y]:04d}"
    session.execute(insert(Event), [_stamp(dict(
        id=e.id, number=e.number, title=e.title, kind=e.kind, pemilu_phase=e.pemilu_phase, scale=e.scale,
        organiser=e.organiser, venue_id=venue_ids.get(e.venue_name or ""), address=e.address,
        kecamatan_code=e.kecamatan_code, kelurahan_code=e.kelurahan_code, lat=e.lat, lon=e.lon,
        start_at=e.start_at, end_at=e.end_at, expected_crowd=e.expected_crowd, kerawanan_level=e.kerawanan_level,
        kerawanan_assessed_at=e.kerawanan_assessed_at, kerawanan_assessor=e.kerawanan_assessor, status=e.status,
        description=e.description, budget_supported=e.budget_supported,
        created_at=(e.request or {}).get("received_at", min(e.start_at, now) - timedelta(days=2)),
        updated_at=min(e.end_at, now)), now) for e in all_events])
    reqs = sorted((e for e in all_events if e.request), key=lambda e: (e.request["received_at"], e.number))
    rseq: dict[int, int] = {}
    req_rows = []
    for e in reqs:
        r = dict(e.request)
        y = r["received_at"].astimezone(WIB).year
        rseq[y] = rseq.get(y, 0) + 1
        r["intake_number"] = f"PMH/{y}/{rseq[y]:04d}"
        r["event_id"] = e.id
        r["created_at"] = r["received_at"]
        req_rows.append(_stamp(r, min(e.end_at, now)))
    session.execute(insert(SecurityRequest), req_rows)

    post_rows, line_rows = [], []
    for e in all_events:
        for p in e.posts:
            post_rows.append(_stamp(dict(id=p.id, event_id=e.id, name=p.name, type=p.type, lat=p.lat, lon=p.lon,
                                         start_at=p.start_at, end_at=p.end_at, notes=p.notes), now))
            for i, ln in enumerate(p.lines):
                line_rows.append(_stamp(dict(id=ln.id, post_id=p.id, position=i, function_code=ln.function_code,
                                             count=ln.count, min_rank_code=ln.min_rank_code, gender=ln.gender,
                                             role_label=ln.role_label), now))
    session.execute(insert(Post), post_rows)
    session.execute(insert(PostRequirement), line_rows)

    # Past placements (last ~30 days) so placement history and recent hours are non-trivial.
    busy_spans: dict[str, list[tuple[datetime, datetime]]] = {}
    for a in availability:
        busy_spans.setdefault(a.personnel_id, []).append((a.start_at, a.end_at))
    pool = [p for p in people if p.active and not p.is_pns and p.unit.operational]
    recent = [e for e in past if e.posts]
    assignments = ev_mod.place_past(rng, recent, pool, busy_spans, timedelta(minutes=480))
    if assignments:
        session.execute(insert(Assignment), [_stamp(dict(
            id=a["id"], requirement_id=a["requirement_id"], post_id=a["post_id"], personnel_id=a["personnel_id"],
            start_at=a["start_at"], end_at=a["end_at"], source="manual", pinned=True, status="selesai",
            reason="", created_at=a["start_at"] - timedelta(days=1)), now) for a in assignments])
        session.execute(insert(AssignmentLog), [dict(
            at=a["start_at"] - timedelta(days=1), username=DEMO_USER, action="place", assignment_id=a["id"],
            event_id=a["event_id"], personnel_id=a["personnel_id"], source="manual", before_json=None,
            after_json=None, reason="data demo") for a in assignments])

    # 7. Accounts and settings.
    by_code = {u.code: u for u in units}
    accounts = (("admin", Role.ADMIN, "Administrator Demo", None),
                ("kabagops", Role.PIMPINAN, "Kabag Ops (Demo)", None),
                ("operator", Role.OPERATOR_OPS, "Operator Bag Ops (Demo)", None),
                ("opsatker.samapta", Role.OPERATOR_SATKER, "Operator Sat Samapta (Demo)", by_code["SATSAMAPTA"].id),
                ("viewer", Role.VIEWER, "Peninjau (Demo)", None))
    session.flush()
    existing = set(session.scalars(select(UserAccount.username)))
    for username, role, full_name, unit_id in accounts:
        if username in existing:      # e.g. an admin made at first run keeps its own password
            continue
        create_user(session, SYSTEM, username, password, role, full_name=full_name, unit_id=unit_id)
    kapolres = people[0]
    kabag_ops = next((p for p in people if p.jabatan == "Kabag Ops"), None)
    store(session, SYSTEM, AppSettings(demo=True, signatory_name=kapolres.name.upper(), signatory_nrp=kapolres.nrp,
                                       delegate_name=kabag_ops.name.upper() if kabag_ops else "",
                                       delegate_nrp=kabag_ops.nrp if kabag_ops else ""))

    session.flush()
    from antasena_desktop.planning.board import day_plan
    slots = sum(e.required for e in day_plan(session, busy_day))    # the board's own figure: one number everywhere
    summary = DemoSummary(
        seed=seed, today=today, admin_username="admin", admin_password=password, password_generated=generated,
        usernames=tuple(a[0] for a in accounts), kecamatan=len(kecs), kelurahan=len(kels), venues=len(venue_rows),
        units=len(units), personnel=len(people), active_personnel=sum(1 for p in people if p.active),
        availability=len(availability), events=len(all_events), past_events=len(past), upcoming_events=len(upcoming),
        requests=len(req_rows), posts=len(post_rows), requirements=len(line_rows), assignments=len(assignments),
        busy_day=busy_day, busy_day_slots=slots, busy_day_available=len(available), kapolrestabes=kapolres.name)
    audit.record(session, SYSTEM, "demo_data", "database", note=(
        f"Data demo dibuat (seed {seed}, hari ini {today.isoformat()}): {summary.personnel} personel, "
        f"{summary.units} satuan, {summary.events} kegiatan, {summary.posts} pos, {summary.assignments} penempatan"))
    session.flush()
    summary.elapsed_seconds = round(_time.perf_counter() - started, 3)
    return summary


# -- files -------------------------------------------------------------------------------------------------
def _as_url(url_or_path: str | os.PathLike) -> tuple[str, Path | None]:
    from db.engine import sqlite_path
    text_ = str(url_or_path)
    if "://" not in text_:
        path = Path(text_).expanduser().resolve()
        return f"sqlite:///{path}", path
    return text_, sqlite_path(text_)


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            candidate.unlink()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _clean_stale_temps(target: Path) -> None:
    """Remove temp files of earlier runs that were killed (their process is gone)."""
    for candidate in target.parent.glob(f"{target.name}.tmp-*"):
        suffix = candidate.name[len(target.name) + len(".tmp-"):]
        pid_text = suffix.split("-")[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and not _pid_alive(int(pid_text)):
            candidate.unlink(missing_ok=True)


def generate_file(url_or_path: str | os.PathLike, seed: int = 7, today: date | None = None,
                  admin_password: str | None = None, *, replace: bool = False) -> DemoSummary:
    """Generate into a database. SQLite: build `<name>.tmp-<pid>` next to the target, then rename it atomically."""
    from db.database import open_database

    started = _time.perf_counter()
    url, target = _as_url(url_or_path)
    if target is None:               # another server database (or in-memory): one transaction
        db = open_database(url)
        try:
            with db.session() as s:
                if has_data(s) and not replace:
                    raise UserError(T("Basis data tujuan sudah berisi data.", "The target database already holds data."))
                summary = generate(s, seed=seed, today=today, admin_password=admin_password)
        finally:
            db.close()
        summary.elapsed_seconds = round(_time.perf_counter() - started, 3)
        summary.path = url
        return summary

    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale_temps(target)
    if target.exists() and target.stat().st_size > 0:
        check = open_database(f"sqlite:///{target}", upgrade=False)
        try:
            with check.engine.connect() as conn:
                tables = set(conn.execute(text("select name from sqlite_master where type='table'")).scalars())
            occupied = False
            if tables & {"personnel", "unit", "event", "user_account"}:
                with check.session() as s:
                    occupied = has_data(s)
        finally:
            check.close()
        if occupied and not replace:
            raise UserError(T("Berkas {path} sudah berisi data; gunakan opsi ganti (replace) untuk menimpanya.",
                              "The file {path} already holds data; use the replace option to overwrite it.",
                              path=str(target)))
    temp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    _remove_db_files(temp)
    db = None
    try:
        db = open_database(f"sqlite:///{temp}")
        with db.session() as s:
            summary = generate(s, seed=seed, today=today, admin_password=admin_password)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        db = None
        for suffix in ("-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):   # stale companions of the old target must not survive
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except BaseException:
        if db is not None:
            db.close()
        _remove_db_files(temp)
        raise
    summary.elapsed_seconds = round(_time.perf_counter() - started, 3)
    summary.path = str(target)
    return summary


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
