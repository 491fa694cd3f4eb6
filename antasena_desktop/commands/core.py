"""Core subcommands: gui, selftest, demo-data, user, db."""
from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from antasena_desktop.cli_support import open_and_login, open_db, password_from_env_or_prompt
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import auth
from antasena_desktop.services.security import Permission, Role, SYSTEM, require
from db import migrate
from db.backup import backup_database, restore_sqlite
from db.engine import default_url, make_engine, sqlite_path


def register(subparsers, common: argparse.ArgumentParser) -> None:
    gui = subparsers.add_parser("gui", parents=[common], help="jalankan aplikasi (bawaan)")
    gui.add_argument("--lang", choices=["id", "en"], default=None)
    gui.set_defaults(func=_gui)

    selftest = subparsers.add_parser("selftest", parents=[common],
                                     help="uji mandiri offscreen: buka setiap tampilan utama")
    selftest.set_defaults(func=_selftest)

    demo = subparsers.add_parser("demo-data", parents=[common], help="buat data demo Palembang")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--admin-password", default=None)
    demo.add_argument("--replace", action="store_true", help="ganti basis data yang sudah berisi data")
    demo.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="hari acuan (bawaan: hari ini)")
    demo.set_defaults(func=_demo_data)

    user = subparsers.add_parser("user", help="kelola akun pengguna")
    user_sub = user.add_subparsers(dest="user_command", metavar="AKSI")
    add = user_sub.add_parser("add", parents=[common], help="tambah pengguna")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--full-name", default="")
    add.add_argument("--unit", default=None, help="kode satuan (wajib untuk operator_satker)")
    add.add_argument("--new-password", default=None, help="kata sandi akun baru (atau ANTASENA_NEW_PASSWORD / prompt)")
    add.set_defaults(func=_user_add)
    lst = user_sub.add_parser("list", parents=[common], help="daftar pengguna")
    lst.set_defaults(func=_user_list)

    dbp = subparsers.add_parser("db", help="basis data: upgrade, backup, restore")
    db_sub = dbp.add_subparsers(dest="db_command", metavar="AKSI")
    up = db_sub.add_parser("upgrade", parents=[common], help="migrasi skema ke versi terbaru")
    up.set_defaults(func=_db_upgrade)
    bk = db_sub.add_parser("backup", parents=[common], help="cadangkan basis data (SQLite: salinan online; PostgreSQL: pg_dump)")
    bk.add_argument("-o", "--output", default=None)
    bk.set_defaults(func=_db_backup)
    rs = db_sub.add_parser("restore", parents=[common], help="pulihkan dari cadangan")
    rs.add_argument("backup_file")
    rs.set_defaults(func=_db_restore)


def _gui(args) -> int:
    return importlib.import_module("ui.app").run_gui(db_url=args.db, language=args.lang)


def _selftest(args) -> int:
    return importlib.import_module("ui.selftest").run_selftest(db_url=args.db)


def _demo_data(args) -> int:
    from datetime import date

    demo = importlib.import_module("antasena_desktop.demo")
    today = date.fromisoformat(args.today) if args.today else None
    summary = demo.generate_file(args.db or default_url(), seed=args.seed, today=today,
                                 admin_password=args.admin_password, replace=args.replace)
    print(f"Data demo dibuat di {summary.path}: {summary.personnel} personel, {summary.events} kegiatan, "
          f"{summary.posts} pos; hari sibuk {summary.busy_day} ({summary.busy_day_slots} kebutuhan, "
          f"{summary.busy_day_available} personel tersedia).")
    print(f"Akun demo: {', '.join(summary.usernames)}")
    if summary.password_generated:
        print(f"Kata sandi akun demo (dicetak sekali, simpan): {summary.admin_password}")
    return 0


def _new_password(args) -> str:
    import os
    if args.new_password:
        return args.new_password
    if os.environ.get("ANTASENA_NEW_PASSWORD"):
        return os.environ["ANTASENA_NEW_PASSWORD"]
    return password_from_env_or_prompt(f"{args.username} (baru)")


def _user_add(args) -> int:
    from sqlalchemy import select
    from db.models import Unit

    database = open_db(args)
    with database.session() as session:
        first_user = not auth.has_users(session)
    if first_user:
        actor = SYSTEM.with_source("cli")
    else:
        database, actor = open_and_login(args)
    with database.session() as session:
        unit_id = None
        if args.unit:
            unit = session.scalar(select(Unit).where(Unit.code == args.unit))
            if unit is None:
                raise UserError(T("Satuan {c} tidak ada.", "No unit {c}.", c=args.unit))
            unit_id = unit.id
        auth.create_user(session, actor, args.username, _new_password(args), Role(args.role),
                         args.full_name, unit_id)
    print(f"Pengguna {args.username} ({args.role}) dibuat.")
    return 0


def _user_list(args) -> int:
    from sqlalchemy import select
    from db.models import UserAccount

    database = open_db(args)
    with database.session() as session:
        for user in session.scalars(select(UserAccount).order_by(UserAccount.username)):
            state = "aktif" if user.active else "nonaktif"
            print(f"{user.username}\t{user.role}\t{state}\t{user.full_name}")
    return 0


def _db_upgrade(args) -> int:
    engine = make_engine(args.db)
    before = migrate.current_revision(engine)
    backup = migrate.upgrade(engine)
    print(f"Skema: {before or 'kosong'} → {migrate.current_revision(engine)}")
    if backup:
        print(f"Cadangan sebelum migrasi: {backup}")
    return 0


def _db_backup(args) -> int:
    database, actor = open_and_login(args)
    require(actor, Permission.BACKUP)
    target = backup_database(database.engine, Path(args.output) if args.output else None)
    if target is None:
        raise UserError(T("Basis data ini tidak dapat dicadangkan dari sini.", "This database cannot be backed up from here."))
    from antasena_desktop.services import audit
    with database.session() as session:
        audit.record(session, actor, "backup", "database", note=str(target))
    print(f"Cadangan ditulis: {target}")
    return 0


def _db_restore(args) -> int:
    url = args.db or default_url()
    path = sqlite_path(url)
    if path is None and url.startswith(("postgresql", "postgres")):
        return _db_restore_postgres(args, url)
    if path is None:
        raise UserError(T("Pemulihan hanya untuk SQLite dan PostgreSQL.", "Restore is for SQLite and PostgreSQL only."))
    if path.exists():
        database, actor = open_and_login(args)
        require(actor, Permission.BACKUP)
        database.close()
    safety = restore_sqlite(Path(args.backup_file), path)
    print(f"Basis data dipulihkan dari {args.backup_file}." + (f" Salinan sebelumnya: {safety}" if safety else ""))
    return 0


def _db_restore_postgres(args, url: str) -> int:
    from db.pg_backup import restore_postgres
    database, actor = open_and_login(args)
    require(actor, Permission.BACKUP)
    database.close()
    try:
        safety = restore_postgres(Path(args.backup_file), url)
    except (ValueError, RuntimeError) as exc:
        raise UserError(T("Pemulihan gagal: {e}", "Restore failed: {e}", e=str(exc))) from None
    print(f"Basis data dipulihkan dari {args.backup_file}. Salinan sebelumnya: {safety}")
    return 0
