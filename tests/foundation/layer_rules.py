"""The layer rule as a checker over source files (used by test_layers.py; also on planted violations).

Layers, lowest first: db → core (`antasena_desktop/`, with `domain/` below `services/`) → the CLI
adapter (`antasena_desktop/cli.py`, `cli_support.py`, `commands/`) → `ui/`. An import runs upward when
a module imports a layer above its own. Seen: `import x`, `from x import y`, relative imports,
and string literals given to `importlib.import_module(…)` / `__import__(…)` / `import_module(…)`.
"""
from __future__ import annotations

import ast
from pathlib import Path

QT = ("PySide6", "shiboken6", "qtpy", "qtawesome")
CLI_MODULES = ("antasena_desktop.cli", "antasena_desktop.cli_support", "antasena_desktop.commands")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def is_cli(name: str) -> bool:
    return any(_within(name, m) for m in CLI_MODULES)


def upward(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported` (None when the import is allowed)."""
    if _within(importer, "ui"):
        return None
    top = imported.split(".")[0]
    if top in QT:
        return "core/db imports Qt"
    if top == "ui":
        return "core/db imports ui"
    if _within(importer, "db") and not _within(importer, "db.migrations.versions") \
            and _within(imported, "antasena_desktop"):
        return "db imports the core"       # (revisions 0002/0003 still read live seed data: issue 11 item 7)
    if _within(importer, "antasena_desktop") and not is_cli(importer) and is_cli(imported):
        return "core imports the CLI adapter"
    if _within(importer, "antasena_desktop.domain") and _within(imported, "antasena_desktop.services"):
        return "domain imports services"
    return None


def _resolve(importer: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


_DYNAMIC = {"import_module", "__import__"}


def imports_of(tree: ast.AST, importer: str, is_package: bool):
    """(line, imported module) for every static and string-literal dynamic import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(importer, is_package, node.module, node.level)
            yield node.lineno, base
            for alias in node.names:        # `from antasena_desktop import commands`
                yield node.lineno, f"{base}.{alias.name}" if base else alias.name
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in _DYNAMIC and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value


def violations(root: Path, folders=("antasena_desktop", "db")) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            importer = module_name(root, path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            reported: set[int] = set()
            for line, imported in imports_of(tree, importer, path.name == "__init__.py"):
                why = upward(importer, imported)
                if why and line not in reported:
                    reported.add(line)
                    found.append(f"{path.relative_to(root)}:{line}: {imported} ({why})")
    return sorted(found)
