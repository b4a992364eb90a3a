"""Job offers collected by the Mission Locale (convention ``001_…`` art. 3.3 and 3.4).

Fields and codes follow France Travail's offer model so the agent dédié keys them without
translation. Pure rules: code lists, delegation of the mise en relation, the offer's life
(state machine), validation, the entry sheet and the duplicate key. No Qt, no SQL.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from .dates import format_date, parse_date
from .entreprises import (
    CodeList,
    check_code,
    format_telephone,
    libelle,
    normalize_telephone,
    validate_code_postal,
    validate_email,
)
from .errors import DomainError, Problems, TransitionError
from .limits import OFFRE as OFFRE_LIMITS, check_lengths
from .rome import CODE_ROME, FORMAT_HINT, normalize_code_rome
from .text import clean, fold

# ---------------------------------------------------------------- code lists (France Travail)

TYPES_CONTRAT: CodeList = (
    ("CDI", "Contrat à durée indéterminée"),
    ("CDD", "Contrat à durée déterminée"),
    ("MIS", "Mission intérimaire"),
    ("SAI", "Contrat de travail saisonnier"),
    ("DIN", "CDI intérimaire"),
    ("TTI", "Contrat de travail temporaire d'insertion"),
    ("DDI", "Contrat à durée déterminée d'insertion"),
    ("DDT", "CDD Tremplin"),
    ("LIB", "Profession libérale"),
    ("CCE", "Profession commerciale"),
    ("FRA", "Franchise"),
    ("REP", "Reprise d'entreprise"),
)

#: Types for which France Travail asks a contract duration.
TYPES_DUREE_DETERMINEE = frozenset({"CDD", "MIS", "SAI", "TTI", "DDI", "DDT"})

NATURES_CONTRAT: CodeList = (
    ("E1", "Contrat de travail"),
    ("E2", "Contrat d'apprentissage"),
    ("FS", "Contrat de professionnalisation"),
    ("FT", "CUI-CAE / Parcours emploi compétences (PEC)"),
    ("FU", "CUI-CIE"),
    ("I1", "Insertion par l'activité économique (IAE)"),
    ("FA", "Action de formation préalable au recrutement (AFPR)"),
    ("FV", "Préparation opérationnelle à l'emploi (POE)"),
    ("FJ", "Contrat PACTE"),
    ("CC", "CDI de chantier ou d'opération"),
    ("CU", "Contrat d'usage"),
    ("CI", "Contrat intermittent"),
    ("EE", "Contrat d'engagement éducatif"),
    ("PS", "Portage salarial"),
    ("NS", "Emploi non salarié"),
)

QUALIFICATIONS: CodeList = (
    ("1", "Manœuvre"),
    ("2", "Ouvrier spécialisé"),
    ("3", "Ouvrier qualifié (P1, P2)"),
    ("4", "Ouvrier qualifié (P3, P4, OHQ)"),
    ("5", "Employé non qualifié"),
    ("6", "Employé qualifié"),
    ("7", "Technicien"),
    ("8", "Agent de maîtrise"),
    ("9", "Cadre"),
)

EXPERIENCES: CodeList = (
    ("D", "Débutant accepté"),
    ("S", "Expérience souhaitée"),
    ("E", "Expérience exigée"),
)

SOURCES: CodeList = (
    ("prospection_ml", "Prospection de la Mission Locale"),
    ("medef", "Réseau MEDEF"),
    ("ims", "Entreprise partenaire IMS"),
    ("agence_emploi", "Agence d'emploi"),
    ("plateforme_vocation", "Plateforme de vocation / MRS"),
    ("autre", "Autre"),
)

MOTIFS_NON_RETENU: CodeList = (
    ("profil", "Profil ne correspondant pas au poste"),
    ("experience", "Expérience insuffisante"),
    ("qualification", "Diplôme ou qualification insuffisant(e)"),
    ("mobilite", "Mobilité : permis, véhicule ou transport"),
    ("horaires", "Horaires ou temps de travail incompatibles"),
    ("echec_mrs", "Évaluation MRS non réussie"),
    ("savoir_etre", "Savoir-être lors de l'entretien"),
    ("absent_entretien", "Absent(e) à l'entretien"),
    ("refus_jeune", "Le jeune a refusé le poste"),
    ("poste_pourvu", "Poste pourvu par un autre candidat"),
    ("offre_annulee", "Offre annulée par l'employeur"),
    ("autre", "Autre motif"),
)

RESULTATS_MER: CodeList = (
    ("en_attente", "En attente"),
    ("retenu", "Retenu (MER+)"),
    ("non_retenu", "Non retenu"),
    ("abandon", "Abandon"),
)

# ---------------------------------------------------------------- delegation (art. 3.3)

_DELEGATION_SYSTEMATIQUE = {
    "FT": "Contrat aidé (CUI-CAE / PEC) : délégation systématique",
    "FU": "Contrat aidé (CUI-CIE) : délégation systématique",
    "E2": "Alternance (contrat d'apprentissage) : délégation systématique",
    "FS": "Alternance (contrat de professionnalisation) : délégation systématique",
}
RAISON_MRS = "Recrutement par simulation (MRS) : délégation de la mise en relation"
RAISON_PLAN_ACTION = "Offre d'un plan d'action partagé : délégation de la mise en relation"


def delegation(
    nature_contrat: str | None, mrs: bool, plan_action_partage: bool = False
) -> tuple[bool, str | None]:
    """Whether France Travail delegates the mise en relation to the Mission Locale, and why.

    Systematic for contrats aidés (FT, FU) and alternance (E2, FS); also for offers recruited
    by the MRS and offers collected through a shared action plan. ``(False, None)`` means the
    adviser and the agent decide case by case.
    """
    reason = _DELEGATION_SYSTEMATIQUE.get((nature_contrat or "").strip().upper())
    if reason:
        return True, reason
    if mrs:
        return True, RAISON_MRS
    if plan_action_partage:
        return True, RAISON_PLAN_ACTION
    return False, None


# ---------------------------------------------------------------- offer life (state machine)

RECUEILLIE, A_SAISIR, SAISIE = "recueillie", "a_saisir", "saisie"
POURVUE, ANNULEE, EXPIREE = "pourvue", "annulee", "expiree"

STATUT_LABELS: dict[str, str] = {
    RECUEILLIE: "Recueillie",
    A_SAISIR: "À saisir",
    SAISIE: "Saisie chez France Travail",
    POURVUE: "Pourvue",
    ANNULEE: "Annulée",
    EXPIREE: "Expirée",
}

TRANSITIONS: dict[str, frozenset[str]] = {
    RECUEILLIE: frozenset({A_SAISIR, ANNULEE}),
    A_SAISIR: frozenset({SAISIE, ANNULEE}),
    SAISIE: frozenset({POURVUE, ANNULEE, EXPIREE}),
    POURVUE: frozenset(),
    ANNULEE: frozenset(),
    EXPIREE: frozenset(),
}
STATUTS_TERMINAUX = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


@dataclass(frozen=True)
class SaisieFT:
    """The proof an offer was keyed into France Travail's system."""

    numero_offre_ft: str
    date_saisie: date
    saisie_par: str


