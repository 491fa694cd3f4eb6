"""The `antasena` command line. GUI commands import the ui layer lazily (the core never imports Qt)."""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Callable

from antasena_desktop import __version__
from antasena_desktop.cli_support import common_parser
from antasena_desktop.i18n import UserError

# Modules that add subcommands with `register(subparsers, common)`; optional ones may be absent.
COMMAND_MODULES = [
    "antasena_desktop.commands.core",
    "antasena_desktop.allocation.cli",
    "antasena_desktop.importing.cli",
    "antasena_desktop.services.export",
    "antasena_desktop.documents.cli",
    "antasena_desktop.geo.cli",
    "antasena_desktop.planning.cli",
    "antasena_desktop.commands.server",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="antasena", description="Antasena Desktop — Bag Ops Polrestabes Palembang")
    parser.add_argument("--version", action="version", version=f"antasena {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="PERINTAH")
    common = common_parser()
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        register: Callable = getattr(module, "register")
        try:
            register(subparsers, common)
        except TypeError:
            register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None:
            args = parser.parse_args(["gui", *(argv or [])])
        else:
            parser.print_help()
            return 2
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"galat: {exc.text.render('id')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
