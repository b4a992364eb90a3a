"""Employer partnerships (MEDEF, IMS): events with young people, CVs sent with consent."""

from __future__ import annotations

from datetime import date

from . import pools
from .context import Gen
from .offres import pick_jeune

_JEUNES = {"forum": (20, 60), "job_training": (5, 15), "info_collective": (8, 25), "visite": (4, 12),
           "parrainage": (5, 15)}
_ENTREPRISES = {"forum": (10, 40), "info_collective": (3, 12)}


def evenements(g: Gen, per_year: int) -> None:
    """``per_year`` partner events in each of the three years (up to today)."""
    rng = g.rng
    by_reseau: dict[str, list[dict]] = {}
    for ent in g.entreprises:
        by_reseau.setdefault(ent["reseau"], []).append(ent)
    for year in range(g.today.year - 2, g.today.year + 1):
        first = date(year, 1, 1).toordinal()
        last = min(g.t, date(year, 12, 31).toordinal())
        for i in range(per_year):
            reseau, type_, titre = pools.EVENEMENTS_PARTENAIRES[
                i % len(pools.EVENEMENTS_PARTENAIRES) if i < len(pools.EVENEMENTS_PARTENAIRES)
                else int(rng.random() * len(pools.EVENEMENTS_PARTENAIRES))]
            entreprise = None
            if type_ in ("visite", "job_training"):
                pool = by_reseau.get(reseau) or g.entreprises
                entreprise = pool[int(rng.random() * len(pool))]
                titre = f"{titre} – {entreprise['nom']}"
            else:
                titre = f"{titre} {year}"
            low, high = _JEUNES[type_]
            low_e, high_e = _ENTREPRISES.get(type_, (1, 1 if entreprise else 5))
            g.add("evenement_partenaire", {
                "id": g.uid(), "reseau": reseau, "type": type_, "titre": titre,
                "date": g.iso(g.between(first, last)),
                "entreprise_id": entreprise["id"] if entreprise else None,
                "nb_jeunes": low + int(rng.random() * (high - low + 1)),
                "nb_entreprises": low_e + int(rng.random() * (high_e - low_e + 1)),
            })


def transmissions_cv(g: Gen, n: int, offres_par_entreprise: dict[str, list[str]]) -> None:
    """``n`` CVs sent to partner companies, each after the young person's recorded consent."""
    rng = g.rng
    partners = [e for e in g.entreprises if e["reseau"] in ("ims", "medef")] or g.entreprises
    for _ in range(n):
        entreprise = partners[int(rng.random() * len(partners))]
        when = g.between(g.start, g.t)
        k = pick_jeune(g, when)
        if k is None:
            continue
        offres = offres_par_entreprise.get(entreprise["id"], [])
        consent = max(g.jeunes.entree[k], when - int(rng.random() * 21))
        g.add("transmission_cv", {
            "id": g.uid(), "jeune_id": g.jeunes.ids[k], "entreprise_id": entreprise["id"],
            "offre_id": offres[int(rng.random() * len(offres))] if offres and rng.random() < 0.6 else None,
            "date": g.iso(when), "date_consentement": g.iso(consent),
        })


# Each network's annual action plan (convention 000_…): the same objectives every year, scaled
# to the events the demo makes; no random draw, so the rest of a seed's data is unchanged.
PLANS = (
    ("medef", "operationnel", "Organiser les petits-déjeuners et visites d'entreprises", "evenements", 1),
    ("medef", "resultat", "Offres recueillies auprès des entreprises du réseau", "offres", 40),
    ("medef", "resultat", "Jeunes présentés sur ces offres", "jeunes_presentes", 25),
    ("ims", "operationnel", "Forums Emploi & Diversité et job trainings", "evenements", 1),
    ("ims", "resultat", "CV transmis avec le consentement du jeune", "cv_transmis", 2),
    ("ims", "resultat", "Entreprises signataires de la charte de la diversité", "autre", 0),
)


def plans_action(g: Gen, per_year: int) -> None:
    """Three years of action-plan objectives for MEDEF and IMS."""
    for year in range(g.today.year - 2, g.today.year + 1):
        for reseau, nature, libelle, indicateur, scale in PLANS:
            cible = max(2, per_year // 2) * scale if scale else 6
            g.add("objectif_partenariat", {
                "id": g.uid(), "annee": year, "reseau": reseau, "nature": nature, "libelle": libelle,
                "indicateur": indicateur, "cible": cible,
                "realise": (4 if year < g.today.year else 2) if indicateur == "autre" else None,
            })
