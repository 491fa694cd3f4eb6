"""One app-wide undo history over real views and a real SQLite file: an event edit, a personnel edit and a
placement are undone from the same stack, newest first; an undo is refused (with words, nothing written,
the history kept) once another desk changed the row since. And a drop of three people who each need a
reason asks once, in one dialog listing all three, and writes in one transaction."""
from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event, select

from antasena_desktop.services import personnel as personnel_service
from antasena_desktop.services.security import Actor, Role
from db.models import Assignment, Event, Personnel
from tests.gui.planning_fixtures import (DAY, OPS, build_world, drop_on, live_assignments, select_candidates,
                                         tree_point, wait_idle)
from tests.planning import factory
from ui.context import AppContext
from ui.models.table import ROW_ROLE
from ui.views.events import EventsView
from ui.views.personnel import PersonnelView
from ui.views.planning import PlanningView

OTHER_DESK = Actor("operator2", Role.OPERATOR_OPS)


@pytest.fixture(autouse=True)
def _private_language_listeners(monkeypatch):
    from antasena_desktop import i18n
    monkeypatch.setattr(i18n, "_listeners", list(i18n._listeners))


@pytest.fixture
def world(db):
    return build_world(db)


@pytest.fixture
def desk(qtbot, db, world):
    """Three views of one desk, sharing one AppContext (one undo stack), as in the main window."""
    ctx = AppContext(db, OPS)
    events, people, board = EventsView(ctx), PersonnelView(ctx), PlanningView(ctx, with_map=False)
    board.day = DAY
    for view in (events, people, board):
        qtbot.addWidget(view)
        view.resize(1300, 850)
        view.show()
        view.refresh()
    wait_idle(qtbot, board)
    qtbot.waitUntil(lambda: events.loaded and people.loaded and people.model.rowCount() == 7, timeout=20000)
    yield ctx, events, people, board
    board.autofill.cancel()
    ctx.runner.wait_all(30000)
    qtbot.wait(50)


def _wait_written(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: not ctx.busy and not ctx.live_ops, timeout=20000)


def _person(db, person_id):
    with db.session() as s:
        return s.get(Personnel, person_id)


def _edit_person(qtbot, people, person_id, **values):
    proxy = people.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.data(proxy.index(r, 0), ROW_ROLE).id == person_id)
    people.table.setCurrentIndex(proxy.index(row, 0))
    people.edit_person()
    editor = people.editor
    for name, text in values.items():
        getattr(editor, name).setText(text)
    editor.accept()


def test_one_stack_undoes_event_personnel_and_placement(qtbot, db, world, desk):
    ctx, events, people, board = desk
    event_id, andi = world.events["Konser"], world.people["A0"]
    stack = ctx.undo_stack

    events.current_id = event_id                                   # 1. an event edit (status)
    events.set_status("dinilai")
    _wait_written(qtbot, ctx)
    _edit_person(qtbot, people, andi, jabatan="Kanit Dalmas")      # 2. a personnel edit
    _wait_written(qtbot, ctx)
    mime = select_candidates(board, [andi])                        # 3. a placement (drag and drop)
    assert drop_on(board.tree.viewport(), tree_point(board, "post", world.posts["Pos Utama"]), mime)
    _wait_written(qtbot, ctx)
    wait_idle(qtbot, board)
    assert stack.count() == 3 and len(live_assignments(db)) == 1
    with db.session() as s:
        assert s.get(Event, event_id).status == "dinilai"
    assert _person(db, andi).jabatan == "Kanit Dalmas"

    assert ctx.undo()                                              # newest first: the placement
    _wait_written(qtbot, ctx)
    assert live_assignments(db) == set()
    assert ctx.undo()                                              # the personnel edit
    _wait_written(qtbot, ctx)
    assert _person(db, andi).jabatan == ""
    assert ctx.undo()                                              # the event edit
    _wait_written(qtbot, ctx)
    with db.session() as s:
        assert s.get(Event, event_id).status == "diterima"
    assert stack.index() == 0 and not ctx.undo()

    assert ctx.redo()                                              # redo: the event edit again
    _wait_written(qtbot, ctx)
    assert ctx.redo()                                              # ... and the personnel edit
    _wait_written(qtbot, ctx)
    assert stack.index() == 2
    assert _person(db, andi).jabatan == "Kanit Dalmas"
    with db.session() as s:
        assert s.get(Event, event_id).status == "dinilai"


def test_undo_is_refused_after_another_desk_changed_the_row(qtbot, db, world, desk):
    ctx, _events, people, _board = desk
    andi = world.people["A1"]
    messages = []
    ctx.statusMessage.connect(messages.append)
    _edit_person(qtbot, people, andi, jabatan="Banit Dalmas")
    _wait_written(qtbot, ctx)
    assert ctx.undo_stack.count() == 1
    with db.session() as s:                                        # another desk edits ANOTHER field
        personnel_service.edit_personnel(s, OTHER_DESK, andi, {"phone": "081234567890"})
    assert ctx.undo()
    _wait_written(qtbot, ctx)
    qtbot.waitUntil(lambda: any("diubah" in m for m in messages), timeout=10000)
    person = _person(db, andi)
    assert (person.jabatan, person.phone) == ("Banit Dalmas", "081234567890")      # nothing overwritten
    assert ctx.undo_stack.index() == 1 and ctx.undo_stack.canUndo()                 # the history is kept


def test_three_people_needing_a_reason_ask_once_and_write_once(qtbot, db, world, desk):
    ctx, _events, _people, board = desk
    with db.session() as s:                                        # two more lantas-only officers
        unit = factory.unit(s, "LANTAS2")
        extra = [factory.person(s, unit, f"8703{i:04d}", f"Lantas {name}", functions=("lantas",)).id
                 for i, name in enumerate(("Dua", "Tiga"))]
    board.refresh()
    wait_idle(qtbot, board)
    lantas = [world.people["L"], *extra]
    commits = []                        # committed transactions that inserted assignments

    def saw_statement(conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO ASSIGNMENT "):
            conn.info["placed"] = True

    def committed(conn):
        if conn.info.pop("placed", False):
            commits.append(1)
    sa_event.listen(db.engine, "before_cursor_execute", saw_statement)
    sa_event.listen(db.engine, "commit", committed)
    try:
        mime = select_candidates(board, lantas)
        assert drop_on(board.tree.viewport(), tree_point(board, "line", world.lines["Pos Utama"]), mime)
        qtbot.waitUntil(lambda: getattr(board, "reasons_dialog", None) is not None
                        and board.reasons_dialog.isVisible(), timeout=10000)
        dialog = board.reasons_dialog
        assert set(dialog.fields) == set(lantas)                   # ONE dialog listing all three
        assert live_assignments(db) == set() and commits == []     # nothing written while asking
        dialog.fields[lantas[0]].setText("Personel dalmas tidak cukup")
        dialog.fill_empty_from_first()
        dialog.accept()
        _wait_written(qtbot, ctx)
        wait_idle(qtbot, board)
        assert len(commits) == 1                                   # ONE transaction for the three
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", saw_statement)
        sa_event.remove(db.engine, "commit", committed)
    with db.session() as s:
        rows = s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))).all()
    assert {a.personnel_id for a in rows} == set(lantas)
    assert {a.reason for a in rows} == {"Personel dalmas tidak cukup"}
    assert ctx.undo_stack.count() == 1                             # one undo step for the drop
