"""Pengaturan: language, letterhead and signatory, planning rules, backups, accounts."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
                               QScrollArea)

from antasena_desktop.i18n import T, current_language, set_language
from antasena_desktop.services import settings as settings_service
from antasena_desktop.services import system as system_service
from antasena_desktop.services.security import ROLE_LABELS, Permission, Role
from ui.ops import WriteOp
from ui.views.base import BaseView


class SettingsView(BaseView):
    title = T("Pengaturan", "Settings")
    icon_name = "fa5s.cog"
    watches = {"setting", "user_account"}

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.current = None
        self.language = QComboBox()
        self.language.setObjectName("settings_language")
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if current_language() == "id" else 1)
        self.language.currentIndexChanged.connect(lambda i: set_language(self.language.itemData(i)))
        self.kop = QPlainTextEdit()
        self.kop.setObjectName("settings_kop")
        self.kop.setFixedHeight(80)
        self.signatory_name = QLineEdit()
        self.signatory_nrp = QLineEdit()
        self.delegate_name = QLineEdit()
        self.delegate_nrp = QLineEdit()
        self.rest = QSpinBox()
        self.rest.setRange(0, 24 * 60)
        self.cap = QSpinBox()
        self.cap.setRange(60, 24 * 60)
        self.dadakan = QSpinBox()
        self.dadakan.setRange(1, 24 * 30)
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.tile_url = QLineEdit()
        self.save_button = QPushButton()
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(self.save)
        self.backup_button = QPushButton()
        self.backup_button.setObjectName("settings_backup")
        self.backup_button.clicked.connect(self.backup_now)
        self.boundaries_button = QPushButton()
        self.boundaries_button.setObjectName("settings_import_boundaries")
        self.boundaries_button.clicked.connect(self.import_boundaries)
        self.tiles_button = QPushButton()
        self.tiles_button.setObjectName("settings_import_tiles")
        self.tiles_button.clicked.connect(self.import_tiles)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.users = QTableWidget(0, 3)
        self.users.setObjectName("settings_users")

        self.general_box, self.docs_box, self.rules_box, self.data_box, self.users_box = (
            QGroupBox(), QGroupBox(), QGroupBox(), QGroupBox(), QGroupBox())
        self.labels: dict[str, QLabel] = {k: QLabel() for k in (
            "language", "kop", "sname", "snrp", "dname", "dnrp", "rest", "cap", "dadakan", "idle", "tiles")}
        general = QFormLayout(self.general_box)
        general.addRow(self.labels["language"], self.language)
        general.addRow(self.labels["idle"], self.idle)
        docs = QFormLayout(self.docs_box)
        docs.addRow(self.labels["kop"], self.kop)
        docs.addRow(self.labels["sname"], self.signatory_name)
        docs.addRow(self.labels["snrp"], self.signatory_nrp)
        docs.addRow(self.labels["dname"], self.delegate_name)
        docs.addRow(self.labels["dnrp"], self.delegate_nrp)
        rules = QFormLayout(self.rules_box)
        rules.addRow(self.labels["rest"], self.rest)
        rules.addRow(self.labels["cap"], self.cap)
        rules.addRow(self.labels["dadakan"], self.dadakan)
        rules.addRow(self.labels["tiles"], self.tile_url)
        data = QVBoxLayout(self.data_box)
        data.addWidget(self.backup_button)
        data.addWidget(self.boundaries_button)
        data.addWidget(self.tiles_button)
        data.addWidget(self.info)
        QVBoxLayout(self.users_box).addWidget(self.users)
        body = QWidget()
        inner = QVBoxLayout(body)
        for box in (self.general_box, self.docs_box, self.rules_box):
            inner.addWidget(box)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        inner.addLayout(buttons)
        inner.addWidget(self.data_box)
        from ui.views.templates_editor import TemplatesEditor
        self.templates_box = QGroupBox()
        QVBoxLayout(self.templates_box).addWidget(TemplatesEditor(ctx))
        inner.addWidget(self.templates_box)
        inner.addWidget(self.users_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)
        can_edit = ctx.actor.can(Permission.EDIT_SETTINGS)
        for widget in (self.kop, self.signatory_name, self.signatory_nrp, self.delegate_name, self.delegate_nrp, self.rest, self.cap, self.dadakan,
                       self.idle, self.tile_url, self.save_button):
            widget.setEnabled(can_edit)
        self.backup_button.setEnabled(ctx.actor.can(Permission.BACKUP))
        self.boundaries_button.setEnabled(can_edit)
        self.tiles_button.setEnabled(can_edit)
        self.users_box.setVisible(ctx.actor.can(Permission.MANAGE_USERS))
        self.retranslate()

    def load_data(self, session):
        return settings_service.load(session), system_service.list_users(session, self.ctx.actor)

    def show_data(self, data) -> None:
        self.current, users = data
        s = self.current
        self.kop.setPlainText("\n".join(s.kop_lines))
        self.signatory_name.setText(s.signatory_name)
        self.signatory_nrp.setText(s.signatory_nrp)
        self.delegate_name.setText(s.delegate_name)
        self.delegate_nrp.setText(s.delegate_nrp)
        self.rest.setValue(s.rest_minutes)
        self.cap.setValue(s.max_minutes_per_24h)
        self.dadakan.setValue(s.dadakan_threshold_hours)
        self.idle.setValue(s.idle_lock_minutes)
        self.tile_url.setText(s.tile_url)
        self.users.setRowCount(len(users))
        for row, user in enumerate(users):
            role = ROLE_LABELS[Role(user.role)]
            for col, text in enumerate((user.username, str(role), user.full_name)):
                self.users.setItem(row, col, QTableWidgetItem(text))

    def save(self) -> None:
        if self.current is None:
            return
        updated = replace(self.current, kop_lines=[l for l in self.kop.toPlainText().splitlines() if l.strip()],
                          signatory_name=self.signatory_name.text().strip(),
                          signatory_nrp=self.signatory_nrp.text().strip(),
                          delegate_name=self.delegate_name.text().strip(), delegate_nrp=self.delegate_nrp.text().strip(),
                          rest_minutes=self.rest.value(),
                          max_minutes_per_24h=self.cap.value(), dadakan_threshold_hours=self.dadakan.value(),
                          idle_lock_minutes=self.idle.value(), tile_url=self.tile_url.text().strip(),
                          language=self.language.currentData())
        def saved(_changes):
            from antasena_desktop import preferences
            from ui.map.tiles_setup import apply_tile_settings
            desk = preferences.load()                  # the tile source is also this desk's preference
            desk.tile_url, desk.mbtiles_path = updated.tile_url, updated.mbtiles_path
            preferences.save(desk)
            apply_tile_settings(updated, desk)
            self.ctx.statusMessage.emit(str(T("Pengaturan disimpan.", "Settings saved.")))
        WriteOp(self, lambda session, actor: settings_service.save(session, actor, updated),
                T("Ubah pengaturan", "Change settings")).success(saved).run()

    def import_boundaries(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        path, _ = QFileDialog.getOpenFileName(self, str(T("Berkas batas wilayah (GeoJSON)", "Boundary file (GeoJSON)")),
                                              "", "GeoJSON (*.geojson *.json)")
        if not path:
            return
        levels = ["kecamatan", "kelurahan", "kota"]
        level, ok = QInputDialog.getItem(self, str(T("Tingkat wilayah", "Level")), str(T("Tingkat:", "Level:")),
                                         levels, 0, False)
        if not ok:
            return
        def job(session, actor):
            from antasena_desktop.services.geo_store import import_boundary_file
            report = import_boundary_file(session, actor, path, level)
            return system_service.Changes(note=report.summary())
        WriteOp(self, job).success(lambda changes: self.info.setText(changes.note)).run()

    def import_tiles(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, str(T("Berkas ubin peta", "Tile file")), "", "MBTiles (*.mbtiles)")
        if not path:
            return
        WriteOp(self, lambda database, actor: system_service.import_tiles(database, actor, path), whole_database=True) \
            .success(lambda changes: self.info.setText(changes.note)).run()

    def backup_now(self) -> None:
        def done(changes):
            self.info.setText(str(T("Cadangan ditulis: {p}", "Backup written: {p}", p=changes.note)))
        WriteOp(self, system_service.backup_now, whole_database=True).success(done).run()

    def retranslate(self) -> None:
        self.general_box.setTitle(str(T("Umum", "General")))
        self.docs_box.setTitle(str(T("Kop surat dan penandatangan Sprin", "Letterhead and order signatory")))
        self.rules_box.setTitle(str(T("Aturan penempatan", "Placement rules")))
        self.data_box.setTitle(str(T("Data dan cadangan", "Data and backups")))
        self.users_box.setTitle(str(T("Akun pengguna", "User accounts")))
        self.templates_box.setTitle(str(T("Templat kegiatan (pos dan kebutuhan bawaan)", "Event templates (default posts and lines)")))
        texts = {"language": T("Bahasa", "Language"), "kop": T("Baris kop surat", "Letterhead lines"),
                 "sname": T("Nama penandatangan", "Signatory name"), "snrp": T("NRP penandatangan", "Signatory NRP"),
                 "dname": T("Nama Kabag Ops (a.n.)", "Head of Operations (on behalf)"),
                 "dnrp": T("NRP Kabag Ops", "Head of Operations NRP"),
                 "rest": T("Waktu istirahat minimal (menit)", "Minimum rest (minutes)"),
                 "cap": T("Maksimal menit tugas per 24 jam", "Maximum duty minutes per 24 h"),
                 "dadakan": T("Ambang permohonan dadakan (jam)", "Short-notice threshold (hours)"),
                 "idle": T("Kunci layar setelah tidak aktif (menit)", "Lock the screen after idle (minutes)"),
                 "tiles": T("URL server ubin peta (opsional)", "Map tile server URL (optional)")}
        for key, text in texts.items():
            self.labels[key].setText(str(text))
        self.save_button.setText(str(T("Simpan pengaturan", "Save settings")))
        self.backup_button.setText(str(T("Cadangkan basis data sekarang", "Back up the database now")))
        self.boundaries_button.setText(str(T("Impor batas wilayah (GeoJSON)…", "Import boundaries (GeoJSON)…")))
        self.tiles_button.setText(str(T("Impor ubin peta (MBTiles)…", "Import map tiles (MBTiles)…")))
        self.users.setHorizontalHeaderLabels([str(T("Pengguna", "User")), str(T("Peran", "Role")),
                                              str(T("Nama lengkap", "Full name"))])
        if self.current is not None:
            self.show_data((self.current, []))
            self.refresh()