_NUMERO_FT = re.compile(r"^[0-9]{3}[A-Z0-9]{4}$")


def validate_numero_offre_ft(value: str | None) -> str:
    """France Travail offer number, normalised (spaces removed, upper case).

    Assumption (from offers as published by France Travail, e.g. ``048KLTP``): 7 characters,
    3 digits then 4 upper-case letters or digits. France Travail does not publish the rule;
    if real numbers are refused, widen ``_NUMERO_FT`` here and nowhere else.
    """
    raw = (value or "").strip()
    number = re.sub(r"\s+", "", raw).upper()
    if not number:
        raise DomainError("Numéro d'offre France Travail : champ obligatoire.", "numero_offre_ft")
    if not _NUMERO_FT.match(number):
        raise DomainError(
            f"Numéro d'offre France Travail « {raw} » : format attendu 3 chiffres puis "
            "4 lettres ou chiffres (ex. 123ABCD).",
            "numero_offre_ft",
        )
    return number


def validate_saisie_ft(
    numero_offre_ft: str | None, date_saisie, saisie_par: str | None, today: date | None = None
) -> SaisieFT:
    """All three are required; the entry date cannot be in the future."""
    p = Problems()
    numero = p.check("numero_offre_ft", validate_numero_offre_ft, numero_offre_ft)
    when = p.check("date_saisie", parse_date, date_saisie, "date de saisie")
    if when is None and "date_saisie" not in p.items:
        p.add("date_saisie", "Date de saisie chez France Travail : champ obligatoire.")
    elif when and today and when > today:
        p.add("date_saisie", f"Date de saisie {format_date(when)} : elle ne peut pas être future.")
    par = clean(saisie_par)
    if par is None:
        p.add("saisie_par", "Saisie par : indiquez qui a saisi l'offre chez France Travail.")
    p.raise_if_any()
    return SaisieFT(numero, when, par)


def _label(statut: str) -> str:
    return STATUT_LABELS.get(statut, statut)


