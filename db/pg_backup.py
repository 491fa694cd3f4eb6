"""Backups of a PostgreSQL database through pg_dump / pg_restore (custom format, one file).

Credentials go through the environment (PGPASSWORD), never the command line. A restore first dumps
the current database to a safety copy beside the backup, then replaces the contents (`--clean`), in one
transaction (`--single-transaction`): it either fully lands or leaves the database as it was.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import make_url

from db.engine import data_dir, normalise_url


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise RuntimeError(f"{name} not found: install the PostgreSQL client (postgresql-client)")


def _connection(url: str) -> tuple[list[str], dict[str, str]]:
    parsed = make_url(normalise_url(url))
    args = ["-d", parsed.database or "postgres"]
    host = parsed.query.get("host") or parsed.host
    if host:
        args += ["-h", str(host)]
    port = parsed.query.get("port") or parsed.port
    if port:
        args += ["-p", str(port)]
    if parsed.username:
        args += ["-U", parsed.username]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError((result.stderr or result.stdout).strip().splitlines()[-1] if (result.stderr or result.stdout)
                           else f"{argv[0]} exit {result.returncode}")


def default_target(url: str, reason: str = "manual") -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{make_url(normalise_url(url)).database}-{stamp}-{reason}.dump"


def backup_postgres(url: str, target: Path | None = None, reason: str = "manual") -> Path:
    target = Path(target) if target else default_target(url, reason)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    args, env = _connection(url)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "-f", str(partial), *args], env)
    os.chmod(partial, 0o600)
    partial.replace(target)
    return target


def verify_dump(path: Path) -> None:
    """The file is a pg_dump archive with our schema in it (pg_restore can list it)."""
    result = subprocess.run([_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True)
    if result.returncode != 0 or "alembic_version" not in result.stdout:
        raise ValueError(f"{path} is not a backup of an Antasena database")


def restore_postgres(backup: Path, url: str) -> Path:
    """Replace the database's contents with `backup`; returns the safety copy taken just before."""
    backup = Path(backup)
    verify_dump(backup)
    safety = backup_postgres(url, backup.with_name(f"{backup.stem}-sebelum-restore-"
                                                    f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}.dump"))
    args, env = _connection(url)
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(backup)], env)
    return safety
