"""Bilan annuel du partenariat renforcé with France Travail (convention ``001_…``)."""

from __future__ import annotations

from ...reports.model import KeyFigures, Section, Text
from . import cotraitance, offres
from .common import Ctx, no_data_text

TITLE = "Bilan annuel du partenariat renforcé"


def build(ctx: Ctx) -> tuple[list[Section], bool]:
    cot_sections, cf = cotraitance.sections(ctx)
    off_sections, of = offres.sections(ctx)
    figures = KeyFigures(cotraitance.key_figures(ctx, cf["flux"], cf["situation"])
                         + offres.key_figures(ctx, of["flux"], of["mer"]))
    if cotraitance.is_empty(cf) and offres.is_empty(of):
        return [Section("Aucune donnée", [Text(no_data_text(
            ctx, "aucune affectation en cotraitance, aucun dossier ouvert, aucune offre ni mise en "
                 "relation")), figures])], True
    intro = Text(
        f"Ce bilan présente l'activité de la Mission Locale dans le cadre du partenariat renforcé "
        f"avec {ctx.service_emploi} : la cotraitance du projet personnalisé d'accès à l'emploi "
        f"(PPAE) des jeunes demandeurs d'emploi (article 4 de la convention), les offres d'emploi "
        f"recueillies et les mises en relation (article 3). Chaque chiffre de la période "
        f"({ctx.period.label}) est rapproché de la même période de l'année précédente "
        f"({ctx.previous.label}).")
    return [Section("Synthèse", [intro, figures]), *cot_sections, *off_sections], False
