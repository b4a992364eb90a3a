"""Tableau semestriel des délégations en mission d'intérim for the DREETS (``004_…`` art. 3.1):
by agency, young people, missions of the delegations overlapping the semester and the hours that
fall in it (``domain.interim.heures_dans_periode``, rule said in the notes)."""

from __future__ import annotations

from ...domain.interim import REGLE_HEURES, TYPES_CONTRAT_INTERIM
from ...reports.model import Figure, KeyFigure, KeyFigures, Link, Section, Series, Table, Text
from ..bilans_queries import mission_jeunes as qm
from .common import Ctx, no_data_text

TITLE = "Délégations en mission d'intérim — tableau semestriel"


def agences_table(ctx: Ctx, lines: list, distinct: int) -> Table:
    rows = [[l.agence, l.jeunes, l.missions, l.heures] for l in lines]
    total = ["Total", distinct, sum(r[2] for r in rows), sum(r[3] for r in rows)]
    return Table("Par agence", ["Agence d'emploi", "Jeunes", "Missions", "Heures"], rows,
                 ["text", "int", "int", "dec"], total=total, widths=[5.0, 1.3, 1.3, 1.5],
                 title=f"Délégations de jeunes suivis par la Mission Locale — {ctx.period.label}",
                 note="Délégations en cours pendant le semestre (commencées avant sa fin, terminées après "
                      "son début). Total des jeunes : jeunes distincts (un jeune passé par deux agences "
                      "compte une fois). " + REGLE_HEURES)


def key_figures(ctx: Ctx, cur: tuple, prev: tuple) -> KeyFigures:
    (lc, dc), (lp, dp) = cur, prev
    link = Link("mission_jeunes", "delegations", {"du": ctx.period.start, "au": ctx.period.end})
    return KeyFigures([
        KeyFigure("Jeunes délégués", dc, dp, link=link, key="jeunes"),
        KeyFigure("Missions", sum(l.missions for l in lc), sum(l.missions for l in lp), link=link, key="missions"),
        KeyFigure("Heures", sum(l.heures for l in lc), sum(l.heures for l in lp), kind="dec", key="heures"),
        KeyFigure("Agences d'emploi", len(lc), len(lp), key="agences"),
    ])


def types_table(ctx: Ctx, details: list) -> Table:
    rows = []
    for code, label in TYPES_CONTRAT_INTERIM:
        mine = [d for d in details if d.type_contrat == code]
        rows.append([label, len(mine), sum(d.heures_periode for d in mine)])
    return Table("Par type de contrat", ["Type de contrat", "Délégations", "Heures du semestre"], rows,
                 ["text", "int", "dec"],
                 total=["Total", len(details), sum(d.heures_periode for d in details)],
                 title="Délégations par type de contrat", widths=[5.0, 1.5, 1.5], note=REGLE_HEURES)


def detail_table(ctx: Ctx, details: list) -> Table:
    types = {**dict(TYPES_CONTRAT_INTERIM), "mission": "Mission (CTT)"}
    rows = [[d.agence, d.entreprise, types.get(d.type_contrat, d.type_contrat), d.debut, d.fin, d.heures,
             d.heures_periode, d.sexe, d.tranche_age] for d in details]
    return Table("Délégations", ["Agence", "Entreprise utilisatrice", "Contrat", "Début", "Fin", "Heures",
                                 "Heures du semestre", "Sexe", "Âge"], rows,
                 ["text", "text", "text", "date", "date", "dec", "dec", "text", "text"],
                 title="Liste des délégations du semestre (sans données d'identité)",
                 widths=[2.4, 2.4, 1.8, 1.3, 1.3, 0.9, 1.1, 0.6, 0.8], wrap=False,
                 note="Heures : total de la délégation ; heures du semestre : sa part dans le semestre. "
                      + REGLE_HEURES, annex=True)


def build(ctx: Ctx) -> tuple[list[Section], bool]:
    ctx.tick("Délégations du semestre…")
    cur, prev = ctx.both(qm.semestre_par_agence)
    details = qm.semestre_delegations(ctx.q, ctx.cur)
    figures = key_figures(ctx, cur, prev)
    if not details:
        return [Section("Aucune donnée", [Text(no_data_text(
            ctx, "aucune délégation en mission d'intérim n'est en cours pendant la période")), figures])], True
    t = agences_table(ctx, *cur)
    chart = Figure("Missions par agence", "hbar", "Missions et jeunes par agence d'emploi",
                   [r[0] for r in t.rows], [Series("Missions", [float(r[2]) for r in t.rows]),
                                            Series("Jeunes", [float(r[1]) for r in t.rows])])
    return [
        Section("Tableau pour la DREETS", [Text(
            "Tableau des délégations en mission d'intérim des jeunes suivis par la Mission Locale, "
            "transmis deux fois par an aux services de l'État (article 3.1 de la convention). "
            f"Comparaison avec la même période de l'année précédente ({ctx.previous.label})."),
            figures, t, chart, types_table(ctx, details)]),
        Section("Détail des délégations", [detail_table(ctx, details)]),
    ], False
