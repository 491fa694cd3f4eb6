"""The PKS data exchange with Pemkot Palembang: export packages under a redaction profile, their check,
and the import of Pemkot's event permits / road closures as requests in the event register.

Package (`antasena-pks/1`, a zip): `kalender.csv` (the public calendar subset: no kerawanan, no
description), `penempatan.csv` (per post: required and placed counts), `personel.csv` (names and NRP —
only under the profile `names`), `berita.json` + `lampiran/…` (published posts and their files), and
`manifest.json`: recipient, profile, period, who made it and the SHA-256 and size of every other file.
Every export is audited (who, when, to whom, which profile, the files and the manifest's SHA-256, which
the sender can read out to the recipient to close the loop). `verify_package` is the recipient's check.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, EVENT_STATUS_BY_CODE
from antasena_desktop.files import private_atomic_path
from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.portal.policy import Profile, names_allowed
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import WIB, now_utc, to_wib
from db.models import (Assignment, Event, Kecamatan, NewsPost, Personnel, Post, PostRequirement, Rank,
                       SecurityRequest, Unit, Venue)

FORMAT = "antasena-pks/1"
MANIFEST = "manifest.json"
PEMKOT_ORG = "Pemerintah Kota Palembang"


# ---------------------------------------------------------------- export

@dataclass(frozen=True)
class ExportResult:
    path: Path
    recipient: str
    profile: Profile
    files: dict[str, str]          # name → SHA-256
    manifest_sha256: str
    events: int
    placements: int


def _csv(rows: list[list], header: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _wib(moment: datetime) -> str:
    return to_wib(moment).strftime("%Y-%m-%d %H:%M")


def _label(index, code: str) -> str:
    term = index.get(code)
    return term.id if term else code


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise UserError(T("Tanggal akhir {b} sebelum tanggal awal {a}.", "The end date {b} is before the start {a}.",
                          a=start.isoformat(), b=end.isoformat()))
    lo = datetime(start.year, start.month, start.day, tzinfo=WIB)
    hi = datetime(end.year, end.month, end.day, tzinfo=WIB) + timedelta(days=1)
    return lo, hi


def package_files(session: Session, profile: Profile, start: date, end: date) -> tuple[dict[str, bytes], int, int]:
    """The package's files (without the manifest) for [start, end] (WIB days): (files, events, placements)."""
    lo, hi = _period(start, end)
    events = session.execute(
        select(Event.id, Event.number, Event.title, Event.kind, Event.start_at, Event.end_at, Event.address,
               Venue.name, Kecamatan.name, Event.status, Event.organiser)
        .outerjoin(Venue, Venue.id == Event.venue_id).outerjoin(Kecamatan, Kecamatan.code == Event.kecamatan_code)
        .where(Event.deleted_at.is_(None), Event.end_at > lo, Event.start_at < hi)
        .order_by(Event.start_at, Event.number)).all()
    calendar = [[number, title, _label(EVENT_KIND_BY_CODE, kind), _wib(s), _wib(e), venue or address or "",
                 kecamatan or "", _label(EVENT_STATUS_BY_CODE, status), organiser or ""]
                for _id, number, title, kind, s, e, address, venue, kecamatan, status, organiser in events]
    number_of = {row[0]: row[1] for row in events}
    posts = session.execute(select(Post.id, Post.event_id, Post.name, Post.start_at, Post.end_at)
                            .where(Post.event_id.in_(list(number_of)), Post.deleted_at.is_(None))
                            .order_by(Post.start_at, Post.name)).all() if number_of else []
    post_ids = [p[0] for p in posts]
    required = dict(session.execute(select(PostRequirement.post_id, func.sum(PostRequirement.count))
                                    .where(PostRequirement.post_id.in_(post_ids), PostRequirement.deleted_at.is_(None))
                                    .group_by(PostRequirement.post_id)).all()) if post_ids else {}
    people = session.execute(
        select(Assignment.post_id, Personnel.name, Personnel.nrp, Rank.name, Unit.short_name, Assignment.start_at,
               Assignment.end_at)
        .join(Personnel, Personnel.id == Assignment.personnel_id).join(Rank, Rank.code == Personnel.rank_code)
        .join(Unit, Unit.id == Personnel.unit_id)
        .where(Assignment.post_id.in_(post_ids), Assignment.deleted_at.is_(None))
        .order_by(Assignment.start_at, Personnel.name)).all() if post_ids else []
    placed: dict[str, int] = {}
    for row in people:
        placed[row[0]] = placed.get(row[0], 0) + 1
    post_of = {p[0]: p for p in posts}
    summary = [[number_of[event_id], name, _wib(s), _wib(e), int(required.get(pid) or 0), placed.get(pid, 0)]
               for pid, event_id, name, s, e in posts]
    files = {
        "kalender.csv": _csv(calendar, ["nomor", "judul", "jenis", "mulai_wib", "selesai_wib", "tempat", "kecamatan",
                                        "status", "penyelenggara"]),
        "penempatan.csv": _csv(summary, ["nomor_kegiatan", "pos", "mulai_wib", "selesai_wib", "kebutuhan",
                                         "ditempatkan"]),
    }
    if names_allowed(profile):
        files["personel.csv"] = _csv(
            [[number_of[post_of[pid][1]], post_of[pid][2], name, nrp, rank, unit, _wib(s), _wib(e)]
             for pid, name, nrp, rank, unit, s, e in people],
            ["nomor_kegiatan", "pos", "nama", "nrp", "pangkat", "satuan", "mulai_wib", "selesai_wib"])
    news = session.scalars(select(NewsPost).where(NewsPost.deleted_at.is_(None), NewsPost.withdrawn_at.is_(None),
                                                  NewsPost.publish_at <= now_utc())
                           .order_by(NewsPost.publish_at.desc())).all()
    items = []
    for post in news:
        attachments = []
        for a in post.attachments:
            if a.deleted_at is not None:
                continue
            name = f"lampiran/{post.id[:8]}/{a.filename}"
            files[name] = a.data
            attachments.append({"berkas": name, "sha256": a.sha256, "ukuran": a.size})
        items.append({"jenis": post.kind, "judul": post.title, "isi": post.body,
                      "terbit_wib": _wib(post.publish_at), "lampiran": attachments})
    files["berita.json"] = json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8")
    return files, len(events), len(people)


