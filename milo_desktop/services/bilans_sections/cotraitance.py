"""Cotraitance part of the Bilan du partenariat renforcé (and the dashboard's cotraitance
figures): flows, delays, monthly entries against the objective, situation, exits, profiles."""

from __future__ import annotations

from ...domain import cotraitance as cot
from ...domain.jeunes import NIVEAUX_FORMATION, SEXES, EVENEMENT_TYPES
from ...domain.objectifs import suivi_mensuel
from ...reports.pdfbase import fmt_pct
from ...reports.model import Figure, KeyFigure, Link, Section, Series, Table, Text
from ..bilans_queries import cotraitance as qc
from ..bilans_queries.objectifs import Objectifs, objectifs
from .common import Ctx, breakdown, breakdown_figure, compare, month_keys, month_name, names

MOIS_COURTS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
               "oct.", "nov.", "déc.")
AGES = (("16-17", "16-17 ans"), ("18-21", "18-21 ans"), ("22-25", "22-25 ans"))
OUI_NON = ((True, "Oui"), (False, "Non"))


def _link(ctx: Ctx, **payload) -> Link:
    base = {"du": ctx.period.start, "au": ctx.period.end, "site_id": ctx.cur.site_id}
    return Link("cotraitance", "liste", {**base, **payload})


def key_figures(ctx: Ctx, flux: tuple, situation: tuple) -> list[KeyFigure]:
    (f, fp), (s, sp) = flux, situation
    day = ctx.cur.situation.strftime("%d/%m/%Y")
    return [
        KeyFigure("Entrées en cotraitance", f.entrees, fp.entrees, link=_link(ctx, etape="entree"), key="entrees"),
        KeyFigure("Affectations reçues", f.affectations, fp.affectations, link=_link(ctx, etape="affectation"), key="affectations"),
        KeyFigure(f"En accompagnement au {day}", s.en_accompagnement, sp.en_accompagnement,
                  link=_link(ctx, phase=cot.PHASE_ACCOMPAGNEMENT), key="accompagnement"),
        KeyFigure("Sorties de cotraitance", f.sorties, fp.sorties, link=_link(ctx, etape="sortie"), key="sorties"),
    ]


def flux_table(ctx: Ctx, flux: tuple) -> Table:
    f, p = flux
    return compare(ctx, "Flux cotraitance", [
        ("Affectations reçues", f.affectations, p.affectations),
        ("Entrées (affectations non refusées)", f.entrees, p.entrees),
        ("Acceptations", f.acceptations, p.acceptations),
        ("Refus d'affectation", f.refus, p.refus),
        ("Initialisations du parcours", f.initialisations, p.initialisations),
        ("Sorties", f.sorties, p.sorties),
    ], title="Flux de la période", note="Chaque étape est comptée à sa date : une acceptation "
       "de janvier d'une affectation de décembre compte en janvier.")


def delais_table(ctx: Ctx, acc: tuple, ini: tuple) -> Table:
    rows = []
    for name, ref, (c, p) in (("affectation → acceptation", cot.DELAI_ACCEPTATION_REF, acc),
                              ("acceptation → initialisation", cot.DELAI_INITIALISATION_REF, ini)):
        rows += [(f"Délai {name} : nombre de dossiers", c.count, p.count),
                 (f"Délai {name} : moyen (jours)", c.mean, p.mean),
                 (f"Délai {name} : médian (jours)", c.median, p.median),
                 (f"Délai {name} : part en {ref} jours au plus (%)", c.within_pct, p.within_pct)]
    return compare(ctx, "Délais", rows, kind="dec", title="Délais de prise en charge",
                   note=f"Références : {cot.DELAI_ACCEPTATION_REF} jours pour accepter, "
                        f"{cot.DELAI_INITIALISATION_REF} jours pour initialiser le parcours.")


BUCKETS = ((0, 7, "0 à 7 j"), (8, 15, "8 à 15 j"), (16, 30, "16 à 30 j"), (31, None, "plus de 30 j"))


def delais_figure(acc, ini) -> Figure:
    return Figure("Délais", "bar", "Répartition des délais de prise en charge (dossiers)",
                  [b[2] for b in BUCKETS],
                  [Series("Affectation → acceptation", [float(acc.bucket(lo, hi)) for lo, hi, _ in BUCKETS]),
                   Series("Acceptation → initialisation", [float(ini.bucket(lo, hi)) for lo, hi, _ in BUCKETS])])


# --- monthly entries against the objective --------------------------------------------------

def _upto(ctx: Ctx) -> int:
    p = ctx.period
    return ctx.today.month if p.start <= ctx.today <= p.end else 12


def objective_for(ctx: Ctx) -> Objectifs | None:
    """The year's objectives when they apply: a whole calendar year, whole Mission Locale."""
    if not ctx.period.is_year or not ctx.whole_ml:
        return None
    return objectifs(ctx.q, ctx.period.start.year)


