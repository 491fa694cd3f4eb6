"""Stakeholder accounts of the portal on the desk: a list and a small editor (kind, unit, organiser,
PKS profile, linked events, password). Writes are WriteOps; the services check the role and audit."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)
from sqlalchemy import select

from antasena_desktop.i18n import T, on_language_change
from antasena_desktop.portal.policy import KIND_LABELS, PROFILE_LABELS, UNIT_KINDS, Kind, Profile
from antasena_desktop.services import stakeholders
from antasena_desktop.timefmt import format_date, now_utc
from ui.ops import ReadOp, WriteOp, error_text, is_alive
from ui.widgets import SubmitOnSave


def account_choices(session) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(units, events) the editor offers: (id, label); events from a month back to three months ahead."""
    from db.models import Event, Unit

    units = [(i, f"{short} ({code})") for i, short, code in session.execute(
        select(Unit.id, Unit.short_name, Unit.code).where(Unit.deleted_at.is_(None)).order_by(Unit.short_name))]
    now = now_utc()
    events = [(i, f"{number} · {format_date(start)} · {title}") for i, number, title, start in session.execute(
        select(Event.id, Event.number, Event.title, Event.start_at)
        .where(Event.deleted_at.is_(None), Event.end_at > now - timedelta(days=30),
               Event.start_at < now + timedelta(days=90)).order_by(Event.start_at))]
    return units, events


