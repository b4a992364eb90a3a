"""Jeunes (area page)."""

from __future__ import annotations

from .placeholder import AreaPage


class JeunesPage(AreaPage):
    TITLE = "Jeunes"
    TEXT = ("La liste des jeunes suivis, avec recherche sans accents, filtres par référent, site, programme et état de cotraitance, et la fiche de chaque jeune avec son journal. Pour commencer, créez une fiche jeune ou importez une liste (Fichier ▸ Importer).")
