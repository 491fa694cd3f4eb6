"""Command line: `antasena allocate` and `antasena check`.

`register(subparsers)` adds both subcommands to the main CLI's argparse subparsers; `main(argv)` runs
them standalone (`python -m antasena_desktop.commands.allocation allocate --instance I --out R`).
`--db` plans from a database instead (`commands/allocate_db.py`). Bad files end in exit 2 and one line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from antasena_desktop.i18n import T, UserError

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


def register(subparsers: Any, common: Any = None) -> None:
    """Add `allocate` and `check` to an argparse subparsers object (each sets `func`)."""
    p = subparsers.add_parser("allocate", help="place personnel on post slots / tempatkan personel")
    add_allocate_arguments(p)
    p.set_defaults(func=run_allocate)
    p = subparsers.add_parser("check", help="verify an allocation result / periksa hasil penempatan")
    add_check_arguments(p)
    p.set_defaults(func=run_check)


MAX_JSON_BYTES = 200_000_000


def read_json(path: str | Path, what: str) -> Any:
    """A JSON document from a file, or UserError naming the file (and the line for bad JSON)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise UserError(T("Berkas {w} {p} terlalu besar (batas {n} MB).", "The {w} file {p} is too large "
                              "(limit {n} MB).", w=what, p=str(path), n=MAX_JSON_BYTES // 1_000_000))
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise UserError(T("Berkas {w} tidak dapat dibaca: {p}", "Cannot read the {w} file: {p}",
                          w=what, p=str(path))) from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(T("Berkas {w} {p} bukan teks UTF-8.", "The {w} file {p} is not UTF-8 text.",
                          w=what, p=str(path))) from None
    except json.JSONDecodeError as exc:
        raise UserError(T("Berkas {w} {p} bukan JSON yang sah (baris {l}, kolom {c}).",
                          "The {w} file {p} is not valid JSON (line {l}, column {c}).",
                          w=what, p=str(path), l=exc.lineno, c=exc.colno)) from None
    except RecursionError:
        raise UserError(T("Berkas {w} {p} bersarang terlalu dalam.", "The {w} file {p} is nested too deeply.",
                          w=what, p=str(path))) from None


def _load_instance(args: argparse.Namespace) -> dict:
    """Instance document from the chosen source (--instance FILE)."""
    if getattr(args, "instance", None):
        return read_json(args.instance, "instance")
    raise UserError(T("allocate: sebutkan --instance BERKAS atau --db URL.", "allocate: give --instance FILE or --db URL."))


def run_allocate(args: argparse.Namespace) -> int:
    from antasena_desktop.allocation.explain import explain
    if getattr(args, "db", None) or getattr(args, "event", None) or getattr(args, "date", None):
        from antasena_desktop.commands.allocate_db import allocate_from_database
        return allocate_from_database(args)
    if not args.out:
        raise UserError(T("allocate: sebutkan --out HASIL.json.", "allocate: give --out RESULT.json."))
    doc = _load_instance(args)
    problem = instance_problem(doc, args.instance)

    def progress(fraction: float, cost: float, phase: str) -> None:
        if not args.quiet:
            print(f"\r{phase:<13} {fraction * 100:5.1f}%  cost {cost:,.1f}   ", end="", file=sys.stderr, flush=True)

    try:
        result = solve_within(problem, time_limit=args.time_limit, seed=args.seed, mode=args.mode, progress=progress)
    finally:
        if not args.quiet:
            print(file=sys.stderr)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.explain:
        from antasena_desktop.allocation.state import State
        info = explain(problem, State.from_result(problem, result))
        Path(args.explain).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    st = result["stats"]
    print(f"{st['filled']}/{st['slots']} slots filled, {st['persons_used']} people, "
          f"objective {result['objective']:.3f}, {st['seconds']:.2f} s -> {args.out}")
    return EXIT_OK


def solve_within(problem, *, time_limit: float, **options) -> dict:
    """`solve` with the CLI's deadline: the engine gets `time_limit`; the reasons for unfilled slots are
    then written only while the deadline (limit + 10 %) lasts — the rest say so, instead of the run
    overshooting by a minute on a large instance."""
    import time as _time

    from antasena_desktop.allocation.engine import solve
    from antasena_desktop.allocation.explain import unfilled_reason
    from antasena_desktop.allocation.state import State
    started = _time.perf_counter()
    deadline = started + 1.10 * time_limit
    result = solve(problem, time_limit=time_limit, explain_unfilled=False, **options)
    state = State.from_result(problem, result, strict=False)
    skipped = 0
    for entry in result.get("unfilled", []):
        if _time.perf_counter() < deadline:
            text = unfilled_reason(problem, state, problem.slot_index[entry["slot"]])
            entry.update(reason=text.render("en"), reason_id=text.render("id"))
        else:
            skipped += 1
            entry.update(reason="not explained: time limit reached", reason_id="tidak dijelaskan: batas waktu tercapai")
    result["stats"]["unexplained_unfilled"] = skipped
    result["stats"]["seconds"] = round(_time.perf_counter() - started, 4)
    return result


def instance_problem(doc: Any, path: str):
    """The engine's Problem for an instance document; malformed content is a UserError naming the file."""
    from antasena_desktop.allocation.problem import Problem
    if not isinstance(doc, dict):
        raise UserError(T("Berkas instance {p}: isinya bukan objek JSON.", "Instance file {p}: not a JSON object.",
                          p=str(path)))
    try:
        return Problem(doc)
    except UserError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as exc:
        raise UserError(T("Berkas instance {p} tidak sesuai format antasena-allocation/1: {e}",
                          "Instance file {p} does not follow antasena-allocation/1: {e}",
                          p=str(path), e=f"{type(exc).__name__} {exc}"[:200])) from None


def run_check(args: argparse.Namespace) -> int:
    from antasena_desktop.allocation.checker import check
    instance = read_json(args.instance, "instance")
    result = read_json(args.result, "hasil")
    instance_problem(instance, args.instance)
    if not isinstance(result, dict):
        raise UserError(T("Berkas hasil {p}: isinya bukan objek JSON.", "Result file {p}: not a JSON object.",
                          p=str(args.result)))
    try:
        report = check(instance, result)
    except UserError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise UserError(T("Berkas hasil {p} tidak sesuai format antasena-allocation-result/1: {e}",
                          "Result file {p} does not follow antasena-allocation-result/1: {e}",
                          p=str(args.result), e=f"{type(exc).__name__} {exc}"[:200])) from None
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
    try:
        return args.func(args)
    except UserError as exc:
        from antasena_desktop.cli import error_line
        print(error_line(exc.text), file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    raise SystemExit(main())
