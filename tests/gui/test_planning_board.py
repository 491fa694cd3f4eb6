"""The planning board with real widgets and a real SQLite file: drops, guard messages, reasons, undo/redo,
auto-fill (with pins and cancel), the map post drag, the log export."""
from __future__ import annotations

import csv
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel
from sqlalchemy import select

from db.models import Assignment, AuditLog, Post
from tests.gui.planning_fixtures import (DAY, OPS, build_world, drop_on, live_assignments, select_candidates,
                                         tree_point, wait_idle)
from ui.context import AppContext
from ui.views.planning import PlanningView




@pytest.fixture
def world(db):
    return build_world(db)


def make_view(qtbot, db, with_map=False):
    ctx = AppContext(db, OPS)
    view = PlanningView(ctx, with_map=with_map)
    qtbot.addWidget(view)
    view.day = DAY
    view.resize(1400, 900)
    view.show()
    view.refresh()
    wait_idle(qtbot, view)
    return view


@pytest.fixture
def view(qtbot, db, world):
    v = make_view(qtbot, db)
    yield v
    settle(qtbot, v)


def settle(qtbot, view) -> None:
    view.autofill.cancel()
    view.ctx.runner.wait_all(30000)
    qtbot.wait(50)          # deliver the last queued results while the view still exists


def filled_text(view, kind, ident) -> str:
    return view.tree_model.find(kind, ident).siblingAtColumn(1).data()


def drop_people(qtbot, view, people, kind, ident) -> None:
    mime = select_candidates(view, people)
    assert drop_on(view.tree.viewport(), tree_point(view, kind, ident), mime)
    wait_idle(qtbot, view)


def test_board_shows_the_day(view, world):
    assert view.tree_model.rowCount() == 2
    assert filled_text(view, "post", world.posts["Pos Utama"]) == "0/3"
    assert view.cand_model.rowCount() == 7
    assert "0/6" in view.tree_summary.text()


def test_drop_fills_a_post(qtbot, view, db, world):
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Utama"])
    live = live_assignments(db)
    assert {(a[1], a[3]) for a in live} == {(world.posts["Pos Utama"], world.people["A0"])}
    assert all(a[4] for a in live), "manual placements are pinned"
    assert filled_text(view, "post", world.posts["Pos Utama"]) == "1/3"
    # the candidate list now shows the conflict for the person
    busy = {c.id: c.busy for c in view.cand_model.rows}
    assert "Pos Utama" in busy[world.people["A0"]]


def test_multi_drop_is_one_transaction_and_one_undo(qtbot, view, db, world):
    before = live_assignments(db)
    people = [world.people[k] for k in ("A1", "A2", "A3")]
    drop_people(qtbot, view, people, "line", world.lines["Pos Utama"])
    assert len(live_assignments(db)) == 3
    assert filled_text(view, "line", world.lines["Pos Utama"]) == "3/3"
    assert view.undo_stack.count() == 1
    # four people onto a line of two seats: all or nothing → nothing written
    more = [world.people[k] for k in ("A0", "A4", "A5")]
    drop_people(qtbot, view, more, "line", world.lines["Pos Gerbang"])
    assert len(live_assignments(db)) == 3
    assert view.banner.isVisible() and "penuh" in view.banner_text.text()
    view.undo_stack.undo()
    wait_idle(qtbot, view)
    assert live_assignments(db) == before


def test_conflicting_drop_is_refused_naming_the_other_post(qtbot, view, db, world):
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Utama"])
    before = live_assignments(db)
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Panggung"])
    assert live_assignments(db) == before
    assert view.banner.isVisible()
    message = view.banner_text.text()
    assert "ditolak" in message and "Pos Utama" in message
    assert filled_text(view, "post", world.posts["Pos Panggung"]) == "0/1"


def _reasons_dialog(qtbot, view):
    qtbot.waitUntil(lambda: getattr(view, "reasons_dialog", None) is not None
                    and view.reasons_dialog.isVisible(), timeout=10000)
    return view.reasons_dialog


def test_soft_mismatch_asks_for_a_reason_and_records_it(qtbot, view, db, world):
    # the operator cancels the reason: nothing is written
    drop_people(qtbot, view, [world.people["L"]], "line", world.lines["Pos Utama"])
    _reasons_dialog(qtbot, view).reject()
    wait_idle(qtbot, view)
    assert live_assignments(db) == set() and "alasan tidak diisi" in view.banner_text.text()
    view.reasons_dialog = None
    drop_people(qtbot, view, [world.people["L"]], "line", world.lines["Pos Gerbang"])
    dialog = _reasons_dialog(qtbot, view)
    assert len(dialog.fields) == 1 and "Lantas Satu" in dialog.findChildren(QLabel)[1].text()
    assert live_assignments(db) == set()                 # nothing written while asking
    dialog.fields[world.people["L"]].setText("Personel dalmas habis")
    dialog.accept()
    wait_idle(qtbot, view)
    qtbot.waitUntil(lambda: len(live_assignments(db)) == 1, timeout=10000)
    with db.session() as s:
        a = s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))).one()
        assert a.personnel_id == world.people["L"] and a.reason == "Personel dalmas habis"


