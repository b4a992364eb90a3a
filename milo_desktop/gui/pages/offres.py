"""Offres & entreprises (area page)."""

from __future__ import annotations

from .placeholder import AreaPage


class OffresPage(AreaPage):
    TITLE = "Offres & entreprises"
    TEXT = ("Les offres recueillies auprès des employeurs, la file « Offres à saisir » de l'agent dédié France Travail, les mises en relation et les plateformes de vocation. Pour commencer, créez une entreprise puis une offre.")
