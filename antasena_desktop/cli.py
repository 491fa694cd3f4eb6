"""The `antasena` command line: builds argparse from the command modules and ends every failure in one line.

`main(argv, extra_modules)` is called by the console-script entry (`ui.commands:main`, which adds the
commands needing Qt) and by `main.py`. Called alone it offers the core commands only. Exit status:
0 done, 2 refused / bad input (one bilingual line naming the file, row or field), 1 unexpected
(one line naming the log file that holds the traceback), 130 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from typing import Callable, Iterable

from antasena_desktop import __version__
from antasena_desktop.cli_support import common_parser
from antasena_desktop.commands import COMMAND_MODULES
from antasena_desktop.i18n import T, Text, UserError


def build_parser(extra_modules: Iterable[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="antasena", description="Antasena Desktop — Bag Ops Polrestabes Palembang")
    parser.add_argument("--version", action="version", version=f"antasena {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="PERINTAH")
    common = common_parser()
    for name in [*COMMAND_MODULES, *extra_modules]:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:          # an optional area that is not installed
            if exc.name and name.startswith(exc.name):
                continue
            raise
        register: Callable = getattr(module, "register")
        register(subparsers, common)
    parser.set_defaults(_command_names=frozenset(subparsers.choices))
    return parser


def error_line(text: Text) -> str:
    """One bilingual line: Indonesian first, then English."""
    first, second = text.render("id"), text.render("en")
    return f"galat: {first}" if first == second else f"galat: {first} | error: {second}"


def _as_user_error(exc: BaseException) -> UserError | None:
    """Failures that are the operator's input or the machine's state, not a bug: a clear message."""
    from sqlalchemy.exc import DatabaseError, OperationalError
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower():
        return UserError(T("Basis data sedang dipakai penulis lain (terkunci); tidak ada yang diubah. Coba lagi.",
                           "The database is busy with another writer (locked); nothing was changed. Try again."))
    if isinstance(exc, (DatabaseError, sqlite3.DatabaseError)) and "not a database" in str(exc).lower():
        return UserError(T("Berkas basis data rusak atau bukan basis data Antasena.",
                           "The database file is damaged or not an Antasena database."))
    if isinstance(exc, OSError) and exc.filename:
        return UserError(T("Berkas {p} tidak dapat dibuka atau ditulis: {e}", "Cannot open or write {p}: {e}",
                           p=str(exc.filename), e=exc.strerror or type(exc).__name__))
    return None


def _audit_refusal(args: argparse.Namespace, exc: UserError) -> None:
    """A refused action (wrong role or unit) goes to the audit log with who and what."""
    from antasena_desktop.services.security import PermissionDenied
    actor, database = getattr(args, "_actor", None), getattr(args, "_database", None)
    if not isinstance(exc, PermissionDenied) or actor is None or database is None:
        return
    from antasena_desktop.services import audit
    what = " ".join(str(getattr(args, k)) for k in ("command", "user_command", "db_command", "import_kind", "what")
                    if getattr(args, k, None))
    try:
        with database.session() as session:
            audit.record_refusal(session, actor, what or "cli", exc.text.render("id"))
    except Exception as audit_exc:              # the refusal itself is already reported
        from antasena_desktop.logs import log_unexpected
        log_unexpected(audit_exc, "audit")


def main(argv: list[str] | None = None, extra_modules: Iterable[str] = ()) -> int:
    from antasena_desktop.logs import log_unexpected, setup_logging
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(extra_modules)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None and "gui" in args._command_names:
            args = parser.parse_args(["gui", *argv])
        else:
            parser.print_help()
            return 2
    try:
        setup_logging()
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except Exception as exc:
        user_error = _as_user_error(exc)
        if user_error is None:
            path = log_unexpected(exc, f"cli.{args.command}")
            print(error_line(T("kesalahan tak terduga ({e}); rincian tercatat di {p}",
                               "unexpected failure ({e}); the details are logged in {p}",
                               e=type(exc).__name__, p=str(path))), file=sys.stderr)
            return 1
        _audit_refusal(args, user_error)
        print(error_line(user_error.text), file=sys.stderr)
        return 2
    finally:
        database = getattr(args, "_database", None)
        if database is not None:
            database.close()


if __name__ == "__main__":
    sys.exit(main())
