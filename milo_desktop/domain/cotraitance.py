"""Cotraitance (PPAE délégué), convention régionale art. 4.3.

One :class:`CotraitanceState` is one episode: affectation -> acceptation (or refus) ->
initialisation -> accompagnement in states 1/2/3 -> sortie decided by France Travail.
Transition functions never mutate: they return a new snapshot or raise TransitionError.

Entry convention: the **entry in cotraitance is the affectation date**. Age eligibility (16 to
25 inclusive) and the "dans sa 26e année" rule (aged 25 at entry => at most one year) are
measured on that date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from .dates import add_months, add_years, age_on, birthday, format_date
from .errors import DomainError, TransitionError
from .text import clean

CRITERES: tuple[tuple[int, str], ...] = (
    (1, "Projet professionnel mal défini ou en inadéquation avec le marché du travail"),
    (2, "Situation personnelle susceptible d'être un frein à l'accès ou au maintien dans l'emploi"),
    (3, "Absence de repères ou de réseau dans la recherche d'emploi, "
        "ou découragement par des échecs successifs"),
    (4, "Niveau de qualification insuffisant au regard du projet professionnel"),
)

ETAT_ACTIF, ETAT_ALERTE, ETAT_SUSPENSION = 1, 2, 3
ETATS: tuple[tuple[int, str], ...] = (
    (ETAT_ACTIF, "Accompagnement actif"),
    (ETAT_ALERTE, "Alerte de cotraitance"),
    (ETAT_SUSPENSION, "Suspension de la cotraitance"),
)

MOTIFS_SORTIE: tuple[tuple[str, str], ...] = (
    ("radiation", "6 mois après cessation d'inscription ou radiation"),
    ("demenagement", "Déménagement hors du territoire de la Mission Locale"),
    ("age", "26ᵉ anniversaire ou fin de la durée d'un an"),
)

PHASE_AUCUNE = "aucune"
PHASE_AFFECTATION = "affectation"
PHASE_REFUSEE = "refusee"
PHASE_ACCEPTEE = "acceptee"
PHASE_ACCOMPAGNEMENT = "accompagnement"
PHASE_SORTIE = "sortie"
PHASES: tuple[tuple[str, str], ...] = (
    (PHASE_AUCUNE, "Pas en cotraitance"),
    (PHASE_AFFECTATION, "Affecté, en attente d'acceptation"),
    (PHASE_REFUSEE, "Affectation refusée"),
    (PHASE_ACCEPTEE, "Accepté, en attente d'initialisation"),
    (PHASE_ACCOMPAGNEMENT, "Accompagnement (phase 2)"),
    (PHASE_SORTIE, "Sorti de cotraitance"),
)

# Reasons of the planned end date (date de fin prévue).
FIN_ANNIVERSAIRE = "anniversaire_26"
FIN_UN_AN = "un_an"
FIN_RADIATION = "radiation"
FIN_RAISONS: tuple[tuple[str, str], ...] = (
    (FIN_ANNIVERSAIRE, "26ᵉ anniversaire"),
    (FIN_UN_AN, "Un an après l'entrée (entré à 25 ans)"),
    (FIN_RADIATION, "6 mois après la cessation d'inscription ou la radiation"),
)
MOTIF_SORTIE_DE_FIN = {FIN_ANNIVERSAIRE: "age", FIN_UN_AN: "age", FIN_RADIATION: "radiation"}

DELAI_ACCEPTATION_REF = 15  # jours, affectation -> acceptation
DELAI_INITIALISATION_REF = 30  # jours, acceptation -> initialisation
RELANCE_JOURS = 7
MOIS_APRES_RADIATION = 6


# --- criteria -------------------------------------------------------------------------------

def criteres_to_mask(criteres: Iterable[int]) -> int:
    """Criteria codes 1-4 -> bitmask (criterion n is bit n-1)."""
    mask = 0
    for code in criteres:
        if code not in dict(CRITERES):
            raise DomainError(f"Critère d'affectation « {code} » inconnu (1 à 4).", "criteres")
        mask |= 1 << (code - 1)
    return mask


def mask_to_criteres(mask: int) -> tuple[int, ...]:
    """Bitmask -> sorted criteria codes."""
    if not 0 <= mask < 1 << len(CRITERES):
        raise DomainError(f"Critères d'affectation : valeur {mask} invalide.", "criteres")
    return tuple(code for code, _ in CRITERES if mask & (1 << (code - 1)))


# --- snapshot and phases --------------------------------------------------------------------

@dataclass(frozen=True)
class CotraitanceState:
    """One cotraitance episode of a young person, as plain values."""

    date_affectation: date | None = None
    criteres: tuple[int, ...] = ()
    date_acceptation: date | None = None
    date_refus: date | None = None
    motif_refus: str | None = None
    date_initialisation: date | None = None
    etat: int | None = None
    date_etat: date | None = None
    motif_etat: str | None = None
    date_radiation: date | None = None
    date_sortie: date | None = None
    motif_sortie: str | None = None


def phase(state: CotraitanceState) -> str:
    """The current phase, from the most advanced dated step."""
    if state.date_sortie:
        return PHASE_SORTIE
    if state.date_refus:
        return PHASE_REFUSEE
    if state.date_initialisation:
        return PHASE_ACCOMPAGNEMENT
    if state.date_acceptation:
        return PHASE_ACCEPTEE
    return PHASE_AFFECTATION if state.date_affectation else PHASE_AUCUNE


# --- checks shared by transitions -----------------------------------------------------------

def _require_date(when: date | None, field: str, nom: str, today: date) -> date:
    if when is None:
        raise TransitionError(f"{nom} : obligatoire.", field)
    if when > today:
        raise TransitionError(f"{nom} {format_date(when)} : elle est dans le futur.", field)
    return when


def _not_before(when: date, ref: date | None, field: str, nom: str, ref_nom: str) -> None:
    if ref is not None and when < ref:
        raise TransitionError(
            f"{nom} {format_date(when)} : antérieure à {ref_nom} du {format_date(ref)}.", field)


def _require_phase(state: CotraitanceState, allowed: tuple[str, ...], action: str) -> None:
    current = phase(state)
    if current not in allowed:
        raise TransitionError(
            f"Impossible {action} : le dossier est à l'étape « {dict(PHASES)[current]} ».", "phase")


def _require_motif(motif: str | None, field: str, nom: str) -> str:
    text = clean(motif)
    if text is None:
        raise TransitionError(f"{nom} : obligatoire.", field)
    return text


# --- transitions ----------------------------------------------------------------------------

def _check_age_at_entry(birth: date, when: date) -> None:
    age = age_on(birth, when)
    if age < 16:
        raise TransitionError(
            f"Affectation refusée : le jeune a {age} ans le {format_date(when)} ; "
            "la cotraitance concerne les jeunes de 16 à 25 ans.", "date_affectation")
    if age > 25:
        raise TransitionError(
            f"Affectation refusée : le jeune a {age} ans le {format_date(when)} "
            f"(26 ans depuis le {format_date(birthday(birth, 26))}) ; "
            "la cotraitance concerne les jeunes de moins de 26 ans.", "date_affectation")


def affecter(birth: date, when: date | None, criteres: Iterable[int], today: date) -> CotraitanceState:
    """Start an episode: France Travail assigns the young person with at least one criterion."""
    when = _require_date(when, "date_affectation", "Date d'affectation", today)
    codes = mask_to_criteres(criteres_to_mask(criteres))
    if not codes:
        raise TransitionError("Critères d'affectation : au moins un critère est obligatoire.", "criteres")
    _check_age_at_entry(birth, when)
    return CotraitanceState(date_affectation=when, criteres=codes)


def accepter(state: CotraitanceState, when: date | None, today: date) -> CotraitanceState:
    """The Mission Locale accepts the affectation."""
    _require_phase(state, (PHASE_AFFECTATION,), "d'accepter")
    when = _require_date(when, "date_acceptation", "Date d'acceptation", today)
    _not_before(when, state.date_affectation, "date_acceptation", "Date d'acceptation", "l'affectation")
    return replace(state, date_acceptation=when)


def refuser(state: CotraitanceState, when: date | None, motif: str | None, today: date) -> CotraitanceState:
    """The Mission Locale refuses the affectation, with a reason."""
    _require_phase(state, (PHASE_AFFECTATION,), "de refuser")
    when = _require_date(when, "date_refus", "Date de refus", today)
    _not_before(when, state.date_affectation, "date_refus", "Date de refus", "l'affectation")
    motif = _require_motif(motif, "motif_refus", "Motif du refus")
    return replace(state, date_refus=when, motif_refus=motif)


def initialiser(state: CotraitanceState, when: date | None, today: date) -> CotraitanceState:
    """First interview: phase 2 starts in state 1 (accompagnement actif) on that date."""
    _require_phase(state, (PHASE_ACCEPTEE,), "d'initialiser le parcours")
    when = _require_date(when, "date_initialisation", "Date d'initialisation", today)
    _not_before(when, state.date_acceptation, "date_initialisation", "Date d'initialisation",
                "l'acceptation")
    return replace(state, date_initialisation=when, etat=ETAT_ACTIF, date_etat=when, motif_etat=None)


def changer_etat(state: CotraitanceState, etat: int, when: date | None, motif: str | None,
                 today: date) -> CotraitanceState:
    """Phase 2 state change (1 actif, 2 alerte, 3 suspension), dated and with a reason."""
    _require_phase(state, (PHASE_ACCOMPAGNEMENT,), "de changer l'état")
    if etat not in dict(ETATS):
        raise TransitionError(f"État « {etat} » inconnu (1, 2 ou 3).", "etat")
    if etat == state.etat:
        raise TransitionError(f"Le dossier est déjà à l'état « {dict(ETATS)[etat]} ».", "etat")
    when = _require_date(when, "date_etat", "Date du changement d'état", today)
    _not_before(when, state.date_initialisation, "date_etat", "Date du changement d'état",
                "l'initialisation")
    _not_before(when, state.date_etat, "date_etat", "Date du changement d'état", "l'état précédent")
    motif = _require_motif(motif, "motif_etat", "Motif du changement d'état")
    return replace(state, etat=etat, date_etat=when, motif_etat=motif)


def enregistrer_radiation(state: CotraitanceState, when: date | None, today: date) -> CotraitanceState:
    """Record France Travail's cessation d'inscription / radiation date (exit due 6 months later)."""
    _require_phase(state, (PHASE_AFFECTATION, PHASE_ACCEPTEE, PHASE_ACCOMPAGNEMENT),
                   "d'enregistrer une radiation")
    if state.date_radiation is not None:
        raise TransitionError(
            f"Une radiation est déjà enregistrée le {format_date(state.date_radiation)} : "
            "annulez-la d'abord (réinscription).", "date_radiation")
    when = _require_date(when, "date_radiation", "Date de radiation", today)
    _not_before(when, state.date_affectation, "date_radiation", "Date de radiation", "l'affectation")
    return replace(state, date_radiation=when)


def annuler_radiation(state: CotraitanceState) -> CotraitanceState:
    """Re-inscription at France Travail: the recorded radiation no longer counts."""
    _require_phase(state, (PHASE_AFFECTATION, PHASE_ACCEPTEE, PHASE_ACCOMPAGNEMENT),
                   "d'annuler la radiation")
    if state.date_radiation is None:
        raise TransitionError("Aucune radiation n'est enregistrée.", "date_radiation")
    return replace(state, date_radiation=None)


def _last_step(state: CotraitanceState) -> tuple[date | None, str]:
    steps = ((state.date_etat, "l'état en cours"), (state.date_initialisation, "l'initialisation"),
             (state.date_acceptation, "l'acceptation"), (state.date_affectation, "l'affectation"))
    return next(((d, n) for d, n in steps if d is not None), (None, ""))


def sortir(state: CotraitanceState, when: date | None, motif: str | None, today: date) -> CotraitanceState:
    """Record the exit France Travail decided, for one of its three reasons only."""
    _require_phase(state, (PHASE_ACCEPTEE, PHASE_ACCOMPAGNEMENT), "d'enregistrer une sortie")
    code = clean(motif)
    if code not in dict(MOTIFS_SORTIE):
        raise TransitionError(
            "Motif de sortie : la sortie est décidée par France Travail pour l'un de ces motifs "
            "seulement (radiation depuis 6 mois, déménagement hors territoire, 26 ans / un an) ; "
            "la Mission Locale ne peut pas en inventer un autre.", "motif_sortie")
    when = _require_date(when, "date_sortie", "Date de sortie", today)
    ref, ref_nom = _last_step(state)
    _not_before(when, ref, "date_sortie", "Date de sortie", ref_nom)
    return replace(state, date_sortie=when, motif_sortie=code)


# --- planned end and work lists -------------------------------------------------------------

def date_fin_prevue(birth: date, date_entree: date, date_radiation: date | None = None) -> tuple[date, str]:
    """Planned end of cotraitance and its reason code (FIN_*).

    ``date_entree`` is the **affectation date** (entry in cotraitance); the age is measured on
    it. Normally the 26th birthday; if aged 25 at entry ("dans sa 26e année"), one year after
    entry instead (even past the 26th birthday). A radiation/cessation date gives radiation +
    6 months when that is strictly earlier.
    """
    if age_on(birth, date_entree) == 25:
        end, reason = add_years(date_entree, 1), FIN_UN_AN
    else:
        end, reason = birthday(birth, 26), FIN_ANNIVERSAIRE
    if date_radiation is not None:
        after = add_months(date_radiation, MOIS_APRES_RADIATION)
        if after < end:
            return after, FIN_RADIATION
    return end, reason


def fin_prevue(state: CotraitanceState, birth: date) -> tuple[date, str] | None:
    """:func:`date_fin_prevue` of an episode, None when it has no affectation."""
    if state.date_affectation is None:
        return None
    return date_fin_prevue(birth, state.date_affectation, state.date_radiation)


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start and end else None


def delai_acceptation(state: CotraitanceState) -> int | None:
    """Days from affectation to acceptation (reference: DELAI_ACCEPTATION_REF)."""
    return _days(state.date_affectation, state.date_acceptation)


def delai_initialisation(state: CotraitanceState) -> int | None:
    """Days from acceptation to initialisation (reference: DELAI_INITIALISATION_REF)."""
    return _days(state.date_acceptation, state.date_initialisation)


@dataclass(frozen=True)
class Echeance:
    """What an adviser must do about one episode today (work-list flags)."""

    phase: str
    fin_prevue: date | None = None
    raison_fin: str | None = None
    a_accepter_en_retard: bool = False
    a_initialiser: bool = False
    en_alerte: bool = False
    suspendu: bool = False
    sortie_due_ce_mois: bool = False
    sortie_en_retard: bool = False


def _same_month(a: date, b: date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def echeance(state: CotraitanceState, birth: date, today: date,
             relance_jours: int = RELANCE_JOURS) -> Echeance:
    """Work-list flags. ``a_accepter_en_retard``: still awaiting acceptation more than
    ``relance_jours`` days after affectation. Exit flags apply once accepted and not exited:
    ``sortie_en_retard`` when the planned end is before today, else ``sortie_due_ce_mois``
    when it falls later in the current month (the two are exclusive)."""
    current = phase(state)
    end = fin_prevue(state, birth)
    waiting = _days(state.date_affectation, today)
    following = current in (PHASE_ACCEPTEE, PHASE_ACCOMPAGNEMENT) and end is not None
    in_phase2 = current == PHASE_ACCOMPAGNEMENT
    return Echeance(
        phase=current,
        fin_prevue=end[0] if end else None,
        raison_fin=end[1] if end else None,
        a_accepter_en_retard=current == PHASE_AFFECTATION and waiting > relance_jours,
        a_initialiser=current == PHASE_ACCEPTEE,
        en_alerte=in_phase2 and state.etat == ETAT_ALERTE,
        suspendu=in_phase2 and state.etat == ETAT_SUSPENSION,
        sortie_due_ce_mois=following and end[0] >= today and _same_month(end[0], today),
        sortie_en_retard=following and end[0] < today,
    )

