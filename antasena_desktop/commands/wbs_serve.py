"""`antasena wbs serve`: the command-line adapter of the web intake (the body is in
`antasena_desktop/web/wbs_serve.py`)."""
from __future__ import annotations

import argparse
from dataclasses import replace

from antasena_desktop.i18n import T, UserError
from antasena_desktop.web.wbs_serve import DEFAULT_PORT, serve


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
