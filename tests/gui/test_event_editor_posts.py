"""Posts and requirement lines edited inside the event editor itself ("Ubah kegiatan"): add a post, edit its lines,
a refusal in words when a line would drop below its holders, delete — through the audited services, each step on
the app-wide undo stack. A new (unsaved) event says where its posts come from."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from antasena_desktop.planning import service as guard
from db.models import AuditLog, Post, PostRequirement
from tests.gui.planning_fixtures import OPS, build_world
from ui.context import AppContext
from ui.views.events import EventsView


@pytest.fixture(autouse=True)
def _private_language_listeners(monkeypatch):
    from antasena_desktop import i18n
    monkeypatch.setattr(i18n, "_listeners", list(i18n._listeners))


def _posts(db, event_id):
    with db.session() as s:
        live = select(Post).where(Post.event_id == event_id, Post.deleted_at.is_(None))
        return {p.name: p.id for p in s.scalars(live)}


def _wait(qtbot, ctx):
    qtbot.waitUntil(lambda: not ctx.busy and not ctx.live_ops, timeout=15000)


def test_posts_added_edited_refused_and_deleted_in_the_event_editor(qtbot, db):
    world = build_world(db)
    event_id = world.events["Unjuk Rasa DPRD"]
    with db.session() as s:                                   # someone already holds a seat on Pos Utama
        guard.place(s, OPS, world.people["A0"], world.posts["Pos Utama"], world.lines["Pos Utama"])
    ctx = AppContext(db, OPS)
    view = EventsView(ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loaded, timeout=10000)
    view.select_event(event_id)
    view.edit_event()
    qtbot.waitUntil(lambda: getattr(view, "editor", None) is not None and view.editor.isVisible(), timeout=10000)
    editor = view.editor
    panel = editor.posts_panel
    assert panel is not None and panel.isVisibleTo(editor) and not editor.posts_note.isVisibleTo(editor)
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10000)
    texts = [panel.list.item(i).text() for i in range(2)]
    assert any(t.startswith("Pos Utama") and t.endswith("1/3") for t in texts), texts

    post_editor = panel.add_post()                            # 1. add a post by hand
    post_editor.name.setText("Pos Simpang Lima DPRD")
    post_editor.findChild(QPushButton, "post_save").click()
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=10000)
    _wait(qtbot, ctx)
    assert "Pos Simpang Lima DPRD" in _posts(db, event_id)
    assert ctx.undo_stack.undoText() == "Tambah pos Pos Simpang Lima DPRD"

    row = next(i for i in range(panel.list.count()) if panel.list.item(i).text().startswith("Pos Utama"))
    panel.list.setCurrentRow(row)                             # 2. edit a line: not below its holder
    panel.edit_post()
    qtbot.waitUntil(lambda: panel.editor is not post_editor and panel.editor is not None
                    and panel.editor.isVisible(), timeout=10000)
    lines = panel.editor
    assert lines.lines.cellWidget(0, 1).minimum() == 1        # the spin box floor is the holder count
    lines.lines.selectRow(0)
    lines.lines.setCurrentCell(0, 4)
    lines.remove_current_line()                               # refused in words, nothing removed
    assert "1 personel" in lines.error.text() and lines.lines.rowCount() == 1
    lines.lines.cellWidget(0, 1).setValue(5)
    lines.findChild(QPushButton, "post_save").click()
    _wait(qtbot, ctx)
    with db.session() as s:
        assert s.get(PostRequirement, world.lines["Pos Utama"]).count == 5
        assert s.scalars(select(AuditLog).where(AuditLog.entity == "post_requirement",
                                                AuditLog.action == "update")).first()
    qtbot.waitUntil(lambda: any(panel.list.item(i).text().endswith("1/5") for i in range(panel.list.count())),
                    timeout=10000)

    # 3. delete: refused with words while someone holds the post; the new empty post goes
    panel.list.setCurrentRow(row)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().findChild(QPushButton, "question_delete").click())
    panel.delete_post()
    qtbot.waitUntil(lambda: bool(panel.error.text()), timeout=10000)
    assert "Pos Utama" in _posts(db, event_id)
    new_row = next(i for i in range(panel.list.count()) if panel.list.item(i).text().startswith("Pos Simpang"))
    panel.list.setCurrentRow(new_row)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().findChild(QPushButton, "question_delete").click())
    panel.delete_post()
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10000)
    assert "Pos Simpang Lima DPRD" not in _posts(db, event_id)

    # 4. each step is one undo, newest first: the delete, the line edit, the add
    ctx.undo()
    _wait(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=10000)
    ctx.undo()
    _wait(qtbot, ctx)
    with db.session() as s:
        assert s.get(PostRequirement, world.lines["Pos Utama"]).count == 3
    ctx.undo()
    _wait(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10000)
    assert editor.isVisible()                                 # the event editor stayed open throughout
    editor.reject()
    ctx.runner.wait_all()


def test_a_new_event_explains_where_its_posts_come_from(qtbot, db):
    ctx = AppContext(db, OPS)
    view = EventsView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loaded, timeout=10000)
    editor = view.new_event()
    assert editor.posts_panel is None and editor.posts_note.isVisibleTo(editor)
    assert "setelah kegiatan disimpan" in editor.posts_note.text()
    editor.reject()
    ctx.runner.wait_all()
