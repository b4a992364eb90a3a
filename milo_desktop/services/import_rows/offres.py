"""Import of job offers: one row -> ``validate_offre`` -> Core rows for ``offre`` (statut
« recueillie », délégation per ``domain.offres.delegation``), ``offre_historique`` and, for an
employer not yet in the store but named in the file, ``entreprise``.

An offer is already in the store when ``domain.offres.duplicate_key`` (folded intitulé,
employer, date de recueil) matches. Empty nature du contrat means E1, empty date de recueil
the day of the import, empty nombre de postes 1, empty temps plein oui, empty MRS and plan
d'action partagé non. An offer without employer (neither SIRET nor raison sociale) is refused.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from ...domain import offres as dom
from ...domain.entreprises import EntrepriseInput
from ...domain.errors import DomainError, Problems, ValidationError
from ...domain.rome import load_referentiel
from ...domain.text import fold
from ...exchange.headers import parse_bool_fr, parse_int_fr
from ...persistence.models import Entreprise, Offre, OffreHistorique
from ...persistence.models.base import utcnow
from . import entreprises as ent
from .common import (
    Directory, Outcome, Plan, Prepared, Ticker, chunks, given, in_chunks, insert_rows, resolve_code,
    signature, stamps, update_given,
)

KIND = "offres"
NOUN = "offre"
TEXTS = ("intitule", "description", "code_rome", "commune", "code_postal", "salaire",
         "date_debut", "date_fin",
         "contact_nom", "contact_telephone", "contact_email")
DEFAULTS = {"nature_contrat": "E1", "temps_plein": True, "nb_postes": 1, "mrs": False}
UPDATED = ("intitule", "intitule_fold", "code_rome", "libelle_rome", "type_contrat",
           "nature_contrat", "duree_mois", "temps_plein", "heures_hebdo", "commune",
           "code_postal", "salaire", "qualification", "experience", "nb_postes", "mrs", "source",
           "date_fin", "description", "date_debut", "contact_nom", "contact_telephone", "contact_email", "delegation",
           "motif_delegation")
TYPE_ALIASES = {"interim": "MIS", "mission d'interim": "MIS", "saisonnier": "SAI",
                "cdi interimaire": "DIN"}
NATURE_ALIASES = {"apprentissage": "E2", "alternance apprentissage": "E2",
                  "professionnalisation": "FS", "pec": "FT", "cui cae": "FT", "cae": "FT",
                  "cui cie": "FU", "cie": "FU", "iae": "I1", "afpr": "FA", "poe": "FV"}
SOURCE_ALIASES = {"prospection": "prospection_ml", "mrs": "plateforme_vocation",
                  "interim": "agence_emploi", "agence d'interim": "agence_emploi"}
EXPERIENCE_ALIASES = {"debutant": "D", "souhaitee": "S", "exigee": "E"}
NEW = "nouvelle"
NO_EMPLOYER = ("Employeur absent : indiquez la raison sociale (colonne « Entreprise ») ou le "
               "SIRET de l'entreprise qui propose l'offre ; une offre est toujours rattachée "
               "à son employeur (module entreprise).")


@dataclass(frozen=True)
class Lookups:
    directory: Directory
    rome: dict[str, str]


@dataclass(frozen=True)
class Employer:
    """The employer named by a row: its SIRET and/or raison sociale, and what to create."""

    siret: str | None
    raison_fold: str
    create: EntrepriseInput | None


@dataclass(frozen=True)
class Extra:
    employer: Employer | None
    defaulted: frozenset[str]


@dataclass(frozen=True)
class Existing:
    offers: dict[str, uuid.UUID]  # domain duplicate key -> id
    by_title: dict[tuple[str, str], Any]  # (intitulé, employer) -> id or AMBIGUOUS
    employers: ent.Existing
    by_raison: dict[str, list[tuple[uuid.UUID, str | None]]]


def lookups(directory: Directory) -> Lookups:
    return Lookups(directory, load_referentiel())


def existing(session, rows: Sequence[Prepared]) -> Existing:
    """The stored offers with one of the rows' intitulés, and the stored employers with one of
    their SIRETs or raisons sociales: SQL by chunks of keys, never every stored key."""
    offers, by_title = {}, {}
    titles = sorted({r.record["intitule_fold"] for r in rows})
    found = in_chunks(session, lambda part: select(Offre.id, Offre.intitule_fold,
                                                   Offre.entreprise_id, Offre.date_recueil)
                      .where(Offre.intitule_fold.in_(part)), titles)
    for id_, intitule, entreprise_id, recueil in found:
        offers[dom.duplicate_key(intitule, str(entreprise_id or ""), recueil)] = id_
        title = (intitule, str(entreprise_id or ""))
        by_title[title] = ent.AMBIGUOUS if title in by_title else id_
    named = [r.extra.employer for r in rows if r.extra.employer is not None]
    employers = ent.stored(session, {e.siret for e in named if e.siret},
                           {e.raison_fold for e in named if e.raison_fold})
    by_raison = defaultdict(list)
    for id_, siret, raison, _cp in employers.rows:
        by_raison[raison].append((id_, siret))
    return Existing(offers, by_title, employers, dict(by_raison))


# --- one row --------------------------------------------------------------------------------

def prepare(values: dict[str, str], line: int, lk: Lookups) -> Prepared:
    p = Problems()
    data, defaulted = _input(values, lk.directory.today, p)
    employer = _employer(values, p)
    plan_action = p.check("plan_action", parse_bool_fr, given(values, "plan_action"),
                          "plan d'action partagé")
    checked = _validated(data, lk.rome, lk.directory.today, p)
    p.raise_if_any()
    record = _record(checked, lk, bool(plan_action))
    keys = (("intitule", record["intitule_fold"], (employer.siret or employer.raison_fold)
             if employer else "", checked.date_recueil),)
    label = f"{checked.intitule} ({checked.date_recueil:%d/%m/%Y})"
    return Prepared(line, label, keys, record, signature(values), Extra(employer, defaulted))


def _input(values: dict[str, str], today, p: Problems) -> tuple[dom.OffreInput, frozenset[str]]:
    fields: dict[str, Any] = {name: given(values, name) for name in TEXTS}
    fields.update(
        type_contrat=p.check("type_contrat", resolve_code, dom.TYPES_CONTRAT,
                             given(values, "type_contrat"), "Type de contrat", "type_contrat",
                             TYPE_ALIASES),
        nature_contrat=p.check("nature_contrat", resolve_code, dom.NATURES_CONTRAT,
                               given(values, "nature_contrat"), "Nature du contrat",
                               "nature_contrat", NATURE_ALIASES),
        experience=p.check("experience", resolve_code, dom.EXPERIENCES,
                           given(values, "experience"), "Expérience", "experience",
                           EXPERIENCE_ALIASES),
        source=p.check("source", resolve_code, dom.SOURCES, given(values, "source"),
                       "Source de l'offre", "source", SOURCE_ALIASES),
        duree_mois=p.check("duree_mois", parse_int_fr, given(values, "duree_mois"), "durée (mois)"),
        nb_postes=p.check("nb_postes", parse_int_fr, given(values, "nb_postes"), "nombre de postes"),
        qualification=p.check("qualification", parse_int_fr, given(values, "qualification"),
                              "qualification"),
        temps_plein=p.check("temps_plein", temps_plein, given(values, "temps_plein")),
        mrs=p.check("mrs", parse_bool_fr, given(values, "mrs"), "MRS"),
        heures_hebdo=given(values, "heures_hebdo"),
        date_recueil=given(values, "date_recueil"),
    )
    if fields["qualification"] is not None:
        fields["qualification"] = str(fields["qualification"])
    defaulted = {name for name in DEFAULTS if fields[name] is None and name not in p.items}
    fields.update({name: DEFAULTS[name] for name in defaulted})
    if fields["date_recueil"] is None:
        fields["date_recueil"], defaulted = today, defaulted | {"date_recueil"}
    return dom.OffreInput(**{k: v for k, v in fields.items() if k not in p.items}), frozenset(defaulted)


def temps_plein(text: str | None) -> bool | None:
    """oui/non, or « temps plein » / « temps complet » / « temps partiel » (as exported)."""
    key = fold(text)
    if key in ("temps plein", "temps complet", "plein", "complet"):
        return True
    if key in ("temps partiel", "partiel"):
        return False
    return parse_bool_fr(text, "temps plein")


def _validated(data: dom.OffreInput, rome: dict[str, str], today, p: Problems):
    try:
        return dom.validate_offre(data, rome.get, today)
    except ValidationError as err:
        for name, message in err.problems.items():
            p.add(name, message)
        return None


def _employer(values: dict[str, str], p: Problems) -> Employer | None:
    siret, raison = given(values, "siret"), given(values, "entreprise")
    if siret is None and raison is None:
        p.add("entreprise", NO_EMPLOYER)
        return None
    sub = Problems()
    checked = ent.validated(EntrepriseInput(raison_sociale=raison or "?", siret=siret), sub,
                            {"raison_sociale": "entreprise"})
    for name, message in sub.items.items():
        p.add(name, message)
    if checked is None:
        return None
    return Employer(checked.siret, fold(raison), checked if raison else None)


def _record(data: dom.OffreInput, lk: Lookups, plan_action: bool = False) -> dict[str, Any]:
    delegue, motif = dom.delegation(data.nature_contrat, data.mrs, plan_action)
    return {
        "intitule": data.intitule, "intitule_fold": fold(data.intitule),
        "code_rome": data.code_rome, "libelle_rome": lk.rome.get(data.code_rome),
        "type_contrat": data.type_contrat, "nature_contrat": data.nature_contrat,
        "duree_mois": int(data.duree_mois) if data.duree_mois is not None else None,
        "temps_plein": data.temps_plein,
        "heures_hebdo": Decimal(str(data.heures_hebdo)) if data.heures_hebdo is not None else None,
        "commune": data.commune, "code_postal": data.code_postal, "salaire": data.salaire,
        "qualification": int(data.qualification) if data.qualification else None,
        "experience": data.experience, "nb_postes": data.nb_postes, "mrs": data.mrs,
        "source": data.source, "date_recueil": data.date_recueil, "date_fin": data.date_fin,
        "description": data.description, "date_debut": data.date_debut,
        "contact_nom": data.contact_nom, "contact_telephone": data.contact_telephone,
        "contact_email": data.contact_email, "delegation": delegue, "motif_delegation": motif,
    }


# --- the employer and the stored offer ------------------------------------------------------

def employer_id(employer: Employer | None, known: Existing) -> uuid.UUID | str | None:
    """The stored employer's id, ``NEW`` when the row names one to create, or None."""
    if employer is None:
        return None
    found = ent.find(known.employers, employer.siret, employer.raison_fold, None) \
        if employer.siret else None
    if found is not None:
        return found
    if not employer.raison_fold:
        raise DomainError(f"SIRET {employer.siret} : aucune entreprise de la base n'a ce SIRET ; "
                          "ajoutez la colonne « Entreprise » (raison sociale) ou importez "
                          "d'abord l'entreprise.", "siret")
    named = [(id_, s) for id_, s in known.by_raison.get(employer.raison_fold, ())
             if not employer.siret or not s or s == employer.siret]
    if len(named) > 1:
        raise DomainError("Plusieurs entreprises de la base portent cette raison sociale : "
                          "indiquez le SIRET.", "entreprise")
    return named[0][0] if named else NEW


