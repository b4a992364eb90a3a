"""The Mission Locale's identity, sites and users: code lists and validation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import communes
from .errors import DomainError, Problems
from .text import clean

ROLES = (
    ("conseiller", "Conseiller / conseillère"),
    ("agent_ft", "Agent dédié France Travail"),
    ("direction", "Direction / référent partenariat"),
    ("admin", "Administration"),
)
TYPES_SITE = (
    ("siege", "Siège"),
    ("antenne", "Antenne"),
    ("point_accueil", "Point d'accueil"),
)
DEFAULT_SERVICE_EMPLOI = "France Travail"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_CP = re.compile(r"^\d{5}$")
_DEPT = re.compile(r"^(\d{2}|2[AB]|97\d|98\d)$")


def label(codes: tuple[tuple[str, str], ...], code: str | None) -> str:
    return dict(codes).get(code or "", code or "")


def check_email(value: str | None, field: str = "email") -> str | None:
    value = clean(value)
    if value and not _EMAIL.match(value):
        raise DomainError(f"L'adresse e-mail « {value} » n'est pas valide.", field)
    return value.lower() if value else None


def check_code_postal(value: str | None, field: str = "code_postal") -> str | None:
    """A postcode of the official list (``domain.communes``), spaces removed."""
    value = clean(value)
    if value:
        value = value.replace(" ", "")
        if not _CP.match(value):
            raise DomainError(f"Le code postal « {value} » doit comporter 5 chiffres.", field)
        communes.validate_code_postal(value, field)
    return value


def check_required(value: str | None, field: str, what: str) -> str:
    value = clean(value)
    if not value:
        raise DomainError(f"{what} est obligatoire.", field)
    return value


@dataclass(frozen=True)
class OrganisationInput:
    nom: str
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    departement: str | None = None
    telephone: str | None = None
    email: str | None = None
    logo_path: str | None = None
    libelle_service_emploi: str = DEFAULT_SERVICE_EMPLOI


def validate_organisation(data: OrganisationInput) -> OrganisationInput:
    p = Problems()
    nom = p.check("nom", check_required, data.nom, "nom", "Le nom de la Mission Locale")
    cp = p.check("code_postal", check_code_postal, data.code_postal)
    email = p.check("email", check_email, data.email)
    dept = clean(data.departement)
    if dept and not _DEPT.match(dept.upper()):
        p.add("departement", f"Le département « {dept} » n'est pas un numéro valide (ex. 31, 2A, 974).")
    service = clean(data.libelle_service_emploi) or DEFAULT_SERVICE_EMPLOI
    p.raise_if_any()
    return OrganisationInput(nom, clean(data.adresse), cp, clean(data.commune),
                             dept.upper() if dept else None, clean(data.telephone), email,
                             clean(data.logo_path), service)


@dataclass(frozen=True)
class SiteInput:
    nom: str
    type: str = "antenne"
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    actif: bool = True


def validate_site(data: SiteInput) -> SiteInput:
    p = Problems()
    nom = p.check("nom", check_required, data.nom, "nom", "Le nom du site")
    if data.type not in dict(TYPES_SITE):
        p.add("type", "Le type de site doit être siège, antenne ou point d'accueil.")
    cp = p.check("code_postal", check_code_postal, data.code_postal)
    p.raise_if_any()
    return SiteInput(nom, data.type, clean(data.adresse), cp, clean(data.commune), data.actif)


@dataclass(frozen=True)
class UtilisateurInput:
    nom: str
    prenom: str
    email: str
    role: str = "conseiller"
    site_id: object | None = None
    actif: bool = True


def validate_utilisateur(data: UtilisateurInput) -> UtilisateurInput:
    p = Problems()
    nom = p.check("nom", check_required, data.nom, "nom", "Le nom")
    prenom = p.check("prenom", check_required, data.prenom, "prenom", "Le prénom")
    email = p.check("email", check_required, data.email, "email", "L'adresse e-mail")
    if email:
        email = p.check("email", check_email, email)
    if data.role not in dict(ROLES):
        p.add("role", "Le rôle doit être conseiller, agent dédié France Travail, direction ou administration.")
    p.raise_if_any()
    return UtilisateurInput(nom.upper(), prenom, email, data.role, data.site_id, data.actif)


@dataclass(frozen=True)
class Preference:
    """A tunable setting: key in the parameter table, French label, kind and bounds."""

    key: str
    label: str
    kind: str  # "int" | "email" | "text"
    default: object = None
    minimum: int = 0
    maximum: int = 365
    help: str = ""


PREFERENCES = (
    Preference("cotraitance.relance_jours", "Affectation à accepter : relance après (jours)", "int", 7, 1, 90,
               "Une affectation non acceptée depuis ce nombre de jours apparaît dans les listes de travail."),
    Preference("fastt.relance_jours", "Orientation FASTT : relance après (jours)", "int", 10, 1, 90,
               "Une orientation sans nouvelle depuis ce nombre de jours est signalée."),
    Preference("conventions.alerte_jours", "Convention d'agence : alerte avant la date de dénonciation (jours)",
               "int", 45, 1, 365),
    Preference("fastt.email", "Adresse e-mail du FASTT (brouillons d'orientation)", "email", None),
    Preference("organisation.representant", "Signataire des conventions (nom et qualité)", "text", None),
    Preference("imports.lignes_max", "Import : nombre de lignes au plus par fichier", "int", 100_000,
               1_000, 1_000_000,
               "Un fichier plus long est refusé avant d'être lu. 100 000 lignes : plusieurs années "
               "de l'activité d'une grande Mission Locale, analysées en moins de 300 Mo de mémoire."),
    # Keeping times (domain.retention; décret n° 2015-59 art. 6 as amended, the defaults).
    Preference("conservation.age_jeune", "Conservation du dossier jeune : jusqu'à l'âge de (ans)", "int", 28, 18, 40,
               "Le dossier est anonymisé à cet anniversaire, ou plus tard si un programme se termine après "
               "(décret : 28 ans, soit 26 ans plus deux années)."),
    Preference("conservation.cej_annees", "Conservation après la fin d'un CEJ (années)", "int", 10, 1, 30,
               "Un jeune en contrat d'engagement jeune : dossier gardé ce nombre d'années après la fin du "
               "contrat (décret : 10 ans)."),
    Preference("conservation.comptes_annees", "Conservation d'un compte utilisateur après la fin d'habilitation (années)",
               "int", 1, 0, 10, "Décret : fin de l'habilitation plus un an."),
    Preference("conservation.audit_mois", "Conservation du journal d'audit (mois)", "int", 7, 1, 120,
               "Système national : 7 mois ; la CNIL recommande de 6 mois à un an."),
)


def validate_preference(pref: Preference, value) -> object:
    """Normalise one preference value or raise a French DomainError naming it."""
    if pref.kind == "int":
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise DomainError(f"{pref.label} : un nombre entier est attendu.", pref.key) from None
        if not pref.minimum <= number <= pref.maximum:
            raise DomainError(f"{pref.label} : entre {pref.minimum} et {pref.maximum}.", pref.key)
        return number
    if pref.kind == "email":
        return check_email(value, pref.key)
    return clean(value)
