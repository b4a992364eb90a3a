"""Employer partnerships: MEDEF / réseaux d'employeurs (convention ``000_…``) and IMS – entreprises
partenaires (convention ``003_…``).

Pure rules, no Qt and no SQL:

- the code lists of partner events and networks (the codes the demo and the « Bilan des
  partenariats entreprises » use);
- an event's validation (forum Emploi & Diversité, job training, information collective commune,
  visite d'entreprise, parrainage…: title, date, young participants and companies);
- the **consent gate** on CV transmissions: a young person's CV goes to a company only with
  their explicit, dated consent, given before the transmission (``003_…``; domain guide §8).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from .dates import format_date, parse_date
from .errors import DomainError, Problems
from .text import clean

CodeList = tuple[tuple[str, str], ...]

TYPES_EVENEMENT: CodeList = (
    ("forum", "Forum (Emploi & Diversité, métiers…)"),
    ("job_training", "Job training day"),
    ("info_collective", "Information collective commune"),
    ("visite", "Visite d'entreprise"),
    ("parrainage", "Parrainage"),
    ("autre", "Autre"),
)

RESEAUX_PARTENAIRES: CodeList = (
    ("medef", "MEDEF / réseau d'employeurs"),
    ("ims", "IMS – entreprises partenaires"),
    ("autre", "Autre"),
)

# The two networks of the agreements; « autre » gathers every other partner.
RESEAUX_CONVENTION = ("medef", "ims")

MAX_PARTICIPANTS = 10_000
CONSENT_REQUIRED = ("Un CV ne peut être transmis qu'avec le consentement explicite du jeune : "
                    "indiquez la date de son accord.")


def libelle(codes: CodeList, code: str | None) -> str:
    """Label of ``code``; empty for None; the code itself when unknown."""
    if code is None:
        return ""
    return dict(codes).get(code, code)


def reseau_of_entreprise(reseau: str | None) -> str:
    """The partnership network a company counts in: medef, ims, or « autre » for any other."""
    return reseau if reseau in RESEAUX_CONVENTION else "autre"


# ---------------------------------------------------------------- events


@dataclass(frozen=True)
class EvenementInput:
    """What the adviser types for a partner event; ``validate_evenement`` returns a clean copy
    (``date`` a ``date``, counts ``int``)."""

    reseau: str | None = None
    type: str | None = None
    titre: str | None = None
    date: date | str | None = None
    nb_jeunes: int | str | None = 0
    nb_entreprises: int | str | None = 0
    entreprise_id: uuid.UUID | None = None


def _code(codes: CodeList, value: str | None, label: str, field: str) -> str:
    code = clean(value)
    if code is None:
        raise DomainError(f"{label} : champ obligatoire.", field)
    if code not in dict(codes):
        allowed = ", ".join(c for c, _ in codes)
        raise DomainError(f"{label} « {code} » inconnu : valeurs possibles {allowed}.", field)
    return code


def _count(value: int | str | None, label: str, field: str) -> int:
    """A whole number between 0 and MAX_PARTICIPANTS; empty counts as 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    try:
        number = int(str(value).strip().replace(" ", "").replace("\u202f", ""))
    except ValueError:
        raise DomainError(f"{label} « {value} » : nombre entier attendu.", field) from None
    if number < 0:
        raise DomainError(f"{label} : le nombre ne peut pas être négatif.", field)
    if number > MAX_PARTICIPANTS:
        raise DomainError(f"{label} : {number} paraît excessif, vérifiez la saisie.", field)
    return number


def _required_date(value, label: str, field: str) -> date:
    day = parse_date(value, label)
    if day is None:
        raise DomainError(f"{label.capitalize()} : champ obligatoire.", field)
    return day


def validate_evenement(data: EvenementInput) -> EvenementInput:
    """All problems at once (one ValidationError), else a cleaned copy. An event may be planned
    ahead: its date may be in the future."""
    p = Problems()
    titre = clean(data.titre)
    if titre is None:
        p.add("titre", "Titre : champ obligatoire (ex. « Forum Emploi & Diversité 2026 »).")
    elif len(titre) > 200:
        p.add("titre", f"Titre : 200 caractères au plus ({len(titre)} saisis).")
    result = replace(
        data,
        reseau=p.check("reseau", _code, RESEAUX_PARTENAIRES, data.reseau, "Réseau", "reseau"),
        type=p.check("type", _code, TYPES_EVENEMENT, data.type, "Type d'événement", "type"),
        titre=titre,
        date=p.check("date", _required_date, data.date, "date de l'événement", "date"),
        nb_jeunes=p.check("nb_jeunes", _count, data.nb_jeunes, "Jeunes participants", "nb_jeunes"),
        nb_entreprises=p.check("nb_entreprises", _count, data.nb_entreprises,
                               "Entreprises participantes", "nb_entreprises"),
    )
    p.raise_if_any()
    return result


# ---------------------------------------------------------------- CV transmissions


@dataclass(frozen=True)
class TransmissionInput:
    """A CV sent to a company: the day it is sent (default today) and the day the young person
    gave their explicit consent (required)."""

    date: date | str | None = None
    date_consentement: date | str | None = None


