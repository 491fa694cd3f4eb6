"""Pengaturan: language, letterhead and signatory, planning rules, backups, accounts."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
                               QScrollArea, QTabWidget)

from antasena_desktop.i18n import T, current_language, set_language
from antasena_desktop.services import settings as settings_service
from antasena_desktop.services import system as system_service
from antasena_desktop.services.security import ROLE_LABELS, Permission, Role
from ui.ops import WriteOp
from ui.views.base import BaseView
from ui.widgets import ask, select_data, setup_table


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
        self.tile_url.setObjectName("settings_tile_url")
        self.basemap = QComboBox()
        self.basemap.setObjectName("settings_basemap")
        for code in settings_service.BASEMAPS:
            self.basemap.addItem("", code)
        self.basemap.currentIndexChanged.connect(self._update_dirty)
        self.basemap_help = QLabel()
        self.basemap_help.setObjectName("settings_basemap_help")
        self.basemap_help.setWordWrap(True)
        self.basemap_help.setTextFormat(Qt.TextFormat.RichText)
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
        self.users.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.users.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.users.horizontalHeader().setStretchLastSection(True)
        self.users.verticalHeader().setVisible(False)
        # user names elide in the middle ("opsatker…samapta"); widths kept per table
        setup_table(self.users, "settings_users", {0: 260, 1: 300}, code_columns=(0,))

        self.general_box, self.docs_box, self.rules_box, self.data_box, self.users_box = (
            QGroupBox(), QGroupBox(), QGroupBox(), QGroupBox(), QGroupBox())
        self.labels: dict[str, QLabel] = {k: QLabel() for k in (
            "language", "kop", "sname", "snrp", "dname", "dnrp", "rest", "cap", "dadakan", "idle", "tiles",
            "basemap")}
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
        data = QVBoxLayout(self.data_box)
        basemap_form = QFormLayout()
        basemap_form.addRow(self.labels["basemap"], self.basemap)
        basemap_form.addRow(self.labels["tiles"], self.tile_url)
        data.addLayout(basemap_form)
        data.addWidget(self.basemap_help)
        data.addWidget(self.backup_button)
        data.addWidget(self.boundaries_button)
        data.addWidget(self.tiles_button)
        data.addWidget(self.info)
        QVBoxLayout(self.users_box).addWidget(self.users)
        from ui.views.templates_editor import TemplatesEditor
        self.templates_box = QGroupBox()
        QVBoxLayout(self.templates_box).addWidget(TemplatesEditor(ctx))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        self.tab_pages = {}
        for key, boxes in (("general", (self.general_box,)), ("docs", (self.docs_box,)), ("rules", (self.rules_box,)),
                           ("data", (self.data_box,)), ("templates", (self.templates_box,)),
                           ("users", (self.users_box,))):
            page = QWidget()
            column = QVBoxLayout(page)
            for box in boxes:
                column.addWidget(box)
            if key not in ("templates", "users"):
                column.addStretch()
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tab_pages[key] = scroll
            self.tabs.addTab(scroll, "")
        self.revert_button = QPushButton()
        self.revert_button.setObjectName("settings_revert")
        self.revert_button.clicked.connect(self.revert)
        self.dirty_label = QLabel()
        self.dirty_label.setObjectName("settings_dirty")
        self.dirty_label.setStyleSheet("color: #9a6700")
        buttons = QHBoxLayout()             # outside the tabs: always visible
        buttons.addWidget(self.dirty_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs, 1)
        outer.addLayout(buttons)
        for edit in (self.signatory_name, self.signatory_nrp, self.delegate_name, self.delegate_nrp, self.tile_url):
            edit.textChanged.connect(self._update_dirty)
        self.kop.textChanged.connect(self._update_dirty)
        for spin in (self.rest, self.cap, self.dadakan, self.idle):
            spin.valueChanged.connect(self._update_dirty)
        can_edit = ctx.actor.can(Permission.EDIT_SETTINGS)
        for widget in (self.kop, self.signatory_name, self.signatory_nrp, self.delegate_name, self.delegate_nrp, self.rest, self.cap, self.dadakan,
                       self.idle, self.tile_url, self.basemap, self.save_button):
            widget.setEnabled(can_edit)
        self.backup_button.setEnabled(ctx.actor.can(Permission.BACKUP))
        self.boundaries_button.setEnabled(can_edit)
        self.tiles_button.setEnabled(can_edit)
        self.tabs.setTabVisible(list(self.tab_pages).index("users"), ctx.actor.can(Permission.MANAGE_USERS))
        self.retranslate()
        self._update_dirty()

    def load_data(self, session):
        return settings_service.load(session), system_service.list_users(session, self.ctx.actor)

    def show_data(self, data) -> None:
        keep_edits = self.is_dirty()          # a refresh (language, another change) never drops the operator's edits
        self.current, users = data
        if not keep_edits:
            self._fill_form(self.current)
        self._fill_users(users)
        self._update_dirty()

    def _fill_form(self, s) -> None:
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
        select_data(self.basemap, settings_service.basemap_choice(s))
        self._update_dirty()

    def _fill_users(self, users) -> None:
        self.users.setRowCount(len(users))
        for row, user in enumerate(users):
            role = ROLE_LABELS[Role(user.role)]
            for col, text in enumerate((user.username, str(role), user.full_name)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.users.setItem(row, col, item)

    def _edited(self):
        """The settings as the form shows them."""
        return replace(self.current, kop_lines=[l for l in self.kop.toPlainText().splitlines() if l.strip()],
                          signatory_name=self.signatory_name.text().strip(),
                          signatory_nrp=self.signatory_nrp.text().strip(),
                          delegate_name=self.delegate_name.text().strip(), delegate_nrp=self.delegate_nrp.text().strip(),
                          rest_minutes=self.rest.value(),
                          max_minutes_per_24h=self.cap.value(), dadakan_threshold_hours=self.dadakan.value(),
                          idle_lock_minutes=self.idle.value(), tile_url=self.tile_url.text().strip(),
                          basemap=self.basemap.currentData(),
                          language=self.language.currentData())

    def is_dirty(self) -> bool:
        if self.current is None:
            return False
        saved = replace(self.current, language=self.language.currentData(),
                        basemap=settings_service.basemap_choice(self.current))
        return self._edited() != saved

    def _update_dirty(self, *_args) -> None:
        dirty = self.is_dirty()
        can_edit = self.ctx.actor.can(Permission.EDIT_SETTINGS)
        self.save_button.setEnabled(can_edit and dirty)
        self.revert_button.setEnabled(dirty)
        self.dirty_label.setText(str(T("Ada perubahan yang belum disimpan.", "There are unsaved changes."))
                                 if dirty else "")

    def revert(self) -> None:
        if self.current is not None:
            self._fill_form(self.current)

    def can_leave(self) -> bool:
        """Asked by the main window before another view is shown: save, discard or stay."""
        if not self.is_dirty():
            return True
        choice = ask(self, T("Pengaturan belum disimpan", "Settings not saved"),
                     T("Perubahan pengaturan belum disimpan. Simpan sekarang?",
                       "The settings have unsaved changes. Save them now?"),
                     [("save", T("Simpan", "Save"), QMessageBox.ButtonRole.AcceptRole),
                      ("discard", T("Buang perubahan", "Discard changes"), QMessageBox.ButtonRole.DestructiveRole),
                      ("stay", T("Tetap di sini", "Stay here"), QMessageBox.ButtonRole.RejectRole)], default="save")
        if choice == "save":
            self.save()
            return True
        if choice == "discard":
            self.revert()
            return True
        return False

    def save(self) -> None:
        if self.current is None:
            return
        updated = self._edited()

        def saved(_changes):
            self.current = updated
            self._update_dirty()
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
        from PySide6.QtWidgets import QInputDialog

        from ui import files
        path = files.open_path(self, T("Berkas batas wilayah (GeoJSON)", "Boundary file (GeoJSON)"),
                               "GeoJSON (*.geojson *.json)")
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
            return report.changes or system_service.Changes(note=str(report.summary()))   # published: open maps redraw
        WriteOp(self, job).success(lambda changes: self.info.setText(changes.note)).run()

    def import_tiles(self) -> None:
        from ui import files
        path = files.open_path(self, T("Berkas ubin peta (MBTiles)", "Map tile file (MBTiles)"), "MBTiles (*.mbtiles)")
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
        tab_texts = {"general": T("Umum", "General"), "docs": T("Sprin", "Orders"),
                     "rules": T("Aturan penempatan", "Placement rules"), "data": T("Data && peta", "Data && map"),
                     "templates": T("Templat kegiatan", "Event templates"), "users": T("Akun", "Accounts")}
        for index, key in enumerate(self.tab_pages):
            self.tabs.setTabText(index, str(tab_texts[key]))
        self.revert_button.setText(str(T("Kembalikan", "Revert")))
        texts = {"language": T("Bahasa", "Language"), "kop": T("Baris kop surat", "Letterhead lines"),
                 "sname": T("Nama penandatangan", "Signatory name"), "snrp": T("NRP penandatangan", "Signatory NRP"),
                 "dname": T("Nama Kabag Ops (a.n.)", "Head of Operations (on behalf)"),
                 "dnrp": T("NRP Kabag Ops", "Head of Operations NRP"),
                 "rest": T("Waktu istirahat minimal (menit)", "Minimum rest (minutes)"),
                 "cap": T("Maksimal menit tugas per 24 jam", "Maximum duty minutes per 24 h"),
                 "dadakan": T("Ambang permohonan dadakan (jam)", "Short-notice threshold (hours)"),
                 "idle": T("Kunci layar setelah tidak aktif (menit)", "Lock the screen after idle (minutes)"),
                 "tiles": T("Server ubin (hanya untuk cache)", "Tile server (cache only)"),
                 "basemap": T("Peta dasar", "Basemap")}
        names = {"none": T("Tanpa peta dasar (batas wilayah saja)", "None (boundaries only)"),
                 "mbtiles": T("Berkas MBTiles lokal", "Local MBTiles file"),
                 "cache": T("MBTiles lokal + unduh ubin bila perlu (cache)", "Local MBTiles + tiles fetched on demand (cache)")}
        for index in range(self.basemap.count()):
            self.basemap.setItemText(index, str(names[self.basemap.itemData(index)]))
        self.basemap_help.setText(str(T(
            "<b>Cara mendapatkan MBTiles Palembang:</b> buka QGIS, tambahkan lapisan peta (misalnya XYZ Tiles "
            "OpenStreetMap yang boleh Anda pakai), perbesar ke Kota Palembang, lalu Processing Toolbox → "
            "<i>Raster tools → Generate XYZ tiles (MBTiles)</i>: Extent = batas kota, zoom 10–17, format PNG. "
            "Impor berkas .mbtiles itu dengan tombol di bawah. Tanpa peta dasar, peta tetap memakai batas "
            "kecamatan/kelurahan resmi yang terpasang. Pilihan cache hanya mengunduh ubin yang sedang dilihat "
            "dari server yang diizinkan, lalu menyimpannya untuk dipakai tanpa internet.",
            "<b>How to get an MBTiles of Palembang:</b> open QGIS, add a map layer (e.g. OpenStreetMap XYZ tiles "
            "you are allowed to use), zoom to Kota Palembang, then Processing Toolbox → <i>Raster tools → Generate "
            "XYZ tiles (MBTiles)</i>: Extent = the city boundary, zoom 10–17, format PNG. Import that .mbtiles file "
            "with the button below. Without a basemap the map still shows the installed official kecamatan/kelurahan "
            "boundaries. The cache option only fetches the tiles being viewed from a permitted server and keeps them "
            "for offline use.")))
        for key, text in texts.items():
            self.labels[key].setText(str(text))
        self.save_button.setText(str(T("Simpan pengaturan", "Save settings")))
        self.backup_button.setText(str(T("Cadangkan basis data sekarang", "Back up the database now")))
        self.boundaries_button.setText(str(T("Impor batas wilayah (GeoJSON)…", "Import boundaries (GeoJSON)…")))
        self.tiles_button.setText(str(T("Impor ubin peta (MBTiles)…", "Import map tiles (MBTiles)…")))
        self.users.setHorizontalHeaderLabels([str(T("Pengguna", "User")), str(T("Peran", "Role")),
                                              str(T("Nama lengkap", "Full name"))])
        self._update_dirty()
        if self.loaded:
            self.refresh()             # role labels in the new language; edits are kept
