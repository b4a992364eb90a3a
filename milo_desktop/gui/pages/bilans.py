"""Bilans (area page)."""

from __future__ import annotations

from .placeholder import AreaPage


class BilansPage(AreaPage):
    TITLE = "Bilans"
    TEXT = ("Les bilans annuels des partenariats (France Travail, Mission Jeunes, entreprises), la répartition des entrées en cotraitance et le tableau semestriel pour la DREETS, en PDF et en Excel. Les bilans se remplissent à mesure que l'activité est saisie.")
