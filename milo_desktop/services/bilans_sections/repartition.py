"""Répartition des entrées en cotraitance: the annex table of the regional agreement
(``domain.objectifs.repartir``) and the monthly follow-up of our entries."""

from __future__ import annotations

from ...domain.objectifs import arrondi
from ...reports.model import Figure, KeyFigure, KeyFigures, Section, Series, Table, Text
from ..bilans_queries import cotraitance as qc
from ..bilans_queries.objectifs import Objectifs, objectifs
from . import cotraitance
from .common import Ctx, no_data_text

TITLE = "Répartition des entrées en cotraitance"


def table(obj: Objectifs) -> Table:
    rep = obj.repartition
    # Two decimals of the exact Decimal values, half up (as the annex): a float of 44.505 would print 44,50.
    rows = [[l.mission_locale + ("  (notre Mission Locale)" if l.mission_locale == obj.nous else ""),
             l.defm, _pct(l.part_defm), _pct(l.cle_activite), _pct(l.cle_repartition), l.objectif]
            for l in rep.lignes]
    total = ["Total", rep.total_defm, 100.0, _pct(rep.somme_cle_activite),
             _pct(rep.somme_cle_repartition), rep.total]
    note = ("Clé de répartition = (part des DEFM + clé activité/résultat) / 2 ; objectifs entiers "
            "répartis par la méthode des plus forts restes, dont la somme est l'objectif régional. "
            "Pourcentages du calcul exact arrondis à deux décimales.")
    if rep.avertissement:
        note += " Attention : " + rep.avertissement
    return Table(f"Répartition {obj.annee}", ["Mission Locale", "DEFM", "Part DEFM (%)",
                                              "Clé activité (%)", "Clé de répartition (%)", "Objectif"],
                 rows, ["text", "int", "pct2", "pct2", "pct2", "int"], total=total,
                 title=f"Répartition de l'objectif régional {obj.annee} ({obj.total_regional} entrées)",
                 widths=[4.0, 1.1, 1.3, 1.3, 1.6, 1.1], note=note)


def _pct(value) -> float:
    return float(arrondi(value))


def figure(t: Table) -> Figure:
    return Figure("Objectifs", "hbar", "Objectif d'entrées par Mission Locale",
                  [r[0].replace("  (notre Mission Locale)", " ★") for r in t.rows],
                  [Series("Objectif", [float(r[5]) for r in t.rows])])


def comparison(ctx: Ctx, cur: Objectifs, prev: Objectifs | None) -> KeyFigures:
    p_total = prev.total_regional if prev else None
    p_ours = prev.notre_objectif if prev else None
    return KeyFigures([KeyFigure("Objectif régional", cur.total_regional, p_total, key="regional"),
                       KeyFigure("Objectif de la Mission Locale", cur.notre_objectif, p_ours, key="objectif")])


def build(ctx: Ctx) -> tuple[list[Section], bool]:
    year = ctx.period.start.year
    ctx.tick("Objectifs de l'année…")
    cur, prev = objectifs(ctx.q, year), objectifs(ctx.q, year - 1)
    if cur is None or cur.repartition is None:
        return [Section("Aucune donnée", [Text(no_data_text(
            ctx, f"aucun objectif régional ni tableau de répartition n'est saisi pour {year} "
                 "(Cotraitance › Objectifs)"))])], True
    t = table(cur)
    blocks: list = [comparison(ctx, cur, prev), t, figure(t)]
    if cur.nous is None:
        blocks.insert(0, Text("Aucune ligne du tableau n'est marquée comme « notre Mission Locale » : "
                              "le suivi mensuel des entrées n'est pas comparé à un objectif."))
    ctx.tick("Entrées mensuelles…")
    months = ctx.both(qc.entrees_par_mois)
    suivi = cotraitance.suivi(ctx, months, cur if ctx.whole_ml else None)
    return [Section("Tableau de répartition", blocks),
            Section("Suivi mensuel des entrées", [suivi, *cotraitance.suivi_figures(ctx, suivi)[1:]])], False