def test_undo_redo_restore_exactly(qtbot, view, db, world):
    states = [live_assignments(db)]
    drop_people(qtbot, view, [world.people["A0"], world.people["A1"]], "post", world.posts["Pos Utama"])
    states.append(live_assignments(db))
    # move one holder to another post by dragging it in the tree
    aid = next(a[0] for a in states[-1] if a[3] == world.people["A1"])
    index = view.tree_model.find("holder", aid)
    view.tree.setCurrentIndex(index)
    mime = view.tree_model.mimeData([index])
    assert drop_on(view.tree.viewport(), tree_point(view, "post", world.posts["Pos Gerbang"]), mime)
    wait_idle(qtbot, view)
    states.append(live_assignments(db))
    assert any(a[0] == aid and a[1] == world.posts["Pos Gerbang"] for a in states[-1])
    # pin toggle with Space, removal with Delete
    view.tree.setCurrentIndex(view.tree_model.find("holder", aid))
    qtbot.keyClick(view.tree, Qt.Key.Key_Space)
    wait_idle(qtbot, view)
    states.append(live_assignments(db))
    assert any(a[0] == aid and not a[4] for a in states[-1])
    view.tree.setCurrentIndex(view.tree_model.find("holder", aid))
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    wait_idle(qtbot, view)
    states.append(live_assignments(db))
    assert all(a[0] != aid for a in states[-1])
    # dragging a holder back to the list removes it
    other = next(a[0] for a in states[-1])
    assert drop_on(view.cand_table.viewport(), view.cand_table.viewport().rect().center(),
                   view.tree_model.mimeData([view.tree_model.find("holder", other)]))
    wait_idle(qtbot, view)
    states.append(live_assignments(db))
    assert states[-1] == set()
    assert view.undo_stack.count() == len(states) - 1
    for expected in reversed(states[:-1]):
        assert view.undo_action.isEnabled()
        view.undo_action.trigger()
        assert not view.undo_action.isEnabled(), "undo is disabled while the write is pending"
        wait_idle(qtbot, view)
        assert live_assignments(db) == expected
    for expected in states[1:]:
        view.redo_action.trigger()
        wait_idle(qtbot, view)
        assert live_assignments(db) == expected


def test_keyboard_place_with_button(qtbot, view, db, world):
    view.select_item("line", world.lines["Pos Gerbang"])
    wait_idle(qtbot, view)
    select_candidates(view, [world.people["A4"]])
    qtbot.mouseClick(view.place_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, view)
    assert {(a[2], a[3]) for a in live_assignments(db)} == {(world.lines["Pos Gerbang"], world.people["A4"])}


def test_autofill_fills_keeps_pin_and_one_undo(qtbot, view, db, world):
    drop_people(qtbot, view, [world.people["A5"]], "post", world.posts["Pos Panggung"])
    pinned = live_assignments(db)
    assert len(pinned) == 1 and next(iter(pinned))[4]
    view.limit.setValue(1.0)
    view.start_autofill("day")
    assert view.progress_box.isVisible()
    qtbot.waitUntil(lambda: view.last_outcome is not None, timeout=30000)
    wait_idle(qtbot, view)
    live = live_assignments(db)
    assert pinned <= live, "the pinned placement is kept"
    assert len(live) == 6
    assert filled_text(view, "event", world.events["Unjuk Rasa DPRD"]) == "5/5"
    assert view.undo_stack.count() == 2
    assert "6 dari 6" in view.unfilled.summary.text()
    quality = view.unfilled.summary.text().split("Mutu: ")[1]       # the certified gap, in words
    assert quality.startswith(("rencana terbaik yang mungkin (terbukti)", "paling banyak")), quality
    view.undo_stack.undo()          # ONE undo takes the whole auto-fill back
    wait_idle(qtbot, view)
    assert live_assignments(db) == pinned


def test_autofill_reports_unfilled_reasons(qtbot, view, db, world):
    with db.session() as s:       # make the concert post impossible: a minimum rank nobody has
        post = s.get(Post, world.posts["Pos Panggung"])
        post.requirements[0].min_rank_code = "KOMBES POL"
    view.limit.setValue(0.5)
    view.start_autofill("day")
    qtbot.waitUntil(lambda: view.last_outcome is not None, timeout=30000)
    wait_idle(qtbot, view)
    assert view.unfilled.table.rowCount() == 1
    assert view.unfilled.table.item(0, 0).text() == "Pos Panggung"
    assert view.unfilled.table.item(0, 2).text()


