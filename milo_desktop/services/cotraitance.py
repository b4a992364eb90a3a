"""Cotraitance (PPAE délégué) of a young person: the steps of art. 4.3, their history, the
work lists and the monthly count of entries.

Every transition loads the episode as a :class:`~milo_desktop.domain.cotraitance.CotraitanceState`,
lets the domain accept or refuse it (French ``TransitionError``), then writes in one transaction:
the ``cotraitance`` row, a ``cotraitance_etat`` history row when the phase-2 state changes, the
young person's summary columns (``jeune.cotra_phase``, ``cotra_etat``, ``date_fin_prevue``) and a
journal event.

Conventions kept here:
- one young person has at most one **open** episode (affectation, acceptée, accompagnement); a
  new affectation is possible after a refusal or an exit (new episode); the *current* episode
  is the latest one (affectation date, then creation);
- ``date_fin_prevue`` is stored for open episodes only (None once refused or exited), on the
  episode and on the young person; ``jeune.cotra_etat`` is the phase-2 state only while in
  phase 2;
- the summary columns are written with a Core UPDATE so the young person's ``version`` does not
  change: an adviser editing the identity in the fiche meanwhile gets no false conflict;
- **entries** counted against the objective = affectations dated in the month that were not
  refused (:func:`entries_by_month`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..domain import cotraitance as dom
from ..domain.communes import hors_territoire, validate_code_postal
from ..domain.dates import format_date, parse_date
from ..domain.errors import DomainError, TransitionError
from ..domain.text import clean, fold
from ..persistence.models import Cotraitance, CotraitanceEtat, Jeune, Parametre
from .base import Service, check_version, get_or_404, translate_stale
from .cotraitance_lists import (  # noqa: F401 - re-exported for callers
    WorkListCounts, WorkRow, count_lists, entries_by_month, query_lists,
)
from .events import record_event
from .territoire import load as load_territoire

OPEN_PHASES = (dom.PHASE_AFFECTATION, dom.PHASE_ACCEPTEE, dom.PHASE_ACCOMPAGNEMENT)
RELANCE_KEY = "cotraitance.relance_jours"
MOTIF_INITIALISATION = "Initialisation du parcours"

# Next steps offered for each phase (the domain still has the last word).
ACTIONS = {
    None: ("affecter",),
    dom.PHASE_AUCUNE: ("affecter",),
    dom.PHASE_REFUSEE: ("affecter",),
    dom.PHASE_SORTIE: ("affecter",),
    dom.PHASE_AFFECTATION: ("accepter", "refuser", "radiation"),
    dom.PHASE_ACCEPTEE: ("initialiser", "radiation", "sortir"),
    dom.PHASE_ACCOMPAGNEMENT: ("changer_etat", "radiation", "sortir"),
}


@dataclass(frozen=True)
class EtatLigne:
    """One dated and justified phase-2 state."""

    date: date
    etat: int
    libelle: str
    motif: str
    auteur: str | None


@dataclass(frozen=True)
class Etape:
    """One line of the episode's chronology (affectation, acceptation, états, sortie…)."""

    date: date
    libelle: str
    detail: str = ""


@dataclass(frozen=True)
class CotraitanceDetail:
    id: uuid.UUID
    version: int
    jeune_id: uuid.UUID
    state: dom.CotraitanceState
    phase: str
    echeance: dom.Echeance
    historique: tuple[EtatLigne, ...]
    actions: tuple[str, ...]
    episodes_precedents: int = 0
    hors_territoire: bool = False  # followed, and the address is outside the territory

    @property
    def phase_label(self) -> str:
        return dict(dom.PHASES)[self.phase]

    @property
    def etat_label(self) -> str:
        return dict(dom.ETATS).get(self.state.etat, "") if self.phase == dom.PHASE_ACCOMPAGNEMENT else ""

    @property
    def criteres_labels(self) -> tuple[str, ...]:
        return tuple(dict(dom.CRITERES)[c] for c in self.state.criteres)

    @property
    def fin_prevue(self) -> date | None:
        return self.echeance.fin_prevue if self.phase in OPEN_PHASES else None

    @property
    def raison_fin_label(self) -> str:
        return dict(dom.FIN_RAISONS).get(self.echeance.raison_fin, "") if self.fin_prevue else ""

    @property
    def motif_sortie_label(self) -> str:
        return dict(dom.MOTIFS_SORTIE).get(self.state.motif_sortie, "")

    @property
    def delai_acceptation(self) -> int | None:
        return dom.delai_acceptation(self.state)

    @property
    def delai_initialisation(self) -> int | None:
        return dom.delai_initialisation(self.state)

    def etapes(self) -> tuple[Etape, ...]:
        """The chronology of the episode, oldest first."""
        st = self.state
        lines = [Etape(st.date_affectation, "Affectation par France Travail",
                       "Critères : " + ", ".join(str(c) for c in st.criteres))]
        if st.date_acceptation:
            lines.append(Etape(st.date_acceptation, "Acceptation", _days_text(self.delai_acceptation)))
        if st.date_refus:
            lines.append(Etape(st.date_refus, "Refus", st.motif_refus or ""))
        lines += [Etape(h.date, h.libelle, h.motif) for h in self.historique]
        if st.date_radiation:
            lines.append(Etape(st.date_radiation, "Cessation d'inscription / radiation"))
        if st.date_sortie:
            lines.append(Etape(st.date_sortie, "Sortie de cotraitance", self.motif_sortie_label))
        return tuple(sorted(lines, key=lambda e: e.date))


