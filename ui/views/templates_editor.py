"""Event templates editor (Pengaturan → Templat kegiatan): kind × kerawanan → posts and requirement lines.

`TemplatesEditor(ctx)` is a self-contained widget; the settings view adds it as a section. It loads
on first show, reloads when templates change, and saves through `services.templates` on the writer
thread (role EDIT_SETTINGS; others see it read-only). Validation errors from the core name the post,
the line and the field and are shown under the tables.
"""
from __future__ import annotations

import copy

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, EVENT_KINDS, FUNCTIONS, GENDERS, POST_TYPES
from antasena_desktop.domain.ranks import RANKS
from antasena_desktop.i18n import T, current_language
from antasena_desktop.services import templates as template_service
from antasena_desktop.services.security import Permission
from antasena_desktop.services.settings import kerawanan_label, load as load_settings
from ui.ops import WriteOp, error_text
from ui.views.base import BaseView
from ui.widgets import DetailFollowsFilter, guard_wheel, setup_table

POST_WIDTHS = {1: 210, 2: 160}                       # name stretches; type; set-up minutes
LINE_WIDTHS = {0: 220, 1: 80, 2: 140, 3: 130}         # function, count, min. rank, gender; role stretches
LIST_WIDTH = 430                                       # "Keagamaan (Sholat Id, tabligh akbar) — Sangat Rawan"
LIST_MAX_WIDTH = 640                                   # the English labels carry a translation: wider, up to this

NEW_POST = {"name": "Pos Baru", "type": "pos_pam", "offset_minutes_before": 60,
            "lines": [{"function": None, "count": 1, "min_rank": None, "gender": None, "role_label": ""}]}


