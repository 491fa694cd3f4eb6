"""A post and its requirement lines, edited by hand (from the planning board).

Pure dialog: `values()` gives (post fields, lines, removed line ids) for `planning.posts.save_post`; the owner
runs it as a WriteOp (SubmitOnSave: a refusal stays in the dialog with the input)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget, QVBoxLayout)

from antasena_desktop.domain.catalog import FUNCTIONS, GENDERS, POST_TYPES
from antasena_desktop.domain.ranks import RANKS
from antasena_desktop.i18n import T, current_language
from ui.widgets import SubmitOnSave, datetime_edit, from_qdatetime, guard_wheel, select_data

COLUMNS = (T("Fungsi", "Function"), T("Jumlah", "Count"), T("Pangkat min.", "Min. rank"),
           T("Jenis kelamin", "Gender"), T("Peran", "Role"), T("Terisi", "Held"))


class PostEditor(SubmitOnSave, QDialog):
    def __init__(self, post: dict, parent=None):
        """`post`: planning.posts.post_details() of an existing post, or {event_id, lat, lon, start_at, end_at}."""
        super().__init__(parent)
        self.setObjectName("post_editor")
        self.post = post
        self.is_new = not post.get("id")
        self.removed: list[str] = []
        language = current_language()
        self.setWindowTitle(str(T("Pos baru", "New post") if self.is_new else T("Ubah pos", "Edit post")))
        self.name = QLineEdit(post.get("name", ""))
        self.name.setObjectName("post_name")
        self.type = QComboBox()
        self.type.setObjectName("post_type")
        for term in POST_TYPES:
            self.type.addItem(term.label(language), term.code)
        select_data(self.type, post.get("type", "pos_pam"))
        self.start = datetime_edit("post_start", post.get("start_at"))
        self.end = datetime_edit("post_end", post.get("end_at"))
        self.lat, self.lon = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, name, lo, hi, value in ((self.lat, "post_lat", -90, 90, post.get("lat")),
                                          (self.lon, "post_lon", -180, 180, post.get("lon"))):
            spin.setObjectName(name)
            spin.setDecimals(6)
            spin.setRange(lo, hi)
            spin.setSingleStep(0.0005)
            spin.setValue(float(value or 0.0))
        self.lines = QTableWidget(0, len(COLUMNS))
        self.lines.setObjectName("post_lines")
        self.lines.setHorizontalHeaderLabels([str(c) for c in COLUMNS])
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for line in post.get("lines", []):
            self.append_line(line)
        self.add_button = QPushButton(str(T("Tambah baris", "Add line")))
        self.add_button.setObjectName("post_add_line")
        self.add_button.clicked.connect(lambda: self.append_line({"count": 1}))
        self.remove_button = QPushButton(str(T("Hapus baris", "Remove line")))
        self.remove_button.setObjectName("post_remove_line")
        self.remove_button.clicked.connect(self.remove_current_line)
        self.error = QLabel()
        self.error.setObjectName("post_error")
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        save = buttons.addButton(str(T("Simpan", "Save")), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("post_save")
        buttons.addButton(str(T("Batal", "Cancel")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(str(T("Nama pos", "Post name")), self.name)
        form.addRow(str(T("Jenis", "Type")), self.type)
        form.addRow(str(T("Mulai (WIB)", "Start (WIB)")), self.start)
        form.addRow(str(T("Selesai (WIB)", "End (WIB)")), self.end)
        where = QHBoxLayout()
        where.addWidget(self.lat)
        where.addWidget(self.lon)
        form.addRow(str(T("Letak (lintang, bujur)", "Position (lat, lon)")), where)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.add_button)
        line_buttons.addWidget(self.remove_button)
        line_buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(str(T("Kebutuhan personel", "Personnel requirements"))))
        layout.addWidget(self.lines, 1)
        layout.addLayout(line_buttons)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 460)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        guard_wheel(self)

    # ---- lines
    def append_line(self, line: dict) -> int:
        language = current_language()
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        function = QComboBox()
        function.addItem(str(T("(umum)", "(any)")), None)
        for term in FUNCTIONS:
            function.addItem(term.label(language), term.code)
        select_data(function, line.get("function_code"))
        count = QSpinBox()
        count.setRange(max(1, int(line.get("held", 0))), 500)     # never below the people already holding it
        count.setValue(max(1, int(line.get("count") or 1)))
        rank = QComboBox()
        rank.addItem("—", None)
        for entry in RANKS:
            rank.addItem(entry.code, entry.code)
        select_data(rank, line.get("min_rank_code"))
        gender = QComboBox()
        gender.addItem("—", None)
        for term in GENDERS:
            gender.addItem(term.label(language), term.code)
        select_data(gender, line.get("gender"))
        role = QLineEdit(line.get("role_label", ""))
        held = QLabel(str(line.get("held", 0)))
        for column, widget in enumerate((function, count, rank, gender, role, held)):
            self.lines.setCellWidget(row, column, widget)
        held.setProperty("line_id", line.get("id") or "")
        held.setProperty("held", int(line.get("held", 0)))
        guard_wheel(self.lines)
        return row

    def remove_current_line(self) -> None:
        row = self.lines.currentRow()
        if row < 0:
            row = self.lines.rowCount() - 1
        if row < 0:
            return
        held = self.lines.cellWidget(row, 5)
        if int(held.property("held") or 0):
            self.error.setText(str(T("Baris ini masih diisi {n} personel; lepaskan mereka di papan dahulu.",
                                     "This line is still held by {n} people; release them on the board first.",
                                     n=held.property("held"))))
            return
        if held.property("line_id"):
            self.removed.append(held.property("line_id"))
        self.lines.removeRow(row)

    # ---- result
    def values(self) -> tuple[dict, list[dict], list[str]]:
        start, end = from_qdatetime(self.start.dateTime()), from_qdatetime(self.end.dateTime())
        post = {"name": self.name.text().strip(), "type": self.type.currentData(), "lat": self.lat.value(),
                "lon": self.lon.value(), "start_at": start, "end_at": end}
        lines = []
        for row in range(self.lines.rowCount()):
            cell = self.lines.cellWidget
            line = {"function_code": cell(row, 0).currentData(), "count": cell(row, 1).value(),
                    "min_rank_code": cell(row, 2).currentData(), "gender": cell(row, 3).currentData(),
                    "role_label": cell(row, 4).text().strip()}
            if cell(row, 5).property("line_id"):
                line["id"] = cell(row, 5).property("line_id")
            lines.append(line)
        return post, lines, list(self.removed)

    def set_position(self, lat: float, lon: float) -> None:
        self.lat.setValue(lat)
        self.lon.setValue(lon)


def unchanged_times(post: dict, values: dict) -> dict:
    """Drop start/end from an edit when they equal the stored ones (minute precision of the editor)."""
    out = dict(values)
    for key in ("start_at", "end_at"):
        stored: datetime | None = post.get(key)
        if stored is not None and key in out and abs((out[key] - stored).total_seconds()) < 60:
            out.pop(key)
    return out


def open_post_editor(post: dict, parent) -> "PostEditor":
    """Open the editor on `post` (a new one when it has no id); Simpan writes through one audited,
    undoable WriteOp and keeps the dialog open with the refusal's words when the service says no."""
    from antasena_desktop.planning import posts as post_service
    from ui.ops import WriteOp, error_text
    dialog = PostEditor(post, parent)

    def submit(values):
        fields, lines, removed = values
        if not dialog.is_new:
            fields = unchanged_times(post, fields)
        text = (T("Tambah pos {p}", "Add post {p}", p=fields["name"]) if dialog.is_new
                else T("Ubah pos {p}", "Edit post {p}", p=fields["name"]))
        WriteOp(dialog, lambda session, actor: post_service.save_post(
            session, actor, post["event_id"], post.get("id"), fields, lines, removed), text) \
            .success(lambda _changes: dialog.finish()) \
            .failure(lambda exc, _t: dialog.error.setText(error_text(exc))).run()
    dialog.on_submit = submit
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