def test_autofill_cancel_immediately_keeps_ui_usable(qtbot, view, db, world, monkeypatch):
    from ui.planning import autofill
    real_solve = autofill.solve_in_process
    started = threading.Event()

    def solve_after_cancel(instance, *, cancelled, **kwargs):
        # the fixture day is solved in milliseconds: hold the run until the Cancel click has arrived, then
        # let the real solver process produce its plan — the best result at the moment of the Cancel
        started.set()
        for _ in range(1000):
            if cancelled():
                break
            time.sleep(0.01)
        assert cancelled()
        return real_solve(instance, cancelled=lambda: False, **kwargs)
    monkeypatch.setattr(autofill, "solve_in_process", solve_after_cancel)
    view.limit.setValue(30.0)
    view.start_autofill("day")
    qtbot.waitUntil(started.is_set, timeout=10000)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.last_outcome is not None, timeout=30000)
    wait_idle(qtbot, view)
    assert not view.progress_box.isVisible()
    assert view.last_outcome.cancelled
    assert live_assignments(db) == set(), "nothing is applied without the operator's consent"
    assert view.pending_outcome is not None and view.banner_apply.isVisible()   # the best so far is offered
    assert view.pending_outcome.filled > 0
    qtbot.mouseClick(view.banner_apply, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, view)
    assert len(live_assignments(db)) == view.last_outcome.filled
    view.undo_stack.undo()
    wait_idle(qtbot, view)
    assert live_assignments(db) == set()
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Utama"])
    assert len(live_assignments(db)) == 1


def test_map_post_drag_persists_and_undoes(qtbot, db, world):
    view = make_view(qtbot, db, with_map=True)
    post_id = world.posts["Pos Gerbang"]
    with db.session() as s:
        old = (s.get(Post, post_id).lat, s.get(Post, post_id).lon)
    view.map.postMoved.emit(post_id, -2.9912, 104.7561)
    wait_idle(qtbot, view)
    with db.session() as s:
        post = s.get(Post, post_id)
        assert (round(post.lat, 4), round(post.lon, 4)) == (-2.9912, 104.7561)
        assert s.scalar(select(AuditLog).where(AuditLog.entity == "post", AuditLog.entity_id == post_id))
    assert view.undo_stack.count() == 1
    assert view._map_posts[post_id][2:] == (post.lat, post.lon)
    view.undo_stack.undo()
    wait_idle(qtbot, view)
    with db.session() as s:
        post = s.get(Post, post_id)
        assert (post.lat, post.lon) == old
    view.undo_stack.redo()
    wait_idle(qtbot, view)
    with db.session() as s:
        assert round(s.get(Post, post_id).lat, 4) == -2.9912
    settle(qtbot, view)


def test_map_drop_on_post_marker_places(qtbot, view, db, world):
    view._map_drop({"ids": [world.people["A2"]], "nrp": "x"}, -2.98, 104.74, world.posts["Pos Gerbang"])
    wait_idle(qtbot, view)
    assert {(a[1], a[3]) for a in live_assignments(db)} == {(world.posts["Pos Gerbang"], world.people["A2"])}


def test_suggestions_for_a_short_line_place_with_one_click(qtbot, view, db, world):
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Panggung"])   # busy elsewhere
    before = live_assignments(db)
    view.select_item("line", world.lines["Pos Utama"])
    qtbot.waitUntil(lambda: not view.suggestions.loading and view.suggestions.table.rowCount() > 0, timeout=20000)
    offered = [s.person_id for s in view.suggestions.suggestions]
    assert len(offered) == 5 and world.people["A0"] not in offered
    assert world.people["L"] == offered[-1] or world.people["L"] not in offered   # the lantas officer comes last
    button = view.suggestions.table.cellWidget(0, 0)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, view)
    assert {(a[2], a[3]) for a in live_assignments(db) - before} == {(world.lines["Pos Utama"], offered[0])}


def test_event_log_dialog_and_csv(qtbot, view, db, world, tmp_path):
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Utama"])
    view.select_item("event", world.events["Unjuk Rasa DPRD"])
    dialog = view.open_log()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10000)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "operator"
    path = tmp_path / "log.csv"
    task = dialog.export_to(str(path))
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0][0] == "waktu_wib" and len(rows) == 2 and "Anggota 0" in rows[1][4]
    dialog.close()


