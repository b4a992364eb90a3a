"""Cotraitance (PPAE délégué) (area page)."""

from __future__ import annotations

from .placeholder import AreaPage


class CotraitancePage(AreaPage):
    TITLE = "Cotraitance (PPAE délégué)"
    TEXT = ("Les listes de travail de la cotraitance : affectations à accepter, parcours à initialiser, jeunes en alerte ou suspendus, sorties dues et en retard, et le suivi des objectifs annuels. Pour commencer, enregistrez une affectation depuis la fiche d'un jeune.")
