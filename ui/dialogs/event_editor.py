"""The event editor (kegiatan baru / ubah kegiatan), with the duplicate warning and "dari templat".

The dialog holds no business rules and runs no queries: the owner passes the settings, the
gazetteer, the templates (and, when editing, the current values), listens to `submitted`, runs
the duplicate check and the write off the UI thread, and calls `show_duplicates()` /
`show_error()` / `accept()`.
"""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from antasena_desktop.domain.catalog import EVENT_KINDS, PEMILU_PHASES, SCALES
from antasena_desktop.i18n import T, current_language
from antasena_desktop.timefmt import WIB, format_date, format_time_wib, now_utc
from ui.widgets import datetime_edit, from_qdatetime, select_data, to_qdatetime
from ui.widgets import guard_wheel

PALEMBANG = (-2.9761, 104.7754)


class EventEditor(QDialog):
    submitted = Signal()                 # OK pressed: the owner checks duplicates, then saves
    openExisting = Signal(str)           # "open the existing event" chosen in the duplicate warning

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        guard_wheel(self)          # the wheel scrolls, it never edits an unfocused field

    def __init__(self, settings, venues: list[tuple[str, str, float, float]], templates: list,
                 values: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("event_editor")
        self.editing = values or {}
        self.event_id = self.editing.get("id")
        self.templates = templates
        self.venues = {v[0]: v for v in venues}
        self.duplicates_confirmed = False
        self.setMinimumWidth(560)

        self.title = QLineEdit(objectName="event_title")
        self.kind = QComboBox(objectName="event_kind")
        self.phase = QComboBox(objectName="event_phase")
        self.scale = QComboBox(objectName="event_scale")
        self.organiser = QLineEdit(objectName="event_organiser")
        self.venue = QComboBox(objectName="event_venue")
        self.venue.setEditable(False)
        self.lat = QDoubleSpinBox(objectName="event_lat")
        self.lon = QDoubleSpinBox(objectName="event_lon")
        for spin, low, high in ((self.lat, -90, 90), (self.lon, -180, 180)):
            spin.setDecimals(6)
            spin.setRange(low, high)
            spin.setSingleStep(0.001)
        self.address = QLineEdit(objectName="event_address")
        self.start = datetime_edit("event_start")
        self.end = datetime_edit("event_end")
        self.crowd = QSpinBox(objectName="event_crowd")
        self.crowd.setRange(0, 10_000_000)
        self.crowd.setSingleStep(50)
        self.kerawanan = QComboBox(objectName="event_kerawanan")
        self.assessed_at = datetime_edit("event_assessed_at")
        self.assessed = QCheckBox(objectName="event_assessed")
        self.assessor = QLineEdit(objectName="event_assessor")
        self.description = QPlainTextEdit(objectName="event_description")
        self.description.setFixedHeight(60)
        self.use_template = QCheckBox(objectName="event_use_template")
        self.template = QComboBox(objectName="event_template")
        self.error = QLabel(objectName="event_error")
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        self.error.hide()

        # Duplicate warning panel.
        self.duplicate_panel = QFrame(objectName="duplicate_panel")
        self.duplicate_panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.duplicate_panel.setStyleSheet("#duplicate_panel { background: #fff8e1; border: 1px solid #f9a825; }")
        self.duplicate_label = QLabel()
        self.duplicate_label.setWordWrap(True)
        self.duplicate_list = QListWidget(objectName="duplicate_list")
        self.duplicate_list.setMaximumHeight(90)
        self.duplicate_continue = QPushButton(objectName="duplicate_continue")
        self.duplicate_open = QPushButton(objectName="duplicate_open")
        self.duplicate_continue.clicked.connect(self._continue_anyway)
        self.duplicate_open.clicked.connect(self._open_existing)
        dup_buttons = QHBoxLayout()
        dup_buttons.addStretch()
        dup_buttons.addWidget(self.duplicate_open)
        dup_buttons.addWidget(self.duplicate_continue)
        dup_layout = QVBoxLayout(self.duplicate_panel)
        dup_layout.addWidget(self.duplicate_label)
        dup_layout.addWidget(self.duplicate_list)
        dup_layout.addLayout(dup_buttons)
        self.duplicate_panel.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        self.labels = {k: QLabel() for k in ("title", "kind", "phase", "scale", "organiser", "venue", "point",
                                             "address", "start", "end", "crowd", "kerawanan", "assessed",
                                             "assessor", "description", "template")}
        point = QHBoxLayout()
        point.addWidget(self.lat)
        point.addWidget(self.lon)
        assessed = QHBoxLayout()
        assessed.addWidget(self.assessed)
        assessed.addWidget(self.assessed_at, 1)
        template = QHBoxLayout()
        template.addWidget(self.use_template)
        template.addWidget(self.template, 1)
        form = QFormLayout()
        form.addRow(self.labels["title"], self.title)
        form.addRow(self.labels["kind"], self.kind)
        form.addRow(self.labels["phase"], self.phase)
        form.addRow(self.labels["scale"], self.scale)
        form.addRow(self.labels["organiser"], self.organiser)
        form.addRow(self.labels["venue"], self.venue)
        form.addRow(self.labels["point"], point)
        form.addRow(self.labels["address"], self.address)
        form.addRow(self.labels["start"], self.start)
        form.addRow(self.labels["end"], self.end)
        form.addRow(self.labels["crowd"], self.crowd)
        form.addRow(self.labels["kerawanan"], self.kerawanan)
        form.addRow(self.labels["assessed"], assessed)
        form.addRow(self.labels["assessor"], self.assessor)
        form.addRow(self.labels["description"], self.description)
        form.addRow(self.labels["template"], template)
        # the event's posts and requirement lines: the owner puts its posts panel here for a saved event
        self.posts_box = QGroupBox(objectName="event_editor_posts")
        self.posts_note = QLabel(objectName="event_editor_posts_note")
        self.posts_note.setWordWrap(True)
        self.posts_layout = QVBoxLayout(self.posts_box)
        self.posts_layout.addWidget(self.posts_note)
        self.posts_panel = None
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.posts_box)
        layout.addWidget(self.duplicate_panel)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._fill_choices(settings, venues)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kerawanan.currentIndexChanged.connect(lambda _i: self._pick_template())
        self.venue.currentIndexChanged.connect(self._venue_changed)
        self.use_template.toggled.connect(self.template.setEnabled)
        self.assessed.toggled.connect(self.assessed_at.setEnabled)
        self.start.dateTimeChanged.connect(self._start_changed)
        for widget in (self.title, self.organiser):
            widget.textChanged.connect(self._draft_changed)
        for widget in (self.start, self.end):
            widget.dateTimeChanged.connect(self._draft_changed)
        self.venue.currentIndexChanged.connect(self._draft_changed)
        self._load(self.editing)
        self.retranslate()

    def add_posts_panel(self, panel: QWidget) -> None:
        """The posts of this (saved) event, edited in place: each post change is its own audited, undoable write."""
        self.posts_panel = panel
        self.posts_note.hide()
        panel.setMinimumHeight(170)
        self.posts_layout.addWidget(panel)

    # ---- set-up
    def _fill_choices(self, settings, venues) -> None:
        language = current_language()
        for term in EVENT_KINDS:
            self.kind.addItem(term.label(language), term.code)
        self.phase.addItem("—", None)
        for term in PEMILU_PHASES:
            self.phase.addItem(term.label(language), term.code)
        for term in SCALES:
            self.scale.addItem(term.label(language), term.code)
        for entry in settings.kerawanan_scale:
            self.kerawanan.addItem(entry["en" if language == "en" else "id"], int(entry["level"]))
        self.venue.addItem("", None)
        for venue_id, name, _lat, _lon in venues:
            self.venue.addItem(name, venue_id)

    def _load(self, values: dict) -> None:
        start = values.get("start_at") or (now_utc() + timedelta(days=3)).astimezone(WIB).replace(
            hour=8, minute=0, second=0, microsecond=0)
        end = values.get("end_at") or start + timedelta(hours=4)
        self.title.setText(values.get("title", ""))
        select_data(self.kind, values.get("kind", "unjuk_rasa"))
        select_data(self.phase, values.get("pemilu_phase"))
        select_data(self.scale, values.get("scale", "lokal"))
        self.organiser.setText(values.get("organiser", ""))
        select_data(self.venue, values.get("venue_id"))
        lat, lon = values.get("lat"), values.get("lon")
        self.lat.setValue(PALEMBANG[0] if lat is None else lat)
        self.lon.setValue(PALEMBANG[1] if lon is None else lon)
        self.address.setText(values.get("address", ""))
        self.start.setDateTime(to_qdatetime(start))
        self.end.setDateTime(to_qdatetime(end))
        self.crowd.setValue(int(values.get("expected_crowd") or 0))
        select_data(self.kerawanan, int(values.get("kerawanan_level") or 1))
        assessed = values.get("kerawanan_assessed_at")
        self.assessed.setChecked(assessed is not None)
        self.assessed_at.setDateTime(to_qdatetime(assessed or now_utc()))
        self.assessed_at.setEnabled(assessed is not None)
        self.assessor.setText(values.get("kerawanan_assessor", ""))
        self.description.setPlainText(values.get("description", ""))
        self.use_template.setVisible(not self.event_id)
        self.template.setVisible(not self.event_id)
        self.labels["template"].setVisible(not self.event_id)
        self.template.setEnabled(False)
        self._kind_changed()
        self._venue_changed()

    def _kind_changed(self, _index: int = 0) -> None:
        pemilu = self.kind.currentData() == "pemilu"
        self.phase.setEnabled(pemilu)
        if not pemilu:
            self.phase.setCurrentIndex(0)
        self._pick_template()

    def _pick_template(self) -> None:
        kind, level = self.kind.currentData(), self.kerawanan.currentData()
        self.template.blockSignals(True)
        self.template.clear()
        for row in self.templates:
            if row.kind == kind:
                self.template.addItem(str(T("{n} ({p} pos, {k} personel)", "{n} ({p} posts, {k} people)",
                                            n=row.name, p=row.posts, k=row.people)), row.id)
                if row.kerawanan_level == level:
                    self.template.setCurrentIndex(self.template.count() - 1)
        self.template.blockSignals(False)

    def _venue_changed(self, _index: int = 0) -> None:
        venue = self.venues.get(self.venue.currentData())
        if venue is not None:
            self.lat.setValue(venue[2])
            self.lon.setValue(venue[3])
        self.lat.setEnabled(venue is None)
        self.lon.setEnabled(venue is None)

    def _start_changed(self, value: QDateTime) -> None:
        if self.end.dateTime() <= value:
            self.end.setDateTime(value.addSecs(4 * 3600))

    def _draft_changed(self, *_args) -> None:
        """Any change to what identifies the event asks for a new duplicate check."""
        self.duplicates_confirmed = False
        self.duplicate_panel.hide()

    # ---- values
    def values(self) -> dict:
        venue_id = self.venue.currentData()
        values = {
            "title": self.title.text().strip(),
            "kind": self.kind.currentData(),
            "pemilu_phase": self.phase.currentData() if self.kind.currentData() == "pemilu" else None,
            "scale": self.scale.currentData(),
            "organiser": self.organiser.text().strip(),
            "venue_id": venue_id,
            "lat": round(self.lat.value(), 6),
            "lon": round(self.lon.value(), 6),
            "address": self.address.text().strip(),
            "start_at": from_qdatetime(self.start.dateTime()),
            "end_at": from_qdatetime(self.end.dateTime()),
            "expected_crowd": self.crowd.value(),
            "kerawanan_level": self.kerawanan.currentData(),
            "kerawanan_assessed_at": from_qdatetime(self.assessed_at.dateTime()) if self.assessed.isChecked() else None,
            "kerawanan_assessor": self.assessor.text().strip(),
            "description": self.description.toPlainText().strip(),
        }
        return values

    def template_id(self) -> str | None:
        return self.template.currentData() if (not self.event_id and self.use_template.isChecked()) else None

    # ---- owner feedback
    def _submit(self) -> None:
        self.error.hide()
        self.submitted.emit()

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.duplicate_continue.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()

    def show_duplicates(self, similar: list) -> None:
        """Show possible duplicates (`SimilarEvent`s); the operator continues or opens one."""
        self.set_busy(False)
        self.duplicate_list.clear()
        for entry in similar:
            row = entry.row
            item = QListWidgetItem(str(T("{n} — {t} ({d} {h}): {r}", "{n} — {t} ({d} {h}): {r}", n=row.number,
                                         t=row.title, d=format_date(row.start_at), h=format_time_wib(row.start_at),
                                         r=entry.reason_text)))
            item.setData(256, row.id)
            self.duplicate_list.addItem(item)
        self.duplicate_list.setCurrentRow(0)
        self.duplicate_label.setText(str(T(
            "Mungkin kegiatan ini sudah terdaftar ({n} kegiatan mirip). Periksa sebelum menyimpan.",
            "This event may already be registered ({n} similar). Check before saving.", n=len(similar))))
        self.duplicate_panel.show()

    def _continue_anyway(self) -> None:
        self.duplicates_confirmed = True
        self.duplicate_panel.hide()
        self._submit()

    def _open_existing(self) -> None:
        item = self.duplicate_list.currentItem()
        if item is not None:
            self.openExisting.emit(item.data(256))
            self.reject()

    def retranslate(self) -> None:
        self.setWindowTitle(str(T("Ubah kegiatan", "Edit event") if self.event_id else T("Kegiatan baru", "New event")))
        self.posts_box.setTitle(str(T("Pos dan kebutuhan personel", "Posts and requirement lines")))
        self.posts_note.setText(str(T("Pos dapat ditambah di sini setelah kegiatan disimpan (atau langsung dari templat).",
                                      "Posts can be added here once the event is saved (or straight from a template).")))
        texts = {
            "title": T("Judul", "Title"), "kind": T("Jenis kegiatan", "Kind"), "phase": T("Tahapan pemilu", "Election phase"),
            "scale": T("Skala", "Scale"), "organiser": T("Penyelenggara", "Organiser"),
            "venue": T("Tempat (gazetir)", "Venue (gazetteer)"), "point": T("Titik (lintang, bujur)", "Point (lat, lon)"),
            "address": T("Alamat", "Address"), "start": T("Mulai (WIB)", "Start (WIB)"), "end": T("Selesai (WIB)", "End (WIB)"),
            "crowd": T("Perkiraan massa", "Expected crowd"), "kerawanan": T("Kerawanan", "Kerawanan (risk)"),
            "assessed": T("Dinilai pada", "Assessed at"), "assessor": T("Penilai", "Assessor"),
            "description": T("Keterangan", "Notes"), "template": T("Dari templat", "From template"),
        }
        for key, text in texts.items():
            self.labels[key].setText(str(text))
        self.venue.setItemText(0, str(T("— titik koordinat —", "— a point —")))
        self.assessed.setText(str(T("sudah dinilai", "assessed")))
        self.use_template.setText(str(T("Buat pos dari templat", "Create posts from template")))
        self.duplicate_continue.setText(str(T("Tetap simpan", "Save anyway")))
        self.duplicate_open.setText(str(T("Buka kegiatan yang ada", "Open the existing event")))
