"""Bilan des partenariats entreprises (MEDEF ``000_…``, IMS ``003_…``): offers received, young
people presented, CVs transmitted with consent, events and participants."""

from __future__ import annotations

from ...domain import partenariats as dom
from ...reports.model import Figure, KeyFigure, KeyFigures, Link, Section, Series, Table, Text
from ..bilans_queries import partenariats as qp
from .common import Ctx, compare, no_data_text

TITLE = "Bilan des partenariats entreprises"
RESEAU_LABELS = {"medef": "MEDEF / réseau d'employeurs", "ims": "IMS — entreprises engagées",
                 "autre": "Autre"}
NATURES_COURTES = {"operationnel": "Opérationnel", "resultat": "Résultat"}
TYPES_EVENEMENT = {"forum": "Forum", "job_training": "Job training", "info_collective": "Information collective",
                   "visite": "Visite d'entreprise", "parrainage": "Parrainage"}


def _reseaux(ctx: Ctx) -> dict[str, tuple[qp.Reseau, qp.Reseau]]:
    cur, prev = ctx.both(qp.reseaux)
    return {code: (cur[code], prev[code]) for code in qp.RESEAUX}


def key_figures(ctx: Ctx, reseaux: dict) -> list[KeyFigure]:
    def total(attr: str, index: int) -> int:
        return sum(getattr(pair[index], attr) for pair in reseaux.values())
    link = Link("offres", "entreprises", {"reseau": list(qp.RESEAUX)})
    return [KeyFigure(label, total(attr, 0), total(attr, 1), link=link, key=attr) for label, attr in (
        ("Offres reçues des réseaux", "offres"), ("Jeunes présentés", "jeunes_presentes"),
        ("CV transmis avec consentement", "cv_transmis"), ("Événements", "evenements"),
        ("Jeunes participants aux événements", "participants"))]


def reseau_table(ctx: Ctx, pair: tuple) -> Table:
    c, p = pair
    label = RESEAU_LABELS[c.code]
    return compare(ctx, f"Réseau {c.code.upper()}", [
        ("Offres reçues", c.offres, p.offres),
        ("Postes proposés", c.postes, p.postes),
        ("Jeunes présentés (mis en relation)", c.jeunes_presentes, p.jeunes_presentes),
        ("Mises en relation", c.mer, p.mer),
        ("Mises en relation positives (MER+)", c.mer_positives, p.mer_positives),
        ("CV transmis avec le consentement du jeune", c.cv_transmis, p.cv_transmis),
        ("Jeunes dont le CV a été transmis", c.jeunes_cv, p.jeunes_cv),
        ("Événements", c.evenements, p.evenements),
        ("Jeunes participants", c.participants, p.participants),
        ("Entreprises participantes", c.entreprises_evenements, p.entreprises_evenements),
    ], title=label)


def plan_table(ctx: Ctx, code: str, current: qp.Reseau, objectifs: list) -> Table | Text:
    """The network's annual action plan (convention ``000_…``): each objective beside the figure
    that measures it in the period (counted by the bilan, or typed for an « autre » indicator)."""
    year = ctx.period.start.year
    mine = [o for o in objectifs if o.reseau == code]
    if not mine:
        return Text(f"Aucun objectif du plan d'action {year} n'est saisi pour le réseau {code.upper()} "
                    "(Offres & entreprises › Partenariats › Plan d'action).", "petit")
    rows = []
    for o in mine:
        realise = o.realise_saisi if o.indicateur == "autre" else getattr(current, o.indicateur)
        taux = dom.taux_atteinte(o.cible, realise)
        rows.append([NATURES_COURTES.get(o.nature, o.nature),
                     o.libelle, dom.libelle(dom.INDICATEURS_PLAN, o.indicateur), o.cible, realise,
                     None if taux is None else round(taux, 1)])
    note = (f"Plan d'action {year} de la convention de partenariat : « objectifs opérationnels et "
            "objectifs de résultat traduits par des indicateurs ». Réalisé : compté dans la période du "
            "rapport ; pour un indicateur « autre », saisi par la Mission Locale.")
    if not ctx.whole_ml:
        note += " Les objectifs sont ceux de toute la Mission Locale ; le réalisé est celui du site."
    return Table(f"Plan d'action {code.upper()}", ["Nature", "Objectif", "Indicateur", "Cible", "Réalisé",
                                                  "Atteinte (%)"], rows,
                 ["text", "text", "text", "int", "int", "pct"],
                 title=f"Plan d'action {year} — {RESEAU_LABELS[code]} : objectifs et réalisé",
                 widths=[1.3, 3.6, 2.6, 0.9, 0.9, 1.1], note=note)


