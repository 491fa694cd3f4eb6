"""Pengaturan WBS (Penanggung jawab, Inspektur): the agency → Irban wilayah routing table, the
deadlines (acknowledgement in working days, feedback in months), extra days off (cuti bersama) and
the Inspektur's name on printouts. Validated and audited by the core (`wbs/config.py`)."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout)

from antasena_desktop.i18n import T
from ui.wbs import core
from ui.wbs.base import WbsView
from ui.widgets import select_data


class WbsSettingsView(WbsView):
    title = T("Pengaturan", "Settings")
    permission = "configure"
    watches = {"wbs_setting"}

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.routing = QTableWidget(0, 2)
        self.routing.setObjectName("settings_routing")
        self.routing.verticalHeader().hide()
        self.routing.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.routing.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.routing.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.routing.setColumnWidth(1, 240)          # cell widgets are not measured by ResizeToContents
        self.add_row_button, self.remove_row_button = QPushButton(), QPushButton()
        self.add_row_button.clicked.connect(lambda: self.add_route("", "I"))
        self.remove_row_button.clicked.connect(self.remove_route)
        self.default_wilayah = self._wilayah_combo()
        self.ack_days, self.feedback_months = QSpinBox(), QSpinBox()
        self.ack_days.setRange(1, 60)
        self.feedback_months.setRange(1, 24)
        self.holidays = QLineEdit()
        self.holidays.setObjectName("settings_holidays")
        self.inspektur_name, self.inspektur_nip = QLineEdit(), QLineEdit()
        self.save_button = QPushButton()
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(self.save)
        self.routing_box, self.deadline_box = QGroupBox(), QGroupBox()
        routing_layout = QVBoxLayout(self.routing_box)
        routing_layout.addWidget(self.routing, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_row_button)
        row.addWidget(self.remove_row_button)
        row.addStretch(1)
        self.default_label = QLabel()
        row.addWidget(self.default_label)
        row.addWidget(self.default_wilayah)
        routing_layout.addLayout(row)
        self.form = QFormLayout(self.deadline_box)
        self.labels = [QLabel() for _ in range(5)]
        for label, widget in zip(self.labels, (self.ack_days, self.feedback_months, self.holidays,
                                               self.inspektur_name, self.inspektur_nip)):
            self.form.addRow(label, widget)
        columns = QHBoxLayout()
        columns.addWidget(self.routing_box, 3)
        columns.addWidget(self.deadline_box, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def _wilayah_combo(self) -> QComboBox:
        combo = QComboBox()
        for code, label in core.wilayah_choices():
            combo.addItem(str(label), code)
        return combo

    def load_data(self, session):
        return core.get_config(session, self.ctx.actor)

    def show_data(self, config) -> None:
        self.routing.setRowCount(0)
        for agency, wilayah in sorted(config["routing"].items(), key=lambda kv: (kv[1], kv[0])):
            self.add_route(agency, wilayah)
        select_data(self.default_wilayah, config["default_wilayah"])
        self.ack_days.setValue(int(config["ack_working_days"]))
        self.feedback_months.setValue(int(config["feedback_months"]))
        self.holidays.setText(", ".join(config["extra_holidays"] or []))
        self.inspektur_name.setText(config.get("inspektur_name") or "")
        self.inspektur_nip.setText(config.get("inspektur_nip") or "")

    def add_route(self, agency: str, wilayah: str) -> None:
        row = self.routing.rowCount()
        self.routing.insertRow(row)
        self.routing.setItem(row, 0, QTableWidgetItem(agency))
        combo = self._wilayah_combo()
        select_data(combo, wilayah)
        self.routing.setCellWidget(row, 1, combo)

    def remove_route(self) -> None:
        for row in sorted({i.row() for i in self.routing.selectedIndexes()}, reverse=True):
            self.routing.removeRow(row)

    def values(self) -> dict:
        routing = {}
        for row in range(self.routing.rowCount()):
            item = self.routing.item(row, 0)
            agency = item.text().strip() if item else ""
            if agency:
                routing[agency] = self.routing.cellWidget(row, 1).currentData()
        holidays = [d.strip() for d in self.holidays.text().replace(";", ",").split(",") if d.strip()]
        return {"routing": routing, "default_wilayah": self.default_wilayah.currentData(),
                "ack_working_days": self.ack_days.value(), "feedback_months": self.feedback_months.value(),
                "extra_holidays": holidays, "inspektur_name": self.inspektur_name.text().strip(),
                "inspektur_nip": self.inspektur_nip.text().strip()}

    def save(self) -> None:
        """All the values in one transaction: a refused one (named by the core) changes nothing."""
        values, actor = self.values(), self.ctx.actor
        self.write(lambda session: core.save_config(session, actor, values), lambda _c: self.refresh(),
                   success=T("Pengaturan WBS disimpan.", "WBS settings saved."))

    def retranslate(self) -> None:
        self.routing.setHorizontalHeaderLabels([str(T("Perangkat daerah terlapor", "Reported agency")),
                                                str(T("Irban wilayah", "Irban region"))])
        self.routing_box.setTitle(str(T("Penelaahan: perangkat daerah → Irban", "Review: agency → Irban")))
        self.deadline_box.setTitle(str(T("Tenggat dan cetakan", "Deadlines and printouts")))
        self.add_row_button.setText(str(T("Tambah baris", "Add row")))
        self.remove_row_button.setText(str(T("Hapus baris", "Remove row")))
        self.default_label.setText(str(T("Perangkat daerah lain:", "Other agencies:")))
        texts = (T("Tanggapan awal (hari kerja)", "Acknowledgement (working days)"),
                 T("Umpan balik (bulan)", "Feedback (months)"),
                 T("Hari libur tambahan (YYYY-MM-DD, dipisah koma)", "Extra days off (YYYY-MM-DD, comma-separated)"),
                 T("Nama Inspektur", "Inspektur's name"), T("NIP Inspektur", "Inspektur's NIP"))
        for label, text in zip(self.labels, texts):
            label.setText(str(text))
        self.save_button.setText(str(T("Simpan pengaturan", "Save settings")))
