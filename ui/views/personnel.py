"""Personel: the roster as a fast table (model + proxy), filters, and a detail panel with history."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from antasena_desktop.domain.catalog import AVAILABILITY_BY_CODE, FUNCTIONS
from antasena_desktop.domain.ranks import GROUPS
from antasena_desktop.i18n import T, current_language, format_number
from antasena_desktop.services import availability as availability_service
from antasena_desktop.services import export as export_service
from antasena_desktop.services import personnel as personnel_service
from antasena_desktop.services import units as unit_service
from antasena_desktop.services.security import Permission, Role
from antasena_desktop.timefmt import format_date, format_datetime, format_time_wib, now_utc
from ui.models.table import ROW_ROLE, Column, RowFilterProxy, RowTableModel
from ui.ops import ReadOp, WriteOp, error_text
from ui.views.base import BaseView
from ui.widgets import DetailFollowsFilter, setup_table


class PersonnelView(BaseView):
    title = T("Personel", "Personnel")
    icon_name = "fa5s.users"
    watches = {"personnel", "availability", "unit"}

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.status_labels = {True: "", False: ""}
        self.model = RowTableModel([
            Column(T("NRP/NIP", "NRP/NIP"), lambda r: r.nrp),
            Column(T("Nama", "Name"), lambda r: r.name),
            Column(T("Pangkat", "Rank"), lambda r: r.rank_code, sort=lambda r: r.rank_seniority),
            Column(T("Jabatan", "Position"), lambda r: r.jabatan),
            Column(T("Kesatuan", "Unit"), lambda r: r.unit_short_name),
            Column(T("JK", "Sex"), lambda r: "L" if r.gender == "M" else "P"),  # Indonesian rosters write L/P
            Column(T("Fungsi", "Functions"), lambda r: ", ".join(r.functions)),
            Column(T("Status", "Status"), lambda r: self.status_labels[r.active],
                   color=lambda r: None if r.active else "#eeeeee"),
        ], self)
        self.proxy = RowFilterProxy([0, 1, 3], self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("personnel_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        setup_table(self.table, "personnel", {0: 165, 2: 95, 3: 210, 4: 160, 5: 40, 6: 200, 7: 90})
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.follow = DetailFollowsFilter(self.table, self._clear_detail)   # a hidden row leaves the pane
        self.search = QLineEdit()
        self.search.setObjectName("personnel_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filters)
        self.unit = QComboBox()
        self.unit.setObjectName("personnel_unit")
        self.group = QComboBox()
        self.function = QComboBox()
        self.gender = QComboBox()
        self.status = QComboBox()
        for combo in (self.unit, self.group, self.function, self.gender, self.status):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.count_label = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.unit, self.group, self.function, self.gender, self.status):
            filters.addWidget(combo)
        filters.addWidget(self.count_label)
        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, handler in (("new", self.new_person), ("edit", self.edit_person), ("active", self.toggle_active),
                             ("period", self.add_period), ("bulk", self.add_unit_period), ("import", self.import_roster),
                             ("export", self.export_roster)):
            button = QPushButton()
            button.setObjectName(f"personnel_{key}")
            button.clicked.connect(handler)
            self.buttons[key] = button
            actions.addWidget(button)
        actions.addStretch()
        can_edit = ctx.actor.can(Permission.EDIT_PERSONNEL)
        for key in ("new", "edit", "active", "period", "bulk", "import"):
            self.buttons[key].setEnabled(can_edit)

        self.detail = QGroupBox()
        self.detail_form = QFormLayout()
        self.detail_labels = {k: QLabel() for k in ("name", "nrp", "rank", "unit", "hours", "events")}
        self.detail_captions = {k: QLabel() for k in self.detail_labels}
        for key, label in self.detail_labels.items():
            label.setWordWrap(True)
            self.detail_form.addRow(self.detail_captions[key], label)
        self.availability_caption, self.history_caption = QLabel(), QLabel()
        self.availability_list = QListWidget()
        self.availability_list.setObjectName("personnel_availability")
        self.history_list = QListWidget()
        self.history_list.setObjectName("personnel_history")
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addLayout(self.detail_form)
        detail_layout.addWidget(self.availability_caption)
        detail_layout.addWidget(self.availability_list)
        detail_layout.addWidget(self.history_caption)
        detail_layout.addWidget(self.history_list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.table)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(splitter)
        self.units: list = []
        self.retranslate()

    # ---- data
    def load_data(self, session):
        rows = personnel_service.list_personnel(session, self.ctx.actor,
                                                personnel_service.PersonnelFilter(active=None))
        units = unit_service.list_units(session)
        return rows, units

    def show_data(self, data) -> None:
        rows, units = data
        self.units = units
        self._fill_units()
        self.model.set_rows(rows)
        self._apply_filters()
        current = self.table.currentIndex()
        if current.isValid():                 # still listed after the reload: its details may have changed
            self._selected(current, None)

    def selftest_summary(self) -> str:
        return f"{self.model.total} personel"

    # ---- filtering in the proxy (no database round trip per keystroke)
    def _apply_filters(self, *_args) -> None:
        unit_id, group = self.unit.currentData(), self.group.currentData()
        function, gender, status = self.function.currentData(), self.gender.currentData(), self.status.currentData()

        def keep(row) -> bool:
            return ((not unit_id or row.unit_id == unit_id) and (not group or row.rank_group == group)
                    and (not function or function in row.functions) and (not gender or row.gender == gender)
                    and (status is None or row.active == status))
        needle = self.search.text().strip().lower()
        predicate = keep if any(v is not None and v != "" for v in (unit_id, group, function, gender, status)) else None
        self.proxy.refilter(needle, predicate)        # the pane follows (DetailFollowsFilter)
        self.count_label.setText(str(T("{n} dari {m}", "{n} of {m}", n=self.proxy.rowCount(), m=self.model.total)))

    def _clear_detail(self) -> None:
        """The row left the list (filtered out): its person no longer shows in the detail pane."""
        for label in self.detail_labels.values():
            label.setText("")
        self.availability_list.clear()
        self.history_list.clear()

    def _selected(self, current, _previous) -> None:
        if not current.isValid():
            self._clear_detail()
            return
        row = self.proxy.data(current, ROW_ROLE)
        now = now_utc()

        def job(session):
            history = personnel_service.placement_history(session, row.id, now)
            periods = availability_service.list_availability(session, row.id)
            return row, history, [(p.kind, p.start_at, p.end_at, p.note) for p in periods if p.end_at > now]
        ReadOp(self, job).success(self._show_detail).run()

    def _show_detail(self, data) -> None:
        row, history, periods = data
        self.detail_labels["name"].setText(row.name)
        self.detail_labels["nrp"].setText(row.nrp)
        self.detail_labels["rank"].setText(f"{row.rank_code} — {row.jabatan}")
        self.detail_labels["unit"].setText(row.unit_short_name)
        self.detail_labels["hours"].setText(str(T("{a} jam (7 hari) · {b} jam (30 hari)", "{a} h (7 days) · {b} h (30 days)",
                                                  a=format_number(history.hours_7d, 1), b=format_number(history.hours_30d, 1))))
        self.detail_labels["events"].setText(str(history.events_served))
        self.availability_list.clear()
        for kind, start, end, note in periods:
            label = AVAILABILITY_BY_CODE[kind].label(current_language()) if kind in AVAILABILITY_BY_CODE else kind
            self.availability_list.addItem(str(T("{k}: {a} s.d. {b} {n}", "{k}: {a} to {b} {n}", k=label,
                                                 a=format_datetime(start), b=format_datetime(end), n=note)))
        self.history_list.clear()
        for item in history.assignments[:200]:
            self.history_list.addItem(str(T("{d} {t} — {e} / {p}", "{d} {t} — {e} / {p}", d=format_date(item.start),
                                            t=format_time_wib(item.start), e=item.event_title, p=item.post_name)))

    # ---- actions (services run on the writer thread; their errors are shown to the operator)
    def _current(self):
        index = self.table.currentIndex()
        return self.proxy.data(index, ROW_ROLE) if index.isValid() else None

    def _editable_units(self) -> list:
        if self.ctx.actor.role is Role.OPERATOR_SATKER:
            return [u for u in self.units if u.id == self.ctx.actor.unit_id]
        return self.units

    def _run_editor(self, dialog, job, undo_text) -> None:
        """Open an editor without blocking: Save runs `job(session, actor, values)` as a WriteOp; a refusal
        stays in the dialog with the input, a success closes it (and lands on the undo stack)."""
        def submit(values):
            WriteOp(dialog, lambda session, actor: job(session, actor, values), undo_text) \
                .success(lambda _changes: dialog.finish()) \
                .failure(lambda exc, _t: dialog.error.setText(error_text(exc))).run()
        dialog.on_submit = submit
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.editor = dialog

    def new_person(self) -> None:
        from ui.dialogs.personnel_editor import PersonnelEditor
        self._run_editor(PersonnelEditor(self._editable_units(), parent=self),
                         lambda session, actor, values: personnel_service.create_personnel(session, actor, values),
                         T("Personel baru", "New person"))

    def edit_person(self) -> None:
        from ui.dialogs.personnel_editor import PersonnelEditor
        row = self._current()
        if row is None:
            return
        current = {"nrp": row.nrp, "name": row.name, "rank_code": row.rank_code, "jabatan": row.jabatan,
                   "unit_id": row.unit_id, "gender": row.gender, "phone": row.phone, "functions": row.functions}
        self._run_editor(PersonnelEditor(self._editable_units(), current, parent=self),
                         lambda session, actor, values: personnel_service.edit_personnel(session, actor, row.id, values),
                         T("Ubah personel {n}", "Edit person {n}", n=row.name))

    def toggle_active(self) -> None:
        row = self._current()
        if row is None:
            return
        call = personnel_service.deactivate_personnel if row.active else personnel_service.reactivate_personnel
        text = T("Nonaktifkan {n}", "Deactivate {n}", n=row.name) if row.active else \
            T("Aktifkan {n}", "Activate {n}", n=row.name)
        WriteOp(self, lambda session, actor: call(session, actor, row.id), text).run()

    def add_period(self) -> None:
        from ui.dialogs.availability_dialog import AvailabilityDialog
        row = self._current()
        if row is None:
            return

        def job(session, actor, values):
            return availability_service.add_availability(session, actor, row.id, values["kind"],
                                                         values["start"], values["end"], values["note"])
        self._run_editor(AvailabilityDialog(str(T("Ketersediaan: {n}", "Availability: {n}", n=row.name)), parent=self),
                         job, T("Ketersediaan {n}", "Availability of {n}", n=row.name))

    def add_unit_period(self) -> None:
        from ui.dialogs.availability_dialog import AvailabilityDialog

        def job(session, actor, values):
            return availability_service.add_for_unit(session, actor, values["unit_id"], values["kind"],
                                                     values["start"], values["end"], values["note"],
                                                     skip_conflicts=True)
        dialog = AvailabilityDialog(str(T("Ketersediaan satu satuan (massal)", "Availability for a whole unit")),
                                    units=self._editable_units(), parent=self)
        self._run_editor(dialog, job, T("Ketersediaan satuan", "Unit availability"))

    def import_roster(self):
        from ui.dialogs.import_wizard import ImportWizard
        wizard = ImportWizard(self.ctx, self)
        wizard.finished.connect(wizard.deleteLater)
        wizard.open()
        self.import_wizard = wizard
        return wizard

    def export_roster(self) -> None:
        from ui.files import save_path
        path = save_path(self, T("Ekspor personel", "Export personnel"), "personel.xlsx", "Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") else "xlsx"
        actor = self.ctx.actor
        ReadOp(self, lambda session: export_service.export_table(session, "personnel", fmt, path, actor=actor)) \
            .success(lambda _n: self.ctx.statusMessage.emit(str(T("Diekspor ke {p}", "Exported to {p}", p=path)))).run()

    # ---- text
    def _fill_units(self) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(str(T("Semua satuan", "All units")), None)
        for unit in self.units:
            self.unit.addItem(unit.short_name, unit.id)
        index = self.unit.findData(current)
        self.unit.setCurrentIndex(max(0, index))
        self.unit.blockSignals(False)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(str(T("Cari nama atau NRP…", "Search name or NRP…")))
        self.status_labels = {True: str(T("Aktif", "Active")), False: str(T("Nonaktif", "Inactive"))}
        lang = current_language()
        for combo, items in (
            (self.group, [(str(T("Semua golongan", "All rank groups")), None)] + [(g, g) for g in GROUPS]),
            (self.function, [(str(T("Semua fungsi", "All functions")), None)] + [(f.label(lang), f.code) for f in FUNCTIONS]),
            (self.gender, [(str(T("L/P", "M/F")), None), (str(T("Laki-laki", "Male")), "M"), (str(T("Perempuan", "Female")), "F")]),
            (self.status, [(str(T("Aktif", "Active")), True), (str(T("Nonaktif", "Inactive")), False),
                           (str(T("Semua status", "Any status")), None)]),
        ):
            index = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        self._fill_units()
        self.detail.setTitle(str(T("Rincian personel", "Person details")))
        labels = {"new": T("Tambah…", "New…"), "edit": T("Ubah…", "Edit…"), "active": T("Aktif/nonaktifkan", "(De)activate"),
                  "period": T("Ketersediaan…", "Availability…"), "bulk": T("Ketersediaan satuan…", "Unit availability…"),
                  "import": T("Impor Excel/CSV…", "Import Excel/CSV…"), "export": T("Ekspor…", "Export…")}
        for key, text in labels.items():
            self.buttons[key].setText(str(text))
        captions = {"name": T("Nama", "Name"), "nrp": T("NRP/NIP", "NRP/NIP"), "rank": T("Pangkat/Jabatan", "Rank/Position"),
                    "unit": T("Kesatuan", "Unit"), "hours": T("Jam pengamanan", "Security hours"),
                    "events": T("Kegiatan dilayani", "Events served")}
        for key, text in captions.items():
            self.detail_captions[key].setText(str(text))
        self.availability_caption.setText(str(T("Ketersediaan (cuti, sakit, dik, piket, BKO)",
                                                "Availability (leave, sick, training, duty, seconded)")))
        self.history_caption.setText(str(T("Riwayat penempatan", "Placement history")))
        self.model.retranslate()
        self._apply_filters()
