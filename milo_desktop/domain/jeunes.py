"""The young person's file (dossier jeune): code lists, field validators, whole-file validation.

Pure rules: every validator returns the normalised value or raises ``DomainError(message, field)``
with a French message naming the field. :func:`validate_jeune` collects all problems at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import phonenumbers

from . import communes
from .dates import age_on, birthday, format_date, parse_date
from .codes import check_code
from .errors import DomainError, Problems
from .text import check_length, clean, excerpt, fold

Codes = tuple[tuple[str, str], ...]

AGE_MIN = 16
AGE_MAX = 25  # « 16 à 25 ans révolus » : éligible jusqu'à la veille du 26e anniversaire
AGE_PLAUSIBLE_MAX = 100

SEXES: Codes = (("F", "Femme"), ("M", "Homme"))

NIVEAUX_FORMATION: Codes = (
    ("AFS", "Aucune formation scolaire"),
    ("CP4", "Primaire à 4e"),
    ("CFG", "4e achevée (CFG)"),
    ("C3A", "3e achevée (BEPC)"),
    ("C12", "2de ou 1re achevée"),
    ("NV5", "CAP, BEP"),
    ("NV4", "Bac"),
    ("NV3", "Bac+2"),
    ("NV2", "Bac+3/4"),
    ("NV1", "Bac+5 et plus"),
)

HEBERGEMENTS: Codes = (
    ("autonome", "Logement autonome"),
    ("parents", "Chez les parents"),
    ("famille_amis", "Chez de la famille ou des amis"),
    ("foyer_fjt", "Foyer, FJT"),
    ("chrs_urgence", "CHRS, hébergement d'urgence"),
    ("sans_domicile", "Sans domicile"),
    ("autre", "Autre"),
)

PROGRAMMES: Codes = (
    ("CEJ", "Contrat d'engagement jeune"),
    ("PACEA", "PACEA"),
    ("PPAE", "Cotraitance PPAE"),
    ("AUTRE", "Autre programme"),
)

EVENEMENT_TYPES: Codes = (
    ("entretien_individuel", "Entretien individuel"),
    ("entretien_telephonique", "Entretien téléphonique"),
    ("atelier", "Atelier / information collective"),
    ("visite_entreprise", "Visite d'entreprise"),
    ("mise_en_relation", "Mise en relation"),
    ("prescription", "Prescription"),
    ("email_sms", "E-mail / SMS"),
    ("delegation_interim", "Délégation intérim"),
    ("autre", "Autre"),
)

MODALITES: Codes = (("presentiel", "Présentiel"), ("telephone", "Téléphone"), ("visio", "Visio"))

STATUTS_RDV: Codes = (
    ("planifie", "Planifié"),
    ("present", "Présent"),
    ("absent", "Absent"),
    ("annule", "Annulé"),
    ("reporte", "Reporté"),
)

# Region tried after FR for numbers written nationally (0…): DOM then COM.
PHONE_REGIONS = ("FR", "RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF", "NC", "PF", "WF")

_IDENTIFIANT_FT = re.compile(r"^[0-9A-Z]{8}$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[A-Za-z0-9._%+\-']+@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,}}$")
_NAME = re.compile(r"^[^\W\d_]+(?:[ .'’\-]+[^\W\d_]+)*\.?$")
_NAME_PUNCTUATION = frozenset(" .'’-")  # « ¼ » or « ² » are not letters (\w accepts them)
NAME_MAX = 100  # characters of a name or first name (the column's size)
_NAME_WORD = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")
_IMILO = re.compile(r"^[0-9A-Za-z\-]{1,20}$")
_TRUE = {"1", "oui", "o", "vrai", "true", "yes", "x"}
_FALSE = {"0", "non", "n", "faux", "false", "no"}


# --- code lists -----------------------------------------------------------------------------

def label(codes: Codes, code: str | None) -> str:
    """The libellé of ``code``; an unknown code is shown as is, None as an empty string."""
    if not code:
        return ""
    return dict(codes).get(code, code)


# --- single fields --------------------------------------------------------------------------

def validate_identifiant_ft(value: str | None) -> str | None:
    """France Travail job-seeker id: 7 digits + 1 letter, or 8 letters/digits; upper-cased."""
    raw = clean(value)
    if raw is None:
        return None
    ident = _SPACES.sub("", raw).upper()
    if not _IDENTIFIANT_FT.match(ident):
        raise DomainError(
            f"Identifiant France Travail « {raw} » : 8 caractères attendus "
            "(7 chiffres et 1 lettre, ou 8 lettres et chiffres).", "identifiant_ft")
    return ident


def _parse_phone(raw: str) -> phonenumbers.PhoneNumber | None:
    """The first valid reading of ``raw``: international form, else FR then overseas regions."""
    regions = (None,) if raw.startswith(("+", "00")) else PHONE_REGIONS
    text = "+" + raw[2:] if raw.startswith("00") else raw
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
    return None


def validate_phone(value: str | None) -> str | None:
    """A valid phone number in E.164 (``+33612345678``, ``+262692123456``); empty gives None."""
    raw = clean(value)
    if raw is None:
        return None
    number = _parse_phone(raw)
    if number is None:
        raise DomainError(f"Téléphone « {raw} » : numéro invalide.", "telephone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str | None) -> str:
    """Display form: national for France and overseas (``06 12 34 56 78``), else international."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    region = phonenumbers.region_code_for_number(number)
    fmt = phonenumbers.PhoneNumberFormat
    style = fmt.NATIONAL if region in PHONE_REGIONS else fmt.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def validate_email(value: str | None) -> str | None:
    """A plausible e-mail address, lower-cased; empty gives None."""
    raw = clean(value)
    if raw is None:
        return None
    if len(raw) > 254 or ".." in raw or not _EMAIL.match(raw):
        raise DomainError(f"E-mail « {raw} » : adresse invalide (exemple : prenom.nom@exemple.fr).", "email")
    return raw.lower()


