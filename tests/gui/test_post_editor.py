"""Posts edited by hand on the board: add by clicking the map, edit lines, refusal below holders, move by
dragging, delete — each one step on the app-wide undo stack."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from antasena_desktop.services.security import Actor, Role
from db.models import AuditLog, Post, PostRequirement
from tests.gui.planning_fixtures import DAY, build_world, wait_idle
from tests.map.conftest import js
from ui.context import AppContext
from ui.views.planning import PlanningView

OPS = Actor("operator", Role.OPERATOR_OPS)


@pytest.fixture
def board(qtbot, db):
    world = build_world(db)
    view = PlanningView(AppContext(db, OPS), with_map=True)
    qtbot.addWidget(view)
    view.day = DAY
    view.resize(1600, 1000)
    view.show()
    view.refresh()
    wait_idle(qtbot, view)
    qtbot.waitUntil(lambda: view.map is not None and view.map.is_ready, timeout=30000)
    yield view, world
    view.ctx.runner.wait_all(30000)
    qtbot.wait(50)


def _live_posts(db, event_id):
    with db.session() as s:
        return {p.name: p for p in s.scalars(select(Post).where(Post.event_id == event_id, Post.deleted_at.is_(None)))}


def _lines(db, post_id):
    with db.session() as s:
        return list(s.scalars(select(PostRequirement).where(PostRequirement.post_id == post_id,
                                                            PostRequirement.deleted_at.is_(None))))


def _undo(qtbot, view):
    """Undo one step the way the board's button does: only when no write is pending, then wait for it."""
    qtbot.waitUntil(lambda: not view.ctx.busy, timeout=10000)
    view.undo_stack.undo()
    qtbot.waitUntil(lambda: not view.ctx.busy, timeout=10000)
    wait_idle(qtbot, view)


def _save(qtbot, view, dialog):
    dialog.findChild(QPushButton, "post_save").click()
    wait_idle(qtbot, view)


def test_add_by_map_click_edit_move_delete_and_undo(qtbot, board, db):
    view, world = board
    event_id = world.events["Unjuk Rasa DPRD"]
    assert view.select_item("event", event_id)
    view.post_actions.place_action.trigger()
    qtbot.waitUntil(lambda: js(qtbot, view.map, "antasena.placeMode") is True, timeout=3000)
    x, y = int(view.map.width() * 0.3), int(view.map.height() * 0.75)     # open ground, away from markers
    spot = js(qtbot, view.map, f"antasena.latLngAt({x}, {y})")
    with qtbot.waitSignal(view.map.mapClicked, timeout=5000):
        QTest.mouseClick(view.map.drop_target(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(x, y))
    qtbot.waitUntil(lambda: view.post_actions.editor is not None and view.post_actions.editor.isVisible(), timeout=5000)
    dialog = view.post_actions.editor
    assert dialog.lat.value() == pytest.approx(spot["lat"], abs=1e-6)
    dialog.name.setText("Pos Simpang DPRD")
    row = dialog.append_line({"function_code": "polwan", "count": 2, "gender": "F", "role_label": "Polwan"})
    assert row == 1
    _save(qtbot, view, dialog)
    qtbot.waitUntil(lambda: "Pos Simpang DPRD" in _live_posts(db, event_id), timeout=10000)
    post = _live_posts(db, event_id)["Pos Simpang DPRD"]
    assert post.lat == pytest.approx(spot["lat"], abs=1e-6) and post.lon == pytest.approx(spot["lng"], abs=1e-6)
    assert sorted(r.count for r in _lines(db, post.id)) == [2, 2]
    qtbot.waitUntil(lambda: js(qtbot, view.map, f"antasena.marker('post', '{post.id}') !== null"), timeout=10000)
    assert view.undo_stack.undoText().startswith("Tambah pos")

    # edit: the line count cannot drop below its holders (the spin box floor), and the core refuses with words
    line = next(r for r in _lines(db, post.id) if r.function_code == "samapta")
    view.place_people([world.people["A0"]], post.id, line.id)
    wait_idle(qtbot, view)
    view.select_item("post", post.id)
    view.post_actions.edit_action.trigger()
    qtbot.waitUntil(lambda: view.post_actions.editor is not dialog and view.post_actions.editor is not None
                    and view.post_actions.editor.isVisible(), timeout=5000)
    editor = view.post_actions.editor
    held_row = next(r for r in range(editor.lines.rowCount())
                      if editor.lines.cellWidget(r, 5).property("line_id") == line.id)
    assert editor.lines.cellWidget(held_row, 1).minimum() == 1
    editor.lines.selectRow(held_row)
    editor.lines.setCurrentCell(held_row, 4)
    editor.remove_current_line()
    assert "1 personel" in editor.error.text() and editor.lines.rowCount() == 2
    editor.lines.cellWidget(held_row, 1).setValue(4)
    editor.name.setText("Pos Simpang DPRD Timur")
    _save(qtbot, view, editor)
    qtbot.waitUntil(lambda: "Pos Simpang DPRD Timur" in _live_posts(db, event_id), timeout=10000)
    with db.session() as s:
        assert s.get(PostRequirement, line.id).count == 4
        assert s.scalars(select(AuditLog).where(AuditLog.entity == "post_requirement",
                                                AuditLog.action == "update")).first()

    # move by dragging the marker (the map reports the drop), then undo the move, the edit, ...
    view.map.postMoved.emit(post.id, -2.9801, 104.7402)
    wait_idle(qtbot, view)
    with db.session() as s:
        assert round(s.get(Post, post.id).lat, 4) == -2.9801
    _undo(qtbot, view)                                     # back to where the click placed it
    qtbot.waitUntil(lambda: _live_posts(db, event_id)["Pos Simpang DPRD Timur"].lat == pytest.approx(spot["lat"],
                                                                                                     abs=1e-6),
                    timeout=10000)
    _undo(qtbot, view)                                     # the edit
    qtbot.waitUntil(lambda: "Pos Simpang DPRD" in _live_posts(db, event_id), timeout=10000)
    with db.session() as s:
        assert s.get(PostRequirement, line.id).count == 2

    # delete: refused with words while someone holds it; after the placement is undone it goes, and undo restores
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().findChild(QPushButton, "question_delete").click())
    view.select_item("post", post.id)
    view.post_actions.delete_action.trigger()
    wait_idle(qtbot, view)
    assert "Pos Simpang DPRD" in _live_posts(db, event_id)
    _undo(qtbot, view)                                     # the placement
    wait_idle(qtbot, view)
    qtbot.waitUntil(lambda: view.tree_model.find("post", post.id).isValid(), timeout=10000)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().findChild(QPushButton, "question_delete").click())
    view.select_item("post", post.id)
    view.post_actions.delete_action.trigger()
    qtbot.waitUntil(lambda: "Pos Simpang DPRD" not in _live_posts(db, event_id), timeout=10000)
    qtbot.waitUntil(lambda: js(qtbot, view.map, f"antasena.marker('post', '{post.id}') === null"), timeout=10000)
    _undo(qtbot, view)
    qtbot.waitUntil(lambda: "Pos Simpang DPRD" in _live_posts(db, event_id), timeout=10000)
