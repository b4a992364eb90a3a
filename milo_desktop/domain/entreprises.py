"""Employers ("module entreprise", convention ``001_…`` art. 3.3): identity checks and code lists.

Pure rules, no Qt and no SQL. Every refusal is a French sentence naming the field.
Code lists are tuples of ``(code, libellé)`` so the GUI can fill combo boxes and reports can
print labels without a table in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import phonenumbers
from stdnum import exceptions as stdnum_errors
from stdnum.fr import siret as stdnum_siret

from . import communes
from .errors import DomainError, Problems
from .limits import CONTACT as CONTACT_LIMITS, ENTREPRISE as ENTREPRISE_LIMITS, check_lengths
from .text import clean

CodeList = tuple[tuple[str, str], ...]

TRANCHES_EFFECTIF: CodeList = (
    ("0", "0 salarié"),
    ("1-9", "1 à 9 salariés"),
    ("10-49", "10 à 49 salariés"),
    ("50-249", "50 à 249 salariés"),
    ("250-999", "250 à 999 salariés"),
    ("1000+", "1 000 salariés et plus"),
)

RESEAUX: CodeList = (
    ("prospection_ml", "Prospection de la Mission Locale"),
    ("medef", "MEDEF / réseau d'employeurs"),
    ("ims", "Entreprise partenaire IMS"),
    ("agence_emploi", "Agence d'emploi"),
    ("france_travail", "France Travail"),
    ("autre", "Autre"),
)

# Overseas regions tried after metropolitan France: phonenumbers with region FR refuses
# 0692… (La Réunion) and the like, which are ordinary French numbers for our users.
_PHONE_REGIONS = ("FR", "RE", "GP", "MQ", "GF", "YT", "PM", "NC", "PF", "WF", "BL", "MF")
_NAF = re.compile(r"^([0-9]{2})\.?([0-9]{2})([A-Z])$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


# ---------------------------------------------------------------- code lists


def libelle(codes: CodeList, code: str | None) -> str:
    """Label of ``code`` in a code list; empty for None; the code itself when unknown."""
    if code is None:
        return ""
    return dict(codes).get(code, code)


def check_code(codes: CodeList, code: str | None, label: str, field: str) -> str | None:
    """``code`` if it belongs to the list (None stays None), else a French refusal."""
    code = clean(code)
    if code is None:
        return None
    if code not in dict(codes):
        allowed = ", ".join(c for c, _ in codes)
        raise DomainError(f"{label} « {code} » inconnu(e) : valeurs possibles {allowed}.", field)
    return code


# ---------------------------------------------------------------- SIRET / SIREN / NAF


def validate_siret(value: str) -> str:
    """14 digits with a valid check digit (Luhn; La Poste's rule included), spaces allowed.

    Returns the compact form ``"73282932000074"``.
    """
    raw = (value or "").strip()
    number = stdnum_siret.compact(raw)
    if not number:
        raise DomainError("SIRET : le numéro est vide.", "siret")
    if not number.isdigit():
        raise DomainError(f"SIRET « {raw} » : seuls des chiffres sont attendus (14 chiffres).", "siret")
    if len(number) != 14:
        raise DomainError(
            f"SIRET « {raw} » : 14 chiffres attendus, {len(number)} saisi(s).", "siret"
        )
    try:
        return stdnum_siret.validate(number)
    except stdnum_errors.ValidationError:
        raise DomainError(
            f"SIRET « {raw} » : numéro invalide (clé de contrôle incorrecte), vérifiez la saisie.",
            "siret",
        ) from None


def siren_of(siret: str) -> str:
    """The 9-digit SIREN (the company) of a valid SIRET (one of its establishments)."""
    return validate_siret(siret)[:9]


def format_siret(siret: str) -> str:
    """``"732 829 320 00074"`` for display."""
    return stdnum_siret.format(validate_siret(siret))


def validate_naf(value: str) -> str:
    """NAF rév. 2 code (APE), ``"6201Z"``, ``"62.01z"`` or ``"62 01 Z"`` -> ``"62.01Z"``."""
    raw = (value or "").strip()
    m = _NAF.match(re.sub(r"\s+", "", raw).upper())
    if not m:
        raise DomainError(
            f"Code NAF « {raw} » : format attendu 2 chiffres, un point, 2 chiffres et une lettre "
            "(ex. 62.01Z).",
            "naf",
        )
    return f"{m.group(1)}.{m.group(2)}{m.group(3)}"


# ---------------------------------------------------------------- address / contact


def validate_code_postal(value: str, field: str = "code_postal") -> str:
    """A postcode of the official list (``domain.communes``): ``"31000"``, ``"97400"``."""
    raw = (value or "").strip()
    if " " in raw:
        raise DomainError(f"Code postal « {raw} » : 5 chiffres attendus (ex. 31000).", field)
    return communes.validate_code_postal(raw, field, "31000") or raw


def normalize_telephone(value: str, field: str = "telephone") -> str:
    """A valid phone number stored in E.164 (``+33612345678``, ``+262692123456``).

    National numbers are read as metropolitan France, then the overseas regions; numbers
    written with ``+`` or ``00`` as international. Same storage as the young people's numbers.
    """
    raw = (value or "").strip()
    text = "+" + raw[2:] if raw.startswith("00") else raw
    regions = (None,) if text.startswith("+") else _PHONE_REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            break
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise DomainError(
        f"Téléphone « {raw} » : numéro non valide (ex. 06 12 34 56 78 ou +33 6 12 34 56 78).", field
    )


def format_telephone(e164: str | None) -> str:
    """Display form: national for France and overseas (``06 12 34 56 78``), else international."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    french = phonenumbers.region_code_for_number(number) in _PHONE_REGIONS
    fmt = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, fmt.NATIONAL if french else fmt.INTERNATIONAL)