def export_package(session: Session, actor: Actor, recipient: str, profile: Profile | str, start: date, end: date,
                   target: str | Path) -> tuple[ExportResult, Changes]:
    """Write the package (0600, atomically) and audit the export in the caller's transaction."""
    require(actor, Permission.EXCHANGE_PKS)
    recipient = (recipient or "").strip()
    if not recipient:
        raise UserError(T("Sebutkan penerima paket (mis. Diskominfo Kota Palembang).",
                          "Name the package's recipient (e.g. Diskominfo Kota Palembang)."))
    try:
        profile = Profile(profile)
    except ValueError:
        raise UserError(T("Profil redaksi tidak dikenal: {p} (pilih counts-only atau names).",
                          "Unknown redaction profile: {p} (choose counts-only or names).", p=profile)) from None
    files, n_events, n_placements = package_files(session, profile, start, end)
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    manifest = {
        "format": FORMAT, "penerima": recipient, "profil": profile.value,
        "periode": {"dari": start.isoformat(), "sampai": end.isoformat()},
        "dibuat_wib": _wib(now_utc()), "dibuat_oleh": actor.username,
        "berkas": {name: {"sha256": hashes[name], "ukuran": len(files[name])} for name in sorted(files)},
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    manifest_sha = hashlib.sha256(manifest_bytes).hexdigest()
    target = Path(target)
    changes = Changes()
    audit.record(session, actor, "pks_export", "pks_export", manifest_sha[:16], None,
                 {"recipient": recipient, "profile": profile.value, "from": start.isoformat(), "to": end.isoformat(),
                  "file": target.name, "files": sorted(files), "manifest_sha256": manifest_sha,
                  "events": n_events, "placements": n_placements},
                 note=f"paket PKS kepada {recipient}, profil {profile.value}")
    session.flush()                     # the audit row is in before the file exists (a failed write rolls it back)
    with private_atomic_path(target) as temp:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(files):
                archive.writestr(name, files[name])
            archive.writestr(MANIFEST, manifest_bytes)
    return ExportResult(target, recipient, profile, hashes, manifest_sha, n_events, n_placements), changes


@dataclass
class VerifyReport:
    manifest: dict = field(default_factory=dict)
    manifest_sha256: str = ""
    problems: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_package(path: str | Path) -> VerifyReport:
    """The recipient's check: every file listed with the right SHA-256 and size, nothing unlisted."""
    report = VerifyReport()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UserError(T("Paket {p} tidak dapat dibuka: {e}", "The package {p} cannot be opened: {e}",
                          p=str(path), e=str(exc))) from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise UserError(T("Paket {p} tidak memuat manifest.json.", "The package {p} has no manifest.json.", p=str(path)))
        raw = archive.read(MANIFEST)
        report.manifest_sha256 = hashlib.sha256(raw).hexdigest()
        try:
            report.manifest = json.loads(raw)
        except ValueError:
            raise UserError(T("manifest.json rusak.", "manifest.json is damaged.")) from None
        if report.manifest.get("format") != FORMAT:
            report.problems.append(T("Format paket tidak dikenal: {f}", "Unknown package format: {f}",
                                     f=str(report.manifest.get("format"))))
        listed = report.manifest.get("berkas") or {}
        for name, meta in sorted(listed.items()):
            if name not in names:
                report.problems.append(T("Berkas {f} hilang dari paket.", "The file {f} is missing.", f=name))
                continue
            data = archive.read(name)
            if hashlib.sha256(data).hexdigest() != meta.get("sha256") or len(data) != meta.get("ukuran"):
                report.problems.append(T("Berkas {f} tidak cocok dengan manifest (SHA-256).",
                                         "The file {f} does not match the manifest (SHA-256).", f=name))
        for name in sorted(names - set(listed) - {MANIFEST}):
            report.problems.append(T("Berkas {f} tidak tercantum di manifest.", "The file {f} is not in the manifest.",
                                     f=name))
    return report


# ---------------------------------------------------------------- import of Pemkot permits / road closures

PERMIT_KINDS = {"izin_keramaian": T("Izin keramaian", "Crowd permit"),
                "penutupan_jalan": T("Penutupan jalan", "Road closure")}
COLUMNS = ("nomor_izin", "jenis_izin", "judul", "jenis_kegiatan", "penyelenggara", "lokasi", "ruas_jalan",
           "mulai", "selesai", "perkiraan_massa", "lat", "lon", "tanggal_surat")
REQUIRED = ("nomor_izin", "jenis_izin", "judul", "penyelenggara", "lokasi", "mulai", "selesai")
MAX_BYTES = 5_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TIME = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[:.](\d{2}))?\s*$")
_TIME_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?\s*$")


