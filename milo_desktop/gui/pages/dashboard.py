"""Tableau de bord (area page)."""

from __future__ import annotations

from .placeholder import AreaPage


class DashboardPage(AreaPage):
    TITLE = "Tableau de bord"
    TEXT = ("Ici s'afficheront les chiffres clés de l'année : jeunes en cotraitance par état, affectations à accepter, sorties dues, offres à saisir, orientations FASTT en cours. Pour commencer, créez des fiches jeunes ou générez une base de démonstration (milo-desktop demo).")
