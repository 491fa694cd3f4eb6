"""Undo/redo of an auto-fill: a busy state that names what is being undone while it runs, and afterwards a status
line (board and status bar) that says what was undone instead of the fill's stale summary."""
from __future__ import annotations

from tests.gui.planning_fixtures import DAY, OPS, build_world, live_assignments, wait_idle
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.views.planning import PlanningView


def test_undo_and_redo_of_a_fill_show_busy_then_refresh_the_status_line(qtbot, db, tmp_path):
    world = build_world(db)
    ctx = AppContext(db, OPS)
    window = MainWindow(ctx, tmp_path / "preferences.json")      # its status bar shows the busy state
    qtbot.addWidget(window)
    view = PlanningView(ctx, with_map=False)
    qtbot.addWidget(view)
    view.day = DAY
    view.resize(1400, 900)
    view.show()
    view.refresh()
    wait_idle(qtbot, view)
    messages = []
    ctx.statusMessage.connect(messages.append)
    try:
        view.limit.setValue(1.0)
        view.start_autofill("day")
        qtbot.waitUntil(lambda: view.last_outcome is not None, timeout=30000)
        wait_idle(qtbot, view)
        assert len(live_assignments(db)) == 6
        assert view.status_note.text().startswith("Isi otomatis hari") and "6 dari 6" in view.status_note.text()
        assert view.unfilled.summary.text()

        assert ctx.undo()
        # while the undo is written: busy, and it says what it is doing (not a bare "Menyimpan…")
        assert ctx.busy and ctx.busy_text.startswith("Mengurungkan: Isi otomatis hari")
        assert window.busy_label.text() == ctx.busy_text
        assert not window.undo_action.isEnabled() and not view.undo_action.isEnabled()
        wait_idle(qtbot, view)
        assert live_assignments(db) == set()
        assert window.busy_label.text() == ""
        assert view.status_note.text().startswith("Diurungkan: Isi otomatis hari")
        assert "6 dari 6" not in view.status_note.text() and view.unfilled.summary.text() == ""
        assert view.tree_model.find("event", world.events["Unjuk Rasa DPRD"]).siblingAtColumn(1).data() == "0/5"
        assert messages[-1].startswith("Diurungkan: Isi otomatis hari")

        assert ctx.redo()
        assert ctx.busy_text.startswith("Mengulangi: Isi otomatis hari")
        wait_idle(qtbot, view)
        assert len(live_assignments(db)) == 6
        assert view.status_note.text().startswith("Diulangi: Isi otomatis hari")
        assert messages[-1].startswith("Diulangi: ")
        assert view.tree_model.find("event", world.events["Unjuk Rasa DPRD"]).siblingAtColumn(1).data() == "5/5"
    finally:
        view.autofill.cancel()
        ctx.runner.wait_all(30000)
        window.live.stop()
        qtbot.wait(50)
