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
