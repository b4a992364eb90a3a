"""Fichier > Exporter > … : a whole export by kind (``services.exports``) in a worker, with
progress and cancel — the GUI side of ``milo-desktop export KIND``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..dialogs.messages import info
from ..worker import run_with_progress
from ..dialogs import files

EXPORT_LABELS = {
    "jeunes": "Jeunes",
    "cotraitance": "Cotraitance",
    "offres": "Offres d'emploi",
    "entreprises": "Entreprises",
    "fastt": "Orientations FASTT",
    "interim": "Délégations d'intérim",
}


def export_kind(services, parent: QWidget | None, kind: str, path: str | None = None):
    """Ask for a file (unless ``path`` is given), then export ``kind`` in a worker; returns the
    task (None when the user chose no file)."""
    if path is None:
        path, _ = files.getSaveFileName(
            parent, f"Exporter : {EXPORT_LABELS.get(kind, kind)}", f"{kind}.xlsx",
            "Classeur Excel (*.xlsx);;CSV point-virgule (*.csv)")
    if not path:
        return None

    def work(progress, cancelled):
        return services.exports.export(kind, path, progress=progress, cancel=cancelled,
                                       french=True)  # files for people: « Nom d'usage »

    def done(result) -> None:
        info(parent, "Export terminé", f"{result.rows} ligne(s) exportée(s) dans :\n{result.path}")

    return run_with_progress(parent, "Export en cours…", work, done)
