"""About box."""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox

from ... import APP_NAME, __version__


def about_text() -> str:
    return (f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>L'outil des conseillers de Mission Locale : jeunes en cotraitance (PPAE délégué par "
            "France Travail), offres d'emploi et mises en relation, orientations FASTT « Point Conseils "
            "Intérimaire », bilans annuels des partenariats.</p>"
            "<p>Les données restent sur ce poste (base SQLite locale), utilisables sans réseau.</p>"
            f"<p><small>Python {sys.version.split()[0]} — PySide6 {pyside_version}</small></p>")


def show_about(parent) -> None:
    QMessageBox.about(parent, f"À propos de {APP_NAME}", about_text())
