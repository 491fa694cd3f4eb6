"""`antasena portal serve`: the portal server's process body, and where its files live.

Files (folder `portal-web/`, 0700; files 0600) beside the Bag Ops database: the TLS key and
certificate, the CSRF secret and the health status file — the same layout as the WBS intake.
"""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.web.health import STATUS_NAME
from antasena_desktop.web.process import ServerProcess, antasena_command
from antasena_desktop.web.server import serve_argv, server_folder

FOLDER_NAME = "portal-web"
CSRF_NAME = "portal-csrf.key"
DEFAULT_PORT = 8444


def portal_folder(db_url: str | None) -> Path:
    return server_folder(db_url, FOLDER_NAME)


def status_path(db_url: str | None) -> Path:
    return portal_folder(db_url) / STATUS_NAME


def serve(db_url: str | None, host: str, port: int, insecure_http: bool = False,
          tls_names: list[str] | tuple[str, ...] = (), config=None) -> None:
    """Open the Bag Ops database and serve the portal until SIGTERM/SIGINT."""
    from antasena_desktop.web.portal import PortalApp, PortalSettings
    from antasena_desktop.web.server import serve_app
    from db.database import open_database

    database = open_database(db_url) if db_url else open_database()
    serve_app("Portal Antasena", portal_folder(db_url), CSRF_NAME, database,
              lambda db, health, secret: PortalApp(db, health, config or PortalSettings(), csrf_secret=secret),
              host, port, insecure_http, tls_names)


def serve_command(db_url: str | None, host: str, port: int, insecure_http: bool = False,
                  extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The argv that runs `antasena portal serve` in a child process."""
    return antasena_command(*serve_argv("portal", db_url, host, port, insecure_http), *extra)


def start_portal_process(db_url: str | None, host: str, port: int, insecure_http: bool = False) -> ServerProcess:
    process = ServerProcess(serve_command(db_url, host, port, insecure_http))
    process.start()
    return process
