"""Shared pieces of the CLI adapter: opening the database, logging in, confirming destructive steps."""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import auth
from antasena_desktop.services.security import Actor, Permission, require
from db.database import Database, open_database
from db.engine import default_url, sqlite_path


def common_parser() -> argparse.ArgumentParser:
    """Options every data command shares: `--db URL`, `--user NAME`."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", metavar="URL", default=None,
                        help="SQLAlchemy URL (bawaan: SQLite di folder data OS)")
    parser.add_argument("--user", metavar="NAME", default=None,
                        help="pengguna yang bertindak (bawaan: ANTASENA_USER); kata sandi dari ANTASENA_PASSWORD "
                             "atau prompt")
    return parser


def database_url(args: argparse.Namespace) -> str:
    return getattr(args, "db", None) or default_url()


def require_existing(url: str) -> None:
    """A SQLite URL must name an existing file: a mistyped path never creates an empty database."""
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise UserError(T("Basis data {p} tidak ada. Periksa --db, atau buat dengan `antasena db init` / "
                          "`antasena demo-data`.",
                          "The database {p} does not exist. Check --db, or create it with `antasena db init` / "
                          "`antasena demo-data`.", p=str(path)))


def open_db(args: argparse.Namespace, create: bool = False) -> Database:
    url = database_url(args)
    if not create:
        require_existing(url)
    return open_database(url)


def password_from_env_or_prompt(username: str) -> str:
    password = os.environ.get("ANTASENA_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserError(T("Kata sandi untuk {u} tidak diberikan (set ANTASENA_PASSWORD).",
                          "No password for {u} (set ANTASENA_PASSWORD).", u=username))
    return getpass.getpass(f"Kata sandi {username}: ")


def acting_username(args: argparse.Namespace) -> str | None:
    return getattr(args, "user", None) or os.environ.get("ANTASENA_USER") or None


def open_and_login(args: argparse.Namespace, permission: Permission | None = None,
                   why: str = "change") -> tuple[Database, Actor]:
    """Open the database and log in as `--user` exactly as the GUI does (audited, lockout applies);
    with `permission`, the login must also hold it (a refusal is audited by the CLI)."""
    username = acting_username(args)
    if not username:
        if why == "read":
            raise UserError(T("Perintah ini membaca data pribadi: sebutkan --user NAMA (atau ANTASENA_USER).",
                              "This command reads personal data: give --user NAME (or ANTASENA_USER)."))
        raise UserError(T("Perintah ini mengubah data: sebutkan --user NAMA.",
                          "This command changes data: give --user NAME."))
    database = open_db(args)
    args._database = database
    password = password_from_env_or_prompt(username)
    with database.session() as session:
        actor = auth.authenticate(session, username, password, source="cli")
    args._actor = actor
    if permission is not None:
        require(actor, permission)
    return database, actor


def confirm(args: argparse.Namespace, question) -> None:
    """A destructive step goes on only with `--yes` or a typed "ya" on a terminal."""
    if getattr(args, "yes", False):
        return
    if not sys.stdin.isatty():
        raise UserError(T("Tindakan ini tidak dapat dibatalkan; tambahkan --yes untuk menjalankannya tanpa tanya.",
                          "This cannot be undone; add --yes to run it without a question."))
    answer = input(f"{question.render('id')} [ya/tidak] ").strip().lower()
    if answer not in ("ya", "y", "yes"):
        raise UserError(T("Dibatalkan; tidak ada yang diubah.", "Cancelled; nothing was changed."))
