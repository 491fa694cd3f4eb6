"""`antasena wbs serve`: the intake server's process body, and where its files live.

Files (folder 0700, files 0600) beside the WBS database: the TLS key and certificate, the CSRF
secret (so a restart does not void forms being filled in) and the health status file. The server
never holds a private key of a handler or of the escrow: the WBS database gives it public keys only.
"""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.web.health import STATUS_NAME
from antasena_desktop.web.process import ServerProcess, antasena_command
from antasena_desktop.web.server import serve_argv, server_folder
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
    from antasena_desktop.web.server import serve_app
    from antasena_desktop.web.wbs_intake import IntakeApp, IntakeSettings
    from db.wbs.database import open_wbs_database

    database = open_wbs_database(db_url)
    serve_app("WBS intake", intake_folder(db_url), CSRF_NAME, database,
              lambda db, health, secret: IntakeApp(db, health, config or IntakeSettings(), csrf_secret=secret),
              host, port, insecure_http, tls_names)


def serve_command(db_url: str | None, host: str, port: int, insecure_http: bool = False,
                  extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The argv that runs `antasena wbs serve` in a child process."""
    return antasena_command(*serve_argv("wbs", db_url, host, port, insecure_http), *extra)


def start_intake_process(db_url: str | None, host: str, port: int, insecure_http: bool = False) -> ServerProcess:
    process = ServerProcess(serve_command(db_url, host, port, insecure_http))
    process.start()
    return process
