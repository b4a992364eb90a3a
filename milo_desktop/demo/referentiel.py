"""The fictional Mission Locale: organisation, sites, users, yearly objectives, a settings row."""

from __future__ import annotations

import json

from ..domain.communes import TERRITOIRE_KEY, referentiel
from . import pools
from .context import Gen


def generate(g: Gen, young: int) -> None:
    g.add("organisation", {"id": g.uid(), **pools.ORGANISATION})
    for nom, type_, adresse, cp, commune in pools.SITES:
        g.sites.append(g.add("site", {"id": g.uid(), "nom": nom, "type": type_, "adresse": adresse,
                                      "code_postal": cp, "commune": commune, "actif": 1}))
    _users(g)
    _objectifs(g)
    g.add("parametre", {"cle": TERRITOIRE_KEY, "valeur": json.dumps(territoire())})
    g.add("parametre", {"cle": "demo", "valeur": json.dumps(
        {"graine": g.seed, "jeunes": young, "date_reference": g.today.isoformat()})})


def territoire() -> list[str]:
    """The INSEE codes of every commune of the demo's departments (official list)."""
    return sorted(c.code_insee for c in referentiel().all_communes()
                  if c.departement in pools.TERRITOIRE_DEPARTEMENTS)


def _users(g: Gen) -> None:
    emails: set[str] = set()
    for role, site_index in pools.UTILISATEURS:
        sexe, prenom, nom = g.person()
        local = f"{pools.slug(prenom)}.{pools.slug(nom)}"
        email, n = f"{local}@{pools.DOMAINE_ML}", 1
        while email in emails:
            n += 1
            email = f"{local}{n}@{pools.DOMAINE_ML}"
        emails.add(email)
        user = g.add("utilisateur", {"id": g.uid(), "nom": nom, "prenom": prenom, "email": email,
                                     "role": role, "site_id": g.sites[site_index]["id"], "actif": 1})
        g.users_by_id[user["id"]] = user
        if role == "conseiller":
            g.conseillers.append(user)
        elif role == "agent_ft":
            g.agent_ft = user


def _objectifs(g: Gen) -> None:
    for annee in range(g.today.year - 2, g.today.year + 1):
        objectif = g.add("objectif_annee", {"id": g.uid(), "annee": annee,
                                            "total_regional": pools.OBJECTIF_TOTAL,
                                            "seuil_alerte_pct": float(pools.OBJECTIF_SEUIL)})
        for ordre, (nom, defm, cle) in enumerate(pools.OBJECTIF_LIGNES, start=1):
            g.add("objectif_ligne", {"id": g.uid(), "objectif_id": objectif["id"], "ordre": ordre,
                                     "mission_locale": nom, "defm": defm, "cle_activite": float(cle),
                                     "est_nous": int(ordre == 1)})

