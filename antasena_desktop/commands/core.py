"""Core subcommands: demo-data, user, db (init, upgrade, backup, restore).

Destructive steps (demo-data --replace, db restore, user changes) need an admin login and, for the
two that replace a database, a confirmation (`--yes` when not on a terminal) and a backup first.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from sqlalchemy import func, select

from antasena_desktop.cli_support import (acting_username, confirm, database_url, open_and_login, open_db,
                                          password_from_env_or_prompt, require_existing)
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit, auth
from antasena_desktop.services.security import SYSTEM, Permission, Role
from db import migrate
from db.backup import BackupRefused, backup_database, backup_file, inspect_backup, swap_in, working_copy
from db.engine import make_engine, sqlite_path


def register(subparsers, common: argparse.ArgumentParser) -> None:
    demo = subparsers.add_parser("demo-data", parents=[common], help="buat data demo Palembang")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--admin-password", default=None)
    demo.add_argument("--replace", action="store_true",
                      help="ganti basis data demo yang ada (perlu --user admin dan konfirmasi/--yes; "
                           "ditolak bila berisi data selain demo)")
    demo.add_argument("--yes", action="store_true", help="konfirmasi tanpa tanya")
    demo.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="hari acuan (bawaan: hari ini)")
    demo.set_defaults(func=_demo_data)

    user = subparsers.add_parser("user", help="kelola akun pengguna")
    user_sub = user.add_subparsers(dest="user_command", metavar="AKSI")
    add = user_sub.add_parser("add", parents=[common], help="tambah pengguna (perlu --user admin)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--full-name", default="")
    add.add_argument("--unit", default=None, help="kode satuan (wajib untuk operator_satker)")
    add.add_argument("--new-password", default=None, help="kata sandi akun baru (atau ANTASENA_NEW_PASSWORD / prompt)")
    add.set_defaults(func=_user_add)
    lst = user_sub.add_parser("list", parents=[common], help="daftar pengguna (perlu --user admin)")
    lst.set_defaults(func=_user_list)
    pw = user_sub.add_parser("passwd", parents=[common],
                             help="ganti kata sandi (akun sendiri, atau akun lain oleh admin)")
    pw.add_argument("username")
    pw.add_argument("--new-password", default=None, help="kata sandi baru (atau ANTASENA_NEW_PASSWORD / prompt)")
    pw.set_defaults(func=_user_passwd)

    dbp = subparsers.add_parser("db", help="basis data: init, upgrade, backup, restore")
    db_sub = dbp.add_subparsers(dest="db_command", metavar="AKSI")
    init = db_sub.add_parser("init", parents=[common], help="buat basis data kosong (skema terbaru)")
    init.set_defaults(func=_db_init)
    up = db_sub.add_parser("upgrade", parents=[common], help="migrasi skema ke versi terbaru")
    up.set_defaults(func=_db_upgrade)
    bk = db_sub.add_parser("backup", parents=[common], help="cadangkan basis data (SQLite: salinan online; PostgreSQL: pg_dump)")
    bk.add_argument("-o", "--output", default=None)
    bk.set_defaults(func=_db_backup)
    rs = db_sub.add_parser("restore", parents=[common],
                           help="pulihkan dari cadangan (admin; akun dan peran tetap yang sekarang kecuali "
                                "--accounts-from-backup)")
    rs.add_argument("backup_file")
    rs.add_argument("--accounts-from-backup", action="store_true",
                    help="pakai akun dan peran dari cadangan (perubahannya dicatat di log audit)")
    rs.add_argument("--yes", action="store_true", help="konfirmasi tanpa tanya")
    rs.set_defaults(func=_db_restore)


# ------------------------------------------------------------------------------------------ demo

def _foreign_changes(url: str) -> int:
    """Audited changes made by real users (not the demo generator/system): non-demo data."""
    from antasena_desktop.services import settings as app_settings
    from db.database import open_database
    from db.models import AuditLog

    database = open_database(url)
    try:
        with database.session() as session:
            if not app_settings.load(session).demo:
                return -1
            return int(session.scalar(select(func.count()).select_from(AuditLog).where(
                AuditLog.action.in_(("create", "update", "delete")),
                AuditLog.username.not_in(("system", "demo")))) or 0)
    finally:
        database.close()


def _demo_data(args) -> int:
    from datetime import date

    from antasena_desktop.demo import generate_file, has_data
    url = database_url(args)
    path = sqlite_path(url)
    today = date.fromisoformat(args.today) if args.today else None
    replaced_note = ""
    if args.replace and (path is None or path.is_file()):
        database = open_db(args)
        with database.session() as session:
            occupied = has_data(session)
            users = auth.has_users(session)
        database.close()
        if occupied:
            if users:
                database, actor = open_and_login(args, Permission.MANAGE_USERS)
                database.close()
            else:
                actor = SYSTEM.with_source("cli")
            foreign = _foreign_changes(url)
            if foreign:
                raise UserError(T("Basis data ini berisi data selain data demo ({n} perubahan oleh pengguna); "
                                  "--replace ditolak. Pakai berkas lain untuk data demo.",
                                  "This database holds data other than the demo ({n} changes by users); "
                                  "--replace is refused. Use another file for demo data.",
                                  n="bukan basis data demo" if foreign < 0 else foreign))
            confirm(args, T("Ganti seluruh isi {p} dengan data demo baru?", "Replace all of {p} with new demo data?",
                            p=path or url))
            if path is not None:
                safety = backup_file(path, "sebelum-demo")
                replaced_note = f"; isi lama dicadangkan ke {safety}"
            replaced_note = f"demo-data --replace oleh {actor.username}{replaced_note}"
    summary = generate_file(url, seed=args.seed, today=today, admin_password=args.admin_password,
                            replace=args.replace)
    if replaced_note:
        from db.database import open_database
        database = open_database(url)
        with database.session() as session:
            audit.record(session, actor, "replace", "database", note=replaced_note)
        database.close()
    if path is not None:
        from db.engine import make_private
        make_private(path)
    print(f"Data demo dibuat di {summary.path}: {summary.personnel} personel, {summary.events} kegiatan, "
          f"{summary.posts} pos; hari sibuk {summary.busy_day} ({summary.busy_day_slots} kebutuhan, "
          f"{summary.busy_day_available} personel tersedia).")
    print(f"Akun demo: {', '.join(summary.usernames)}")
    if summary.password_generated:
        print(f"Kata sandi akun demo (dicetak sekali, simpan): {summary.admin_password}")
    return 0


# ------------------------------------------------------------------------------------------ users

def _new_password(args) -> str:
    if args.new_password:
        return args.new_password
    if os.environ.get("ANTASENA_NEW_PASSWORD"):
        return os.environ["ANTASENA_NEW_PASSWORD"]
    return password_from_env_or_prompt(f"{args.username} (baru)")


def _user_add(args) -> int:
    from db.models import Unit

    database = open_db(args)
    args._database = database
    with database.session() as session:
        first_user = not auth.has_users(session)
    if first_user:           # the bootstrap account of a new database
        actor = SYSTEM.with_source("cli")
    else:
        database, actor = open_and_login(args, Permission.MANAGE_USERS)
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
    from db.models import UserAccount

    database, _actor = open_and_login(args, Permission.MANAGE_USERS, why="read")
    with database.session() as session:
        for user in session.scalars(select(UserAccount).order_by(UserAccount.username)):
            state = "aktif" if user.active else "nonaktif"
            print(f"{user.username}\t{user.role}\t{state}\t{user.full_name}")
    return 0


def _user_passwd(args) -> int:
    database, actor = open_and_login(args)
    with database.session() as session:
        auth.set_password(session, actor, args.username, _new_password(args))
    print(f"Kata sandi {args.username} diganti.")
    return 0


# ------------------------------------------------------------------------------------------ db

def _db_init(args) -> int:
    url = database_url(args)
    path = sqlite_path(url)
    if path is not None and path.is_file() and path.stat().st_size > 0:
        raise UserError(T("Berkas {p} sudah ada; db init hanya membuat basis data baru.",
                          "{p} already exists; db init only creates a new database.", p=str(path)))
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, backup=False)
        revision = migrate.current_revision(engine)
    finally:
        engine.dispose()
    print(T("Basis data dibuat ({r}): {p}. Akun pertama: antasena user add NAMA --role admin --db …",
            "Database created ({r}): {p}. First account: antasena user add NAME --role admin --db …",
            r=revision, p=path or url).render())
    return 0


def _db_upgrade(args) -> int:
    require_existing(database_url(args))
    engine = make_engine(database_url(args))
    try:
        before = migrate.current_revision(engine)
        backup = migrate.upgrade(engine)
        print(f"Skema: {before or 'kosong'} → {migrate.current_revision(engine)}")
    finally:
        engine.dispose()
    if backup:
        print(f"Cadangan sebelum migrasi: {backup}")
    return 0


def _db_backup(args) -> int:
    database, actor = open_and_login(args, Permission.BACKUP)
    target = backup_database(database.engine, Path(args.output) if args.output else None)
    if target is None:
        raise UserError(T("Basis data ini tidak dapat dicadangkan dari sini.", "This database cannot be backed up from here."))
    with database.session() as session:
        audit.record(session, actor, "backup", "database", note=str(target))
    print(f"Cadangan ditulis: {target}")
    return 0


_REFUSED = {
    "missing": T("Berkas cadangan {p} tidak ada.", "The backup file {p} does not exist."),
    "not-sqlite": T("Berkas {p} bukan cadangan basis data Antasena (bukan SQLite).",
                    "{p} is not an Antasena database backup (not SQLite)."),
    "damaged": T("Cadangan {p} rusak ({d}); tidak dipulihkan.", "The backup {p} is damaged ({d}); not restored."),
    "tables": T("Cadangan {p} tidak lengkap: tabel {d} tidak ada; tidak dipulihkan.",
                "The backup {p} is incomplete: tables {d} are missing; not restored."),
    "version": T("Cadangan {p} tidak menyebut versi skemanya; tidak dipulihkan.",
                 "The backup {p} does not state its schema version; not restored."),
}


def _check_backup(path: Path) -> str:
    """The backup's schema revision, after the structure and version checks (UserError otherwise)."""
    try:
        info = inspect_backup(path)
    except BackupRefused as refused:
        text = _REFUSED[refused.kind]
        raise UserError(T(text.id, text.en, p=str(path), d=refused.detail)) from None
    known = migrate.known_revisions()
    if info.revision not in known:
        raise UserError(T("Cadangan {p} berskema versi {b}, lebih baru dari aplikasi ini (versi {a}); "
                          "perbarui aplikasi dahulu. Tidak ada yang diubah.",
                          "The backup {p} has schema version {b}, newer than this application (version {a}); "
                          "update the application first. Nothing was changed.",
                          p=str(path), b=info.revision, a=migrate.head_revision()))
    return info.revision