def suivi(ctx: Ctx, months: tuple[dict, dict], obj: Objectifs | None) -> Table:
    """Mois | entrées | cumul | objectif cumulé | écart | alerte | entrées N-1."""
    cur, prev = months
    keys = month_keys(ctx.period)
    if ctx.period.is_year:
        keys = keys[:_upto(ctx)]
    target = obj.notre_objectif if obj else None
    follow = {}
    if target is not None:
        year = ctx.period.start.year
        follow = {s.mois: s for s in suivi_mensuel(target, {m: cur.get((year, m), 0) for _, m in keys},
                                                     obj.seuil_alerte_pct, len(keys))}
    rows, cumul = [], 0
    with_year = len({y for y, _ in keys}) > 1
    for y, m in keys:
        count = cur.get((y, m), 0)
        cumul += count
        s = follow.get(m)
        rows.append([month_name(y, m, with_year), count, cumul,
                     float(s.objectif_cumule) if s else None,
                     float(s.ecart_pct) if s and s.ecart_pct is not None else None,
                     ("oui" if s.alerte else "non") if s else "",
                     prev.get((y - 1, m), 0)])
    total = ["Total", cumul, None, float(target * len(keys) / 12) if target is not None else None,
             None, "", sum(r[6] for r in rows)]
    return Table("Entrées par mois", ["Mois", f"Entrées {ctx.period.short}", "Cumul",
                                      "Objectif cumulé", "Écart (%)", "Alerte",
                                      f"Entrées {ctx.previous.short}"],
                 rows, ["text", "int", "int", "dec", "evol", "text", "int"], total=total,
                 title="Entrées mensuelles au regard de l'objectif", note=_suivi_note(ctx, obj),
                 widths=[2.2, 1.3, 1.1, 1.4, 1.1, 0.9, 1.3])


def _suivi_note(ctx: Ctx, obj: Objectifs | None) -> str:
    if not ctx.period.is_year:
        return "L'objectif annuel ne se compare qu'à une année civile complète."
    if not ctx.whole_ml:
        return "L'objectif est fixé pour l'ensemble de la Mission Locale : il n'est pas réparti par site."
    if obj is None or obj.notre_objectif is None:
        return (f"Aucun objectif n'est saisi pour {ctx.period.start.year} (Cotraitance › Objectifs) : "
                "seules les entrées sont données.")
    return (f"Objectif annuel de la Mission Locale : {obj.notre_objectif} entrées "
            f"(répartition de l'objectif régional de {obj.total_regional}) ; alerte quand le cumul "
            f"est en retard de plus de {_seuil(obj)} sur l'objectif au prorata des mois.")


def _seuil(obj: Objectifs) -> str:
    value = float(obj.seuil_alerte_pct)
    return fmt_pct(value, 0 if value.is_integer() else 1)


def suivi_figures(ctx: Ctx, table: Table) -> list[Figure]:
    """Monthly entries (both years) and cumulative entries against the prorated objective."""
    keys = month_keys(ctx.period)[:len(table.rows)]
    several_years = len({y for y, _ in keys}) > 1
    cats = [f"{MOIS_COURTS[m - 1]} {y % 100:02d}" if several_years else MOIS_COURTS[m - 1] for y, m in keys]
    monthly = Figure("Entrées mensuelles", "bar", "Entrées en cotraitance par mois",
                     cats, [Series(table.headers[1], [float(r[1]) for r in table.rows]),
                            Series(table.headers[6], [float(r[6]) for r in table.rows])])
    cumul = Figure("Cumul et objectif", "bar_line", "Entrées cumulées et objectif au prorata des mois",
                   cats, [Series("Entrées cumulées", [float(r[2]) for r in table.rows])])
    if any(r[3] is not None for r in table.rows):
        cumul.line = Series("Objectif cumulé", [float(r[3] or 0) for r in table.rows])
    return [monthly, cumul]


# --- situation, exits, profiles -------------------------------------------------------------

def situation_table(ctx: Ctx, situation: tuple) -> Table:
    s, p = situation
    etats = dict(cot.ETATS)
    table = compare(ctx, "Situation", [
        ("Affectés, en attente d'acceptation", s.en_attente, p.en_attente),
        ("Acceptés, parcours à initialiser", s.a_initialiser, p.a_initialiser),
        *((f"Phase 2 — {etats[e]}", s.par_etat.get(e, 0), p.par_etat.get(e, 0)) for e in etats),
        ("Total des dossiers ouverts", s.total, p.total),
    ], title=f"Dossiers ouverts au {ctx.cur.situation:%d/%m/%Y} (et au {ctx.prev.situation:%d/%m/%Y})")
    table.headers[1:3] = [f"{ctx.cur.situation:%d/%m/%Y}", f"{ctx.prev.situation:%d/%m/%Y}"]
    return table


def situation_figure(situation) -> Figure:
    etats = dict(cot.ETATS)
    return Figure("États", "pie", "Jeunes en accompagnement (phase 2) par état",
                  list(etats.values()), [Series("Jeunes", [float(situation.par_etat.get(e, 0)) for e in etats])])


def sorties_table(ctx: Ctx, sorties: tuple) -> Table:
    return breakdown(ctx, "Sorties par motif", f"Motif de sortie (décidé par {ctx.service_emploi})",
                     cot.MOTIFS_SORTIE, *sorties, title="Sorties par motif")


