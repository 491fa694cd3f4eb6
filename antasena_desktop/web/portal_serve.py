"""`antasena portal serve`: the portal server's process body, and where its files live.

Files (folder `portal-web/`, 0700; files 0600) beside the Bag Ops database: the TLS key and
certificate, the CSRF secret and the health status file — the same layout as the WBS intake.
"""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.web.health import STATUS_NAME, Health
from antasena_desktop.web.process import ServerProcess, antasena_command
from antasena_desktop.web.server import csrf_secret, server_folder, shown_host, tls_extra_names
from antasena_desktop.web.tls import ensure_certificate

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
    from antasena_desktop.web.server import Listen, run
    from db.database import open_database

    folder = portal_folder(db_url)
    certificate = None if insecure_http else ensure_certificate(folder, tls_extra_names(host, tls_names))
    listen = Listen(host, port, certificate)
    database = open_database(db_url) if db_url else open_database()
    health = Health(address=listen.address(shown_host(host)),
                    fingerprint=certificate.fingerprint if certificate else "")
    app = PortalApp(database, health, config or PortalSettings(), csrf_secret=csrf_secret(folder, CSRF_NAME)).asgi()
    print(f"Portal Antasena: {health.address}" + (f"  SHA-256 {health.fingerprint}" if certificate else
                                                  "  (HTTP tanpa TLS / plain HTTP)"), flush=True)
    try:
        run(app, listen, health, folder / STATUS_NAME)
    finally:
        database.close()


def serve_command(db_url: str | None, host: str, port: int, insecure_http: bool = False,
                  extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The argv that runs `antasena portal serve` in a child process."""
    argv = ["portal", "serve", "--host", host, "--port", str(port)]
    if db_url:
        argv += ["--db", db_url]
    if insecure_http:
        argv.append("--insecure-http")
    return antasena_command(*argv, *extra)


def start_portal_process(db_url: str | None, host: str, port: int, insecure_http: bool = False) -> ServerProcess:
    process = ServerProcess(serve_command(db_url, host, port, insecure_http))
    process.start()
    return process