def _days_text(days: int | None) -> str:
    return "" if days is None else f"{days} jour{'s' if abs(days) > 1 else ''} après l'étape précédente"


def as_date(value: date | str | None, label: str) -> date | None:
    """A date object, or ``jj/mm/aaaa`` / ``aaaa-mm-jj`` text (French error naming ``label``)."""
    return parse_date(value, label)


# --- writing an episode (also usable by imports) ----------------------------------------------

def load_state(session: Session, cot: Cotraitance) -> dom.CotraitanceState:
    """The domain snapshot of a stored episode (motif of the state from its last history row)."""
    motif = session.scalar(select(CotraitanceEtat.motif)
                           .where(CotraitanceEtat.cotraitance_id == cot.id)
                           .order_by(CotraitanceEtat.date.desc(), CotraitanceEtat.created_at.desc())
                           .limit(1)) if cot.etat is not None else None
    return dom.CotraitanceState(
        date_affectation=cot.date_affectation, criteres=dom.mask_to_criteres(cot.criteres),
        date_acceptation=cot.date_acceptation, date_refus=cot.date_refus,
        motif_refus=cot.motif_refus, date_initialisation=cot.date_initialisation, etat=cot.etat,
        date_etat=cot.date_etat, motif_etat=motif, date_radiation=cot.date_radiation,
        date_sortie=cot.date_sortie, motif_sortie=cot.motif_sortie)


def write_state(session: Session, cot: Cotraitance, before: dom.CotraitanceState | None,
                after: dom.CotraitanceState, birth: date, author: str | None) -> None:
    """Copy ``after`` onto the row, add the history row of a new phase-2 state, refresh the
    planned end and the young person's summary columns."""
    for name in ("date_affectation", "date_acceptation", "date_refus", "motif_refus",
                 "date_initialisation", "etat", "date_etat", "date_radiation", "date_sortie",
                 "motif_sortie"):
        setattr(cot, name, getattr(after, name))
    cot.criteres = dom.criteres_to_mask(after.criteres)
    cot.phase = dom.phase(after)
    end = dom.fin_prevue(after, birth) if cot.phase in OPEN_PHASES else None
    cot.date_fin_prevue, cot.motif_fin_prevue = end if end else (None, None)
    if after.etat is not None and (before is None or (before.etat, before.date_etat) != (after.etat, after.date_etat)):
        session.add(CotraitanceEtat(cotraitance_id=cot.id, date=after.date_etat, etat=after.etat,
                                    motif=after.motif_etat or MOTIF_INITIALISATION, auteur=author))
    sync_jeune(session, cot.jeune_id, cot)


def sync_jeune(session: Session, jeune_id: uuid.UUID, cot: Cotraitance | None) -> None:
    """``jeune.cotra_phase / cotra_etat / date_fin_prevue`` = its current episode (no version bump)."""
    values = {"cotra_phase": None, "cotra_etat": None, "date_fin_prevue": None}
    if cot is not None:
        values = {"cotra_phase": cot.phase,
                  "cotra_etat": cot.etat if cot.phase == dom.PHASE_ACCOMPAGNEMENT else None,
                  "date_fin_prevue": cot.date_fin_prevue}
    session.execute(update(Jeune).where(Jeune.id == jeune_id).values(**values)
                    .execution_options(synchronize_session=False))