def profil_tables(ctx: Ctx, profils: tuple) -> list[Table]:
    cur, prev = profils
    totals = (cur.total, prev.total)
    users, sites = names(ctx.q, "utilisateur"), names(ctx.q, "site")
    axes = (("Sexe", "sexe", SEXES), ("Âge à l'entrée", "age", AGES),
            ("Niveau de formation", "niveau", NIVEAUX_FORMATION), ("Résidence en QPV", "qpv", OUI_NON),
            ("Résidence en ZRR", "zrr", OUI_NON))
    tables = [breakdown(ctx, f"Entrées - {label}", label, codes, cur.counts(axis), prev.counts(axis),
                        totals, title=f"Entrées par {label[0].lower() + label[1:]}")
              for label, axis, codes in axes]
    tables.append(breakdown(ctx, "Entrées - critère", "Critère d'affectation (art. 4.1)",
                            [(c, f"{c}. {t}") for c, t in cot.CRITERES], cur.counts("critere"),
                            prev.counts("critere"), totals, title="Entrées par critère d'affectation",
                            note="Un jeune peut relever de plusieurs critères : les lignes dépassent le total."))
    for label, axis, ids in (("Référent", "referent", users), ("Site", "site", sites)):
        tables.append(breakdown(ctx, f"Entrées - {label.lower()}", label, sorted(ids.items(), key=lambda kv: kv[1]),
                                cur.counts(axis), prev.counts(axis), totals, keep_empty=False,
                                title=f"Entrées par {label.lower()}",
                                note="Référent et site actuels du jeune." if axis == "referent" else None))
    return tables


def journal_table(ctx: Ctx, journals: tuple) -> Table:
    cur, prev = journals
    rows = [("Jeunes accompagnés (phase 2) pendant la période", cur.accompagnes, prev.accompagnes),
            ("dont avec au moins un entretien réalisé", cur.avec_entretien, prev.avec_entretien)]
    rows += [(f"Événements : {label}", cur.par_type.get(code, 0), prev.par_type.get(code, 0))
             for code, label in EVENEMENT_TYPES]
    rows.append(("Total des événements réalisés", cur.evenements, prev.evenements))
    return compare(ctx, "Accompagnement", rows, title="Activité d'accompagnement des jeunes en cotraitance",
                   note="Événements du journal dont le statut est « présent » (réalisés), datés dans la période.")


def sections(ctx: Ctx) -> tuple[list[Section], dict]:
    """The cotraitance sections, and the figures the summary needs."""
    ctx.tick("Cotraitance : flux et délais…")
    flux, acc, ini = ctx.both(qc.flux), ctx.both(qc.delai_acceptation), ctx.both(qc.delai_initialisation)
    ctx.tick("Cotraitance : entrées mensuelles…")
    months, obj = ctx.both(qc.entrees_par_mois), objective_for(ctx)
    ctx.tick("Cotraitance : situation et sorties…")
    situation, sorties = ctx.both(qc.situation), ctx.both(qc.sorties_par_motif)
    ctx.tick("Cotraitance : profil des jeunes entrés…")
    profils = ctx.both(qc.profil_entrees)
    ctx.tick("Cotraitance : journal d'accompagnement…")
    journals = ctx.both(qc.journal)
    monthly = suivi(ctx, months, obj)
    sorties_t = sorties_table(ctx, sorties)
    profil = profil_tables(ctx, profils)
    result = [
        Section("Flux et délais de la cotraitance", [flux_table(ctx, flux), delais_table(ctx, acc, ini),
                                                      delais_figure(acc[0], ini[0])]),
        Section("Entrées mensuelles et objectif", [monthly, *suivi_figures(ctx, monthly)]),
        Section("Situation des dossiers et sorties", [
            situation_table(ctx, situation), situation_figure(situation[0]), sorties_t,
            breakdown_figure(sorties_t, "Sorties", "Sorties par motif", "pie", both=False)]),
        Section("Profil des jeunes entrés en cotraitance", [
            Text("Les entrées sont les affectations de la période qui n'ont pas été refusées ; l'âge "
                 "est celui du jour de l'affectation."),
            *_with_charts(profil)]),
        Section("Accompagnement", [journal_table(ctx, journals)]),
    ]
    return result, {"flux": flux, "situation": situation, "journal": journals,
                    "future": ctx.period.start > ctx.today}


def _with_charts(tables: list[Table]) -> list:
    blocks: list = []
    for t in tables:
        blocks.append(t)
        if t.name == "Entrées - Âge à l'entrée":
            blocks.append(breakdown_figure(t, "Âges", "Entrées par tranche d'âge"))
        elif t.name == "Entrées - Niveau de formation":
            blocks.append(breakdown_figure(t, "Niveaux", "Entrées par niveau de formation", "hbar"))
    return blocks


def is_empty(figures: dict) -> bool:
    """No step dated in the period, and no open file then (a future period has none)."""
    f, _ = figures["flux"]
    s, _ = figures["situation"]
    open_files = s.total and not figures["future"]
    return not (f.affectations or f.acceptations or f.initialisations or f.sorties or f.refus or open_files)

