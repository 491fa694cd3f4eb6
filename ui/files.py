"""File dialogs in the operator's language, starting in Documents/Antasena, and the "Tersimpan di …" notice.

Qt ships no Indonesian catalogue and the native dialogs follow the desktop's language, so our dialogs are Qt's own
(non-native) with every label set from `T(...)`."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtWidgets import QFileDialog, QLabel

from antasena_desktop.i18n import T


def documents_folder() -> Path:
    """~/Documents/Antasena (created private on first use)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    folder = Path(os.environ.get("ANTASENA_DOCUMENTS_DIR") or Path(base) / "Antasena")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        folder.chmod(0o700)
    except OSError:
        pass
    return folder


def file_dialog(parent, title, name_filter: str, *, save: bool, suggested: str = "") -> QFileDialog:
    dialog = QFileDialog(parent, str(title), str(documents_folder() / suggested) if suggested else str(documents_folder()),
                         name_filter)
    dialog.setObjectName("antasena_file_dialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    if suggested:
        dialog.selectFile(suggested)
    labels = {QFileDialog.DialogLabel.LookIn: T("Lihat di:", "Look in:"),
              QFileDialog.DialogLabel.FileName: T("Nama berkas:", "File name:"),
              QFileDialog.DialogLabel.FileType: T("Jenis berkas:", "Files of type:"),
              QFileDialog.DialogLabel.Accept: T("Simpan", "Save") if save else T("Buka", "Open"),
              QFileDialog.DialogLabel.Reject: T("Batal", "Cancel")}
    for label, text in labels.items():
        dialog.setLabelText(label, str(text))
    return dialog


def save_path(parent, title, suggested: str, name_filter: str) -> str:
    dialog = file_dialog(parent, title, name_filter, save=True, suggested=suggested)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def open_path(parent, title, name_filter: str) -> str:
    dialog = file_dialog(parent, title, name_filter, save=False)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def open_paths(parent, title, name_filter: str) -> list[str]:
    """Several existing files at once (e.g. attachments)."""
    dialog = file_dialog(parent, title, name_filter, save=False)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return []
    return list(dialog.selectedFiles())


def saved_text(path: Path, extra: Path | None = None) -> str:
    folder = QUrl.fromLocalFile(str(Path(path).parent)).toString()
    names = Path(path).name + (f", {Path(extra).name}" if extra else "")
    return str(T('Tersimpan di {f}: {n} — <a href="{u}">Buka folder</a>', 'Saved in {f}: {n} — <a href="{u}">Open folder</a>',
                 f=Path(path).parent, n=names, u=folder))


def show_saved(label: QLabel, path: Path, extra: Path | None = None) -> None:
    label.setText(saved_text(path, extra))
    label.setToolTip(str(Path(path)))
