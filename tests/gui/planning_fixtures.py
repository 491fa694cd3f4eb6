"""Helpers for the planning-board GUI tests: a small real SQLite world and synthetic drag and drop."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from antasena_desktop.services.security import Actor, Role
from db.models import Assignment
from tests.planning import factory

OPS = Actor("operator", Role.OPERATOR_OPS)
DAY = factory.DAY.date()


@dataclass
class World:
    people: dict[str, str]      # short name → personnel id
    posts: dict[str, str]       # post name → post id
    lines: dict[str, str]       # post name → first line id
    events: dict[str, str]      # title → event id


def build_world(db) -> World:
    """Two overlapping events on DAY: "Unjuk Rasa DPRD" (Pos Utama dalmas×3, Pos Gerbang dalmas×2) and
    "Konser" (Pos Panggung dalmas×1); six dalmas people and one lantas-only officer."""
    with db.session() as s:
        unit = factory.unit(s)
        other = factory.unit(s, "LANTAS")
        people = {f"A{i}": factory.person(s, unit, f"8701{i:04d}", f"Anggota {i}").id for i in range(6)}
        people["L"] = factory.person(s, other, "87029999", "Lantas Satu", functions=("lantas",)).id
        demo = factory.event(s, "Unjuk Rasa DPRD", start_hour=8, hours=8)
        concert = factory.event(s, "Konser", start_hour=9, hours=6)
        posts, lines = {}, {}
        for ev, name, count in ((demo, "Pos Utama", 3), (demo, "Pos Gerbang", 2), (concert, "Pos Panggung", 1)):
            post = factory.post(s, ev, name, lines=(("dalmas", count, None, None),))
            posts[name] = post.id
            lines[name] = post.requirements[0].id
        return World(people, posts, lines, {"Unjuk Rasa DPRD": demo.id, "Konser": concert.id})


def live_assignments(db) -> set[tuple]:
    with db.session() as s:
        return {(a.id, a.post_id, a.requirement_id, a.personnel_id, a.pinned)
                for a in s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None)))}


def wait_idle(qtbot, view, timeout=20000) -> None:
    qtbot.waitUntil(lambda: view.loaded and view.idle(), timeout=timeout)


def select_candidates(view, person_ids) -> QMimeData:
    """Select these people in the board's list and return the mime data the list produces for them."""
    table, proxy = view.cand_table, view.cand_proxy
    table.clearSelection()
    indexes = []
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if proxy.data(index, Qt.ItemDataRole.UserRole + 1).id in person_ids:
            table.selectionModel().select(index, table.selectionModel().SelectionFlag.Select |
                                          table.selectionModel().SelectionFlag.Rows)
            indexes.extend(proxy.index(row, c) for c in range(proxy.columnCount()))
    assert len({i.row() for i in indexes}) == len(person_ids), "person not in the list"
    return proxy.mimeData(indexes)


def drop_on(widget, pos: QPoint, mime: QMimeData) -> bool:
    """Synthesize drag enter → move → drop at `pos` on `widget` (QDrag.exec does nothing offscreen)."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), actions, mime, buttons, mods)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def tree_point(view, kind: str, ident: str) -> QPoint:
    index = view.tree_model.find(kind, ident)
    assert index.isValid(), (kind, ident)
    view.tree.scrollTo(index)
    return view.tree.visualRect(index).center()
