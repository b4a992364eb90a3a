"""Outils ▸ Anonymiser les dossiers échus… : count, explain, confirm, run with progress."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...domain import retention
from ..worker import run_with_progress
from .messages import confirm, info, show_error

EXPLANATION = f"{retention.RULE}\n\n{retention.EFFECT} L'opération est irréversible dans la base."


def anonymise_due_files(parent: QWidget, services, on_done=None):
    """Ask, then anonymise; returns the running task (None when nothing was started)."""
    try:
        count = services.maintenance.echus().count
    except Exception as err:  # noqa: BLE001 - shown to the user
        show_error(parent, err)
        return None
    if count == 0:
        info(parent, "Anonymisation", "Aucun dossier échu à anonymiser aujourd'hui.\n\n" + EXPLANATION)
        return None
    text = f"{retention.dossiers(count, 'échu')} à anonymiser.\n\n{EXPLANATION}"
    if not confirm(parent, "Anonymiser les dossiers échus", text,
                   f"Anonymiser {retention.dossiers(count)}"):
        return None

    def work(progress, cancelled):
        return services.maintenance.anonymiser(progress=progress, cancel=cancelled)

    def done(result):
        info(parent, "Anonymisation",
             f"{retention.dossiers(result.count, 'anonymisé')}."
             f"\nSauvegarde faite avant : {result.backup}")
        if on_done is not None:
            on_done()
    return run_with_progress(parent, "Anonymisation en cours…", work, done)