def _check_known(statut: str) -> None:
    if statut not in TRANSITIONS:
        raise TransitionError(f"Statut d'offre inconnu : « {statut} ».", "statut")


def transition(current: str, target: str, **details) -> str:
    """``target`` if the offer may go there from ``current``; else TransitionError in French.

    Going to ``saisie`` needs ``numero_offre_ft``, ``date_saisie`` and ``saisie_par``
    (optionally ``today``), checked by :func:`validate_saisie_ft` (ValidationError).
    """
    _check_known(current)
    _check_known(target)
    if current in STATUTS_TERMINAUX:
        raise TransitionError(
            f"L'offre est « {_label(current)} » : son statut ne peut plus changer.", "statut"
        )
    if target == current:
        raise TransitionError(f"L'offre est déjà « {_label(current)} ».", "statut")
    if target not in TRANSITIONS[current]:
        raise TransitionError(_refusal(current, target), "statut")
    if target == SAISIE:
        validate_saisie_ft(
            details.get("numero_offre_ft"), details.get("date_saisie"),
            details.get("saisie_par"), details.get("today"),
        )
    return target


def _refusal(current: str, target: str) -> str:
    text = f"Impossible de passer une offre de « {_label(current)} » à « {_label(target)} »"
    if target in (POURVUE, EXPIREE):
        text += " : elle doit d'abord être saisie chez France Travail"
    elif target == SAISIE:
        text += " : elle doit d'abord être mise « À saisir »"
    order = list(STATUT_LABELS)
    possible = ", ".join(f"« {_label(s)} »" for s in sorted(TRANSITIONS[current], key=order.index))
    return f"{text}. Statuts possibles : {possible}."


def doit_expirer(statut: str, date_fin: date | None, today: date) -> bool:
    """True when an offer keyed at France Travail is past its end date (today > date_fin)."""
    return statut == SAISIE and date_fin is not None and today > date_fin


def statut_effectif(statut: str, date_fin: date | None, today: date) -> str:
    """The status to show: ``expiree`` once :func:`doit_expirer`, else the stored one."""
    return EXPIREE if doit_expirer(statut, date_fin, today) else statut


# ---------------------------------------------------------------- mise en relation result


def validate_resultat_mer(resultat: str | None, motif: str | None) -> tuple[str, str | None]:
    """A result from RESULTATS_MER; a reason from MOTIFS_NON_RETENU only (and always) when
    the young person was not retained."""
    p = Problems()
    res = p.check("resultat", check_code, RESULTATS_MER, resultat or "en_attente",
                  "Résultat de la mise en relation", "resultat")
    why = p.check("motif", check_code, MOTIFS_NON_RETENU, motif, "Motif", "motif")
    if res == "non_retenu" and why is None and "motif" not in p.items:
        p.add("motif", "Motif : obligatoire quand le jeune n'est pas retenu.")
    elif res and res != "non_retenu" and why is not None:
        p.add("motif", "Motif : à renseigner seulement pour un résultat « Non retenu ».")
    p.raise_if_any()
    return res, why


# ---------------------------------------------------------------- offer input and validation


@dataclass(frozen=True)
class OffreInput:
    """An offer as typed; :func:`validate_offre` returns a cleaned copy with typed values.

    ``date_debut`` / ``date_fin`` bound the offer's validity: after ``date_fin`` an offer keyed
    at France Travail expires (:func:`doit_expirer`). ``duree_mois`` is the contract's length.
    """

    intitule: str | None = None
    code_rome: str | None = None
    description: str | None = None
    type_contrat: str | None = None
    nature_contrat: str | None = None
    duree_mois: float | str | None = None
    temps_plein: bool = True
    heures_hebdo: float | str | None = None
    commune: str | None = None
    code_postal: str | None = None
    salaire: str | None = None
    qualification: str | None = None
    experience: str | None = None
    nb_postes: int | str | None = 1
    mrs: bool = False
    source: str | None = None
    date_recueil: date | str | None = None
    date_debut: date | str | None = None
    date_fin: date | str | None = None
    contact_nom: str | None = None
    contact_telephone: str | None = None
    contact_email: str | None = None


def _number(value, label: str, field: str, integer: bool = False) -> float | int | None:
    """``"2"``, ``"17,5"`` or a number; empty gives None."""
    if value is None:
        return None
    raw = str(value).strip().replace(",", ".").replace(" ", "").replace("\u202f", "")
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise DomainError(f"{label} « {value} » : un nombre est attendu.", field)
    if integer:
        if number != int(number):
            raise DomainError(f"{label} « {value} » : un nombre entier est attendu.", field)
        return int(number)
    return float(number)