def validate_code_postal(value: str | None) -> str | None:
    """A postcode of the official list (``domain.communes``): 5 digits that a commune has."""
    return communes.validate_code_postal(value)


def validate_naissance(value: date | str | None, today: date) -> date:
    """A birth date that is given, not in the future and plausible (under 100 years)."""
    born = parse_date(value, "date de naissance")
    if born is None:
        raise DomainError("Date de naissance : obligatoire.", "date_naissance")
    if born > today:
        raise DomainError(
            f"Date de naissance {format_date(born)} : elle est dans le futur.", "date_naissance")
    if age_on(born, today) > AGE_PLAUSIBLE_MAX:
        raise DomainError(
            f"Date de naissance {format_date(born)} : date invraisemblable.", "date_naissance")
    return born


def check_age_eligible(birth: date, on: date, what: str = "") -> int:
    """The age on ``on`` if it is 16 to 25 inclusive (until the day before the 26th birthday).
    ``what`` names the day in the message (`` (premier accueil)``)."""
    age = age_on(birth, on)
    if AGE_MIN <= age <= AGE_MAX:
        return age
    when = format_date(on) + what
    if age < AGE_MIN:
        raise DomainError(
            f"Date de naissance : {age} ans le {when} ; la Mission Locale accueille les jeunes "
            f"à partir de 16 ans (le {format_date(birthday(birth, AGE_MIN))}).", "date_naissance")
    if age > AGE_MAX:
        raise DomainError(
            f"Date de naissance : {age} ans le {when} ; la Mission Locale accueille les jeunes "
            f"de 16 à 25 ans révolus (26 ans depuis le {format_date(birthday(birth, AGE_MAX + 1))}).",
            "date_naissance")
    return age


def validate_premier_accueil(value: date | str | None, born: date | None,
                             today: date) -> date | None:
    """The day of the first reception at the Mission Locale: not in the future, not before
    the birth; empty gives None (the service then keeps the stored day, today for a new file)."""
    when = parse_date(value, "date de premier accueil")
    if when is None:
        return None
    if when > today:
        raise DomainError(
            f"Date de premier accueil {format_date(when)} : elle est dans le futur.",
            "date_premier_accueil")
    if born is not None and when < born:
        raise DomainError(
            f"Date de premier accueil {format_date(when)} : antérieure à la naissance.",
            "date_premier_accueil")
    return when


