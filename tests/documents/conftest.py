"""Fixtures of the documents tests: a SQLite file with a plan, a Qt application for rendering."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sprin_fixtures import make_plan  # noqa: E402




@pytest.fixture
def plan(database):
    with database.session() as session:
        return make_plan(session, n_people=14, n_posts=3)


@pytest.fixture
def gui_app(qapp):
    """The QApplication of pytest-qt (rendering needs one)."""
    return qapp
