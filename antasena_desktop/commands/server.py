"""Operating a shared PostgreSQL server: `antasena server init` and `antasena db copy`.

`server init --db URL` (URL of a role that may create roles, e.g. the server's postgres account):
* two roles: `antasena_owner` (owns the schema, runs migrations; no login) and `antasena_desk` (what
  desks log in as: read/write rows, no DDL; the logs audit_log, assignment_log and change_log are
  insert-only for it) — `--desk-password` (or ANTASENA_DESK_PASSWORD) makes it a login role;
* the schema at head, created as the owner;
* the first account `admin` (password from --admin-password or ANTASENA_PASSWORD).
Re-running it is harmless: it creates what is missing and re-applies the grants.
"""
from __future__ import annotations

import argparse
import os

from antasena_desktop.i18n import T, UserError

OWNER = "antasena_owner"
DESK = "antasena_desk"
APPEND_ONLY = ("audit_log", "assignment_log", "change_log", "sync_applied")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    server = subparsers.add_parser("server", help="server PostgreSQL bersama (ruang kendali)")
    server_sub = server.add_subparsers(dest="server_command", metavar="AKSI")
    init = server_sub.add_parser("init", parents=[common],
                                 help="siapkan basis data server: peran, skema, akun admin pertama")
    init.add_argument("--admin-password", default=None, help="kata sandi admin (atau ANTASENA_PASSWORD)")
    init.add_argument("--desk-password", default=None,
                      help=f"kata sandi login peran {DESK} (atau ANTASENA_DESK_PASSWORD)")
    init.set_defaults(func=_server_init)

    db_parser = subparsers.choices.get("db")
    if db_parser is not None:
        db_sub = next(a for a in db_parser._subparsers._group_actions if isinstance(a, argparse._SubParsersAction))
        copy = db_sub.add_parser("copy", help="salin seluruh basis data (mis. SQLite meja → server PostgreSQL)")
        copy.add_argument("--from", dest="source", required=True, metavar="URL")
        copy.add_argument("--to", dest="target", required=True, metavar="URL")
        copy.set_defaults(func=_db_copy)


def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith(("postgresql", "postgres"))


def _server_init(args) -> int:
    from sqlalchemy import text

    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM, Role
    from db import migrate
    from db.database import open_database
    from db.engine import make_engine

    if not _is_postgres(args.db):
        raise UserError(T("server init memerlukan --db postgresql://…", "server init needs --db postgresql://…"))
    password = args.admin_password or os.environ.get("ANTASENA_PASSWORD")
    desk_password = args.desk_password or os.environ.get("ANTASENA_DESK_PASSWORD")
    engine = make_engine(args.db)
    try:
        with engine.begin() as conn:
            database = conn.execute(text("SELECT current_database()")).scalar()
            for role in (OWNER, DESK):
                if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
                    conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
            if desk_password:
                conn.execute(text(f"ALTER ROLE {DESK} LOGIN PASSWORD " + _literal(conn, desk_password)))
            conn.execute(text(f'GRANT CONNECT, CREATE ON DATABASE "{database}" TO {OWNER}'))
            conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {DESK}'))
            conn.execute(text(f"GRANT ALL ON SCHEMA public TO {OWNER}"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {DESK}"))
            conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
            conn.execute(text(f"GRANT {OWNER} TO current_user"))
        with engine.begin() as conn:                     # the schema belongs to the owner role
            conn.execute(text(f"SET ROLE {OWNER}"))
            cfg = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
            cfg.attributes["connection"] = conn
            from alembic import command
            command.upgrade(cfg, "head")
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {DESK}"))
            conn.execute(text(f"REVOKE UPDATE, DELETE ON {', '.join(APPEND_ONLY)} FROM {DESK}"))
            conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {DESK}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} IN SCHEMA public "
                              f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {DESK}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} IN SCHEMA public "
                              f"GRANT USAGE, SELECT ON SEQUENCES TO {DESK}"))
    except UserError:
        raise
    except Exception as exc:
        first = (str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(T("Server tidak dapat disiapkan: {e}", "The server could not be set up: {e}", e=first)) from None
    finally:
        engine.dispose()
    db = open_database(args.db)
    try:
        with db.session() as session:
            if auth.has_users(session):
                print(f"Skema {migrate.head_revision()} siap; akun sudah ada, admin tidak dibuat ulang.")
            else:
                if not password:
                    raise UserError(T("Kata sandi admin pertama tidak diberikan (--admin-password atau "
                                      "ANTASENA_PASSWORD).", "No password for the first admin (--admin-password or "
                                      "ANTASENA_PASSWORD)."))
                auth.create_user(session, SYSTEM.with_source("cli"), "admin", password, Role.ADMIN, "Administrator")
                print(f"Skema {migrate.head_revision()} siap; akun admin dibuat.")
    finally:
        db.close()
    print(f"Peran: {OWNER} (pemilik skema, migrasi), {DESK} (meja: baca/tulis data, tanpa DDL"
          f"{', login aktif' if desk_password else ', belum dapat login: beri --desk-password'}).")
    return 0


def _literal(conn, value: str) -> str:
    from sqlalchemy import text
    return conn.execute(text("SELECT quote_literal(:v)"), {"v": value}).scalar()


def _db_copy(args) -> int:
    from antasena_desktop.cli_support import require_existing
    from db.copy import CopyError, copy_database
    from db.engine import make_engine

    require_existing(args.source)                # a mistyped path never copies an empty database
    source, target = make_engine(args.source), make_engine(args.target)
    try:
        report = copy_database(source, target)
    except CopyError as exc:
        raise UserError(T("Penyalinan dibatalkan, tujuan tidak diubah: {e}",
                          "Copy cancelled, the target is unchanged: {e}", e=str(exc))) from None
    except Exception as exc:
        first = (str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(T("Penyalinan dibatalkan, tujuan tidak diubah: {e}",
                          "Copy cancelled, the target is unchanged: {e}", e=first)) from None
    finally:
        source.dispose()
        target.dispose()
    print(f"Disalin: {report.rows} baris dari {len(report.tables)} tabel; jumlah baris dan kunci setiap tabel "
          "sama di sumber dan tujuan.")
    from antasena_desktop.commands.audit import print_chain_report
    from db.database import open_database
    database = open_database(args.target)
    try:                                          # the audit hash chain, walked on the target
        return 0 if print_chain_report(database) else 2
    finally:
        database.close()
