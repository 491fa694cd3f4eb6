"""Akun (administrator): WBS accounts and roles. Never any case content: the administrator's desk
has no case list, no report, no attachment and no identity (the services refuse them too)."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout)

from antasena_desktop.i18n import T
from ui.models.table import Column, RowFilterProxy, RowTableModel
from ui.wbs import core
from ui.wbs.base import WbsView
from ui.wbs.labels import moment_text, role_label


def _columns() -> list[Column]:
    return [
        Column(T("Nama pengguna", "User name"), lambda r: r.username),
        Column(T("Nama lengkap", "Full name"), lambda r: core.account_full_name(r)),
        Column(T("Peran", "Role"), lambda r: role_label(r.role)),
        Column(T("Wilayah", "Region"), lambda r: core.account_wilayah(r)),
        Column(T("Aktif", "Active"), lambda r: str(T("ya", "yes")) if core.account_active(r) else str(T("tidak", "no"))),
        Column(T("Terakhir masuk", "Last sign-in"), lambda r: moment_text(r.last_login_at),
               sort=lambda r: r.last_login_at),
    ]


class AccountDialog(QDialog):
    """A new WBS account: user name, full name, role, wilayah (for a penelaah), initial password."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("wbs_account_dialog")
        self.setWindowTitle(str(T("Akun WBS baru", "New WBS account")))
        self.username, self.full_name, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.username.setObjectName("account_username")
        self.full_name.setObjectName("account_full_name")
        self.password.setObjectName("account_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        self.role.setObjectName("account_role")
        for code, label in core.role_choices():
            self.role.addItem(label, code)
        self.wilayah = QComboBox()
        self.wilayah.setObjectName("account_wilayah")
        self.wilayah.addItem("—", None)
        for code, label in core.wilayah_choices():
            self.wilayah.addItem(str(label), code)
        form = QFormLayout()
        form.addRow(str(T("Nama pengguna", "User name")), self.username)
        form.addRow(str(T("Nama lengkap", "Full name")), self.full_name)
        form.addRow(str(T("Peran", "Role")), self.role)
        form.addRow(str(T("Wilayah (penelaah)", "Region (reviewer)")), self.wilayah)
        form.addRow(str(T("Kata sandi awal", "Initial password")), self.password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.error.setText(str(T("Nama pengguna dan kata sandi wajib diisi.", "User name and password are required.")))
            return
        self.accept()


class AccountsView(WbsView):
    title = T("Akun", "Accounts")
    permission = "manage_accounts"
    watches = core.ACCOUNT_ENTITIES

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.model = RowTableModel(_columns())
        self.proxy = RowFilterProxy([0, 1, 2])
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("accounts_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("account_add")
        self.add_button.clicked.connect(self.add_account)
        self.active_button = QPushButton()
        self.active_button.setObjectName("account_toggle_active")
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def load_data(self, session):
        return core.list_accounts(session, self.ctx.actor)

    def show_data(self, rows) -> None:
        self.model.set_rows(rows)

    def add_account(self) -> None:
        dialog = AccountDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dict(username=dialog.username.text().strip(), full_name=dialog.full_name.text().strip(),
                      role=dialog.role.currentData(), wilayah=dialog.wilayah.currentData(),
                      password=dialog.password.text())
        actor = self.ctx.actor
        self.write(lambda session: core.create_account(session, actor, **values), lambda _c: self.refresh(),
                   success=T("Akun {u} dibuat.", "Account {u} created.", u=values["username"]))

    def selected(self):
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(indexes[0])) if indexes else None

    def toggle_active(self) -> None:
        """Deactivate (or reactivate) the selected account; an inactive account cannot sign in."""
        row = self.selected()
        if row is None:
            return
        actor, username, active = self.ctx.actor, row.username, not core.account_active(row)
        self.write(lambda session: core.set_account_active(session, actor, username, active), lambda _c: self.refresh(),
                   success=T("Akun {u} diaktifkan.", "Account {u} activated.", u=username) if active else
                   T("Akun {u} dinonaktifkan.", "Account {u} deactivated.", u=username))

    def retranslate(self) -> None:
        self.active_button.setText(str(T("Aktifkan / nonaktifkan", "Activate / deactivate")))
        self.heading.setText(str(T(
            "Administrator sistem mengelola akun dan peran. Isi laporan, lampiran dan identitas pelapor tidak "
            "dapat dibuka dari akun administrator.",
            "The system administrator manages accounts and roles. Report contents, attachments and reporter "
            "identities cannot be opened from an administrator account.")))
        self.add_button.setText(str(T("Tambah akun…", "Add account…")))
        self.model.columns = _columns()
        self.model.retranslate()

