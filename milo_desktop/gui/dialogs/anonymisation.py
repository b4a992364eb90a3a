"""Outils ▸ Anonymiser les dossiers échus… : count, explain, confirm, run with progress."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...domain.text import french_int
from ..worker import run_with_progress
from .messages import confirm, info, show_error

EXPLANATION = (
    "Un dossier est échu quand le jeune a eu 26 ans, qu'aucun programme n'est en cours (sans date "
    "de fin ou se terminant plus tard) et que la cotraitance n'est pas en cours. L'anonymisation "
    "efface le nom, le prénom, les coordonnées, les identifiants et tous les textes libres "
    "(notes du journal, justifications, disponibilités et détails FASTT) ; elle garde ce que "
    "comptent les bilans (sexe, mois de naissance, niveau, QPV/ZRR, site, référent, dates et états). "
    "Les dossiers anonymisés sont archivés. La base est sauvegardée avant ; l'opération est "
    "irréversible dans la base.")


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
    plural = "s" if count > 1 else ""
    text = f"{french_int(count)} dossier{plural} échu{plural} à anonymiser.\n\n{EXPLANATION}"
    if not confirm(parent, "Anonymiser les dossiers échus", text,
                   f"Anonymiser {french_int(count)} dossier{plural}"):
        return None

    def work(progress, cancelled):
        return services.maintenance.anonymiser(progress=progress, cancel=cancelled)

    def done(result):
        info(parent, "Anonymisation",
             f"{french_int(result.count)} dossier{'s' if result.count > 1 else ''} anonymisé{'s' if result.count > 1 else ''}."
             f"\nSauvegarde faite avant : {result.backup}")
        if on_done is not None:
            on_done()
    return run_with_progress(parent, "Anonymisation en cours…", work, done)