def _has_accounts(path: Path) -> bool:
    """False for a new/empty database (`db init`): the admin then logs in against the backup's accounts."""
    import sqlite3
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(con.execute("SELECT count(*) FROM user_account").fetchone()[0])
    except sqlite3.DatabaseError:
        return path.stat().st_size > 0      # a damaged file: demand the login it would need
    finally:
        con.close()


def _accounts(engine) -> dict[str, dict]:
    from sqlalchemy import text
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM user_account")).mappings().all()
    return {r["username"]: dict(r) for r in rows}


def _account_changes(current: dict[str, dict], restored: dict[str, dict]) -> list[str]:
    changes = []
    for name in sorted(set(current) | set(restored)):
        now, then = current.get(name), restored.get(name)
        if now is None:
            changes.append(f"{name}: ditambahkan ({then['role']})")
        elif then is None:
            changes.append(f"{name}: dihapus ({now['role']})")
        else:
            diffs = [f"{k} {now[k]}→{then[k]}" for k in ("role", "unit_id", "active") if now[k] != then[k]]
            if now["password_hash"] != then["password_hash"]:
                diffs.append("kata sandi berbeda")
            if diffs:
                changes.append(f"{name}: " + ", ".join(diffs))
    return changes


def _keep_current_accounts(engine, current: dict[str, dict]) -> None:
    """Put the accounts of the database being replaced into the restored copy (roles cannot be raised
    by editing a backup)."""
    from sqlalchemy import text
    with engine.begin() as conn:
        units = set(conn.execute(text("SELECT id FROM unit")).scalars())
        conn.execute(text("DELETE FROM user_account"))
        for row in current.values():
            row = dict(row)
            if row.get("unit_id") and row["unit_id"] not in units:
                row["unit_id"], row["active"] = None, False     # its unit is not in the backup
            columns = ", ".join(row)
            conn.execute(text(f"INSERT INTO user_account ({columns}) VALUES ({', '.join(':' + c for c in row)})"),
                         row)


