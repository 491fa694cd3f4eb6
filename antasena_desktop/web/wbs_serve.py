"""`antasena wbs serve`: the intake server's process body, and where its files live.

Files (folder 0700, files 0600) beside the WBS database: the TLS key and certificate, the CSRF
secret (so a restart does not void forms being filled in) and the health status file. The server
never holds a private key of a handler or of the escrow: the WBS database gives it public keys only.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

from antasena_desktop.web.health import STATUS_NAME, Health
from antasena_desktop.web.process import ServerProcess, antasena_command
from antasena_desktop.web.tls import Certificate, ensure_certificate, local_names, private_dir

FOLDER_NAME = "wbs-intake"
CSRF_NAME = "intake-csrf.key"
DEFAULT_PORT = 8443


def intake_folder(db_url: str | None) -> Path:
    """`wbs-intake/` next to a SQLite WBS database, else in the data folder."""
    from db.engine import data_dir, sqlite_path

    path = sqlite_path(db_url) if db_url else None
    base = path.parent if path else data_dir()
    return private_dir(base / FOLDER_NAME)


def status_path(db_url: str | None) -> Path:
    return intake_folder(db_url) / STATUS_NAME


def ensure_intake_certificate(db_url: str | None, names: list[str] | tuple[str, ...] = ()) -> Certificate:
    """The intake's certificate (made on first use; `wbs init` calls this)."""
    return ensure_certificate(intake_folder(db_url), names)


def _csrf_secret(folder: Path) -> bytes:
    path = folder / CSRF_NAME
    if path.is_file() and path.stat().st_size >= 32:
        return path.read_bytes()
    secret = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return secret


def shown_host(host: str) -> str:
    """The host to print on posters: the LAN address when listening on every interface."""
    if host in ("0.0.0.0", "::", ""):
        names = [n for n in local_names() if _is_ip(n) and not n.startswith("127.")]
        return names[-1] if names else "127.0.0.1"
    return host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def serve(db_url: str | None, host: str, port: int, insecure_http: bool = False,
          tls_names: list[str] | tuple[str, ...] = (), config=None) -> None:
    """Open the WBS database and serve the intake until SIGTERM/SIGINT."""
    from antasena_desktop.web.server import Listen, run
    from antasena_desktop.web.wbs_intake import IntakeApp, IntakeSettings
    from db.wbs.database import open_wbs_database

    folder = intake_folder(db_url)
    certificate = None
    if not insecure_http:
        extra = [n for n in (host, *tls_names) if n not in ("0.0.0.0", "::", "")]
        certificate = ensure_certificate(folder, extra)
    listen = Listen(host, port, certificate)
    database = open_wbs_database(db_url)
    health = Health(address=listen.address(shown_host(host)),
                    fingerprint=certificate.fingerprint if certificate else "")
    app = IntakeApp(database, health, config or IntakeSettings(), csrf_secret=_csrf_secret(folder)).asgi()
    print(f"WBS intake: {health.address}" + (f"  SHA-256 {health.fingerprint}" if certificate else
                                             "  (HTTP tanpa TLS / plain HTTP)"), flush=True)
    try:
        run(app, listen, health, folder / STATUS_NAME)
    finally:
        database.close()


def serve_command(db_url: str | None, host: str, port: int, insecure_http: bool = False,
                  extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The argv that runs `antasena wbs serve` in a child process."""
    argv = ["wbs", "serve", "--host", host, "--port", str(port)]
    if db_url:
        argv += ["--db", db_url]
    if insecure_http:
        argv.append("--insecure-http")
    return antasena_command(*argv, *extra)


def start_intake_process(db_url: str | None, host: str, port: int, insecure_http: bool = False) -> ServerProcess:
    process = ServerProcess(serve_command(db_url, host, port, insecure_http))
    process.start()
    return process