def test_strength_board_and_filters(qtbot, view, db, world):
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Utama"])
    units = {view.strength.units.item(r, 0).text(): view.strength.units.item(r, 3).text()
             for r in range(view.strength.units.rowCount())}
    assert units["Sat SAMAPTA"] == "1"
    assert view.strength.short.rowCount() == 3
    view.unit_filter.setCurrentIndex(view.unit_filter.findData("Sat LANTAS"))
    assert view.cand_proxy.rowCount() == 1
    view.unit_filter.setCurrentIndex(0)
    view.free_only.setChecked(True)
    view.select_item("post", world.posts["Pos Gerbang"])
    wait_idle(qtbot, view)
    assert world.people["A0"] not in {view.cand_proxy.data(view.cand_proxy.index(r, 0), Qt.ItemDataRole.UserRole + 1).id
                                      for r in range(view.cand_proxy.rowCount())}


def test_move_to_dialog_and_context_actions(qtbot, view, db, world, monkeypatch):
    drop_people(qtbot, view, [world.people["A3"]], "post", world.posts["Pos Utama"])
    aid = next(iter(live_assignments(db)))[0]
    view.tree.setCurrentIndex(view.tree_model.find("holder", aid))
    offered = []

    def fake_get_item(parent, title, label, items, *args, **kwargs):
        offered.extend(items)
        return next(i for i in items if i.endswith("Pos Gerbang")), True
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(fake_get_item))
    view.move_action.trigger()
    wait_idle(qtbot, view)
    assert len(offered) == 3
    assert {(a[0], a[1]) for a in live_assignments(db)} == {(aid, world.posts["Pos Gerbang"])}
    assert filled_text(view, "post", world.posts["Pos Gerbang"]) == "1/2"
    view.undo_stack.undo()
    wait_idle(qtbot, view)
    assert {(a[0], a[1]) for a in live_assignments(db)} == {(aid, world.posts["Pos Utama"])}


def test_english_labels(qtbot, view, world, monkeypatch):
    # switch only this board (set_language would also reach views that other test modules left behind)
    from antasena_desktop import i18n
    monkeypatch.setattr(i18n, "_current", "en")
    view.retranslate()
    assert view.tabs.tabText(1) == "Strength board"
    assert view.fill_day_action.text() == "Auto-fill: this day"
    assert "events" in view.tree_summary.text()
    assert view.tree_model.headerData(0, Qt.Orientation.Horizontal) == "Event / Post / Requirement"
    monkeypatch.setattr(i18n, "_current", "id")
    view.retranslate()
    assert view.tabs.tabText(1) == "Papan kekuatan"


def test_autofill_this_event_only(qtbot, view, db, world):
    view.select_item("event", world.events["Konser"])
    view.limit.setValue(0.5)
    view.fill_event_action.trigger()
    qtbot.waitUntil(lambda: view.last_outcome is not None, timeout=30000)
    wait_idle(qtbot, view)
    assert {a[1] for a in live_assignments(db)} == {world.posts["Pos Panggung"]}
    assert filled_text(view, "event", world.events["Konser"]) == "1/1"
    assert filled_text(view, "event", world.events["Unjuk Rasa DPRD"]) == "0/5"


def test_map_updates_come_from_the_ids_in_the_changes():
    from antasena_desktop.services.changes import Change, Changes
    from ui.views.planning import posts_touched
    placed = Changes([Change("assignment", "a1", "create", None, {"post_id": "P1", "pinned": True})])
    moved = Changes([Change("assignment", "a1", "update", {"post_id": "P1"}, {"post_id": "P2"})])
    pinned = Changes([Change("assignment", "a1", "update", {"pinned": True}, {"pinned": False})])
    restored = Changes([Change("assignment", "a1", "update", {"deleted_at": "2026-03-10T01:00:00"}, {"deleted_at": None})])
    dragged = Changes([Change("post", "P3", "update", {"lat": 1.0}, {"lat": 2.0})])
    assert posts_touched(placed) == {"P1"} and posts_touched(moved) == {"P1", "P2"}
    assert posts_touched(pinned) == set() and posts_touched(dragged) == {"P3"}
    assert posts_touched(restored) is None                                  # cannot tell: compare all
    assert posts_touched(Changes([Change("event", "E1", "update", {}, {})])) is None


def test_a_drop_restyles_only_the_dropped_post_on_the_map(qtbot, db, world, monkeypatch):
    view = make_view(qtbot, db, with_map=True)
    qtbot.waitUntil(lambda: view.map is not None and view.map.is_ready, timeout=30000)
    styled = []
    monkeypatch.setattr(view.map, "restyle_post", lambda pid, filled, required: styled.append((pid, filled, required)))
    drop_people(qtbot, view, [world.people["A0"]], "post", world.posts["Pos Utama"])
    assert styled == [(world.posts["Pos Utama"], 1, 3)]
    assert view._map_posts[world.posts["Pos Utama"]][:2] == (1, 3)
    settle(qtbot, view)
