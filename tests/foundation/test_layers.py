"""The core and db layers stay free of Qt."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python_files(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


def test_no_qt_import_in_core_or_db_sources():
    offenders = []
    for folder in ("antasena_desktop", "db"):
        for path in _python_files(folder):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(n.split(".")[0] in ("PySide6", "shiboken6", "qtpy", "qtawesome") for n in names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], f"Qt imported in the core/db layer: {offenders}"


def test_importing_every_core_module_loads_no_qt():
    modules = []
    for folder in ("antasena_desktop", "db"):
        for path in _python_files(folder):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if "migrations" in parts:
                continue
            modules.append(".".join(parts))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print('QT:' + ','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("QT:"), out.stdout


def test_rank_spellings_from_real_sheets():
    from antasena_desktop.domain.ranks import parse_rank
    cases = {"Bripka": "BRIPKA", "BRIPKA.": "BRIPKA", "Brigadir": "BRIGPOL", "KBP": "KOMBES POL",
             "Kombes Pol": "KOMBES POL", "AKP": "AKP", "Penata (III/c)": "PENATA", "III/c": "PENATA",
             "Penata Muda Tingkat 1": "PENATA MUDA TK I", "Pengatur Tk.1": "PENGATUR TK I", "PNS Penata": "PENATA",
             "Inspektur Dua": "IPDA", "Brigadir Polisi Kepala": "BRIPKA", "Jenderal Pol": "JENDERAL POL"}
    assert {text: getattr(parse_rank(text), "code", None) for text in cases} == cases
    assert parse_rank("Kopral") is None and parse_rank("") is None
