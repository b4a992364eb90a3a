"""The cotraitance columns of a jeunes file, turned into an episode by the domain's transitions.

The file gives dates (affectation, acceptation, initialisation, radiation) and the criteria;
the episode is built by calling :func:`affecter`, :func:`accepter`, :func:`initialiser` and
:func:`enregistrer_radiation` in that order, so every rule applies exactly as in the app. A
young person already followed in cotraitance gets only the steps the store does not have yet.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from ...domain import cotraitance as cot
from ...domain.dates import format_date, parse_date
from ...domain.errors import DomainError, Problems
from ...persistence.models import Cotraitance, CotraitanceEtat, Evenement, Jeune
from .common import insert_rows, set_rows, stamps

COLUMNS = ("date_affectation", "criteres", "date_acceptation", "date_initialisation",
           "date_radiation")
LABELS = {
    "date_affectation": "date d'affectation",
    "date_acceptation": "date d'acceptation",
    "date_initialisation": "date d'initialisation",
    "date_radiation": "date de radiation",
}
STEPS = (("date_acceptation", cot.accepter), ("date_initialisation", cot.initialiser),
         ("date_radiation", cot.enregistrer_radiation))
MOTIF_INITIALISATION = "Initialisation du parcours (import)"
SUMMARY = ("cotra_phase", "cotra_etat", "date_fin_prevue")
EPISODE_COLUMNS = ("phase", "date_acceptation", "date_initialisation", "etat", "date_etat",
                   "date_radiation", "date_fin_prevue", "motif_fin_prevue")
_SEPARATORS = re.compile(r"(?:[\s,;./+&]|\bet\b)+")
_CLOSED = (cot.PHASE_SORTIE, cot.PHASE_REFUSEE)


def parse_criteres(text: str | None) -> tuple[int, ...]:
    """``"1,3"``, ``"1;3"``, ``"1 et 3"``, ``"1.3"`` (Excel's decimal) -> ``(1, 3)``."""
    raw = (text or "").strip()
    tokens = [t for t in _SEPARATORS.split(raw) if t]
    if not all(t.isdigit() for t in tokens):
        raise DomainError(f"Critères « {raw} » : numéros de 1 à 4 séparés par des virgules "
                          "attendus (ex. 1,3).", "criteres")
    codes = tuple(sorted({int(t) for t in tokens}))
    return cot.mask_to_criteres(cot.criteres_to_mask(codes))


def build(values: dict[str, str], birth: date | None, today: date,
          p: Problems) -> cot.CotraitanceState | None:
    """The episode the row describes (None without an affectation); problems go to ``p``
    under the column at fault."""
    if not any(values.get(n) for n in COLUMNS):
        return None
    dates = {n: p.check(n, parse_date, values.get(n), label) for n, label in LABELS.items()}
    criteres = p.check("criteres", parse_criteres, values.get("criteres")) if values.get("criteres") else ()
    if dates["date_affectation"] is None:
        _orphan_steps(values, p)
        return None
    if birth is None or any(n in p.items for n in COLUMNS):
        return None
    try:
        state = cot.affecter(birth, dates["date_affectation"], criteres or (), today)
    except DomainError as err:
        p.add(err.field if err.field in COLUMNS else "date_affectation", err.message)
        return None
    for name, step in STEPS:
        if dates[name] is not None:
            try:
                state = step(state, dates[name], today)
            except DomainError as err:
                p.add(name, err.message)
                return None
    return state


def _orphan_steps(values: dict[str, str], p: Problems) -> None:
    if "date_affectation" in p.items:
        return
    for name in COLUMNS[1:]:
        if (values.get(name) or "").strip() and name not in p.items:
            p.add(name, "Cotraitance : la date d'affectation est absente ; une cotraitance "
                        "commence par l'affectation.")


# --- rows to write --------------------------------------------------------------------------

def summary(state: cot.CotraitanceState | None, birth: date) -> dict[str, Any]:
    """The young person's denormalised columns for lists and filters."""
    if state is None:
        return {"cotra_phase": None, "cotra_etat": None, "date_fin_prevue": None}
    end = cot.fin_prevue(state, birth)
    return {"cotra_phase": cot.phase(state), "cotra_etat": state.etat,
            "date_fin_prevue": end[0] if end else None}


def episode_values(state: cot.CotraitanceState, birth: date) -> dict[str, Any]:
    """The columns of a cotraitance row that derive from the episode."""
    end = cot.fin_prevue(state, birth)
    return {
        "phase": cot.phase(state), "date_affectation": state.date_affectation,
        "criteres": cot.criteres_to_mask(state.criteres),
        "date_acceptation": state.date_acceptation, "date_refus": state.date_refus,
        "motif_refus": state.motif_refus, "date_initialisation": state.date_initialisation,
        "etat": state.etat, "date_etat": state.date_etat, "date_radiation": state.date_radiation,
        "date_sortie": state.date_sortie, "motif_sortie": state.motif_sortie,
        "date_fin_prevue": end[0] if end else None, "motif_fin_prevue": end[1] if end else None,
    }


EVENTS = (
    ("date_affectation", lambda st: "affectation par France Travail (critères "
                                    + ", ".join(str(c) for c in st.criteres) + ")."),
    ("date_acceptation", lambda st: "affectation acceptée."),
    ("date_initialisation", lambda st: "initialisation du parcours (accompagnement actif)."),
    ("date_radiation", lambda st: "cessation d'inscription / radiation à France Travail "
                                  "enregistrée."),
)


class Episodes:
    """New and completed episodes with their state history (state 1 on the initialisation)
    and the journal events the cotraitance screens would have written, flushed together."""

    def __init__(self, author: str, user_id: uuid.UUID | None, now):
        self.author, self.user_id, self.now = author, user_id, now
        self.base = stamps(author, now)
        self.created: list[dict] = []
        self.advanced: list[tuple[uuid.UUID, dict]] = []
        self.etats: list[dict] = []
        self.events: list[dict] = []
        self.summaries: list[tuple[uuid.UUID, dict]] = []

    def create(self, jeune_id: uuid.UUID, state: cot.CotraitanceState, birth: date,
               existing: bool = False) -> None:
        episode_id = uuid.uuid4()
        self.created.append({**self.base, "id": episode_id, "jeune_id": jeune_id,
                             **episode_values(state, birth)})
        self._history(jeune_id, episode_id, None, state)
        if existing:
            self.summaries.append((jeune_id, summary(state, birth)))

    def advance(self, jeune_id: uuid.UUID, episode_id: uuid.UUID, before: cot.CotraitanceState,
                state: cot.CotraitanceState, birth: date) -> None:
        self.advanced.append((episode_id, episode_values(state, birth)))
        self._history(jeune_id, episode_id, before, state)
        self.summaries.append((jeune_id, summary(state, birth)))

    def _history(self, jeune_id, episode_id, before, state) -> None:
        if state.date_initialisation and (before is None or not before.date_initialisation):
            self.etats.append({"id": uuid.uuid4(), "cotraitance_id": episode_id,
                               "date": state.date_initialisation, "etat": cot.ETAT_ACTIF,
                               "motif": MOTIF_INITIALISATION, "auteur": self.author,
                               "created_at": self.now})
        for name, text in EVENTS:
            when = getattr(state, name)
            if when is not None and (before is None or getattr(before, name) != when):
                self.events.append({
                    **self.base, "id": uuid.uuid4(), "jeune_id": jeune_id, "date": when,
                    "type": "autre", "modalite": None, "statut": "present",
                    "conseiller_id": self.user_id, "note": f"Cotraitance : {text(state)}",
                    "source_type": "cotraitance", "source_id": episode_id})

    def write(self, session) -> None:
        insert_rows(session, Cotraitance.__table__, self.created)
        set_rows(session, Cotraitance.__table__, EPISODE_COLUMNS, self.advanced, self.author)
        insert_rows(session, CotraitanceEtat.__table__, self.etats)
        insert_rows(session, Evenement.__table__, self.events)
        set_rows(session, Jeune.__table__, SUMMARY, self.summaries)
        self.created, self.advanced, self.etats, self.events, self.summaries = [], [], [], [], []


def snapshot(row: Any) -> cot.CotraitanceState:
    """A stored cotraitance row as a domain snapshot."""
    return cot.CotraitanceState(
        date_affectation=row.date_affectation, criteres=cot.mask_to_criteres(row.criteres or 0),
        date_acceptation=row.date_acceptation, date_refus=row.date_refus,
        motif_refus=row.motif_refus, date_initialisation=row.date_initialisation,
        etat=row.etat, date_etat=row.date_etat, date_radiation=row.date_radiation,
        date_sortie=row.date_sortie, motif_sortie=row.motif_sortie)


# --- a young person already in the store ----------------------------------------------------

def plan_for_existing(stored: cot.CotraitanceState | None, wanted: cot.CotraitanceState,
                      today: date) -> tuple[str, cot.CotraitanceState | None, str | None]:
    """``("create", state, None)``, ``("advance", state, None)`` or ``("keep", None, why)``."""
    if stored is None:
        return "create", wanted, None
    if stored.date_affectation == wanted.date_affectation:
        return _advance(stored, wanted, today)
    if cot.phase(stored) in _CLOSED and wanted.date_affectation > stored.date_affectation:
        return "create", wanted, None
    return "keep", None, (f"une autre cotraitance est enregistrée (affectation du "
                          f"{format_date(stored.date_affectation)}) : cotraitance non modifiée")


def _advance(stored: cot.CotraitanceState, wanted: cot.CotraitanceState,
             today: date) -> tuple[str, cot.CotraitanceState | None, str | None]:
    state = stored
    for name, step in STEPS:
        when, recorded = getattr(wanted, name), getattr(stored, name)
        if when is None or when == recorded:
            continue
        if recorded is not None:
            return "keep", None, (f"{LABELS[name]} enregistrée le {format_date(recorded)}, "
                                  f"le fichier indique le {format_date(when)} : cotraitance non modifiée")
        try:
            state = step(state, when, today)
        except DomainError as err:
            return "keep", None, f"{err.message} Cotraitance non modifiée."
    if state == stored:
        return "keep", None, None
    return "advance", replace(state), None