def current_row(session: Session, jeune_id: uuid.UUID) -> Cotraitance | None:
    return session.scalars(select(Cotraitance).where(Cotraitance.jeune_id == jeune_id)
                           .order_by(Cotraitance.date_affectation.desc(), Cotraitance.created_at.desc())
                           .limit(1)).first()


def resync_jeune(session: Session, jeune_id: uuid.UUID) -> None:
    """Recompute the current episode's planned end and the young person's summary columns,
    inside the caller's transaction. **Call it after changing a birth date** (the planned end
    depends on it)."""
    cot = current_row(session, jeune_id)
    if cot is not None:
        birth = _birth(session, jeune_id)
        end = dom.fin_prevue(load_state(session, cot), birth) if cot.phase in OPEN_PHASES else None
        cot.date_fin_prevue, cot.motif_fin_prevue = end if end else (None, None)
    sync_jeune(session, jeune_id, cot)


def create_episode(session: Session, jeune_id: uuid.UUID, state: dom.CotraitanceState,
                   author: str | None) -> Cotraitance:
    """Store an episode already validated by the domain (e.g. an import built it with
    ``dom.affecter`` then ``dom.accepter``…), with its history row and summary columns."""
    birth = _birth(session, jeune_id)  # before add(): the query would autoflush a blank row
    cot = Cotraitance(id=uuid.uuid4(), jeune_id=jeune_id, created_by=author, updated_by=author)
    session.add(cot)
    write_state(session, cot, None, state, birth, author)
    return cot


def _check_after_previous(previous: Cotraitance | None, when: date) -> None:
    """A new episode starts after the previous one ended (refusal or exit)."""
    end = previous and (previous.date_sortie or previous.date_refus)
    if end and when < end:
        what = "à la sortie" if previous.date_sortie else "au refus"
        raise TransitionError(
            f"Date d'affectation {format_date(when)} : antérieure {what} de la cotraitance "
            f"précédente, le {format_date(end)}.", "date_affectation")


def _relance(session: Session) -> int:
    raw = session.scalar(select(Parametre.valeur).where(Parametre.cle == RELANCE_KEY))
    value = json.loads(raw) if raw else dom.RELANCE_JOURS
    return value if isinstance(value, int) and value > 0 else dom.RELANCE_JOURS


def _new_address(jeune: Jeune, code_postal: str | None, commune: str | None) -> tuple[str, str] | None:
    """The new address given with an exit « déménagement », checked; None when none is given
    or it is the address already recorded."""
    if not clean(code_postal) and not clean(commune):
        return None
    cp = validate_code_postal(code_postal)
    name = clean(commune)
    if cp is None or name is None:
        raise DomainError("Nouvelle adresse : indiquez le code postal et la commune.",
                          "code_postal" if cp is None else "commune")
    if len(name) > 100:
        raise DomainError("Commune : 100 caractères au plus.", "commune")
    name = " ".join(name.split()).upper()
    return None if (cp, name) == (jeune.code_postal, jeune.commune) else (cp, name)


def _outside(session: Session, jeune_id: uuid.UUID, current: str) -> bool:
    """Followed (accepted or in phase 2) and living outside the Mission Locale's territory."""
    if current not in (dom.PHASE_ACCEPTEE, dom.PHASE_ACCOMPAGNEMENT):
        return False
    territoire = load_territoire(session)
    if not territoire:
        return False
    row = session.execute(select(Jeune.code_postal, Jeune.commune).where(Jeune.id == jeune_id)).one()
    return bool(hors_territoire(territoire, *row))


def _birth(session: Session, jeune_id: uuid.UUID) -> date:
    birth = session.scalar(select(Jeune.date_naissance).where(Jeune.id == jeune_id))
    if birth is None:
        raise DomainError("La fiche du jeune n'existe plus (elle a peut-être été supprimée).")
    return birth


# --- the service ------------------------------------------------------------------------------