def validate_email(value: str, field: str = "email") -> str:
    """A plausible e-mail address (one ``@``, a dot in the domain), lower-cased domain."""
    raw = (value or "").strip()
    if not _EMAIL.match(raw):
        raise DomainError(f"E-mail « {raw} » : adresse non valide (ex. nom@entreprise.fr).", field)
    local, domain = raw.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class EntrepriseInput:
    """What the adviser types for an employer; ``validate_entreprise`` returns a cleaned copy."""

    raison_sociale: str | None = None
    siret: str | None = None
    naf: str | None = None
    effectif: str | None = None
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    reseau: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ContactInput:
    """A person to call at the employer."""

    nom: str | None = None
    fonction: str | None = None
    telephone: str | None = None
    email: str | None = None


def _optional(problems: Problems, name: str, func, value):
    """Apply ``func`` to a non-empty value; empty gives None; a refusal is recorded."""
    value = clean(value)
    return None if value is None else problems.check(name, func, value)


def validate_entreprise(data: EntrepriseInput) -> EntrepriseInput:
    """All problems at once (one ValidationError), else a cleaned, normalised copy."""
    p = Problems()
    raison = clean(data.raison_sociale)
    if raison is None:
        p.add("raison_sociale", "Raison sociale : champ obligatoire.")
    result = replace(
        data,
        raison_sociale=raison,
        siret=_optional(p, "siret", validate_siret, data.siret),
        naf=_optional(p, "naf", validate_naf, data.naf),
        effectif=p.check("effectif", check_code, TRANCHES_EFFECTIF, data.effectif,
                         "Tranche d'effectif", "effectif"),
        adresse=clean(data.adresse),
        code_postal=_optional(p, "code_postal", validate_code_postal, data.code_postal),
        commune=clean(data.commune),
        reseau=p.check("reseau", check_code, RESEAUX, data.reseau, "Réseau", "reseau"),
        notes=clean(data.notes),
    )
    check_lengths(p, result.__dict__, ENTREPRISE_LIMITS)
    p.raise_if_any()
    return result


def validate_contact(data: ContactInput) -> ContactInput:
    """A contact needs a name and at least one way to reach them (téléphone or e-mail)."""
    p = Problems()
    nom = clean(data.nom)
    if nom is None:
        p.add("nom", "Nom du contact : champ obligatoire.")
    telephone = _optional(p, "telephone", normalize_telephone, data.telephone)
    email = _optional(p, "email", validate_email, data.email)
    if clean(data.telephone) is None and clean(data.email) is None:
        p.add("telephone", "Contact : indiquez au moins un téléphone ou un e-mail.")
    check_lengths(p, {"nom": nom, "fonction": clean(data.fonction)}, CONTACT_LIMITS)
    p.raise_if_any()
    return ContactInput(nom=nom, fonction=clean(data.fonction), telephone=telephone, email=email)