def _required(p: Problems, name: str, value, label: str):
    value = clean(value)
    if value is None:
        p.add(name, f"{label} : champ obligatoire.")
    return value


def _optional(p: Problems, name: str, func, value, *args):
    value = clean(value)
    return None if value is None else p.check(name, func, value, *args)


def _code(p: Problems, name: str, codes: CodeList, value, label: str, required: bool = False):
    """A code of the list, case-insensitive (``"cdd"`` -> ``"CDD"``)."""
    value = clean(value)
    if value is None:
        if required:
            p.add(name, f"{label} : champ obligatoire.")
        return None
    by_fold = {c.casefold(): c for c, _ in codes}
    return p.check(name, check_code, codes, by_fold.get(value.casefold(), value), label, name)


def _rome(p: Problems, value, rome_lookup: Callable[[str], str | None]) -> str | None:
    raw = clean(value)
    code = normalize_code_rome(raw)
    if not code:
        p.add("code_rome", "Code ROME : champ obligatoire.")
    elif not CODE_ROME.match(code):
        p.add("code_rome", f"Code ROME « {raw} » : format attendu {FORMAT_HINT}.")
    elif rome_lookup(code) is None:
        p.add("code_rome", f"Code ROME « {code} » inconnu du référentiel : choisissez un métier "
                           "dans la liste.")
    else:
        return code
    return None


def _dates(p: Problems, data: OffreInput, today: date) -> dict[str, date | None]:
    out = {
        "date_recueil": p.check("date_recueil", parse_date, data.date_recueil, "date de recueil"),
        "date_debut": p.check("date_debut", parse_date, data.date_debut, "date de début"),
        "date_fin": p.check("date_fin", parse_date, data.date_fin, "date de fin"),
    }
    recueil, debut, fin = out["date_recueil"], out["date_debut"], out["date_fin"]
    if recueil is None and "date_recueil" not in p.items:
        p.add("date_recueil", "Date de recueil : champ obligatoire.")
    elif recueil and recueil > today:
        p.add("date_recueil", f"Date de recueil {format_date(recueil)} : elle ne peut pas être future.")
    if debut and fin and fin < debut:
        p.add("date_fin", f"Date de fin {format_date(fin)} : elle précède la date de début "
                          f"{format_date(debut)}.")
    return out


def _duree(p: Problems, data: OffreInput, type_contrat: str | None) -> float | None:
    duree = p.check("duree_mois", _number, data.duree_mois, "Durée du contrat", "duree_mois")
    if duree is None and "duree_mois" not in p.items and type_contrat in TYPES_DUREE_DETERMINEE:
        p.add("duree_mois", f"Durée du contrat (en mois) : obligatoire pour un contrat {type_contrat}.")
    elif duree is not None and not 0 < duree <= 60:
        p.add("duree_mois", f"Durée du contrat {duree:g} mois : plus de 0 et au plus 60 mois.")
    return duree


def _heures(p: Problems, data: OffreInput) -> float | None:
    heures = p.check("heures_hebdo", _number, data.heures_hebdo, "Heures par semaine", "heures_hebdo")
    if heures is None and "heures_hebdo" not in p.items and not data.temps_plein:
        p.add("heures_hebdo", "Heures par semaine : obligatoires pour un temps partiel.")
    elif heures is not None and not 1 <= heures <= 48:
        p.add("heures_hebdo", f"Heures par semaine {heures:g} : entre 1 et 48 heures attendues.")
    return heures


def _nb_postes(p: Problems, value) -> int | None:
    nb = p.check("nb_postes", _number, value, "Nombre de postes", "nb_postes", True)
    if nb is None and "nb_postes" not in p.items:
        p.add("nb_postes", "Nombre de postes : champ obligatoire (au moins 1).")
    elif nb is not None and nb < 1:
        p.add("nb_postes", f"Nombre de postes {nb} : au moins 1 poste attendu.")
    return nb


