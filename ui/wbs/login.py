"""WBS sign-in (WBS accounts only; a Bag Ops account cannot open the WBS), the lock dialog, and the
first run of a new WBS store (administrator password; the escrow recovery sheet is written once)."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout)

from antasena_desktop.i18n import T, UserError
from ui.wbs import core


class WbsLoginDialog(QDialog):
    """User name + password → `actor` (WbsActor) and `keyring` (the handler's unlocked private key)."""

    def __init__(self, database, parent=None, username: str = "", locked_user: str | None = None):
        super().__init__(parent)
        self.setObjectName("wbs_login_dialog")
        self.database = database
        self.actor = None
        self.keyring = None
        self.locked_user = locked_user
        self.setWindowTitle(str(T("Antasena WBS — Masuk", "Antasena WBS — Sign in")))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.username = QLineEdit(username or (locked_user or ""))
        self.username.setObjectName("wbs_login_username")
        self.username.setReadOnly(locked_user is not None)
        self.password = QLineEdit()
        self.password.setObjectName("wbs_login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("wbs_login_error")
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        self.user_label, self.password_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        (self.password if self.username.text() else self.username).setFocus()

    def retranslate(self) -> None:
        if self.locked_user:
            self.heading.setText(str(T("Layar dikunci. Masukkan kata sandi {u}.",
                                       "The screen is locked. Enter the password of {u}.", u=self.locked_user)))
        else:
            self.heading.setText(str(T("Whistleblowing System Inspektorat Daerah Kota Palembang — masuk dengan akun "
                                       "WBS Anda.",
                                       "Whistleblowing System of the Palembang City Inspectorate — sign in with your "
                                       "WBS account.")))
        self.user_label.setText(str(T("Nama pengguna", "User name")))
        self.password_label.setText(str(T("Kata sandi", "Password")))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(str(T("Masuk", "Sign in")))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            str(T("Keluar", "Quit")) if self.locked_user else str(T("Batal", "Cancel")))

    def try_login(self) -> None:
        from ui.ops import run_now
        username, password = self.username.text().strip(), self.password.text()
        try:           # sign-in: one short transaction on this thread (it writes the lockout counters)
            self.actor, self.keyring = run_now(self.database, lambda session: core.login(session, username, password))
        except UserError as exc:
            self.error.setText(str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        if self.locked_user and self.actor.username != self.locked_user:
            self.actor = self.keyring = None
            return
        self.accept()


class WbsFirstRunDialog(QDialog):
    """A new WBS store: the administrator's password; then the escrow recovery sheet is shown once."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("wbs_first_run")
        self.setWindowTitle(str(T("Antasena WBS — Penggunaan pertama", "Antasena WBS — First run")))
        intro = QLabel(str(T(
            "Basis data WBS masih kosong. Buat akun administrator sistem. Setelah itu kunci pemulihan (escrow) "
            "Inspektorat dibuat dan lembar pemulihannya disimpan SEKALI: cetak, simpan di brankas, lalu hapus "
            "berkasnya.",
            "The WBS database is empty. Create the system administrator. Then the Inspectorate's recovery (escrow) "
            "key is made and its recovery sheet is written ONCE: print it, keep it in the safe, delete the file.")))
        intro.setWordWrap(True)
        self.password, self.confirm = QLineEdit(), QLineEdit()
        self.password.setObjectName("wbs_first_password")
        self.confirm.setObjectName("wbs_first_confirm")
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(str(T("Kata sandi admin", "Admin password")), self.password)
        form.addRow(str(T("Ulangi kata sandi", "Repeat password")), self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> None:
        if not self.password.text() or self.password.text() != self.confirm.text():
            self.error.setText(str(T("Kedua kata sandi harus diisi dan sama.", "Both passwords must be given and equal.")))
            return
        self.accept()


class RecoverySheetDialog(QDialog):
    """Shows where the recovery sheet was written (0600) and its text, once."""

    def __init__(self, path: str, text: str, parent=None):
        super().__init__(parent)
        self.setObjectName("wbs_recovery_sheet")
        self.setWindowTitle(str(T("Lembar pemulihan escrow", "Escrow recovery sheet")))
        label = QLabel(str(T("Lembar pemulihan disimpan di {p}. Cetak dan simpan di brankas Inspektorat; tanpa lembar "
                             "ini kasus tidak dapat dipulihkan bila penangan lupa kata sandi.",
                             "The recovery sheet was written to {p}. Print it and keep it in the Inspectorate's safe; "
                             "without it cases cannot be recovered when a handler forgets a password.", p=path)))
        label.setWordWrap(True)
        sheet = QPlainTextEdit(text)
        sheet.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(sheet, 1)
        layout.addWidget(buttons)


class PasswordDialog(QDialog):
    """Change one's own password: the private key is re-wrapped, no case key changes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("wbs_password_dialog")
        self.setWindowTitle(str(T("Ganti kata sandi", "Change password")))
        self.old, self.new, self.confirm = QLineEdit(), QLineEdit(), QLineEdit()
        for name, edit in (("old", self.old), ("new", self.new), ("confirm", self.confirm)):
            edit.setObjectName(f"password_{name}")
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(str(T("Kata sandi lama", "Old password")), self.old)
        form.addRow(str(T("Kata sandi baru", "New password")), self.new)
        form.addRow(str(T("Ulangi kata sandi baru", "Repeat the new password")), self.confirm)
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
        if not self.new.text() or self.new.text() != self.confirm.text():
            self.error.setText(str(T("Kata sandi baru harus diisi dan sama.", "The new passwords must be given and equal.")))
            return
        self.accept()