class AccountDialog(SubmitOnSave, QDialog):
    def __init__(self, parent, units, events, account: stakeholders.AccountRow | None = None):
        super().__init__(parent)
        self.setObjectName("stakeholder_dialog")
        self.account = account
        self.setWindowTitle(str(T("Akun portal", "Portal account")))
        self.username = QLineEdit(objectName="acc_username")
        self.password = QLineEdit(objectName="acc_password")
        self.password.setEchoMode(QLineEdit.Password)
        self.display_name = QLineEdit(objectName="acc_display_name")
        self.kind = QComboBox(objectName="acc_kind")
        for kind in Kind:
            self.kind.addItem(str(KIND_LABELS[kind]), kind.value)
        self.unit = QComboBox(objectName="acc_unit")
        self.unit.addItem("–", None)
        for unit_id, label in units:
            self.unit.addItem(label, unit_id)
        self.organiser = QLineEdit(objectName="acc_organiser")
        self.profile = QComboBox(objectName="acc_profile")
        for profile in Profile:
            self.profile.addItem(str(PROFILE_LABELS[profile]), profile.value)
        self.contact = QLineEdit(objectName="acc_contact")
        self.active = QCheckBox(str(T("Aktif", "Active")), objectName="acc_active")
        self.active.setChecked(True)
        self.events = QListWidget(objectName="acc_events")
        for event_id, label in events:
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, event_id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if account and event_id in account.event_ids else Qt.Unchecked)
            self.events.addItem(item)
        self.error = QLabel(objectName="acc_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(str(T("Nama akun", "Account name")), self.username)
        form.addRow(str(T("Kata sandi (kosong = tetap)", "Password (empty = unchanged)") if account
                        else T("Kata sandi", "Password")), self.password)
        form.addRow(str(T("Nama tampilan", "Display name")), self.display_name)
        form.addRow(str(T("Jenis", "Kind")), self.kind)
        form.addRow(str(T("Satuan", "Unit")), self.unit)
        form.addRow(str(T("Penyelenggara", "Organiser")), self.organiser)
        form.addRow(str(T("Profil PKS", "PKS profile")), self.profile)
        form.addRow(str(T("Kontak", "Contact")), self.contact)
        form.addRow("", self.active)
        form.addRow(str(T("Kegiatan yang ditautkan", "Linked events")), self.events)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setObjectName("acc_save")
        buttons.button(QDialogButtonBox.Save).setText(str(T("Simpan", "Save")))
        buttons.button(QDialogButtonBox.Cancel).setText(str(T("Batal", "Cancel")))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if account is not None:
            self.username.setText(account.username)
            self.username.setEnabled(False)
            self.display_name.setText(account.display_name)
            self.kind.setCurrentIndex(self.kind.findData(account.kind))
            self.unit.setCurrentIndex(max(0, self.unit.findData(account.unit_id)))
            self.organiser.setText(account.organiser)
            self.profile.setCurrentIndex(self.profile.findData(account.pks_profile))
            self.contact.setText(account.contact)
            self.active.setChecked(account.active)
        self._kind_changed()

    def _kind_changed(self, *_args) -> None:
        kind = Kind(self.kind.currentData())
        self.unit.setEnabled(kind in UNIT_KINDS)
        self.organiser.setEnabled(kind is Kind.ORGANISER)
        self.profile.setEnabled(kind is Kind.PEMKOT)
        if kind is not Kind.PEMKOT:
            self.profile.setCurrentIndex(self.profile.findData(Profile.COUNTS_ONLY.value))

    def values(self) -> dict:
        return {"display_name": self.display_name.text(), "kind": self.kind.currentData(),
                "unit_id": self.unit.currentData(), "organiser": self.organiser.text(),
                "pks_profile": self.profile.currentData(), "contact": self.contact.text(),
                "active": self.active.isChecked()}

    def event_ids(self) -> list[str]:
        return [self.events.item(i).data(Qt.UserRole) for i in range(self.events.count())
                if self.events.item(i).checkState() == Qt.Checked]


class AccountsPanel(QWidget):
    HEADERS = (T("Nama akun", "Account"), T("Nama tampilan", "Display name"), T("Jenis", "Kind"),
               T("Satuan / penyelenggara", "Unit / organiser"), T("Profil PKS", "PKS profile"),
               T("Kegiatan", "Events"), T("Status", "State"))

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("accounts_panel")
        self.rows: list[stakeholders.AccountRow] = []
        self.dialog: AccountDialog | None = None
        self.table = QTableWidget(0, len(self.HEADERS), objectName="accounts_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.add_button = QPushButton(objectName="accounts_add", clicked=lambda: self.open_editor(None))
        self.edit_button = QPushButton(objectName="accounts_edit", clicked=self.edit_selected)
        self.status = QLabel(objectName="accounts_status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        ctx.dataChanged.connect(lambda changes: "stakeholder_account" in changes.entities() and self.refresh())
        on_language_change(self._language_changed)
        self.retranslate()
        self.refresh()

    def _language_changed(self, _code: str) -> None:
        if is_alive(self):                 # a listener may outlive its widget (deleted by Qt)
            self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(str(T("Akun baru…", "New account…")))
        self.edit_button.setText(str(T("Sunting…", "Edit…")))
        self.table.setHorizontalHeaderLabels([str(h) for h in self.HEADERS])
        self._fill()

    def refresh(self) -> None:
        actor = self.ctx.actor
        ReadOp(self, lambda session: stakeholders.list_accounts(session, actor)).success(self._show) \
            .failure(lambda exc, _t: self.status.setText(error_text(exc))).run()

    def _show(self, rows) -> None:
        self.rows = rows
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (row.username, row.display_name, str(KIND_LABELS[Kind(row.kind)]), row.unit_name or row.organiser,
                      str(PROFILE_LABELS[Profile(row.pks_profile)]), str(len(row.event_ids)),
                      str(T("Aktif", "Active") if row.active else T("Nonaktif", "Inactive")))
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))

    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText(str(T("Pilih satu akun dahulu.", "Choose an account first.")))
            return
        self.open_editor(self.rows[rows[0].row()])

    def open_editor(self, account) -> None:
        ReadOp(self, account_choices).success(lambda choices: self._open(account, *choices)).run()

    def _open(self, account, units, events) -> None:
        dialog = AccountDialog(self, units, events, account)
        self.dialog = dialog

        def submit(values):
            password, event_ids, username = dialog.password.text(), dialog.event_ids(), dialog.username.text()
            if account is None:
                fn = lambda session, actor: stakeholders.create_account(   # noqa: E731
                    session, actor, username, password, values, event_ids)
            else:
                def fn(session, actor):
                    done = stakeholders.update_account(session, actor, account.id, values, event_ids)
                    if password:
                        done.extend(stakeholders.set_account_password(session, actor, account.id, password))
                    return done
            WriteOp(self, fn).success(lambda _c: dialog.finish()) \
                .failure(lambda exc, _t: dialog.error.setText(error_text(exc))).run()

        dialog.on_submit = submit
        dialog.open()
