"""The board's post editing: add / edit / delete a post and its lines by hand, place a new post by clicking the
map (a post is moved by dragging its marker). Every write is a WriteOp on the app-wide undo stack through the
audited core (`antasena_desktop.planning.posts`)."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from antasena_desktop.i18n import T
from antasena_desktop.planning import posts as post_service
from ui.icons import icon
from ui.ops import ReadOp, WriteOp
from ui.widgets import ask


class PostActions(QObject):
    def __init__(self, board):
        super().__init__(board)
        self.board = board
        self.editor = None                  # the open PostEditor (tests reach it here)
        self.placing = False                # the next map click places a new post
        self.add_action = self._action("planning_add_post", "fa5s.map-marker-alt", self.add_post)
        self.place_action = self._action("planning_place_post", "fa5s.crosshairs", self.start_placing)
        self.edit_action = self._action("planning_edit_post", "fa5s.edit", self.edit_post)
        self.delete_action = self._action("planning_delete_post", "fa5s.trash-alt", self.delete_post)
        self.retranslate()

    def _action(self, name, icon_name, slot) -> QAction:
        act = QAction(icon(icon_name), "", self.board)
        act.setObjectName(name)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def actions(self) -> list[QAction]:
        return [self.add_action, self.place_action, self.edit_action, self.delete_action]

    def retranslate(self) -> None:
        for act, text, tip in (
                (self.add_action, T("Tambah pos…", "Add post…"), T("Pos baru pada kegiatan terpilih",
                                                                  "A new post on the selected event")),
                (self.place_action, T("Pos di peta", "Post on map"), T("Klik di peta untuk meletakkan pos baru",
                                                                      "Click the map to place a new post")),
                (self.edit_action, T("Ubah pos…", "Edit post…"), T("Nama, jam, letak dan kebutuhan pos terpilih",
                                                                  "Name, times, position and lines of the post")),
                (self.delete_action, T("Hapus pos", "Delete post"), T("Hapus pos terpilih (tanpa personel)",
                                                                     "Delete the selected post (no one placed)"))):
            act.setText(str(text))
            act.setToolTip(str(tip))

    # ---- targets
    def _event_id(self) -> str | None:
        board = self.board
        event_id = board.current_event_id() or (board.plan[0].id if len(board.plan) == 1 else None)
        if not event_id:
            board.show_banner(T("Pilih kegiatan di pohon rencana.", "Select an event in the plan tree."), error=False)
        return event_id

    def _post_id(self) -> str | None:
        target = self.board.current_target()
        if target is None:
            self.board.show_banner(T("Pilih pos di pohon rencana.", "Select a post in the plan tree."), error=False)
            return None
        return target[0]

    # ---- add / edit
    def add_post(self, lat: float | None = None, lon: float | None = None) -> None:
        event_id = self._event_id()
        if not event_id:
            return
        event = self.board.tree_model.events.get(event_id)
        number = len(event.posts) + 1 if event else 1
        post = {"event_id": event_id, "name": str(T("Pos {n}", "Post {n}", n=number)),
                "lat": lat if lat is not None else (event.lat if event else None),
                "lon": lon if lon is not None else (event.lon if event else None),
                "start_at": event.start_at if event else None, "end_at": event.end_at if event else None,
                "lines": [{"function_code": "samapta", "count": 2}]}
        self.open_editor(post)

    def edit_post(self) -> None:
        post_id = self._post_id()
        if post_id:
            ReadOp(self.board, lambda session: post_service.post_details(session, post_id)) \
                .success(self.open_editor).run()

    def open_editor(self, post: dict):
        from ui.dialogs.post_editor import open_post_editor
        self.editor = open_post_editor(post, self.board)
        return self.editor

    # ---- delete
    def delete_post(self) -> None:
        post_id = self._post_id()
        if not post_id:
            return
        post = self.board.tree_model.posts.get(post_id)
        name = post.name if post else post_id
        choice = ask(self.board, T("Hapus pos", "Delete post"),
                     T("Hapus pos {p} beserta semua baris kebutuhannya?", "Delete post {p} with all its lines?", p=name),
                     [("delete", T("Hapus pos", "Delete post"), QMessageBox.ButtonRole.DestructiveRole),
                      ("cancel", T("Batal", "Cancel"), QMessageBox.ButtonRole.RejectRole)], default="cancel")
        if choice == "delete":
            WriteOp(self.board, lambda session, actor: post_service.delete_post(session, actor, post_id),
                    T("Hapus pos {p}", "Delete post {p}", p=name)).failure(self.board._write_failed).run()

    # ---- place on the map
    def start_placing(self) -> None:
        board = self.board
        if board.map is None or not self._event_id():
            return
        self.placing = True
        board.map.set_place_mode(True, False)
        board.show_banner(T("Klik di peta tempat pos baru berada.", "Click the map where the new post is."),
                          error=False)

    def map_clicked(self, lat: float, lng: float) -> None:
        if not self.placing:
            return
        self.placing = False
        self.board.hide_banner()
        self.add_post(lat, lng)