def _db_restore(args) -> int:
    from db.database import open_database

    url = database_url(args)
    path = sqlite_path(url)
    if path is None and url.startswith(("postgresql", "postgres")):
        return _db_restore_postgres(args, url)
    if path is None:
        raise UserError(T("Pemulihan hanya untuk SQLite dan PostgreSQL.", "Restore is for SQLite and PostgreSQL only."))
    backup = Path(args.backup_file)
    revision = _check_backup(backup)
    current: dict[str, dict] = {}
    actor = None
    if path.is_file() and _has_accounts(path):
        database, actor = open_and_login(args, Permission.MANAGE_USERS)
        current = _accounts(database.engine)
        database.close()
    elif not acting_username(args):
        raise UserError(T("Pemulihan perlu login admin: sebutkan --user NAMA (akun admin di cadangan).",
                          "A restore needs an admin login: give --user NAME (an admin account of the backup)."))
    confirm(args, T("Ganti basis data {p} dengan cadangan {b}?", "Replace the database {p} with the backup {b}?",
                    p=str(path), b=str(backup)))
    work = working_copy(backup, path)
    try:
        engine = make_engine(f"sqlite:///{work}")
        try:
            if revision != migrate.head_revision():
                migrate.upgrade(engine, backup=False)      # the backup file itself stays as it was
            restored = _accounts(engine)
            changes = _account_changes(current, restored) if actor is not None else []
            if actor is not None and changes and not args.accounts_from_backup:
                _keep_current_accounts(engine, current)
                account_note = f"akun tetap dari basis data sebelumnya (cadangan berbeda: {'; '.join(changes)})"
            elif changes:
                account_note = f"akun dari cadangan: {'; '.join(changes)}"
            else:
                account_note = "akun tidak berubah"
        finally:
            engine.dispose()
        work_db = open_database(f"sqlite:///{work}", upgrade=False)
        try:
            if actor is None:        # a new file: the admin logs in against the backup's own accounts
                with work_db.session() as session:
                    actor = auth.authenticate(session, acting_username(args),
                                              password_from_env_or_prompt(acting_username(args)), source="cli")
                if not actor.can(Permission.MANAGE_USERS):
                    raise UserError(T("Hanya Admin yang dapat memulihkan basis data.",
                                      "Only an administrator can restore a database."))
            with work_db.session() as session:
                audit.record(session, actor, "restore", "database",
                             note=f"dipulihkan dari {backup.name} (skema {revision}); {account_note}")
            with work_db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            work_db.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        safety = swap_in(work, path)
    finally:
        work.unlink(missing_ok=True)
    print(f"Basis data dipulihkan dari {backup}." + (f" Salinan sebelumnya: {safety}" if safety else ""))
    print(f"Akun: {account_note}")
    return 0


def _db_restore_postgres(args, url: str) -> int:
    """PostgreSQL: pg_restore of a pg_dump file (db/pg_backup.py), after a safety dump of what is there."""
    from db.pg_backup import restore_postgres
    database, _actor = open_and_login(args, Permission.MANAGE_USERS)
    database.close()
    confirm(args, T("Ganti isi basis data {p} dengan cadangan {b}?", "Replace the contents of {p} with the backup {b}?",
                    p=url.split("@")[-1], b=args.backup_file))
    try:
        safety = restore_postgres(Path(args.backup_file), url)
    except (ValueError, RuntimeError) as exc:
        raise UserError(T("Pemulihan gagal: {e}", "Restore failed: {e}", e=str(exc))) from None
    print(f"Basis data dipulihkan dari {args.backup_file}. Salinan sebelumnya: {safety}")
    return 0
