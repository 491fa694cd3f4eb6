"""Shared pieces for CLI commands: opening the database and acting as a logged-in user."""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import auth
from antasena_desktop.services.security import Actor
from db.database import Database, open_database


def common_parser() -> argparse.ArgumentParser:
    """Options every data command shares: `--db URL`, `--user NAME`."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", metavar="URL", default=None,
                        help="SQLAlchemy URL (bawaan: SQLite di folder data OS)")
    parser.add_argument("--user", metavar="NAME", default=None,
                        help="pengguna yang bertindak; kata sandi dari ANTASENA_PASSWORD atau prompt")
    return parser


def open_db(args: argparse.Namespace) -> Database:
    return open_database(getattr(args, "db", None))


def password_from_env_or_prompt(username: str) -> str:
    password = os.environ.get("ANTASENA_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserError(T("Kata sandi untuk {u} tidak diberikan (set ANTASENA_PASSWORD).",
                          "No password for {u} (set ANTASENA_PASSWORD).", u=username))
    return getpass.getpass(f"Kata sandi {username}: ")


def open_and_login(args: argparse.Namespace) -> tuple[Database, Actor]:
    """Open the database and log in as `--user` exactly as the GUI does (audited, lockout applies)."""
    username = getattr(args, "user", None)
    if not username:
        raise UserError(T("Perintah ini mengubah data: sebutkan --user NAMA.",
                          "This command changes data: give --user NAME."))
    database = open_db(args)
    password = password_from_env_or_prompt(username)
    with database.session() as session:
        actor = auth.authenticate(session, username, password, source="cli")
    return database, actor