def validate_transmission(data: TransmissionInput, today: date) -> TransmissionInput:
    """The consent gate. Refused: no consent date, a consent or transmission in the future, a
    consent given after the transmission. Returns a copy with ``date`` objects."""
    p = Problems()
    sent = p.check("date", parse_date, data.date, "date de transmission")
    if sent is None and "date" not in p.items:
        sent = today
    consent = p.check("date_consentement", parse_date, data.date_consentement, "date du consentement")
    if consent is None and "date_consentement" not in p.items:
        p.add("date_consentement", CONSENT_REQUIRED)
    if sent is not None and sent > today:
        p.add("date", f"Date de transmission {format_date(sent)} : elle ne peut pas être future.")
    if consent is not None and consent > today:
        p.add("date_consentement",
              f"Date du consentement {format_date(consent)} : elle ne peut pas être future.")
    elif consent is not None and sent is not None and consent > sent:
        p.add("date_consentement", (
            f"Consentement du {format_date(consent)} postérieur à la transmission du "
            f"{format_date(sent)} : le CV ne peut être transmis qu'après l'accord explicite du jeune."))
    p.raise_if_any()
    return TransmissionInput(date=sent, date_consentement=consent)


def note_transmission(entreprise: str, date_consentement: date, offre: str | None = None) -> str:
    """The young person's journal line: « CV transmis à X (consentement du jj/mm/aaaa) »."""
    on_offer = f" pour l'offre « {offre} »" if offre else ""
    return (f"CV transmis à {entreprise}{on_offer} (consentement du "
            f"{format_date(date_consentement)})")[:500]


# ---------------------------------------------------------------- annual action plan

# Convention ``000_…``: « un plan d'action spécifique assorti d'objectifs opérationnels et
# d'objectifs de résultat traduits par des indicateurs ». One objective = one target for a year
# and a network, measured by one of the figures the bilan already counts, or by a figure the
# adviser records (« autre »).
NATURES_OBJECTIF: CodeList = (
    ("operationnel", "Objectif opérationnel"),
    ("resultat", "Objectif de résultat"),
)

# The indicator codes are the attributes of the bilan's per-network figures.
INDICATEURS_PLAN: CodeList = (
    ("evenements", "Événements organisés"),
    ("participants", "Jeunes participants aux événements"),
    ("entreprises_evenements", "Entreprises participantes aux événements"),
    ("offres", "Offres reçues"),
    ("postes", "Postes proposés"),
    ("jeunes_presentes", "Jeunes présentés (mis en relation)"),
    ("mer", "Mises en relation"),
    ("mer_positives", "Mises en relation positives (MER+)"),
    ("cv_transmis", "CV transmis avec consentement"),
    ("jeunes_cv", "Jeunes dont le CV a été transmis"),
    ("autre", "Autre indicateur (réalisé saisi)"),
)
MAX_CIBLE = 1_000_000


@dataclass(frozen=True)
class ObjectifPlanInput:
    """One objective of a network's annual action plan. ``realise`` is typed only for an
    « autre » indicator: the others are counted by the bilan."""

    annee: int | str | None = None
    reseau: str | None = None
    nature: str | None = None
    libelle: str | None = None
    indicateur: str | None = None
    cible: int | str | None = None
    realise: int | str | None = None


def _year_of(value) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(f"Année « {value or ''} » : une année sur quatre chiffres est attendue.",
                          "annee") from None
    if not 2000 <= year <= 2100:
        raise DomainError(f"Année « {year} » : entre 2000 et 2100.", "annee")
    return year


def _target(value, label: str, field: str, required: bool) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DomainError(f"{label} : champ obligatoire (un nombre entier).", field)
        return None
    try:
        number = int(str(value).strip().replace(" ", "").replace("\u202f", "").replace("\u00a0", ""))
    except ValueError:
        raise DomainError(f"{label} « {value} » : nombre entier attendu.", field) from None
    if not 0 <= number <= MAX_CIBLE:
        raise DomainError(f"{label} « {number} » : entre 0 et {MAX_CIBLE:,}.".replace(",", " "), field)
    return number


def validate_objectif_plan(data: ObjectifPlanInput) -> ObjectifPlanInput:
    """All problems at once (one ValidationError), else a cleaned copy. Only MEDEF and IMS have
    an action plan (the agreements); a figure typed as « réalisé » is for an « autre » indicator
    only (the others come from the records, never typed twice)."""
    p = Problems()
    libelle_ = clean(data.libelle)
    if libelle_ is None:
        p.add("libelle", "Objectif : champ obligatoire (ex. « 4 petits-déjeuners entreprises »).")
    elif len(libelle_) > 200:
        p.add("libelle", f"Objectif : 200 caractères au plus ({len(libelle_)} saisis).")
    reseau = p.check("reseau", _code, RESEAUX_PARTENAIRES, data.reseau, "Réseau", "reseau")
    if reseau is not None and reseau not in RESEAUX_CONVENTION:
        p.add("reseau", "Réseau : le plan d'action annuel est celui d'une convention (MEDEF ou IMS).")
    indicateur = p.check("indicateur", _code, INDICATEURS_PLAN, data.indicateur, "Indicateur", "indicateur")
    realise = p.check("realise", _target, data.realise, "Réalisé", "realise", False)
    if realise is not None and indicateur not in (None, "autre"):
        p.add("realise", "Réalisé : compté par MILO Desktop pour cet indicateur, ne le saisissez pas.")
    result = replace(
        data, annee=p.check("annee", _year_of, data.annee), reseau=reseau,
        nature=p.check("nature", _code, NATURES_OBJECTIF, data.nature, "Nature de l'objectif", "nature"),
        libelle=libelle_, indicateur=indicateur,
        cible=p.check("cible", _target, data.cible, "Cible", "cible", True), realise=realise)
    p.raise_if_any()
    return result


def taux_atteinte(cible: int | None, realise: int | None) -> float | None:
    """Realised in percent of the target (None without a target or a figure)."""
    if not cible or realise is None:
        return None
    return realise * 100 / cible
