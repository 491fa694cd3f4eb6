"""Screenshots of the main WBS views at 1600×1000 into docs/img/wbs_*.png.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui_wbs/make_screenshots.py [OUT_DIR]

Uses `antasena wbs demo-data` content when the core provides it (`antasena_desktop.wbs.demo`),
otherwise files a handful of cases through the core's services and moves them along.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ui.bootstrap import prepare_qt  # noqa: E402

prepare_qt(headless=True)

PASSWORD = "Rahasia-123"


def seed(database, tmp: Path) -> None:
    """Accounts per role and cases across the stages, through the services (as the desk would)."""
    from antasena_desktop.wbs import accounts, cases, intake, setup
    from antasena_desktop.wbs.roles import SYSTEM, WbsRole
    try:
        from antasena_desktop.wbs import demo
    except ImportError:
        demo = None
    if demo is not None:
        demo.generate(database, PASSWORD, tmp / "sheet.txt")
        with database.session() as session:       # one pending identity request for the Inspektur's list
            veri, vkey = accounts.login(session, "verifikator1", PASSWORD)
        with database.session() as session:
            for row in cases.list_cases(session, veri):
                if cases.open_case(session, veri, vkey, row.id).has_identity:
                    cases.request_identity(session, veri, row.id, "800/214/ST/WK/2026 — klarifikasi pelapor")
                    break
        return
    with database.session() as session:
        setup.initialise(session, PASSWORD, tmp / "sheet.txt", database.describe())
        for username, role, wilayah, name in (
                ("verifikator1", WbsRole.VERIFIKATOR, None, "Rina Marlina, S.E."),
                ("inspektur", WbsRole.INSPEKTUR, None, "Dr. Jamilah Hartono, S.H., M.H."),
                ("irban2", WbsRole.PENELAAH, "II", "Ahmad Fauzi, S.E., M.Si."),
                ("irban3", WbsRole.PENELAAH, "III", "Yuliana Putri, S.T.")):
            accounts.create_account(session, SYSTEM, username, PASSWORD, role, full_name=name, wilayah=wilayah)
    reports = [
        ("pengadaan", "Harga pengadaan laptop sekolah dinaikkan 40% dari harga e-katalog.", "Dinas Pendidikan",
         "Drs. Hendra Saputra", "PPK"),
        ("gratifikasi", "Pemohon izin diminta uang pelicin Rp 2.500.000 agar berkas cepat diproses.",
         "Dinas Penanaman Modal dan PTSP", "Budi Santoso", "Kepala Seksi Perizinan"),
        ("disiplin", "Pegawai sering tidak masuk kerja tetapi absensi elektronik tetap tercatat hadir.",
         "Dinas Perhubungan", "R. Wijaya", "Staf Pelaksana"),
        ("penyalahgunaan_wewenang", "Kendaraan dinas dipakai untuk keperluan pribadi di luar kota setiap akhir pekan.",
         "Dinas Pekerjaan Umum dan Penataan Ruang", "Ir. Sutrisno", "Kepala Bidang Bina Marga"),
        ("benturan_kepentingan", "Pejabat pengadaan memenangkan perusahaan milik iparnya.", "Dinas Kesehatan",
         "dr. Melati Sari", "Sekretaris Dinas"),
        ("korupsi", "Dana hibah kelompok tani dipotong 20% oleh oknum pendamping.", "Dinas Koperasi dan UKM",
         "Agus Salim", "Pendamping"),
    ]
    from datetime import timedelta

    from antasena_desktop.timefmt import now_utc
    submitted = []
    with database.session() as session:
        for i, (category, what, agency, name, position) in enumerate(reports):
            form = {"category": category, "what": what, "who": f"{name} ({position})", "where": f"Kantor {agency}",
                    "when": "Oktober–November 2026", "how": "Disampaikan oleh rekan kerja yang melihat langsung.",
                    "how_much": "Belum diketahui", "anonymous": i % 2 == 0, "not_involved": True,
                    "reported_party": {"name": name, "position": position, "agency": agency},
                    "identity": None if i % 2 == 0 else {"name": "Pelapor Contoh", "nip": "198701012010011001",
                                                         "contact": "0812-7000-1234"}}
            submitted.append(intake.submit_report(session, form, [intake.Attachment(
                "bukti.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")], received_at=now_utc() - timedelta(days=30 - 4 * i)))
    with database.session() as session:
        veri, vkey = accounts.login(session, "verifikator1", PASSWORD)
    checklist = {"lingkup": True, "6w1h": True, "bukti": True, "bukan_pelaku": True}
    with database.session() as session:
        for s in submitted[1:]:
            cases.move_case(session, veri, vkey, s.case_id, "verifikasi", "")
        cases.send_message(session, veri, vkey, submitted[1].case_id,
                           "Terima kasih. Mohon lampirkan foto kuitansi atau bukti transfer bila ada.")
        cases.add_note(session, veri, vkey, submitted[1].case_id, "Pelapor tampak memahami alur perizinan; perlu dicek ke loket.")
        intake.reporter_reply(session, submitted[1].receipt, "Bukti transfer ada pada saya. Apakah aman dikirim lewat "
                                                             "aplikasi ini? Saya khawatir atasan mengetahuinya.")
        cases.send_message(session, veri, vkey, submitted[1].case_id,
                           "Aman. Lampiran dienkripsi dan hanya dapat dibuka oleh Tim WBS yang menangani. Silakan "
                           "tambahkan lewat halaman Lacak Laporan.")
        for s in submitted[2:]:
            cases.move_case(session, veri, vkey, s.case_id, "penelaahan", "", checklist=checklist)
    with database.session() as session:
        irban, ikey = accounts.login(session, "irban3", PASSWORD)
    with database.session() as session:
        cases.add_note(session, irban, ikey, submitted[3].case_id, "Telaahan: cukup bukti awal; usul audit investigasi.",
                       "telaahan")
        cases.move_case(session, irban, ikey, submitted[3].case_id, "persetujuan", "")
    with database.session() as session:
        insp, nkey = accounts.login(session, "inspektur", PASSWORD)
    with database.session() as session:
        cases.move_case(session, insp, nkey, submitted[3].case_id, "tindak_lanjut", "Disetujui",
                        follow_up="audit_investigasi")
    with database.session() as session:
        cases.request_identity(session, veri, submitted[1].case_id, "800/214/ST/WK/2026 — klarifikasi pelapor")


def main(out: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from antasena_desktop.wbs import accounts
    from db.wbs.database import open_wbs_database
    from ui.wbs.context import WbsContext
    from ui.wbs.main_window import WbsMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="wbs-shots-"))
    os.environ["ANTASENA_DATA_DIR"] = str(tmp / "data")
    database = open_wbs_database(f"sqlite:///{tmp}/wbs.db")
    seed(database, tmp)
    out.mkdir(parents=True, exist_ok=True)

    def settle(ms: int = 600) -> None:
        import time
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def window_for(username: str) -> WbsMainWindow:
        with database.session() as session:
            actor, keyring = accounts.login(session, username, PASSWORD)
        window = WbsMainWindow(WbsContext(database, actor, keyring),
                               QSettings(str(tmp / f"{username}.ini"), QSettings.Format.IniFormat))
        window.resize(1600, 1000)
        window.show()
        settle()
        return window

    def shot(window, name: str) -> None:
        settle()
        window.grab().save(str(out / f"wbs_{name}.png"))
        print("wrote", out / f"wbs_{name}.png")

    def wait(predicate, ms: int = 15000) -> None:
        import time
        end = time.monotonic() + ms / 1000
        while not predicate() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    window = window_for("inspektur")
    if "dashboard" in window.keys:
        view = window.show_view("dashboard")
        wait(lambda: view.loaded)
        shot(window, "dashboard")
    cases = window.show_view("cases")
    wait(lambda: cases.loaded and cases.model.rowCount() > 0)
    from PySide6.QtCore import Qt as _Qt
    cases.table.sortByColumn(4, _Qt.SortOrder.AscendingOrder)      # by due date: the overdue (red) rows on top
    target = next(r for r in cases.model.rows if r.stage == "tindak_lanjut")
    cases.select_case(target.id)
    wait(lambda: cases.detail.case is not None and cases.detail.case.case_id == target.id)
    shot(window, "cases")
    later = next(r for r in cases.model.rows if r.stage == "verifikasi_tl")
    cases.select_case(later.id)
    wait(lambda: cases.detail.case is not None and cases.detail.case.case_id == later.id)
    cases.detail.tabs.setCurrentWidget(cases.detail.pages["notes"])
    shot(window, "case_notes")
    cases.detail.tabs.setCurrentWidget(cases.detail.pages["history"])
    shot(window, "case_history")
    cases.detail.tabs.setCurrentWidget(cases.detail.access)
    shot(window, "access_history")
    due = window.show_view("due")
    wait(lambda: due.loaded)
    shot(window, "due")
    identity = window.show_view("identity")
    wait(lambda: identity.loaded)
    shot(window, "identity")
    printing = window.show_view("print")
    wait(lambda: printing.loaded)
    shot(window, "print")
    settings_view = window.show_view("settings")
    wait(lambda: settings_view.loaded)
    shot(window, "settings")
    window.close()

    window = window_for("verifikator1")
    cases = window.show_view("cases")
    wait(lambda: cases.loaded and cases.model.rowCount() > 0)
    target = next(r for r in cases.model.rows if r.stage == "verifikasi" and r.message_count)
    cases.select_case(target.id)
    wait(lambda: cases.detail.case is not None and cases.detail.case.case_id == target.id)
    cases.detail.tabs.setCurrentWidget(cases.detail.pages["messages"])
    shot(window, "case_messages")
    from PySide6.QtCore import QTimer
    from ui.wbs.dialogs import ActionDialog
    action = next(a for a in cases.detail.case.actions if a.target == "penelaahan")
    dialog = ActionDialog(action.form, window)
    dialog.show()
    settle()
    dialog.move(window.geometry().center() - dialog.rect().center())
    for box in list(dialog.criteria.values())[:3]:
        box.setChecked(True)
    settle()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap
    canvas = QPixmap(window.size())
    window.render(canvas)
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 70))                      # the window behind a modal dialog
    dialog_shot = dialog.grab()
    x, y, bar = (canvas.width() - dialog_shot.width()) // 2, (canvas.height() - dialog_shot.height()) // 3, 28
    painter.fillRect(x - 1, y - bar - 1, dialog_shot.width() + 2, dialog_shot.height() + bar + 2, QColor("#1f3b5a"))
    painter.setPen(QColor("white"))
    painter.drawText(x + 10, y - bar, dialog_shot.width() - 20, bar, int(Qt.AlignmentFlag.AlignVCenter),
                     dialog.windowTitle())
    painter.drawPixmap(x, y, dialog_shot)
    painter.end()
    canvas.save(str(out / "wbs_action_dialog.png"))
    print("wrote", out / "wbs_action_dialog.png")
    dialog.close()
    QTimer.singleShot(0, lambda: None)
    window.close()

    window = window_for("admin")
    view = window.show_view("accounts")
    wait(lambda: view.loaded)
    shot(window, "accounts")
    health = window.show_view("health")
    wait(lambda: health.health is not None)
    shot(window, "health")
    channel = window.show_view("channel")
    if channel.panel is not None:                 # branch wbs-web's intake panel is in this build
        shot(window, "channel")
    window.close()
    database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"))