def check_age_on_reception(birth: date, accueil: date, today: date) -> int:
    """Domain §2: the Mission Locale receives young people aged 16 to 25 **on the day they are
    received** — the first reception (``date_premier_accueil``), not the day the file is typed
    or imported. A file received today is checked today."""
    return check_age_eligible(birth, accueil, "" if accueil == today else " (premier accueil)")


# --- names ----------------------------------------------------------------------------------

def _capitalize_words(text: str) -> str:
    """``jean-pierre d'artois`` -> ``Jean-Pierre D'Artois``."""
    return _NAME_WORD.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), text)


def _check_name(value: str | None, field: str, nom: str, required: bool) -> str | None:
    """Trimmed, single-spaced; letters with spaces, hyphens, apostrophes only."""
    raw = clean(value)
    if raw is None:
        if required:
            raise DomainError(f"{nom} : obligatoire.", field)
        return None
    text = _SPACES.sub(" ", raw)
    check_length(text, NAME_MAX, nom, field)
    if not _NAME.match(text) or not all(c.isalpha() or c in _NAME_PUNCTUATION for c in text):
        raise DomainError(f"{nom} « {excerpt(raw)} » : lettres, espaces, tirets et apostrophes "
                          "uniquement.", field)
    return text


def normalize_nom(value: str | None, field: str = "nom", nom: str = "Nom",
                  required: bool = True) -> str | None:
    """Family name in capitals, accents kept: ``de la Tour`` -> ``DE LA TOUR``."""
    text = _check_name(value, field, nom, required)
    return text.upper() if text else None


def normalize_prenom(value: str | None, required: bool = True) -> str | None:
    """First name(s) capitalised word by word when typed all lower or all upper case;
    mixed case (``McKenzie``) is kept as typed."""
    text = _check_name(value, "prenom", "Prénom", required)
    if text and (text.islower() or text.isupper()):
        return _capitalize_words(text)
    return text


def duplicate_key(nom: str | None, prenom: str | None,
                  date_naissance: date | None) -> tuple[str, str, date | None]:
    """Folded name, first name and birth date: equal keys mean a probable duplicate."""
    return fold(nom), fold(prenom), date_naissance


# --- the whole file -------------------------------------------------------------------------

@dataclass(frozen=True)
class JeuneInput:
    """Identity and situation of a young person as typed (strings, dates or ``jj/mm/aaaa``)."""

    nom: str | None = None
    nom_usage: str | None = None
    prenom: str | None = None
    sexe: str | None = None
    date_naissance: date | str | None = None
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    telephone: str | None = None
    email: str | None = None
    identifiant_ft: str | None = None
    numero_imilo: str | None = None
    niveau_formation: str | None = None
    date_inscription_ft: date | str | None = None
    indemnise: bool | None = None
    qpv: bool | None = None
    zrr: bool | None = None
    rqth: bool | None = None
    permis_b: bool | None = None
    vehicule: bool | None = None
    hebergement: str | None = None
    date_premier_accueil: date | str | None = None


FLAGS = ("indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule")
FLAG_NAMES = {
    "indemnise": "Indemnisé", "qpv": "Résidence QPV", "zrr": "Résidence ZRR",
    "rqth": "RQTH", "permis_b": "Permis B", "vehicule": "Véhicule",
}


def parse_flag(value: bool | str | int | None, field: str, nom: str) -> bool | None:
    """Yes/no: a bool, ``oui``/``non``, ``1``/``0``; empty gives None (non renseigné)."""
    if value is None or isinstance(value, bool):
        return value
    text = fold(str(value))
    if not text:
        return None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise DomainError(f"{nom} « {value} » : répondez oui ou non.", field)


def validate_sexe(value: str | None) -> str:
    """``F`` or ``M`` (lower case accepted); required."""
    code = clean(value)
    if code is None:
        raise DomainError("Sexe : obligatoire.", "sexe")
    return check_code(SEXES, code.upper(), "sexe", "Sexe")


def validate_numero_imilo(value: str | None) -> str | None:
    """Optional I-MILO number: up to 20 letters, digits or hyphens."""
    raw = clean(value)
    if raw is not None and not _IMILO.match(raw):
        raise DomainError(f"Numéro I-MILO « {raw} » : 20 lettres ou chiffres au plus.", "numero_imilo")
    return raw


