"""Command line: `antasena allocate` and `antasena check`.

`register(subparsers)` adds both subcommands to the main CLI's argparse subparsers; `main(argv)` runs
them standalone (`python -m antasena_desktop.allocation.cli allocate --instance I --out R`).
The instance source is chosen in `_load_instance`, so a database source (`--db URL --event ID`) can be
added there later without touching the rest.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from antasena_desktop.i18n import UserError

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2


def add_allocate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instance", metavar="FILE", help="instance JSON (antasena-allocation/1)")
    parser.add_argument("--out", metavar="RESULT.json", help="where to write the result (required with --instance)")
    parser.add_argument("--db", metavar="URL", help="plan from this database instead of an instance file")
    parser.add_argument("--user", metavar="NAME", help="with --apply: the user who applies (password: ANTASENA_PASSWORD)")
    parser.add_argument("--event", metavar="ID", help="with --db: plan this event (UUID or KEG/… number)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="with --db: plan every event of this day (WIB)")
    parser.add_argument("--apply", action="store_true", help="with --db: write the plan (one transaction, audited)")
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="S", help="seconds (default 10)")
    parser.add_argument("--seed", type=int, default=0, metavar="N")
    parser.add_argument("--mode", choices=("default", "min_persons"), default="default")
    parser.add_argument("--explain", metavar="FILE", help="also write per-assignment explanations (JSON)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instance", metavar="FILE", required=True)
    parser.add_argument("--result", metavar="FILE", required=True)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def register(subparsers: Any) -> None:
    """Add `allocate` and `check` to an argparse subparsers object (each sets `func`)."""
    p = subparsers.add_parser("allocate", help="place personnel on post slots / tempatkan personel")
    add_allocate_arguments(p)
    p.set_defaults(func=run_allocate)
    p = subparsers.add_parser("check", help="verify an allocation result / periksa hasil penempatan")
    add_check_arguments(p)
    p.set_defaults(func=run_check)


def _load_instance(args: argparse.Namespace) -> dict:
    """Instance document from the chosen source (today: --instance FILE)."""
    if getattr(args, "instance", None):
        path = Path(args.instance)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SystemExit(f"instance not found: {path}")
        except json.JSONDecodeError as exc:
            raise SystemExit(f"invalid JSON in {path}: {exc}")
    raise SystemExit("allocate: give --instance FILE")


def run_allocate(args: argparse.Namespace) -> int:
    from .engine import solve
    from .explain import explain
    from .problem import Problem
    if getattr(args, "db", None) or getattr(args, "event", None) or getattr(args, "date", None):
        from antasena_desktop.planning.allocate_db import allocate_from_database
        return allocate_from_database(args)
    if not args.out:
        raise SystemExit("allocate: give --out RESULT.json")
    doc = _load_instance(args)
    try:
        problem = Problem(doc)
    except UserError as exc:
        print(f"error: {exc.text.render('en')} / {exc.text.render('id')}", file=sys.stderr)
        return EXIT_ERROR

    def progress(fraction: float, cost: float, phase: str) -> None:
        if not args.quiet:
            print(f"\r{phase:<13} {fraction * 100:5.1f}%  cost {cost:,.1f}   ", end="", file=sys.stderr, flush=True)

    try:
        result = solve(problem, time_limit=args.time_limit, seed=args.seed, mode=args.mode, progress=progress)
    except UserError as exc:
        if not args.quiet:
            print(file=sys.stderr)
        print(f"error: {exc.text.render('en')} / {exc.text.render('id')}", file=sys.stderr)
        return EXIT_INVALID
    if not args.quiet:
        print(file=sys.stderr)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.explain:
        from .state import State
        info = explain(problem, State.from_result(problem, result))
        Path(args.explain).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    st = result["stats"]
    print(f"{st['filled']}/{st['slots']} slots filled, {st['persons_used']} people, "
          f"objective {result['objective']:.3f}, {st['seconds']:.2f} s -> {args.out}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from .checker import check
    try:
        instance = json.loads(Path(args.instance).read_text(encoding="utf-8"))
        result = json.loads(Path(args.result).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    report = check(instance, result)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for v in report.violations:
            print(v)
        print(f"assigned {report.assigned}, unfilled {report.unfilled}, persons used {report.persons_used}")
        print("terms: " + ", ".join(f"{k} {v:.3f}" for k, v in report.terms.items()))
        claimed = "" if report.claimed_objective is None else f" (result says {report.claimed_objective:.3f}" + \
            ("" if report.objective_matches else ", MISMATCH") + ")"
        print(f"objective {report.objective:.3f}{claimed}")
        print("VALID" if report.valid else f"INVALID: {len(report.violations)} hard violation(s)")
    return EXIT_OK if report.valid else EXIT_INVALID


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="antasena-allocation")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