def reseaux_figure(reseaux: dict) -> Figure:
    cats = ["Offres", "Jeunes présentés", "CV transmis", "Participants"]
    attrs = ("offres", "jeunes_presentes", "cv_transmis", "participants")
    return Figure("Réseaux", "bar", "Activité par réseau", cats,
                  [Series(RESEAU_LABELS[code].split(" ")[0], [float(getattr(pair[0], a)) for a in attrs])
                   for code, pair in reseaux.items()])


def evenements_table(ctx: Ctx, events: list) -> Table:
    rows = [[e.date, RESEAU_LABELS.get(e.reseau, e.reseau).split(" ")[0], TYPES_EVENEMENT.get(e.type, e.type),
             e.titre, e.entreprise, e.jeunes, e.entreprises] for e in events]
    total = ["Total", "", "", f"{len(rows)} événements", "", sum(r[5] for r in rows), sum(r[6] for r in rows)]
    return Table("Événements", ["Date", "Réseau", "Type", "Intitulé", "Entreprise", "Jeunes", "Entreprises"],
                 rows, ["date", "text", "text", "text", "text", "int", "int"], total=total,
                 title="Événements et participants", widths=[1.4, 1.2, 1.6, 3.6, 2.4, 0.9, 1.1],
                 wrap=len(rows) < 60)


def entreprises_table(ctx: Ctx, companies: list) -> Table:
    rows = [[c.raison_sociale, c.reseau.upper(), c.offres, c.mer, c.mer_positives, c.cv] for c in companies]
    total = ["Total", "", *(sum(r[i] for r in rows) for i in (2, 3, 4, 5))]
    return Table("Entreprises partenaires", ["Entreprise", "Réseau", "Offres", "Jeunes présentés (MER)",
                                            "MER+", "CV transmis"], rows,
                 ["text", "text", "int", "int", "int", "int"], total=total,
                 title="Entreprises partenaires actives dans la période",
                 widths=[4.2, 1.0, 1.0, 1.6, 0.9, 1.2], wrap=False, annex=True)


def build(ctx: Ctx) -> tuple[list[Section], bool]:
    ctx.tick("Réseaux d'entreprises…")
    reseaux = _reseaux(ctx)
    ctx.tick("Événements et entreprises…")
    events, companies = qp.evenements(ctx.q, ctx.cur), qp.entreprises_partenaires(ctx.q, ctx.cur)
    objectifs = qp.objectifs_plan(ctx.q, ctx.period.start.year)
    figures = KeyFigures(key_figures(ctx, reseaux))
    if not (events or companies or objectifs or any(f.value for f in figures.items)):
        return [Section("Aucune donnée", [Text(no_data_text(
            ctx, "aucune offre reçue des réseaux MEDEF et IMS, aucune présentation de jeune, aucun CV "
                 "transmis, aucun événement")), figures])], True
    site_note = [] if ctx.whole_ml else [Text(
        "Les événements des réseaux ne sont rattachés à aucun site : ils sont comptés pour "
        "l'ensemble de la Mission Locale.", "petit")]
    return [
        Section("Synthèse", [Text(
            "Ce bilan rend compte des partenariats avec les réseaux d'employeurs (MEDEF) et les "
            "entreprises engagées pour la diversité (IMS) : offres reçues, jeunes présentés, CV "
            "transmis — toujours avec le consentement explicite du jeune — et participation des "
            f"jeunes aux événements ({ctx.period.label}, comparée à {ctx.previous.label})."),
            figures, *site_note]),
        Section("Activité par réseau", [*(reseau_table(ctx, pair) for pair in reseaux.values()),
                                        reseaux_figure(reseaux)]),
        Section("Plans d'action", [plan_table(ctx, code, pair[0], objectifs)
                                   for code, pair in reseaux.items()]),
        Section("Événements", [evenements_table(ctx, events)] if events else
                [Text("Aucun événement enregistré dans la période.")]),
        Section("Entreprises partenaires", [entreprises_table(ctx, companies)] if companies else
                [Text("Aucune entreprise partenaire active dans la période.")]),
    ], False
