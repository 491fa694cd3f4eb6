"""`antasena wbs serve`: the intake server's process body, and where its files live.

Files (folder 0700, files 0600) beside the WBS database: the TLS key and certificate, the CSRF
secret (so a restart does not void forms being filled in) and the health status file. The server
never holds a private key of a handler or of the escrow: the WBS database gives it public keys only.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
from pathlib import Path

from antasena_desktop.i18n import T, UserError
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


# ---------------------------------------------------------------- the CLI subcommand

def add_serve_parser(wbs_subparsers, common: argparse.ArgumentParser | None = None) -> None:
    """Add `serve` to the `antasena wbs` subcommands."""
    parents = [common] if common is not None else []
    p = wbs_subparsers.add_parser("serve", parents=parents,
                                  help="jalankan kanal pelaporan web (intake) / run the web intake")
    if common is None:
        p.add_argument("--db", metavar="URL", default=None)
    p.add_argument("--host", default="0.0.0.0", help="alamat dengar (bawaan 0.0.0.0 = semua antarmuka)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--insecure-http", action="store_true",
                   help="HTTP tanpa TLS — hanya untuk segmen jaringan tepercaya / plain HTTP, trusted segment only")
    p.add_argument("--tls-name", action="append", default=[], metavar="NAMA",
                   help="nama DNS/IP tambahan di sertifikat (boleh berulang)")
    p.add_argument("--reports-per-hour", type=int, default=None, help="batas laporan per jam per klien")
    p.add_argument("--track-per-minute", type=int, default=None, help="batas percobaan lacak per menit per klien")
    p.set_defaults(func=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from antasena_desktop.web.wbs_intake import IntakeSettings

    if not 0 < args.port < 65536:
        raise UserError(T("Port {p} tidak sah (1–65535).", "Port {p} is not valid (1–65535).", p=args.port))
    config = IntakeSettings()
    if args.reports_per_hour is not None:
        config = replace(config, reports_per_hour=max(1, args.reports_per_hour))
    if args.track_per_minute is not None:
        config = replace(config, track_per_minute=max(1, args.track_per_minute),
                         track_failures_per_minute=max(config.track_failures_per_minute, args.track_per_minute))
    try:
        serve(args.db, args.host, args.port, args.insecure_http, args.tls_name, config)
    except OSError as exc:
        raise UserError(T("Server tidak dapat dijalankan di {h}:{p}: {e}", "The server cannot run on {h}:{p}: {e}",
                          h=args.host, p=args.port, e=exc.strerror or str(exc))) from exc
    return 0
