"""Run an ASGI app under uvicorn: TLS or explicit plain HTTP, no access log, health file kept fresh."""
from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from antasena_desktop.web.health import Health
from antasena_desktop.web.tls import Certificate, local_names, private_dir

STATUS_INTERVAL = 2.0   # seconds between two writes of the status file


@dataclass(frozen=True)
class Listen:
    host: str
    port: int
    certificate: Certificate | None    # None = plain HTTP (only with --insecure-http)

    @property
    def scheme(self) -> str:
        return "https" if self.certificate else "http"

    def address(self, shown_host: str | None = None) -> str:
        host = shown_host or self.host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"{self.scheme}://{host}:{self.port}/"


def run(app, listen: Listen, health: Health, status_path: Path) -> None:
    """Serve until SIGINT/SIGTERM; the status file says `running: false` afterwards."""
    import uvicorn

    options = dict(
        host=listen.host, port=listen.port,
        access_log=False,          # no request line, no client address in any log
        log_level="warning", server_header=False, proxy_headers=False,
        timeout_keep_alive=5, timeout_graceful_shutdown=5, lifespan="off",
        h11_max_incomplete_event_size=64 * 1024,
    )
    if listen.certificate is not None:
        options.update(ssl_certfile=str(listen.certificate.cert_path), ssl_keyfile=str(listen.certificate.key_path))
    config = uvicorn.Config(app, **options)
    logging.getLogger("uvicorn.access").disabled = True
    server = uvicorn.Server(config)
    stop = threading.Event()

    def keep_status_fresh() -> None:
        while not stop.wait(STATUS_INTERVAL):
            health.write(status_path, running=server.started)

    # uvicorn re-raises the signal that stopped it once it has shut down; with a no-op handler in
    # place that re-raise returns here, so the final status below is still written.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: None)
    writer = threading.Thread(target=keep_status_fresh, daemon=True)
    health.write(status_path, running=False)
    writer.start()
    try:
        server.run()
    finally:
        stop.set()
        writer.join(timeout=STATUS_INTERVAL + 1)
        health.write(status_path, running=False)


# ---------------------------------------------------------------- shared by the serve modules of each app

def server_folder(db_url: str | None, name: str) -> Path:
    """A private (0700) folder `name` next to a SQLite database, else in the data folder: TLS files,
    the CSRF secret and the status file of one web app."""
    from db.engine import data_dir, sqlite_path

    path = sqlite_path(db_url) if db_url else None
    base = path.parent if path else data_dir()
    return private_dir(base / name)


def csrf_secret(folder: Path, name: str) -> bytes:
    """The app's CSRF secret, kept 0600 in its folder so a restart does not void forms being filled in."""
    path = folder / name
    if path.is_file() and path.stat().st_size >= 32:
        return path.read_bytes()
    secret = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return secret


def shown_host(host: str) -> str:
    """The host to print on posters and letters: the LAN address when listening on every interface."""
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


def tls_extra_names(host: str, tls_names) -> list[str]:
    return [n for n in (host, *tls_names) if n not in ("0.0.0.0", "::", "")]


def serve_app(title: str, folder: Path, csrf_name: str, database, make_app, host: str, port: int,
              insecure_http: bool = False, tls_names=()) -> None:
    """Serve `make_app(database, health, csrf_secret)` (a WebApp) until SIGTERM/SIGINT; then close the database.
    One body for every server of the web stack (the WBS intake, the portal)."""
    from antasena_desktop.web.health import STATUS_NAME
    from antasena_desktop.web.tls import ensure_certificate
    try:
        certificate = None if insecure_http else ensure_certificate(folder, tls_extra_names(host, tls_names))
        listen = Listen(host, port, certificate)
        health = Health(address=listen.address(shown_host(host)),
                        fingerprint=certificate.fingerprint if certificate else "")
        app = make_app(database, health, csrf_secret(folder, csrf_name)).asgi()
        print(f"{title}: {health.address}" + (f"  SHA-256 {health.fingerprint}" if certificate else
                                               "  (HTTP tanpa TLS / plain HTTP)"), flush=True)
        run(app, listen, health, folder / STATUS_NAME)
    finally:
        database.close()


def serve_argv(command: str, db_url: str | None, host: str, port: int, insecure_http: bool = False) -> list[str]:
    """`antasena COMMAND serve …` arguments for a child process (see web/process.antasena_command)."""
    argv = [command, "serve", "--host", host, "--port", str(port)]
    if db_url:
        argv += ["--db", db_url]
    if insecure_http:
        argv.append("--insecure-http")
    return argv