def validate_inscription_ft(value: date | str | None, born: date | None, today: date) -> date | None:
    """Registration date at France Travail: not in the future, not before the 16th birthday."""
    when = parse_date(value, "date d'inscription à France Travail")
    if when is None:
        return None
    if when > today:
        raise DomainError(
            f"Date d'inscription à France Travail {format_date(when)} : elle est dans le futur.",
            "date_inscription_ft")
    if born is not None and when < born:
        raise DomainError(
            f"Date d'inscription à France Travail {format_date(when)} : antérieure à la naissance.",
            "date_inscription_ft")
    return when


def _clean_text(value: str | None, max_len: int, field: str, nom: str) -> str | None:
    """Trimmed, single-spaced free text of bounded length."""
    text = clean(value)
    if text is None:
        return None
    text = _SPACES.sub(" ", text)
    if len(text) > max_len:
        raise DomainError(f"{nom} : {max_len} caractères au plus.", field)
    return text


def _check_identity(data: JeuneInput, p: Problems, today: date) -> dict:
    born = p.check("date_naissance", validate_naissance, data.date_naissance, today)
    return {
        "nom": p.check("nom", normalize_nom, data.nom),
        "nom_usage": p.check("nom_usage", normalize_nom, data.nom_usage, "nom_usage", "Nom d'usage", False),
        "prenom": p.check("prenom", normalize_prenom, data.prenom),
        "sexe": p.check("sexe", validate_sexe, data.sexe),
        "date_naissance": born,
        "identifiant_ft": p.check("identifiant_ft", validate_identifiant_ft, data.identifiant_ft),
        "numero_imilo": p.check("numero_imilo", validate_numero_imilo, data.numero_imilo),
    }


def _check_contact(data: JeuneInput, p: Problems) -> dict:
    commune = p.check("commune", _clean_text, data.commune, 100, "commune", "Commune")
    return {
        "adresse": p.check("adresse", _clean_text, data.adresse, 200, "adresse", "Adresse"),
        "code_postal": p.check("code_postal", validate_code_postal, data.code_postal),
        "commune": commune.upper() if commune else None,
        "telephone": p.check("telephone", validate_phone, data.telephone),
        "email": p.check("email", validate_email, data.email),
    }


def _check_situation(data: JeuneInput, p: Problems, born: date | None, today: date) -> dict:
    values = {
        "niveau_formation": p.check("niveau_formation", check_code, NIVEAUX_FORMATION,
                                    data.niveau_formation, "niveau_formation", "Niveau de formation"),
        "hebergement": p.check("hebergement", check_code, HEBERGEMENTS,
                               data.hebergement, "hebergement", "Hébergement"),
        "date_inscription_ft": p.check("date_inscription_ft", validate_inscription_ft,
                                       data.date_inscription_ft, born, today),
    }
    for name in FLAGS:
        values[name] = p.check(name, parse_flag, getattr(data, name), name, FLAG_NAMES[name])
    return values


def validate_jeune(data: JeuneInput, today: date, creating: bool,
                   stored: tuple[date, date | None] | None = None) -> JeuneInput:
    """Check every field, raise one ValidationError listing all problems, or return the
    normalised file.

    Age eligibility (16-25) is measured on the reception date (``date_premier_accueil``,
    :func:`check_age_on_reception`). Creating: the reception date defaults to today and the age
    is always checked. Editing: ``stored`` is the file's saved ``(date_naissance,
    date_premier_accueil)``; an empty reception date keeps the stored one, and the age is
    checked when either date changes (a file received at 25 and 27 today stays editable).
    Without ``stored`` (imports check existing files themselves) the age is not checked."""
    p = Problems()
    identity = _check_identity(data, p, today)
    born = identity["date_naissance"]
    accueil = p.check("date_premier_accueil", validate_premier_accueil,
                      data.date_premier_accueil, born, today)
    if accueil is None and "date_premier_accueil" not in p.items:
        accueil = today if creating else (stored[1] if stored else None)
    changed = stored is not None and (born, accueil) != stored
    if born is not None and accueil is not None and (creating or changed):
        p.check("date_naissance", check_age_on_reception, born, accueil, today)
    values = identity | _check_contact(data, p) | _check_situation(data, p, born, today)
    p.raise_if_any()
    return replace(data, **values, date_premier_accueil=accueil)
