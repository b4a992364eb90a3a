"""About box."""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox

from ... import APP_NAME, __version__


def about_text(schema=None) -> str:
    """The about box's text; ``schema`` is ``services.maintenance.schema()`` for the open store."""
    base = ""
    if schema is not None:
        state = "à jour" if schema.a_jour else f"cette version attend {schema.attendue}"
        base = (f"<p>Version {__version__} — base de données : schéma révision "
                f"{schema.revision or '—'} ({state})</p>")
    return (f"<h3>{APP_NAME} {__version__}</h3>{base}"
            "<p>L'outil des conseillers de Mission Locale : jeunes en cotraitance (PPAE délégué par "
            "France Travail), offres d'emploi et mises en relation, orientations FASTT « Point Conseils "
            "Intérimaire », bilans annuels des partenariats.</p>"
            "<p>Les données restent sur ce poste (base SQLite locale), utilisables sans réseau.</p>"
            f"<p><small>Python {sys.version.split()[0]} — PySide6 {pyside_version}</small></p>")


def show_about(parent, schema=None) -> None:
    QMessageBox.about(parent, f"À propos de {APP_NAME}", about_text(schema))
