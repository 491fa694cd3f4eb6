"""A throwaway PostgreSQL server for the tests and benchmarks: initdb + pg_ctl in a temp folder.

initdb refuses to run as root, so as root the server runs as the `postgres` user (`runuser`); the
data and socket directories live in one temp folder owned by that user. The server listens on its
Unix socket only (no TCP port to collide with), with durability off (throwaway data: faster).
`PgServer.url(name)` gives a SQLAlchemy URL for a database on it.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "postgres"


def find_bindir() -> Path | None:
    """Debian keeps the server binaries in /usr/lib/postgresql/N/bin (newest first), else $PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0, reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _searchable_by_others(folder: Path) -> bool:
    """True when every folder up to `folder` lets another user (the server's) pass through."""
    folder = folder.resolve()
    return all(os.stat(part).st_mode & 0o001 for part in [folder, *folder.parents])


def scratch_root() -> Path:
    """Where the server's temp folder goes: $ANTASENA_PG_TMP, else the first temp folder the
    `postgres` user can reach (a private /tmp is skipped when running as root)."""
    if os.environ.get("ANTASENA_PG_TMP"):
        return Path(os.environ["ANTASENA_PG_TMP"])
    candidates = [Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm")]
    if os.geteuid() != 0:
        return candidates[0]
    return next((c for c in candidates if c.is_dir() and _searchable_by_others(c)), candidates[0])


class PgServer:
    def __init__(self, bindir: Path | None = None, port: int = 5432):
        self.bindir = bindir or find_bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed: run scripts/setup.sh")
        self.port = port
        self.root: Path | None = None
        self.running = False

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def _as_owner(self, *argv: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", SUPERUSER, "--", *argv]
        return list(argv)

    def _run(self, *argv: str) -> None:
        result = subprocess.run(self._as_owner(*argv), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> "PgServer":
        self.root = Path(tempfile.mkdtemp(prefix="antasena-pg-", dir=scratch_root()))
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
            shutil.chown(self.socket_dir, SUPERUSER, SUPERUSER)
        user = SUPERUSER if os.geteuid() == 0 else os.environ.get("USER", SUPERUSER)
        self.user = user
        self._run(str(self.bindir / "initdb"), "-D", str(self.data_dir), "-A", "trust", "-U", user,
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                   "-c shared_buffers=64MB")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-o", options,
                  "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            try:
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
            finally:
                self.running = False
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def url(self, database: str = "postgres", user: str | None = None) -> str:
        return f"postgresql+psycopg://{user or self.user}@/{database}?host={self.socket_dir}&port={self.port}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host=str(self.socket_dir), port=self.port, user=self.user, dbname=database,
                               autocommit=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def __enter__(self) -> "PgServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
