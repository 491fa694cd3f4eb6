"""`antasena wbs serve`: the intake server's process body, and where its files live.

Files (folder 0700, files 0600) beside the WBS database: the TLS key and certificate, the CSRF
secret (so a restart does not void forms being filled in) and the health status file. The server
never holds a private key of a handler or of the escrow: the WBS database gives it public keys only.
"""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.web.health import STATUS_NAME, Health
from antasena_desktop.web.process import ServerProcess, antasena_command
from antasena_desktop.web.server import csrf_secret, server_folder, shown_host, tls_extra_names
from antasena_desktop.web.tls import Certificate, ensure_certificate

FOLDER_NAME = "wbs-intake"
CSRF_NAME = "intake-csrf.key"
DEFAULT_PORT = 8443


def intake_folder(db_url: str | None) -> Path:
    """`wbs-intake/` next to a SQLite WBS database, else in the data folder."""
    return server_folder(db_url, FOLDER_NAME)


def status_path(db_url: str | None) -> Path:
    return intake_folder(db_url) / STATUS_NAME


def ensure_intake_certificate(db_url: str | None, names: list[str] | tuple[str, ...] = ()) -> Certificate:
    """The intake's certificate (made on first use; `wbs init` calls this)."""
    return ensure_certificate(intake_folder(db_url), names)


def serve(db_url: str | None, host: str, port: int, insecure_http: bool = False,
          tls_names: list[str] | tuple[str, ...] = (), config=None) -> None:
    """Open the WBS database and serve the intake until SIGTERM/SIGINT."""
    from antasena_desktop.web.server import Listen, run
    from antasena_desktop.web.wbs_intake import IntakeApp, IntakeSettings
    from db.wbs.database import open_wbs_database

    folder = intake_folder(db_url)
    certificate = None
    if not insecure_http:
        certificate = ensure_certificate(folder, tls_extra_names(host, tls_names))
    listen = Listen(host, port, certificate)
    database = open_wbs_database(db_url)
    health = Health(address=listen.address(shown_host(host)),
                    fingerprint=certificate.fingerprint if certificate else "")
    app = IntakeApp(database, health, config or IntakeSettings(), csrf_secret=csrf_secret(folder, CSRF_NAME)).asgi()
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