class CotraitanceService(Service):
    # --- reading ------------------------------------------------------------------------------
    def current(self, jeune_id: uuid.UUID) -> CotraitanceDetail | None:
        """The young person's latest episode with its history, phase, flags and planned end."""
        with self.store.read() as s:
            cot = current_row(s, jeune_id)
            return None if cot is None else self._detail(s, cot, _birth(s, jeune_id))

    def has_any(self) -> bool:
        with self.store.read() as s:
            return s.scalar(select(Cotraitance.id).limit(1)) is not None

    def _detail(self, s: Session, cot: Cotraitance, birth: date) -> CotraitanceDetail:
        state = load_state(s, cot)
        rows = s.execute(select(CotraitanceEtat.date, CotraitanceEtat.etat, CotraitanceEtat.motif,
                                CotraitanceEtat.auteur)
                         .where(CotraitanceEtat.cotraitance_id == cot.id)
                         .order_by(CotraitanceEtat.date, CotraitanceEtat.created_at)).all()
        history = tuple(EtatLigne(d, e, dict(dom.ETATS).get(e, str(e)), m, a) for d, e, m, a in rows)
        before = s.scalar(select(func.count()).select_from(Cotraitance).where(
            Cotraitance.jeune_id == cot.jeune_id, Cotraitance.id != cot.id))
        current = dom.phase(state)
        return CotraitanceDetail(
            cot.id, cot.version, cot.jeune_id, state, current,
            dom.echeance(state, birth, self.today(), _relance(s)), history,
            self._actions(current, state), before, _outside(s, cot.jeune_id, current))

    @staticmethod
    def _actions(current: str, state: dom.CotraitanceState) -> tuple[str, ...]:
        actions = ACTIONS[current]
        if "radiation" in actions and state.date_radiation is not None:
            actions = tuple("annuler_radiation" if a == "radiation" else a for a in actions)
        return actions

    # --- transitions --------------------------------------------------------------------------
    @translate_stale
    def affecter(self, jeune_id: uuid.UUID, when: date | str | None, criteres) -> CotraitanceDetail:
        """France Travail assigns the young person (new episode; none may be open)."""
        when = as_date(when, "date d'affectation")
        with self.store.write() as s:
            birth = _birth(s, jeune_id)
            current = current_row(s, jeune_id)
            if current is not None and current.phase in OPEN_PHASES:
                raise TransitionError(
                    f"Une cotraitance est déjà en cours depuis le {format_date(current.date_affectation)} "
                    f"(étape « {dict(dom.PHASES)[current.phase]} ») : enregistrez d'abord sa sortie "
                    "ou son refus.", "date_affectation")
            after = dom.affecter(birth, when, criteres, self.today())
            _check_after_previous(current, after.date_affectation)
            cot = create_episode(s, jeune_id, after, self.ctx.author)
            self._event(s, cot, after.date_affectation, "affectation par France Travail (critères "
                        + ", ".join(str(c) for c in after.criteres) + ").")
            s.flush()
            return self._detail(s, cot, birth)

    def accepter(self, cotraitance_id, version, when) -> CotraitanceDetail:
        when = as_date(when, "date d'acceptation")
        return self._apply(cotraitance_id, version, lambda st: dom.accepter(st, when, self.today()),
                           lambda st: (st.date_acceptation, "affectation acceptée."))

    def refuser(self, cotraitance_id, version, when, motif: str | None) -> CotraitanceDetail:
        when = as_date(when, "date de refus")
        return self._apply(cotraitance_id, version,
                           lambda st: dom.refuser(st, when, motif, self.today()),
                           lambda st: (st.date_refus, f"affectation refusée — motif : {st.motif_refus}."))

    def initialiser(self, cotraitance_id, version, when) -> CotraitanceDetail:
        when = as_date(when, "date d'initialisation")
        return self._apply(cotraitance_id, version, lambda st: dom.initialiser(st, when, self.today()),
                           lambda st: (st.date_initialisation,
                                       "initialisation du parcours (accompagnement actif)."))

    def changer_etat(self, cotraitance_id, version, etat: int, when, motif: str | None) -> CotraitanceDetail:
        when = as_date(when, "date du changement d'état")
        if etat is None:
            raise TransitionError("Nouvel état : obligatoire (actif, alerte ou suspension).", "etat")
        return self._apply(cotraitance_id, version,
                           lambda st: dom.changer_etat(st, etat, when, motif, self.today()),
                           lambda st: (st.date_etat, f"état « {dict(dom.ETATS)[st.etat]} » — "
                                                     f"motif : {st.motif_etat}."))

    def radiation(self, cotraitance_id, version, when) -> CotraitanceDetail:
        """France Travail's cessation d'inscription / radiation: the exit is due 6 months later."""
        when = as_date(when, "date de radiation")
        return self._apply(cotraitance_id, version,
                           lambda st: dom.enregistrer_radiation(st, when, self.today()),
                           lambda st: (st.date_radiation, "cessation d'inscription / radiation "
                                                          "à France Travail enregistrée."))

    def annuler_radiation(self, cotraitance_id, version) -> CotraitanceDetail:
        return self._apply(cotraitance_id, version, dom.annuler_radiation,
                           lambda st: (self.today(), "radiation annulée (réinscription à France Travail)."))

    @translate_stale
    def sortir(self, cotraitance_id, version, when, motif: str | None,
               code_postal: str | None = None, commune: str | None = None) -> CotraitanceDetail:
        """The exit France Travail decided (date and one of its three reasons), checked against
        the facts (``domain.cotraitance.check_motif_sortie``). For a « déménagement », the new
        address (``code_postal``, ``commune``) may be given: it is recorded on the file."""
        when = as_date(when, "date de sortie")
        with self.store.write() as s:
            cot = get_or_404(s, Cotraitance, cotraitance_id, "La cotraitance")
            check_version(cot, version)
            jeune = s.get(Jeune, cot.jeune_id)
            if jeune is None:
                raise DomainError("La fiche du jeune n'existe plus (elle a peut-être été supprimée).")
            moved = _new_address(jeune, code_postal, commune) if clean(motif) == "demenagement" else None
            cp, name = moved or (jeune.code_postal, jeune.commune)
            outside = hors_territoire(load_territoire(s), cp, name)
            before = load_state(s, cot)
            after = dom.sortir(before, when, motif, self.today(), birth=jeune.date_naissance,
                               hors_territoire=outside, demenagement_enregistre=moved is not None)
            if moved is not None:
                jeune.code_postal, jeune.commune, jeune.commune_fold = cp, name, fold(name)
                self.stamp(jeune)
            self.stamp(cot)
            write_state(s, cot, before, after, jeune.date_naissance, self.ctx.author)
            address = f" Nouvelle adresse : {cp} {name}." if moved else ""
            self._event(s, cot, after.date_sortie, "sortie décidée par France Travail — "
                        + dict(dom.MOTIFS_SORTIE)[after.motif_sortie] + "." + address)
            s.flush()
            return self._detail(s, cot, jeune.date_naissance)

    @translate_stale
    def _apply(self, cotraitance_id, version, change, event) -> CotraitanceDetail:
        with self.store.write() as s:
            cot = get_or_404(s, Cotraitance, cotraitance_id, "La cotraitance")
            check_version(cot, version)
            birth = _birth(s, cot.jeune_id)
            before = load_state(s, cot)
            after = change(before)
            self.stamp(cot)
            write_state(s, cot, before, after, birth, self.ctx.author)
            self._event(s, cot, *event(after))
            s.flush()
            return self._detail(s, cot, birth)

    def _event(self, s: Session, cot: Cotraitance, when: date, text: str) -> None:
        record_event(s, jeune_id=cot.jeune_id, when=when, type="autre", author=self.ctx.author,
                     note=f"Cotraitance : {text}", conseiller_id=self.ctx.user.id,
                     source_type="cotraitance", source_id=cot.id)

    # --- work lists and counts ----------------------------------------------------------------
    def relance_jours(self) -> int:
        """Days after which an affectation not yet accepted is listed (setting, default 7)."""
        with self.store.read() as s:
            return _relance(s)

    def set_relance_jours(self, days: int) -> None:
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
            raise DomainError(f"Délai de relance : un nombre de jours de 1 à 365 est attendu (reçu {days}).",
                              "relance_jours")
        from .settings import SettingsService
        SettingsService(self.ctx).set(RELANCE_KEY, days)

    def work_lists(self, relance_jours: int | None = None, referent=None,
                   site=None) -> dict[str, tuple[WorkRow, ...]]:
        """Each work list (keys of ``LISTES``) -> its rows, oldest first, filtered in SQL;
        ``referent`` and ``site`` take the values of the Jeunes list's filters (« Mes jeunes »,
        a user, « Sans référent »; a site)."""
        from .jeunes_list import FILTERS, MES_JEUNES, SANS_REFERENT
        days = relance_jours or self.relance_jours()
        if referent == MES_JEUNES:
            referent = self.ctx.user.id or SANS_REFERENT
        extra = tuple(FILTERS[k](v) for k, v in (("referent", referent), ("site", site)) if v is not None)
        with self.store.read() as s:
            return query_lists(s, self.today(), days, extra)

    def work_list_counts(self, relance_jours: int | None = None) -> WorkListCounts:
        """The size of every work list (for the Tableau de bord), with COUNT queries."""
        days = relance_jours or self.relance_jours()
        with self.store.read() as s:
            return count_lists(s, self.today(), days)

    def entries_by_month(self, year: int) -> dict[int, int]:
        """Month -> affectations dated that month and not refused (entries against the objective)."""
        with self.store.read() as s:
            return entries_by_month(s, year)
