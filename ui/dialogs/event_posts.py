"""The posts of one event, edited by hand: add, edit, delete a post and its lines with the same editor and audited
core as the planning board (`planning.posts`), each step on the app-wide undo stack. `EventPostsPanel` is the list
and its buttons — inside the event editor ("Ubah kegiatan") and inside `EventPostsDialog` (Kegiatan → Pos…)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, \
    QMessageBox, QPushButton, QVBoxLayout, QWidget

from antasena_desktop.i18n import T
from antasena_desktop.planning import board
from antasena_desktop.planning import posts as post_service
from antasena_desktop.services.security import Permission
from antasena_desktop.timefmt import format_time_wib
from ui.ops import ReadOp, WriteOp, error_text
from ui.widgets import ask


class EventPostsPanel(QWidget):
    def __init__(self, ctx, event_id: str, parent=None):
        super().__init__(parent)
        self.setObjectName("event_posts_panel")
        self.ctx, self.event_id = ctx, event_id
        self.event_view = None
        self.editor = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("event_posts_list")
        self.list.itemDoubleClicked.connect(lambda _i: self.edit_post())
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        self.add_button = QPushButton(str(T("Tambah pos…", "Add post…")), objectName="event_posts_add")
        self.edit_button = QPushButton(str(T("Ubah pos…", "Edit post…")), objectName="event_posts_edit")
        self.delete_button = QPushButton(str(T("Hapus pos", "Delete post")), objectName="event_posts_delete")
        self.add_button.clicked.connect(self.add_post)
        self.edit_button.clicked.connect(self.edit_post)
        self.delete_button.clicked.connect(self.delete_post)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        enabled = ctx.actor.can(Permission.PLAN)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(enabled)
        ctx.published.connect(self._published)
        self.reload()

    def _published(self, changes, _initiator) -> None:
        if changes.entities() & {"post", "post_requirement", "assignment"}:
            self.reload()
        self.error.setText("")

    def reload(self) -> None:
        event_id = self.event_id
        ReadOp(self, lambda session: board.events_plan(session, [event_id])).success(self._show).run()

    def _show(self, plan) -> None:
        current = self.list.currentItem().data(256) if self.list.currentItem() else None
        self.event_view = plan[0] if plan else None
        self.list.clear()
        if self.event_view is None:
            return
        self.heading.setText(f"<b>{self.event_view.number}</b> — {self.event_view.title}")
        for post in self.event_view.posts:
            item = QListWidgetItem(f"{post.name} · {format_time_wib(post.start_at)}–{format_time_wib(post.end_at)} · "
                                   f"{post.filled}/{post.required}")
            item.setData(256, post.id)
            self.list.addItem(item)
            if post.id == current:
                self.list.setCurrentItem(item)

    def _post_id(self) -> str | None:
        item = self.list.currentItem()
        if item is None:
            self.error.setText(str(T("Pilih pos di daftar.", "Select a post in the list.")))
            return None
        return item.data(256)

    def add_post(self):
        e = self.event_view
        if e is None:
            return None
        return self._open({"event_id": e.id, "name": str(T("Pos {n}", "Post {n}", n=len(e.posts) + 1)), "lat": e.lat,
                           "lon": e.lon, "start_at": e.start_at, "end_at": e.end_at,
                           "lines": [{"function_code": "samapta", "count": 2}]})

    def edit_post(self) -> None:
        post_id = self._post_id()
        if post_id:
            ReadOp(self, lambda session: post_service.post_details(session, post_id)).success(self._open).run()

    def _open(self, post: dict):
        from ui.dialogs.post_editor import open_post_editor
        self.editor = open_post_editor(post, self)
        return self.editor

    def delete_post(self) -> None:
        post_id = self._post_id()
        if not post_id:
            return
        name = self.list.currentItem().text().split(" · ")[0]
        if ask(self, T("Hapus pos", "Delete post"), T("Hapus pos {p} beserta semua baris kebutuhannya?",
                                                      "Delete post {p} with all its lines?", p=name),
               [("delete", T("Hapus pos", "Delete post"), QMessageBox.ButtonRole.DestructiveRole),
                ("cancel", T("Batal", "Cancel"), QMessageBox.ButtonRole.RejectRole)], default="cancel") == "delete":
            WriteOp(self, lambda session, actor: post_service.delete_post(session, actor, post_id),
                    T("Hapus pos {p}", "Delete post {p}", p=name)) \
                .failure(lambda exc, _t: self.error.setText(error_text(exc))).run()


class EventPostsDialog(QDialog):
    """Kegiatan → "Pos…": the panel on its own, with a Close button."""

    def __init__(self, ctx, event_id: str, parent=None):
        super().__init__(parent)
        self.setObjectName("event_posts")
        self.panel = EventPostsPanel(ctx, event_id, self)
        close = QDialogButtonBox()
        close.addButton(str(T("Tutup", "Close")), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(close)
        self.setWindowTitle(str(T("Pos kegiatan", "Event posts")))
        self.resize(620, 420)
        self.list = self.panel.list
        self.add_post, self.edit_post = self.panel.add_post, self.panel.edit_post
        self.delete_post = self.panel.delete_post

    @property
    def event_view(self):
        return self.panel.event_view

    @property
    def editor(self):
        return self.panel.editor
