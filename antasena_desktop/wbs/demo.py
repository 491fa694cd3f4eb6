"""`antasena wbs demo-data`: a deterministic WBS demo — ~40 plausible cases in Indonesian across all
stages and outcomes (a few overdue), handlers for every role. Every case goes through the real
services (submit, move, assign, message, note); only the clock is simulated: after each step the
rows it wrote are dated back to the simulated day (the audit log keeps the real generation time).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import update

from antasena_desktop.i18n import T, UserError
from antasena_desktop.timefmt import WIB, now_utc
from antasena_desktop.wbs import accounts, cases, intake, keys, settings, setup
from antasena_desktop.wbs.deadlines import calendar_for, stage_due, today_wib
from antasena_desktop.wbs.roles import SYSTEM, WbsRole
from antasena_desktop.wbs.workflow import FOLLOW_UPS
from db.database import Database
from db.wbs.models import WbsAssignment, WbsCase, WbsHistory, WbsMessage, WbsNote

TEAM = [  # username, role, wilayah, full name
    ("admin", WbsRole.ADMIN, None, "Administrator Sistem (Diskominfo)"),
    ("pembina", WbsRole.PEMBINA, None, "Sekretaris Daerah Kota Palembang"),
    ("pj.wbs", WbsRole.PENANGGUNG_JAWAB, None, "Sekretaris Inspektorat"),
    ("verifikator1", WbsRole.VERIFIKATOR, None, "Rina Marlina, S.E."),
    ("verifikator2", WbsRole.VERIFIKATOR, None, "Ahmad Fauzi, S.H."),
    ("inspektur", WbsRole.INSPEKTUR, None, "Inspektur Daerah"),
    ("irban1", WbsRole.PENELAAH, "I", "Irban Wilayah I"),
    ("irban2", WbsRole.PENELAAH, "II", "Irban Wilayah II"),
    ("irban3", WbsRole.PENELAAH, "III", "Irban Wilayah III"),
    ("irban4", WbsRole.PENELAAH, "IV", "Irban Wilayah IV"),
    ("irban.inv", WbsRole.PENELAAH, "investigasi", "Irban Investigasi"),
]

SCENARIOS = [
    ("pengadaan", "Harga satuan pengadaan laptop untuk sekolah dasar jauh di atas harga e-katalog.",
     "Pejabat Pembuat Komitmen dan penyedia", "Dinas Pendidikan", "Pejabat Pembuat Komitmen",
     "Kontrak ditandatangani dengan harga satuan 35% di atas harga pasar.", "± Rp 420.000.000"),
    ("gratifikasi", "Pemohon izin usaha diminta 'uang terima kasih' agar berkas cepat diproses.",
     "Petugas loket pelayanan perizinan", "Dinas Penanaman Modal dan PTSP", "Analis Perizinan",
     "Permintaan disampaikan lisan di luar loket; nominal disebut per berkas.", "Rp 1.500.000 per berkas"),
    ("disiplin", "Pegawai jarang masuk kantor tetapi tunjangan kinerja dibayar penuh.",
     "Seorang staf pelaksana", "Dinas Perhubungan", "Staf Pelaksana",
     "Absensi diisi oleh rekan kerja memakai akun pegawai tersebut.", ""),
    ("benturan_kepentingan", "Pemenang lelang pemeliharaan jalan adalah perusahaan milik keluarga pejabat.",
     "Kepala bidang dan direktur CV pemenang", "Dinas Pekerjaan Umum dan Penataan Ruang", "Kepala Bidang Bina Marga",
     "Pejabat duduk sebagai anggota pokja pemilihan tanpa menyatakan benturan kepentingan.", "± Rp 2.100.000.000"),
    ("penyalahgunaan_wewenang", "Kendaraan dinas dipakai untuk keperluan pribadi dan usaha keluarga.",
     "Seorang kepala seksi", "Dinas Lingkungan Hidup dan Kebersihan", "Kepala Seksi",
     "Mobil dinas dibawa ke luar kota setiap akhir pekan; BBM dibebankan ke anggaran.", "± Rp 18.000.000 per tahun"),
    ("korupsi", "Perjalanan dinas fiktif: SPPD dibuat tanpa perjalanan yang sebenarnya.",
     "Bendahara pengeluaran dan dua staf", "Badan Pengelola Keuangan dan Aset Daerah", "Bendahara Pengeluaran",
     "Tiket dan bukti penginapan dipalsukan untuk pencairan uang harian.", "± Rp 96.000.000"),
    ("pengadaan", "Volume pekerjaan rehabilitasi puskesmas kurang dari yang dibayar.",
     "PPTK dan konsultan pengawas", "Dinas Kesehatan", "PPTK",
     "Berita acara kemajuan pekerjaan 100% ditandatangani padahal pekerjaan belum selesai.", "± Rp 275.000.000"),
    ("gratifikasi", "Penerimaan parsel dan voucher dari rekanan menjelang hari raya.",
     "Beberapa pejabat struktural", "Dinas Perdagangan", "Kepala Bidang",
     "Parsel diantar ke rumah pejabat oleh rekanan pengadaan.", "± Rp 25.000.000"),
    ("disiplin", "Pungutan tidak resmi untuk penerbitan surat keterangan di kantor kelurahan.",
     "Seorang staf kelurahan", "Sekretariat Daerah", "Staf Kelurahan",
     "Warga diminta membayar tanpa kuitansi resmi.", "Rp 50.000 per surat"),
    ("korupsi", "Dana hibah kelompok masyarakat dipotong sebelum diserahkan.",
     "Pejabat pengelola hibah", "Dinas Sosial", "Kepala Seksi Pemberdayaan",
     "Penerima menandatangani kuitansi penuh tetapi menerima jumlah lebih kecil.", "± Rp 140.000.000"),
    ("lainnya", "Data kependudukan warga diberikan kepada pihak luar untuk kepentingan pemasaran.",
     "Operator sistem", "Dinas Kependudukan dan Pencatatan Sipil", "Operator SIAK",
     "Ekspor data dilakukan di luar jam kerja memakai akun operator.", ""),
    ("penyalahgunaan_wewenang", "Penertiban pedagang hanya menyasar pedagang yang tidak membayar 'uang keamanan'.",
     "Oknum petugas lapangan", "Satuan Polisi Pamong Praja", "Komandan Regu",
     "Pedagang yang membayar setiap minggu tidak ditertibkan.", "Rp 100.000 per minggu per pedagang"),
    ("korupsi", "Retribusi parkir pasar disetor lebih kecil dari karcis yang terjual.",
     "Koordinator pemungut retribusi", "Kecamatan Ilir Barat I", "Koordinator Lapangan",
     "Karcis dicetak ganda; sebagian hasil pungutan tidak disetor ke kas daerah.", "± Rp 60.000.000"),
]
NAMES = ["Hendra", "Yusuf", "Dedi", "Rudi", "Sri", "Nurul", "Agus", "Fitri", "Bambang", "Dewi", "Iwan", "Lestari",
         "Joko", "Wulan", "Herman", "Ratna"]
SURNAMES = ["Saputra", "Wijaya", "Pratama", "Kurniawan", "Hidayat", "Santoso", "Lubis", "Siregar", "Harahap",
            "Nugroho", "Susanti", "Rahmawati"]

# (target stage, outcome/extra, count, overdue)
PLAN = [
    ("diterima", None, 3, False), ("diterima", None, 2, True),
    ("verifikasi", None, 3, False), ("verifikasi", None, 1, True),
    ("kelengkapan", None, 2, False),
    ("penelaahan", None, 4, False), ("penelaahan", None, 1, True),
    ("persetujuan", None, 3, False),
    ("tindak_lanjut", "audit_investigasi", 2, False), ("tindak_lanjut", "rekomendasi_ppk", 2, False),
    ("tindak_lanjut", "rujukan_aph", 1, True),
    ("verifikasi_tl", "rekomendasi_ppk", 3, False),
    ("selesai", "terbukti", 4, False), ("selesai", "tidak_terbukti", 3, False), ("selesai", "dilimpahkan", 2, False),
    ("ditolak", "tidak_memenuhi_syarat", 2, False), ("ditolak", "bukan_kewenangan", 1, False),
    ("ditolak", "dilimpahkan", 1, False),
]
CHECKLIST = {"lingkup": True, "6w1h": True, "bukti": True, "bukan_pelaku": True}
# how many steps each target takes (each 1–2 working days); late cases start LATE_GAP working days earlier
ACTS = {"diterima": 0, "verifikasi": 2, "kelengkapan": 4, "ditolak": 4, "penelaahan": 3, "persetujuan": 5,
        "tindak_lanjut": 7, "verifikasi_tl": 9, "selesai": 12}
LATE_GAP = 40


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    overdue: int
    usernames: list[str]


class _Clock:
    """Simulated working days for one case: each step a few working days after the previous one."""

    def __init__(self, rng: random.Random, cal, start: date, today: date):
        self.rng, self.cal, self.day, self.today = rng, cal, start, today

    def at(self, day: date) -> datetime:
        return datetime.combine(day, time(self.rng.randint(8, 15), self.rng.randint(0, 59)), WIB).astimezone(timezone.utc)

    def step(self, low: int = 1, high: int = 2) -> datetime:
        self.day = min(self.cal.add_working_days(self.day, self.rng.randint(low, high)), self.today)
        return self.at(self.day)


def generate(database: Database, password: str, sheet: Path, seed: int = 14, today: date | None = None) -> DemoSummary:
    today = today or today_wib()
    rng = random.Random(seed)
    with database.session() as session:
        if settings.get_bytes(session, keys.ESCROW_PUBLIC) is not None:
            raise UserError(T("Basis data WBS ini sudah berisi data; demo hanya untuk basis data baru.",
                              "This WBS database already holds data; the demo is for a new database only."))
        setup.initialise(session, password, sheet, database.describe())
        settings.put(session, "inspektur_name", "Dr. Hj. Contoh Inspektur, S.H., M.H.")
        settings.put(session, "inspektur_nip", "197001011995032001")
        for username, role, wilayah, full_name in TEAM[1:]:
            accounts.create_account(session, SYSTEM, username, password, role, full_name=full_name, wilayah=wilayah)
    rings = {}
    for username, *_ in TEAM:
        with database.session() as session:
            rings[username] = accounts.login(session, username, password, source="system")
    with database.session() as session:
        cal = calendar_for(session)
    overdue = n = 0
    with database.session() as session:            # every case in one transaction: all or nothing
        for target, extra, count, late in PLAN:
            for _ in range(count):
                _one_case(session, rings, rng, cal, today, target, extra, late, n)
                n += 1
                overdue += late
    return DemoSummary(n, overdue, [u for u, *_ in TEAM])


def _form(rng: random.Random, n: int) -> dict:
    category, what, who, agency, position, how, how_much = SCENARIOS[n % len(SCENARIOS)]
    name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"
    identified = rng.random() < 0.3
    form = {"category": category, "what": what, "who": who, "where": f"Kantor {agency}, Palembang",
            "when": rng.choice(["Januari 2026", "sejak awal 2026", "Maret–April 2026", "masih berlangsung",
                                "akhir tahun anggaran 2025"]),
            "how": how, "how_much": how_much,
            "reported_party": {"name": name, "position": position, "agency": agency},
            "anonymous": not identified, "not_involved": True}
    if identified:
        form["identity"] = {"name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                            "nip": f"19{rng.randint(70, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                                   f"20{rng.randint(5, 20):02d}{rng.randint(1, 12):02d}{rng.randint(1, 2)}"
                                   f"{rng.randint(1, 999):03d}",
                            "contact": f"08{rng.randint(11, 13)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"}
    return form


def _one_case(session, rings, rng, cal, today, target, extra, late, n) -> None:
    span = round(ACTS[target] * 1.5) + rng.randint(1, 2) + (LATE_GAP if late else 0)
    if target in ("selesai", "ditolak"):
        span += rng.randint(0, 200)      # closed cases spread over the past year
    start = today
    while span > 0:                      # `span` working days before today
        start -= timedelta(days=1)
        span -= cal.is_working_day(start)
    clock = _Clock(rng, cal, start, today)
    received = clock.at(start)
    done = intake.submit_report(session, _form(rng, n), received_at=received, source="system")
    cid = done.case_id

    def act(username, fn, *args, at=None, **kwargs):
        actor, keyring = rings[username]
        mark = now_utc()
        fn(session, actor, keyring, *args, **kwargs)
        _backdate(session, cid, mark, at or clock.step(), cal)

    verifier = rng.choice(["verifikator1", "verifikator2"])
    if target == "diterima":
        return
    ack = None if late and target == "verifikasi" else True
    act(verifier, cases.move_case, cid, "verifikasi")
    if ack:
        act(verifier, cases.send_message, cid, "Terima kasih. Laporan Anda telah kami terima dan sedang diverifikasi.")
    if target == "verifikasi":
        return
    if target == "kelengkapan":
        act(verifier, cases.move_case, cid, "kelengkapan", "Bukti awal belum dilampirkan.")
        act(verifier, cases.send_message, cid, "Mohon lampirkan bukti awal (foto, dokumen kontrak atau kuitansi).")
        return
    if target == "ditolak":
        act(verifier, cases.send_message, cid, "Laporan tidak dapat kami tindak lanjuti; alasannya kami sampaikan "
            "dalam status laporan.")
        act(verifier, cases.move_case, cid, "ditolak", "Hasil verifikasi: " + extra.replace("_", " ") + ".", outcome=extra)
        return
    act(verifier, cases.move_case, cid, "penelaahan", checklist=CHECKLIST)
    reviewer = cases.case_row(session, rings["inspektur"][0], cid).assigned[0]
    if target == "penelaahan":
        return
    act(reviewer, cases.add_note, cid, "Telaahan: uraian memenuhi 6W+1H, bukti awal cukup; disarankan "
        "ditindaklanjuti dengan pemeriksaan.", kind="telaahan")
    act(reviewer, cases.move_case, cid, "persetujuan")
    if target == "persetujuan":
        return
    follow_up = extra if extra in FOLLOW_UPS else rng.choice(list(FOLLOW_UPS))
    act("inspektur", cases.move_case, cid, "tindak_lanjut", "Telaahan disetujui.", follow_up=follow_up)
    act(verifier, cases.send_message, cid, "Laporan Anda sedang ditindaklanjuti oleh Inspektorat.")
    if target == "tindak_lanjut":
        return
    act(reviewer, cases.add_note, cid, "LHTL: hasil pemeriksaan dan rekomendasi telah disusun.", kind="lhtl")
    act(reviewer, cases.move_case, cid, "verifikasi_tl")
    if target == "verifikasi_tl":
        return
    act(verifier, cases.add_note, cid, "LHTL telah diverifikasi dan sesuai dengan telaahan.", kind="verifikasi")
    act("inspektur", cases.move_case, cid, "selesai", outcome=extra)
    act(verifier, cases.send_message, cid, "Laporan Anda telah selesai ditindaklanjuti. Terima kasih atas partisipasi Anda.")


def _backdate(session, case_id: str, mark: datetime, at: datetime, cal) -> None:
    """Date the rows one step wrote (at or after `mark`) back to the simulated moment `at`."""
    for model in (WbsHistory, WbsMessage, WbsNote):
        session.execute(update(model).where(model.case_id == case_id, model.at >= mark).values(at=at))
    session.execute(update(WbsAssignment).where(WbsAssignment.case_id == case_id, WbsAssignment.assigned_at >= mark)
                    .values(assigned_at=at))
    case = session.get(WbsCase, case_id)
    for column in ("stage_entered_at", "acknowledged_at", "feedback_at", "closed_at", "last_update_at"):
        value = getattr(case, column)
        if value is not None and value >= mark:
            setattr(case, column, at)
    case.stage_due = stage_due(session, case.stage, case.stage_entered_at)
    if case.closed_at is not None and case.closed_at == at:
        days = int(settings.get(session, "retention_days").get(case.outcome, 365))
        case.purge_after = cal.next_working_day(today_wib(at) + timedelta(days=days))