def _bad(row: int, column: str, id_text: str, en_text: str, **params) -> UserError:
    return UserError(T("Baris {r}, kolom {c}: " + id_text, "Row {r}, column {c}: " + en_text, r=row, c=column, **params))


def _moment(row: int, column: str, text: str) -> datetime:
    match = _TIME.match(text) or _TIME_DMY.match(text)
    if not match:
        raise _bad(row, column, "waktu \"{v}\" tidak dikenal (contoh 2026-03-10 08:00).",
                   "the time \"{v}\" is not understood (e.g. 2026-03-10 08:00).", v=text)
    parts = [int(p) if p else 0 for p in match.groups()]
    year, month, day = (parts[0], parts[1], parts[2]) if match.re is _TIME else (parts[2], parts[1], parts[0])
    try:
        return datetime(year, month, day, parts[3], parts[4], tzinfo=WIB)
    except ValueError:
        raise _bad(row, column, "tanggal \"{v}\" tidak ada.", "the date \"{v}\" does not exist.", v=text) from None


def _number(row: int, column: str, text: str, kind=float):
    try:
        return kind(text.replace(",", ".") if kind is float else text.replace(".", ""))
    except ValueError:
        raise _bad(row, column, "\"{v}\" bukan angka.", "\"{v}\" is not a number.", v=text) from None