def _employer_ref(employer: Employer | None, found) -> str:
    if found is NEW:
        return employer.siret or f"{NEW}:{employer.raison_fold}"
    return str(found or "")


def match(row: Prepared, known: Existing) -> uuid.UUID | None:
    """The stored offer with the same intitulé, employer and date de recueil; for a row whose
    date de recueil was empty (today by default), the only one with that intitulé and employer."""
    found = employer_id(row.extra.employer, known)
    ref = _employer_ref(row.extra.employer, found)
    if "date_recueil" in row.extra.defaulted:
        same = known.by_title.get((row.record["intitule_fold"], ref))
        if same is ent.AMBIGUOUS:
            raise DomainError("Plusieurs offres de la base ont cet intitulé et cet employeur : "
                              "indiquez la date de recueil.", "date_recueil")
        if same is not None:
            return same
    return known.offers.get(dom.duplicate_key(row.record["intitule_fold"], ref,
                                              row.record["date_recueil"]))


# --- writing --------------------------------------------------------------------------------

def write(session, ctx, plan: Plan, ticker: Ticker) -> Outcome:
    outcome = Outcome()
    now = utcnow()
    base = stamps(plan.author, now)
    created: dict[str, uuid.UUID] = {}
    for part in chunks(plan.new):
        offers, history, employers = [], [], []
        for row in part:
            id_ = uuid.uuid4()
            owner = _owner(row.extra.employer, plan.known, created, employers, base)
            offers.append({**base, **row.record, "id": id_, "entreprise_id": owner,
                           "statut": dom.RECUEILLIE, "date_statut": row.record["date_recueil"],
                           "numero_ft": None,
                           "date_saisie_ft": None, "saisie_par": None, "plateforme_id": None,
                           "site_id": ctx.site_id})
            history.append({"id": uuid.uuid4(), "offre_id": id_, "date": row.record["date_recueil"],
                            "statut": dom.RECUEILLIE, "auteur": plan.author, "created_at": now,
                            "commentaire": f"Import du fichier « {plan.source} »"})
        insert_rows(session, Entreprise.__table__, employers)
        insert_rows(session, Offre.__table__, offers)
        insert_rows(session, OffreHistorique.__table__, history)
        outcome.count("entreprises créées", len(employers))
        ticker.step(len(part))
    if plan.mode == "update":
        for part in chunks(plan.updates):
            update_given(session, Offre.__table__, UPDATED,
                         [(id_, _for_update(row)) for id_, row in part], plan.author)
            ticker.step(len(part))
    return outcome


def _owner(employer: Employer | None, known: Existing, created: dict, employers: list,
           base: dict) -> uuid.UUID | None:
    found = employer_id(employer, known)
    if found is not NEW:
        return found
    key = _employer_ref(employer, found)
    if key not in created:
        created[key] = uuid.uuid4()
        data = employer.create
        employers.append({**base, **{f: getattr(data, f) for f in ent.FIELDS},
                          "raison_fold": fold(data.raison_sociale), "id": created[key],
                          "notes": None})
    return created[key]


def _for_update(row: Prepared) -> dict[str, Any]:
    """Defaults stand for an empty cell: they never overwrite what the store has."""
    record = {k: (None if k in row.extra.defaulted else v) for k, v in row.record.items()}
    if {"nature_contrat", "mrs"} & row.extra.defaulted:
        record["delegation"] = record["motif_delegation"] = None
    return record
