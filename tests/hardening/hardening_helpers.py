"""Helpers shared by the hardening tests."""
from __future__ import annotations

import sqlite3
from pathlib import Path

PASSWORD = "Rahasia-123"


def counts(path: Path) -> dict[str, int]:
    """Row counts of every table (the "database unchanged" check). The change log is left out: it records
    every commit, a login's counters included, like the audit log that the callers leave out."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")
                  if r[0] != "change_log"]
        return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def run_cli(*argv: str) -> int:
    from antasena_desktop.cli import main
    return main(list(argv))