def read_permits(text: str) -> list[dict[str, str]]:
    """The CSV rows (header names lower-cased); refuses control characters, a wrong header, a huge file."""
    if len(text) > MAX_BYTES:
        raise UserError(T("Berkas terlalu besar (batas {n} MB).", "The file is too large (limit {n} MB).",
                          n=MAX_BYTES // 1_000_000))
    lines = text.lstrip("\ufeff").splitlines()
    bad = next((i for i, line in enumerate(lines, start=1) if _CONTROL.search(line)), None)
    if bad is not None:
        raise UserError(T("Baris {n}: karakter kendali (mis. NUL) tidak diterima.",
                          "Line {n}: control characters (e.g. NUL) are not accepted.", n=bad))
    try:
        dialect = csv.Sniffer().sniff(lines[0] if lines else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [{(k or "").strip().lower(): (v if isinstance(v, str) else "").strip() for k, v in row.items()}
                for row in csv.DictReader(lines, dialect=dialect)]
    except csv.Error as exc:
        raise UserError(T("Berkas CSV rusak: {e}", "Malformed CSV: {e}", e=str(exc))) from None
    header = [h.strip().lower() for h in next(csv.reader(lines[:1], dialect=dialect), [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UserError(T("Kolom wajib tidak ada: {c}", "Required columns missing: {c}", c=", ".join(missing)))
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        raise UserError(T("Kolom tidak dikenal: {c}", "Unknown columns: {c}", c=", ".join(unknown)))
    return rows


def _row_values(row_number: int, row: dict[str, str]) -> tuple[dict, dict]:
    """(event values, request values) of one CSV row, each field checked with the row and column named."""
    for column in REQUIRED:
        if not row.get(column):
            raise _bad(row_number, column, "wajib diisi.", "is required.")
    permit_kind = row["jenis_izin"].lower()
    if permit_kind not in PERMIT_KINDS:
        raise _bad(row_number, "jenis_izin", "\"{v}\" tidak dikenal (izin_keramaian atau penutupan_jalan).",
                   "\"{v}\" is unknown (izin_keramaian or penutupan_jalan).", v=row["jenis_izin"])
    kind = (row.get("jenis_kegiatan") or "keramaian_umum").lower()
    if kind not in EVENT_KIND_BY_CODE or kind == "pemilu":
        raise _bad(row_number, "jenis_kegiatan", "jenis kegiatan \"{v}\" tidak dikenal.",
                   "the event kind \"{v}\" is unknown.", v=kind)
    start, end = _moment(row_number, "mulai", row["mulai"]), _moment(row_number, "selesai", row["selesai"])
    if end <= start:
        raise _bad(row_number, "selesai", "waktu selesai harus setelah waktu mulai.", "the end must be after the start.")
    road = row.get("ruas_jalan") or ""
    if permit_kind == "penutupan_jalan" and not road:
        raise _bad(row_number, "ruas_jalan", "wajib diisi untuk penutupan jalan.", "is required for a road closure.")
    crowd = _number(row_number, "perkiraan_massa", row["perkiraan_massa"], int) if row.get("perkiraan_massa") else 0
    if crowd < 0:
        raise _bad(row_number, "perkiraan_massa", "tidak boleh negatif.", "cannot be negative.")
    lat = _number(row_number, "lat", row["lat"]) if row.get("lat") else None
    lon = _number(row_number, "lon", row["lon"]) if row.get("lon") else None
    if (lat is None) != (lon is None):
        raise _bad(row_number, "lat" if lat is None else "lon", "lintang dan bujur harus diisi keduanya.",
                   "latitude and longitude go together.")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _bad(row_number, "lat", "koordinat {a}, {b} tidak sah.", "the coordinates {a}, {b} are not valid.",
                   a=lat, b=lon)
    received = _moment(row_number, "tanggal_surat", row["tanggal_surat"]) if row.get("tanggal_surat") else now_utc()
    label = PERMIT_KINDS[permit_kind].render("id")
    description = f"{label} Pemkot no. {row['nomor_izin']}" + (f"; ruas jalan: {road}" if road else "")
    event = {"title": row["judul"][:200], "kind": kind, "organiser": row["penyelenggara"][:160],
             "address": row["lokasi"][:200], "start_at": start, "end_at": end, "expected_crowd": crowd,
             "description": description}
    if lat is not None:
        event.update(lat=lat, lon=lon)
    request = {"received_at": received, "channel": "surat", "requester_name": row["penyelenggara"][:120],
               "requester_org": PEMKOT_ORG, "subject": f"{label}: {row['judul']}"[:200],
               "letter_number": row["nomor_izin"][:80]}
    return event, request


def import_permits(session: Session, actor: Actor, text: str) -> Changes:
    """Each new permit becomes an event (status Diterima) and its request through the register's own
    validation, all in the caller's transaction: one bad row refuses the whole file, naming the row and
    column. Permits already imported (same number from Pemkot) are skipped; `changes.note` counts both."""
    from antasena_desktop.services import events, requests

    require(actor, Permission.EXCHANGE_PKS)
    require(actor, Permission.EDIT_EVENTS)
    rows = read_permits(text)
    known = set(session.scalars(select(SecurityRequest.letter_number).where(
        SecurityRequest.requester_org == PEMKOT_ORG, SecurityRequest.deleted_at.is_(None))))
    seen: dict[str, int] = {}
    changes, created, skipped = Changes(), 0, 0
    for number, row in enumerate(rows, start=2):            # row 1 is the header
        event_values, request_values = _row_values(number, row)
        permit = request_values["letter_number"]
        if permit in seen:
            raise _bad(number, "nomor_izin", "nomor izin {v} sudah ada di baris {o}.",
                       "the permit number {v} is already on row {o}.", v=permit, o=seen[permit])
        seen[permit] = number
        if permit in known:
            skipped += 1
            continue
        try:
            done = events.register_event(session, actor, event_values)
            request_values["event_id"] = done.created("event")[0]
            done.extend(requests.create_request(session, actor, request_values))
        except UserError as exc:
            raise UserError(T("Baris {r}: {m}", "Row {r}: {m}", r=number, m=exc.text)) from None
        changes.extend(done)
        created += 1
    changes.note = f"{created} izin diimpor, {skipped} sudah ada"
    return changes
