"""Test harness: real Qt offscreen; every database test runs on a real SQLite file AND on PostgreSQL.

The `database` fixture is parametrised over both engines. PostgreSQL is a throwaway server started
once per session (`tests/pg_server.py`) and stopped at the end, also on failure; each test gets a
fresh database copied from a migrated template (`CREATE DATABASE … TEMPLATE`). Set
`ANTASENA_TEST_ENGINES=sqlite` to run on SQLite only (a quick local run); CI runs both.
Tests that are genuinely SQLite-only carry `@pytest.mark.sqlite_only("reason")`.
"""
from __future__ import annotations

import atexit
import itertools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANTASENA_DATA_DIR", str(ROOT / ".cache" / "test-data-dir"))
os.environ.setdefault("ANTASENA_CONFIG_DIR", str(ROOT / ".cache" / "test-config-dir"))   # desk preferences

from ui.bootstrap import prepare_qt  # noqa: E402

prepare_qt(headless=True)

import pytest  # noqa: E402

SHARED = ROOT.parent / "shared"
ENGINES = [e.strip() for e in os.environ.get("ANTASENA_TEST_ENGINES", "sqlite,postgresql").split(",") if e.strip()]
TEMPLATE = "antasena_template"

_pg = {"server": None, "error": None, "template": False}
_pg_runs = {"passed": 0, "failed": 0, "skipped": 0}
_names = itertools.count(1)


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself (file, backup API)")
    config.addinivalue_line("markers", "postgresql_only(reason): the test is about PostgreSQL itself")


def pg_server():
    """The session's PostgreSQL server, started on first use (None + a reason when it cannot start)."""
    if _pg["server"] is None and _pg["error"] is None:
        try:
            from tests.pg_server import PgServer
            server = PgServer().start()
            atexit.register(server.stop)
            _pg["server"] = server
        except Exception as exc:  # the reason is shown on every PostgreSQL test it skips
            _pg["error"] = str(exc)
    if _pg["server"] is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL test server could not start: {_pg['error']}")
        pytest.skip(f"PostgreSQL test server could not start: {_pg['error']}")
    return _pg["server"]


def _pg_template(server) -> str:
    if not _pg["template"]:
        from db.database import open_database
        server.create_database(TEMPLATE)
        db = open_database(server.url(TEMPLATE))
        db.close()
        _pg["template"] = True
    return TEMPLATE


def new_database_url(engine: str, tmp_path: Path, finalizers: list, empty: bool = False) -> str:
    """A URL of a fresh database on `engine`: migrated (PostgreSQL: a template copy), or `empty` (no
    schema at all, for migration tests); SQLite files are new and migrate on open. Dropped by `finalizers`."""
    if engine == "sqlite":
        return f"sqlite:///{tmp_path}/t{next(_names)}.db"
    server = pg_server()
    name = f"t_{os.getpid()}_{next(_names)}"
    url = server.create_database(name, template=None if empty else _pg_template(server))
    finalizers.append(lambda: server.drop_database(name))
    return url


def _engine_of(item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    return callspec.params.get("engine_name") or callspec.params.get("module_engine_name")


def pytest_collection_modifyitems(config, items):
    for item in items:
        engine = _engine_of(item)
        for marker, wanted, label in (("sqlite_only", "sqlite", "SQLite only"),
                                      ("postgresql_only", "postgresql", "PostgreSQL only")):
            only = item.get_closest_marker(marker)
            if only and engine is not None and engine != wanted:
                item.add_marker(pytest.mark.skip(reason=f"{label}: {only.args[0] if only.args else ''}"))


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture(scope="module", params=ENGINES)
def module_engine_name(request) -> str:
    """The engine of a module-scoped database (an expensive one built once per module and engine)."""
    return request.param


def module_database_url(request, tmp_path_factory, engine: str, empty: bool = False) -> str:
    """For module-scoped fixtures: a fresh database on `engine`, dropped when the module is done."""
    finalizers: list = []
    url = new_database_url(engine, tmp_path_factory.mktemp("db"), finalizers, empty)
    for finalize in finalizers:
        request.addfinalizer(finalize)
    return url


@pytest.fixture(scope="session")
def database_maker():
    """For module-scoped fixtures: `database_maker(request, tmp_path_factory, module_engine_name)` → URL."""
    return module_database_url


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    """Window state, last user etc. go to this test's own folder, never to the real user's settings."""
    from PySide6.QtCore import QSettings
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture
def make_database_url(engine_name, tmp_path):
    """Factory: `make_database_url(empty=False)` → the URL of one more fresh database on this test's engine."""
    finalizers: list = []
    yield lambda empty=False: new_database_url(engine_name, tmp_path, finalizers, empty)
    for finalize in finalizers:
        finalize()


@pytest.fixture
def database_url(make_database_url) -> str:
    return make_database_url()


@pytest.fixture
def database(database_url, tmp_path, monkeypatch):
    """A real, migrated database for this test (SQLite file: WAL, foreign keys on; or PostgreSQL)."""
    from db.database import open_database

    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANTASENA_CONFIG_DIR", str(tmp_path / "config"))
    db = open_database(database_url)
    yield db
    db.close()


@pytest.fixture
def db(database):
    return database


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: reference data for this test is not available here")
    return SHARED


def _on_postgresql(item) -> bool:
    return _engine_of(item) == "postgresql"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not _on_postgresql(item):
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        key = "passed" if report.passed else "skipped" if report.skipped else "failed"
        _pg_runs[key] += 1


def pytest_terminal_summary(terminalreporter):
    total = sum(_pg_runs.values())
    if "postgresql" not in ENGINES:
        terminalreporter.write_line("PostgreSQL: 0 test runs (ANTASENA_TEST_ENGINES excludes it)")
        return
    where = f"throwaway server {_pg['server'].root}" if _pg["server"] else (_pg["error"] or "not started")
    terminalreporter.write_line(
        f"PostgreSQL: {total} test runs ({_pg_runs['passed']} passed, {_pg_runs['failed']} failed, "
        f"{_pg_runs['skipped']} skipped) on {where}")


def pytest_unconfigure(config):
    if _pg["server"] is not None:
        _pg["server"].stop()
        _pg["server"] = None