class TemplatesEditor(BaseView):
    title = T("Templat kegiatan", "Event templates")
    watches = {"event_template", "setting"}

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("templates_editor")
        self.settings = None
        self.rows: list = []
        self.current_id: str | None = None
        self.body: dict = {"posts": []}
        self.post_index = -1
        self.can_edit = ctx.actor.can(Permission.EDIT_SETTINGS)

        self.filter = QComboBox(objectName="templates_filter")
        self.filter.currentIndexChanged.connect(lambda _i: self._fill_list())
        self.list = QListWidget(objectName="templates_list")
        self.list.currentItemChanged.connect(self._picked)
        # the kind filter hides the shown template: the form is emptied (not silently swapped for another one)
        self.follow = DetailFollowsFilter(self.list, self._template_hidden, key=lambda value: value, role=256,
                                          auto=False)
        self.name = QLineEdit(objectName="template_name")
        self.kind = QComboBox(objectName="template_kind")
        self.level = QComboBox(objectName="template_level")
        self.posts = QTableWidget(0, 3, objectName="template_posts")
        self.posts.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.posts.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.posts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.posts.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._post_picked(row))
        self.lines = QTableWidget(0, 5, objectName="template_lines")
        self.lines.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        # widths that show "Pos Pengamanan", "Reserse Kriminal", "Persiapan (menit)" whole at 1600×1000; kept per table
        setup_table(self.posts, "template_posts", POST_WIDTHS, code_columns=())
        setup_table(self.lines, "template_lines", LINE_WIDTHS, code_columns=())
        for table in (self.posts, self.lines):
            table.verticalHeader().setDefaultSectionSize(30)
        self.add_post, self.remove_post = QPushButton(objectName="template_add_post"), QPushButton(objectName="template_remove_post")
        self.add_line, self.remove_line = QPushButton(objectName="template_add_line"), QPushButton(objectName="template_remove_line")
        self.new_button = QPushButton(objectName="template_new")
        self.copy_button = QPushButton(objectName="template_copy")
        self.delete_button = QPushButton(objectName="template_delete")
        self.save_button = QPushButton(objectName="template_save")
        self.error = QLabel(objectName="template_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        self.summary = QLabel(objectName="template_summary")
        self.add_post.clicked.connect(self._add_post)
        self.remove_post.clicked.connect(self._remove_post)
        self.add_line.clicked.connect(self._add_line)
        self.remove_line.clicked.connect(self._remove_line)
        self.new_button.clicked.connect(lambda: self.new_template())
        self.copy_button.clicked.connect(lambda: self.new_template(copy_current=True))
        self.delete_button.clicked.connect(self.delete_current)
        self.save_button.clicked.connect(self.save)
        for widget in (self.name, self.kind, self.level, self.posts, self.lines, self.add_post, self.remove_post,
                       self.add_line, self.remove_line, self.new_button, self.copy_button, self.delete_button,
                       self.save_button):
            widget.setEnabled(self.can_edit)

        self.form_labels = {k: QLabel() for k in ("name", "kind", "level")}
        form = QFormLayout()
        form.addRow(self.form_labels["name"], self.name)
        form.addRow(self.form_labels["kind"], self.kind)
        form.addRow(self.form_labels["level"], self.level)
        post_buttons = QHBoxLayout()
        post_buttons.addWidget(self.add_post)
        post_buttons.addWidget(self.remove_post)
        post_buttons.addStretch()
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.add_line)
        line_buttons.addWidget(self.remove_line)
        line_buttons.addStretch()
        self.posts_label, self.lines_label = QLabel(), QLabel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form)
        right_layout.addWidget(self.posts_label)
        right_layout.addWidget(self.posts, 1)
        right_layout.addLayout(post_buttons)
        right_layout.addWidget(self.lines_label)
        right_layout.addWidget(self.lines, 2)
        right_layout.addLayout(line_buttons)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.error)
        save_row = QHBoxLayout()
        save_row.addStretch()
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        left_buttons = QHBoxLayout()
        for widget in (self.new_button, self.copy_button, self.delete_button):
            left_buttons.addWidget(widget)
        left_layout.addLayout(left_buttons)
        split = QSplitter()
        split.setObjectName("templates_split")
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([LIST_WIDTH, 1000])
        split.splitterMoved.connect(lambda *_: setattr(self, "_split_moved", True))
        self.split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.setMinimumHeight(420)
        self.retranslate()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.loaded and self.loading_task is None:
            self.refresh()

    # ---- data
    def load_data(self, session):
        return load_settings(session), template_service.list_templates(session)

    def show_data(self, data) -> None:
        self.settings, self.rows = data
        self._fill_levels()
        self._fill_list()

    def _label(self, row) -> str:
        kind = EVENT_KIND_BY_CODE[row.kind].label(current_language()) if row.kind in EVENT_KIND_BY_CODE else row.kind
        level = kerawanan_label(self.settings, row.kerawanan_level, current_language()) if self.settings else row.kerawanan_level
        if str(level).lower() in row.name.lower():
            return row.name
        return str(T("{n} [{k} · {l}]", "{n} [{k} · {l}]", k=kind, l=level, n=row.name))

    def _fill_list(self) -> None:
        kind = self.filter.currentData()
        keep = self.current_id
        self.list.blockSignals(True)
        self.list.clear()
        for row in self.rows:
            if kind and row.kind != kind:
                continue
            item = QListWidgetItem(self._label(row))
            item.setToolTip(item.text())
            item.setData(256, row.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._fit_list()
        first = 0 if self.list.count() and keep is None and not self.body["posts"] else -1
        target = next((i for i in range(self.list.count()) if self.list.item(i).data(256) == keep), first)
        if target >= 0:
            self.list.setCurrentRow(target)
            self._picked(self.list.item(target), None)
        self.follow.recheck()

    def _fit_list(self) -> None:
        """Widen the list to its longest name (within LIST_MAX_WIDTH) unless the operator moved the splitter."""
        if getattr(self, "_split_moved", False) or not self.list.count():
            return
        fm = self.list.fontMetrics()
        needed = max(fm.horizontalAdvance(self.list.item(i).text()) for i in range(self.list.count()))
        needed += 2 * self.list.frameWidth() + self.list.verticalScrollBar().sizeHint().width() + 24
        width = max(LIST_WIDTH, min(LIST_MAX_WIDTH, needed))
        total = sum(self.split.sizes()) or 1400
        self.split.blockSignals(True)
        self.split.setSizes([width, max(1, total - width)])
        self.split.blockSignals(False)

    def _template_hidden(self) -> None:
        self.current_id = None
        self.list.clearSelection()
        self.name.clear()
        self.error.clear()
        self.body = {"posts": []}
        self.post_index = -1
        self._fill_posts()
        self.save_button.setEnabled(False)              # nothing to save until a template is picked or made

    def _fill_levels(self) -> None:
        current = self.level.currentData()
        self.level.clear()
        for entry in (self.settings.kerawanan_scale if self.settings else []):
            self.level.addItem(entry["en" if current_language() == "en" else "id"], int(entry["level"]))
        if current is not None:
            self.level.setCurrentIndex(max(0, self.level.findData(current)))

    def _picked(self, item, _previous) -> None:
        if item is None:
            return
        row = next((r for r in self.rows if r.id == item.data(256)), None)
        if row is None:
            return
        self.current_id = row.id
        self.follow.shown = row.id
        self._show_template(row.name, row.kind, row.kerawanan_level, row.body)

    def _show_template(self, name: str, kind: str, level: int, body: dict) -> None:
        self.error.clear()
        self.save_button.setEnabled(self.can_edit)
        self.name.setText(name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.body = copy.deepcopy(body)
        self.post_index = -1
        self._fill_posts()

    # ---- posts and lines tables (cell widgets hold the values)
    def _fill_posts(self) -> None:
        self.posts.blockSignals(True)
        self.posts.setRowCount(0)
        for post in self.body["posts"]:
            r = self.posts.rowCount()
            self.posts.insertRow(r)
            self.posts.setItem(r, 0, QTableWidgetItem(post.get("name", "")))
            types = QComboBox()
            for term in POST_TYPES:
                types.addItem(term.label(current_language()), term.code)
            types.setCurrentIndex(max(0, types.findData(post.get("type") or "pos_pam")))
            self.posts.setCellWidget(r, 1, types)
            offset = QSpinBox()
            offset.setRange(0, template_service.MAX_OFFSET_MINUTES)
            offset.setSingleStep(15)
            offset.setValue(int(post.get("offset_minutes_before") or 0))
            self.posts.setCellWidget(r, 2, offset)
        self.posts.blockSignals(False)
        if self.body["posts"]:
            self.posts.setCurrentCell(0, 0)
            self._post_picked(0)
        else:
            self.post_index = -1
            self.lines.setRowCount(0)
        self._update_summary()

    def _post_picked(self, row: int) -> None:
        if row == self.post_index:
            return
        self._store_lines()
        self.post_index = row
        self.lines.setRowCount(0)
        if 0 <= row < len(self.body["posts"]):
            for line in self.body["posts"][row]["lines"]:
                self._append_line(line)

    def _append_line(self, line: dict) -> None:
        language = current_language()
        r = self.lines.rowCount()
        self.lines.insertRow(r)
        function = QComboBox()
        function.addItem(str(T("(umum)", "(any)")), None)
        for term in FUNCTIONS:
            function.addItem(term.label(language), term.code)
        function.setCurrentIndex(max(0, function.findData(line.get("function"))))
        count = QSpinBox()
        count.setRange(1, 10_000)
        count.setValue(max(1, int(line.get("count") or 1)))
        rank = QComboBox()
        rank.addItem("—", None)
        for entry in RANKS:
            rank.addItem(entry.code, entry.code)
        rank.setCurrentIndex(max(0, rank.findData(line.get("min_rank"))))
        gender = QComboBox()
        gender.addItem("—", None)
        for term in GENDERS:
            gender.addItem(term.label(language), term.code)
        gender.setCurrentIndex(max(0, gender.findData(line.get("gender"))))
        for column, widget in enumerate((function, count, rank, gender)):
            self.lines.setCellWidget(r, column, widget)
            if isinstance(widget, QSpinBox):
                widget.valueChanged.connect(lambda _v: self._update_summary())
        self.lines.setItem(r, 4, QTableWidgetItem(line.get("role_label") or ""))
        guard_wheel(self.lines)

    def _store_lines(self) -> None:
        """Write the lines table back into the body of the post being shown."""
        if not 0 <= self.post_index < len(self.body["posts"]):
            return
        lines = []
        for r in range(self.lines.rowCount()):
            label = self.lines.item(r, 4)
            lines.append({"function": self.lines.cellWidget(r, 0).currentData(),
                          "count": self.lines.cellWidget(r, 1).value(),
                          "min_rank": self.lines.cellWidget(r, 2).currentData(),
                          "gender": self.lines.cellWidget(r, 3).currentData(),
                          "role_label": label.text().strip() if label else ""})
        self.body["posts"][self.post_index]["lines"] = lines

    def current_body(self) -> dict:
        """The body as edited (posts table + lines of the shown post)."""
        self._store_lines()
        for r, post in enumerate(self.body["posts"]):
            item = self.posts.item(r, 0)
            post["name"] = item.text().strip() if item else ""
            post["type"] = self.posts.cellWidget(r, 1).currentData()
            post["offset_minutes_before"] = self.posts.cellWidget(r, 2).value()
        return copy.deepcopy(self.body)

    def _update_summary(self) -> None:
        if self.post_index >= 0:
            self._store_lines()
        people = sum(int(line.get("count") or 0) for p in self.body["posts"] for line in p["lines"])
        self.summary.setText(str(T("{p} pos, {k} personel", "{p} posts, {k} people", p=len(self.body["posts"]), k=people)))

    def _add_post(self) -> None:
        self.body = self.current_body()
        self.body["posts"].append(copy.deepcopy(NEW_POST))
        self.post_index = -1
        self._fill_posts()
        last = len(self.body["posts"]) - 1
        self.posts.setCurrentCell(last, 0)
        self._post_picked(last)

    def _remove_post(self) -> None:
        row = self.posts.currentRow()
        if row < 0:
            return
        self.body = self.current_body()
        del self.body["posts"][row]
        self.post_index = -1
        self._fill_posts()

    def _add_line(self) -> None:
        if self.post_index < 0:
            return
        self._append_line(copy.deepcopy(NEW_POST["lines"][0]))
        self._update_summary()

    def _remove_line(self) -> None:
        row = self.lines.currentRow()
        if row >= 0:
            self.lines.removeRow(row)
            self._update_summary()

    # ---- commands
    def values(self) -> dict:
        return {"name": self.name.text().strip(), "kind": self.kind.currentData(),
                "kerawanan_level": self.level.currentData(), "body": self.current_body()}

    def new_template(self, copy_current: bool = False) -> None:
        """Start a new (unsaved) template: empty with one post, or a copy of the shown one."""
        body = self.current_body() if copy_current else {"posts": [copy.deepcopy(NEW_POST)]}
        name = str(T("{n} (salinan)", "{n} (copy)", n=self.name.text())) if copy_current else str(T("Templat baru", "New template"))
        kind = self.kind.currentData() or EVENT_KINDS[0].code
        level = self.level.currentData() or 1
        self.current_id = None
        self.follow.shown = None                        # an unsaved template is in no list: no filter hides it
        self.list.clearSelection()
        self._show_template(name, kind, level, body)

    def save(self):
        template_id, values = self.current_id, self.values()

        def job(session, actor):
            if template_id:
                return template_service.update_template(session, actor, template_id, values)
            return template_service.create_template(session, actor, values)

        def done(changes):
            self.current_id = template_id or changes.created("event_template")[0]
            self.error.clear()
            self.ctx.statusMessage.emit(str(T("Templat disimpan.", "Template saved.")))
        text = T("Ubah templat {n}", "Edit template {n}", n=values.get("name", "")) if template_id else \
            T("Templat baru {n}", "New template {n}", n=values.get("name", ""))
        return WriteOp(self, job, text).success(done).failure(lambda exc, _t: self.error.setText(error_text(exc))).run()

    def delete_current(self):
        if not self.current_id:
            return None
        template_id = self.current_id
        self.current_id = None
        return WriteOp(self, lambda session, actor: template_service.delete_template(session, actor, template_id),
                       T("Hapus templat", "Delete template")).success(lambda _c: self._template_hidden()).run()

    def retranslate(self) -> None:
        if not isValid(self.filter):        # a late language signal after the widget was deleted
            return
        language = current_language()
        index = self.filter.currentIndex()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(str(T("Semua jenis", "All kinds")), None)
        for term in EVENT_KINDS:
            self.filter.addItem(term.label(language), term.code)
        self.filter.setCurrentIndex(max(0, index))
        self.filter.blockSignals(False)
        kind = self.kind.currentData()
        self.kind.clear()
        for term in EVENT_KINDS:
            self.kind.addItem(term.label(language), term.code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._fill_levels()
        self.form_labels["name"].setText(str(T("Nama templat", "Template name")))
        self.form_labels["kind"].setText(str(T("Jenis kegiatan", "Event kind")))
        self.form_labels["level"].setText(str(T("Kerawanan", "Kerawanan")))
        self.posts_label.setText(str(T("Pos", "Posts")))
        self.lines_label.setText(str(T("Kebutuhan personel pos terpilih", "Requirement lines of the selected post")))
        self.posts.setHorizontalHeaderLabels([str(T("Nama pos", "Post name")), str(T("Jenis", "Type")),
                                              str(T("Persiapan (menit)", "Set-up (minutes)"))])
        self.lines.setHorizontalHeaderLabels([str(T("Fungsi", "Function")), str(T("Jumlah", "Count")),
                                              str(T("Pangkat min.", "Min. rank")), str(T("Jenis kelamin", "Gender")),
                                              str(T("Keterangan", "Role"))])
        self.add_post.setText(str(T("+ Pos", "+ Post")))
        self.remove_post.setText(str(T("− Pos", "− Post")))
        self.add_line.setText(str(T("+ Baris", "+ Line")))
        self.remove_line.setText(str(T("− Baris", "− Line")))
        self.new_button.setText(str(T("Baru", "New")))
        self.copy_button.setText(str(T("Salin", "Copy")))
        self.delete_button.setText(str(T("Hapus", "Delete")))
        self.save_button.setText(str(T("Simpan templat", "Save template")))
        if self.rows:
            self._fill_list()
