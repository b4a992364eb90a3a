"""File choosers in French, starting in a sensible folder remembered per kind of file.

Drop-in replacements for ``QFileDialog.getSaveFileName`` / ``getOpenFileName`` /
``getExistingDirectory`` (same arguments, same results), called as ``files.getSaveFileName(…)``
so tests can replace them. Qt's own French catalogue (``qtbase_fr``) leaves some labels of its
non-native dialog in English with PySide6 6.12 (« Look in », « Files of type »): every label is
set here. A dialog starts in the folder last used for that kind of file (PDF, spreadsheet,
image…), else in Documents; a default name without folder is put in that folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

LABELS = {
    QFileDialog.DialogLabel.LookIn: "Regarder dans :",
    QFileDialog.DialogLabel.FileName: "Nom du fichier :",
    QFileDialog.DialogLabel.FileType: "Type de fichier :",
    QFileDialog.DialogLabel.Reject: "Annuler",
}
_KINDS = (("pdf", "pdf"), ("xlsx", "tableurs"), ("ods", "tableurs"), ("csv", "tableurs"),
          ("png", "images"), ("jpg", "images"), ("svg", "images"), ("eml", "messages"))


def kind_of(filters: str) -> str:
    """The kind of file a filter string asks for (its first extension): ``pdf``, ``tableurs``…"""
    for ext in re.findall(r"\*\.(\w+)", filters or ""):
        for known, kind in _KINDS:
            if ext.lower() == known:
                return kind
    return "fichiers"


def documents_folder() -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def _settings_key(kind: str) -> str:
    return f"dossiers/{kind}"


def last_folder(kind: str) -> str:
    folder = QSettings().value(_settings_key(kind), "")
    return folder if folder and Path(str(folder)).is_dir() else documents_folder()


def remember(kind: str, path: str) -> None:
    if path:
        p = Path(path)
        QSettings().setValue(_settings_key(kind), str(p if p.is_dir() else p.parent))


def start_path(directory: str, kind: str) -> str:
    """``directory`` as given when it names a folder; a bare file name goes into the folder last
    used for ``kind`` (else Documents)."""
    if directory and (Path(directory).is_absolute() or Path(directory).parent != Path(".")):
        return directory
    folder = last_folder(kind)
    return str(Path(folder) / directory) if directory else folder


def french_dialog(parent: QWidget | None, caption: str, directory: str, filters: str,
                  save: bool, folders: bool = False) -> QFileDialog:
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if folders:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    elif not save:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    for label, text in LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept,
                        "Choisir" if folders else "Enregistrer" if save else "Ouvrir")
    if save:
        match = re.search(r"\*\.(\w+)", filters or "")
        if match:
            dialog.setDefaultSuffix(match.group(1))
    return dialog


def _run(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def getSaveFileName(parent: QWidget | None = None, caption: str = "", dir: str = "",  # noqa: N802, A002
                    filter: str = "") -> tuple[str, str]:  # noqa: A002 - QFileDialog's names
    kind = kind_of(filter)
    path, chosen = _run(french_dialog(parent, caption, start_path(dir, kind), filter, save=True))
    remember(kind, path)
    return path, chosen


def getOpenFileName(parent: QWidget | None = None, caption: str = "", dir: str = "",  # noqa: N802, A002
                    filter: str = "") -> tuple[str, str]:  # noqa: A002
    kind = kind_of(filter)
    path, chosen = _run(french_dialog(parent, caption, start_path(dir, kind), filter, save=False))
    remember(kind, path)
    return path, chosen


def getExistingDirectory(parent: QWidget | None = None, caption: str = "",  # noqa: N802
                         dir: str = "") -> str:  # noqa: A002
    path, _ = _run(french_dialog(parent, caption, start_path(dir, "dossiers"), "", save=False,
                                 folders=True))
    remember("dossiers", path)
    return path
