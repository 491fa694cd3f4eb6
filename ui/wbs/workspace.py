"""Which desk this install runs: the Bag Ops desk or the WBS desk (chosen at first run, or by flag)."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout

from antasena_desktop.i18n import T

WORKSPACES = ("bagops", "wbs")
SETTING_KEY = "install/workspace"


def install_settings() -> QSettings:
    return QSettings("BagOpsPolrestabesPalembang", "AntasenaDesktop")


def stored_workspace(settings: QSettings | None = None) -> str | None:
    value = (settings or install_settings()).value(SETTING_KEY, None)
    return value if value in WORKSPACES else None


def choose_workspace(explicit: str | None = None, settings: QSettings | None = None) -> str | None:
    """The flag wins; else the stored choice; else ask once and remember. None when the dialog is cancelled."""
    settings = settings or install_settings()
    if explicit in WORKSPACES:
        if stored_workspace(settings) is None:
            settings.setValue(SETTING_KEY, explicit)
        return explicit
    stored = stored_workspace(settings)
    if stored:
        return stored
    dialog = WorkspaceDialog()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    settings.setValue(SETTING_KEY, dialog.choice())
    return dialog.choice()


class WorkspaceDialog(QDialog):
    """First run of an install: which office uses this computer."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("workspace_dialog")
        self.setWindowTitle(str(T("Antasena — Pilih meja kerja", "Antasena — Choose the desk")))
        intro = QLabel(str(T(
            "Instalasi ini dipakai oleh kantor mana? Pilihan ini disimpan; dapat diganti dengan "
            "`antasena gui --workspace bagops|wbs`.",
            "Which office uses this install? The choice is remembered; override it with "
            "`antasena gui --workspace bagops|wbs`.")))
        intro.setWordWrap(True)
        self.bagops = QRadioButton(str(T("Bag Ops Polrestabes Palembang — perencanaan pengamanan kegiatan",
                                         "Bag Ops Polrestabes Palembang — event security planning")))
        self.bagops.setObjectName("workspace_bagops")
        self.wbs = QRadioButton(str(T("Inspektorat Daerah Kota Palembang — Whistleblowing System (WBS)",
                                      "Palembang City Inspectorate — Whistleblowing System (WBS)")))
        self.wbs.setObjectName("workspace_wbs")
        self.bagops.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.bagops)
        layout.addWidget(self.wbs)
        layout.addWidget(buttons)

    def choice(self) -> str:
        return "wbs" if self.wbs.isChecked() else "bagops"