def validate_offre(
    data: OffreInput, rome_lookup: Callable[[str], str | None], today: date
) -> OffreInput:
    """Every problem at once (one ValidationError), else a cleaned copy with typed values.

    ``rome_lookup(code)`` returns the libellé of a known ROME code, None otherwise (for
    instance ``load_referentiel().get``).
    """
    p = Problems()
    v: dict = {"intitule": _required(p, "intitule", data.intitule, "Intitulé de l'offre")}
    v["code_rome"] = _rome(p, data.code_rome, rome_lookup)
    v["description"] = clean(data.description)
    v["type_contrat"] = _code(p, "type_contrat", TYPES_CONTRAT, data.type_contrat,
                              "Type de contrat", required=True)
    v["nature_contrat"] = _code(p, "nature_contrat", NATURES_CONTRAT, data.nature_contrat,
                                "Nature du contrat", required=True)
    v["duree_mois"] = _duree(p, data, v["type_contrat"])
    v["temps_plein"] = bool(data.temps_plein)
    v["heures_hebdo"] = _heures(p, data)
    v["commune"] = clean(data.commune)
    v["code_postal"] = _optional(p, "code_postal", validate_code_postal, data.code_postal)
    v["salaire"] = clean(data.salaire)
    v["qualification"] = _code(p, "qualification", QUALIFICATIONS, data.qualification,
                               "Qualification")
    v["experience"] = _code(p, "experience", EXPERIENCES, data.experience, "Expérience")
    v["nb_postes"] = _nb_postes(p, data.nb_postes)
    v["mrs"] = bool(data.mrs)
    v["source"] = _code(p, "source", SOURCES, data.source, "Source de l'offre")
    v.update(_dates(p, data, today))
    v["contact_nom"] = clean(data.contact_nom)
    v["contact_telephone"] = _optional(p, "contact_telephone", normalize_telephone,
                                       data.contact_telephone, "contact_telephone")
    v["contact_email"] = _optional(p, "contact_email", validate_email, data.contact_email,
                                   "contact_email")
    check_lengths(p, v, OFFRE_LIMITS)
    p.raise_if_any()
    return replace(data, **v)


# ---------------------------------------------------------------- agent's entry sheet

CHAMPS_SAISIE_FT: tuple[tuple[str, str], ...] = (
    ("intitule", "Intitulé de l'offre"),
    ("code_rome", "Métier (code ROME)"),
    ("description", "Descriptif du poste"),
    ("commune", "Lieu de travail : commune"),
    ("code_postal", "Lieu de travail : code postal"),
    ("type_contrat", "Type de contrat"),
    ("nature_contrat", "Nature du contrat"),
    ("duree_mois", "Durée du contrat (mois)"),
    ("date_debut", "Date de début"),
    ("date_fin", "Date de fin de validité"),
    ("temps_plein", "Temps de travail"),
    ("heures_hebdo", "Durée hebdomadaire (heures)"),
    ("salaire", "Salaire"),
    ("qualification", "Qualification"),
    ("experience", "Expérience"),
    ("nb_postes", "Nombre de postes"),
    ("mrs", "Recrutement par simulation (MRS)"),
    ("contact_nom", "Contact : nom"),
    ("contact_telephone", "Contact : téléphone"),
    ("contact_email", "Contact : e-mail"),
)

_SHEET_CODES: dict[str, CodeList] = {
    "type_contrat": TYPES_CONTRAT,
    "nature_contrat": NATURES_CONTRAT,
    "qualification": QUALIFICATIONS,
    "experience": EXPERIENCES,
}


def _sheet_value(name: str, value, libelle_rome: str | None) -> str:
    if value is None or value == "":
        return ""
    if name in _SHEET_CODES:
        return f"{value} – {libelle(_SHEET_CODES[name], value)}"
    if name == "code_rome":
        return f"{value} – {libelle_rome}" if libelle_rome else str(value)
    if name == "contact_telephone":
        return format_telephone(value)
    if name == "temps_plein":
        return "Temps plein" if value else "Temps partiel"
    if name == "mrs":
        return "Oui" if value else "Non"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def fiche_saisie_ft(offre: OffreInput, libelle_rome: str | None = None) -> list[tuple[str, str]]:
    """``(libellé, valeur affichée)`` in France Travail's entry order, for the read-only sheet."""
    return [(label, _sheet_value(name, getattr(offre, name), libelle_rome))
            for name, label in CHAMPS_SAISIE_FT]


# ---------------------------------------------------------------- duplicates


def duplicate_key(intitule: str | None, entreprise: int | str | None, date_recueil) -> str:
    """Key shared by an offer entered twice: folded intitulé, employer, date de recueil.

    ``entreprise`` is the employer's id or its SIRET (spaces ignored); use one convention
    consistently — the id is the safer choice, SIRET is optional.
    """
    ref = str(entreprise).strip() if entreprise is not None else ""
    compact = re.sub(r"\s+", "", ref)
    if len(compact) == 14 and compact.isdigit():
        ref = compact
    when = parse_date(date_recueil, "date de recueil")
    return "|".join((fold(intitule), ref, when.isoformat() if when else ""))

