"""Bilan des partenariats entreprises (MEDEF ``000_…``, IMS ``003_…``): offers received, young
people presented, CVs transmitted with consent, events and participants."""

from __future__ import annotations

from ...reports.model import Figure, KeyFigure, KeyFigures, Link, Section, Series, Table, Text
from ..bilans_queries import partenariats as qp
from .common import Ctx, compare, no_data_text

TITLE = "Bilan des partenariats entreprises"
RESEAU_LABELS = {"medef": "MEDEF / réseau d'employeurs", "ims": "IMS — entreprises engagées",
                 "autre": "Autre"}
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
    figures = KeyFigures(key_figures(ctx, reseaux))
    if not (events or companies or any(f.value for f in figures.items)):
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
        Section("Événements", [evenements_table(ctx, events)] if events else
                [Text("Aucun événement enregistré dans la période.")]),
        Section("Entreprises partenaires", [entreprises_table(ctx, companies)] if companies else
                [Text("Aucune entreprise partenaire active dans la période.")]),
    ], False
