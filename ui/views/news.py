"""The desk's list of portal posts (Berita and knowledge): write, edit/schedule, withdraw — each a
WriteOp with an undo step; the list follows published Changes (also an undo from the Edit menu)."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from antasena_desktop.i18n import T, on_language_change
from antasena_desktop.services import news
from antasena_desktop.timefmt import format_datetime
from ui.dialogs.news_editor import NewsDialog
from ui.ops import ReadOp, WriteOp, error_text, is_alive


class NewsPanel(QWidget):
    HEADERS = (T("Judul", "Title"), T("Jenis", "Kind"), T("Terbit", "Publication"), T("Status", "State"),
               T("Lampiran", "Attachments"), T("Penulis", "Author"))

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("news_panel")
        self.rows: list[news.PostRow] = []
        self.dialog: NewsDialog | None = None
        self.table = QTableWidget(0, len(self.HEADERS), objectName="news_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.write_button = QPushButton(objectName="news_write", clicked=self.write)
        self.edit_button = QPushButton(objectName="news_edit", clicked=self.edit_selected)
        self.withdraw_button = QPushButton(objectName="news_withdraw", clicked=self.withdraw_selected)
        self.status = QLabel(objectName="news_status")
        buttons = QHBoxLayout()
        for button in (self.write_button, self.edit_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        ctx.dataChanged.connect(self._on_changes)
        on_language_change(self._language_changed)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.write_button.setText(str(T("Tulis…", "Write…")))
        self.edit_button.setText(str(T("Sunting / jadwalkan…", "Edit / schedule…")))
        self.withdraw_button.setText(str(T("Tarik dari portal", "Withdraw from the portal")))
        self.table.setHorizontalHeaderLabels([str(h) for h in self.HEADERS])
        self._fill()

    def _language_changed(self, _code: str) -> None:
        if is_alive(self):                 # a listener may outlive its widget (deleted by Qt)
            self.retranslate()

    def _on_changes(self, changes) -> None:
        if {"news_post", "news_attachment"} & changes.entities():
            self.refresh()

    def refresh(self) -> None:
        actor = self.ctx.actor
        ReadOp(self, lambda session: news.list_posts(session, actor)).success(self._show).run()

    def _show(self, rows) -> None:
        self.rows = rows
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (row.title, str(news.KINDS[row.kind]), format_datetime(row.publish_at), str(row.state()),
                      ", ".join(row.attachments), row.author)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))

    def selected(self) -> news.PostRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows else None

    # ---- writes
    def write(self) -> NewsDialog:
        return self._open(NewsDialog(self))

    def edit_selected(self) -> NewsDialog | None:
        row = self.selected()
        if row is None:
            self.status.setText(str(T("Pilih satu tulisan dahulu.", "Choose a post first.")))
            return None
        return self._open(NewsDialog(self, row))

    def _open(self, dialog: NewsDialog) -> NewsDialog:
        self.dialog = dialog
        post = dialog.post

        def submit(values):
            attachments = list(dialog.attachments)
            if post is None:
                fn = lambda session, actor: news.create_post(session, actor, values, attachments)   # noqa: E731
                text = T("Tulis \"{t}\"", "Write \"{t}\"", t=values["title"])
            else:
                fn = lambda session, actor: news.update_post(session, actor, post.id, values, attachments)  # noqa: E731
                text = T("Sunting \"{t}\"", "Edit \"{t}\"", t=values["title"])
            WriteOp(self, fn, undo_text=text).success(lambda _c: dialog.finish()) \
                .failure(lambda exc, _t: dialog.error.setText(error_text(exc))).run()

        dialog.on_submit = submit
        dialog.open()
        return dialog

    def withdraw_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.status.setText(str(T("Pilih satu tulisan dahulu.", "Choose a post first.")))
            return
        WriteOp(self, lambda session, actor: news.withdraw_post(session, actor, row.id),
                undo_text=T("Tarik \"{t}\"", "Withdraw \"{t}\"", t=row.title)) \
            .success(lambda _c: self.status.setText(str(T("\"{t}\" ditarik dari portal.",
                                                          "\"{t}\" withdrawn from the portal.", t=row.title)))).run()
