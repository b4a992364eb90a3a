"""Délégations en mission d'intérim, actions de la branche, the DREETS semester table and the
figures of the year (``004_…`` art. 3.1, annex 2 art. 4).

Each delegation writes one line in the young person's journal (type « Délégation intérim »),
kept in step when the delegation is edited and removed with it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, delete, distinct, func, or_, select, union

from ..domain import interim as it
from ..domain.dates import format_date
from ..domain.errors import DomainError, Problems, ValidationError
from ..persistence.models import (
    ActionBranche, AgenceEmploi, DelegationInterim, Evenement, Jeune, OrientationAgence,
)
from .base import Service, get_or_404, translate_stale
from .events import record_event

SOURCE = "delegation"
ZERO = Decimal("0.00")


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class DelegationData:
    id: uuid.UUID
    version: int
    jeune_id: uuid.UUID
    jeune_nom: str
    agence_id: uuid.UUID
    agence_nom: str
    entreprise_utilisatrice: str | None
    type_contrat: str
    date_debut: date
    date_fin: date | None
    heures: Decimal | None

    @property
    def type_contrat_label(self) -> str:
        return dict(it.TYPES_CONTRAT_INTERIM).get(self.type_contrat, self.type_contrat)

    def as_input(self) -> it.DelegationInput:
        return it.DelegationInput(self.date_debut, self.date_fin, self.heures, self.type_contrat,
                                  self.entreprise_utilisatrice)


@dataclass(frozen=True)
class ActionData:
    id: uuid.UUID
    version: int
    jeune_id: uuid.UUID
    action: str
    date_debut: date
    date_fin: date | None
    resultat: str | None

    @property
    def action_label(self) -> str:
        return dict(it.ACTIONS_BRANCHE).get(self.action, self.action)

    @property
    def resultat_label(self) -> str:
        return dict(it.RESULTATS_ACTION).get(self.resultat or "", self.resultat or "")

    def as_input(self) -> it.ActionInput:
        return it.ActionInput(self.action, self.date_debut, self.date_fin, self.resultat)


@dataclass(frozen=True)
class SemestreLigne:
    agence: str
    jeunes: int
    missions: int
    heures: Decimal


@dataclass(frozen=True)
class SemestreTable:
    """Delegations overlapping a half-year, by agency. ``heures`` is the part of their hours
    that falls in the half-year (``domain.interim.heures_dans_periode``, prorated by days);
    ``total_jeunes`` counts each young person once."""

    annee: int
    semestre: int
    debut: date
    fin: date
    lignes: tuple[SemestreLigne, ...]
    total_jeunes: int
    total_missions: int
    total_heures: Decimal

    @property
    def libelle(self) -> str:
        rang = "1er" if self.semestre == 1 else "2e"
        return f"{rang} semestre {self.annee} ({format_date(self.debut)} – {format_date(self.fin)})"


@dataclass(frozen=True)
class ChiffresAgence:
    agence: str
    orientes: int
    mis_a_l_emploi: int
    delegations: int


@dataclass(frozen=True)
class ChiffresAnnee:
    """Annual evaluation (annex 2 art. 4). A young person counts as « orienté » when oriented to an
    agency in the year or placed by one (a delegation starting in the year); « mis à l'emploi »
    when a delegation starts in the year."""

    annee: int
    jeunes_orientes: int
    jeunes_mis_a_l_emploi: int
    delegations: int
    heures: Decimal
    par_agence: tuple[ChiffresAgence, ...]


def _nom(nom: str, prenom: str) -> str:
    return f"{nom} {prenom}"


def _note(d: it.DelegationInput, agence: str) -> str:
    label = dict(it.TYPES_CONTRAT_INTERIM)[d.type_contrat]
    parts = [f"Délégation {label} — {agence}"]
    if d.entreprise_utilisatrice:
        parts.append(f"entreprise utilisatrice {d.entreprise_utilisatrice}")
    period = f"du {format_date(d.date_debut)}" + (f" au {format_date(d.date_fin)}" if d.date_fin else "")
    parts.append(period)
    parts.append(f"{d.heures:.2f}".replace(".00", "").replace(".", ",") + " h")
    return ", ".join(parts)[:500]


def overlap(start: date, end: date):
    return and_(DelegationInterim.date_debut <= end,
                or_(DelegationInterim.date_fin.is_(None), DelegationInterim.date_fin >= start))


def _hours(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


# ---------------------------------------------------------------- service


class InterimService(Service):
    # --- delegations ----------------------------------------------------------------------
    def delegations_source(self):
        """Every delegation for the Mission Jeunes page (search by name, agency, contract, year)."""
        from .mission_jeunes_lists import DelegationsSource
        return DelegationsSource(self)

    def agences_choices(self) -> list[tuple[uuid.UUID, str]]:
        """(id, nom) of every agency, for pickers and filters."""
        with self.store.read() as s:
            return [tuple(r) for r in s.execute(select(AgenceEmploi.id, AgenceEmploi.nom)
                                                .order_by(func.lower(AgenceEmploi.nom)))]

    def delegations(self, jeune_id: uuid.UUID | None = None, ids: list | None = None) -> list[DelegationData]:
        """Delegations of a young person (latest first), or the given ids."""
        q = (select(DelegationInterim, Jeune.nom, Jeune.prenom, AgenceEmploi.nom)
             .join(Jeune, Jeune.id == DelegationInterim.jeune_id)
             .join(AgenceEmploi, AgenceEmploi.id == DelegationInterim.agence_id)
             .order_by(DelegationInterim.date_debut.desc()))
        if jeune_id is not None:
            q = q.where(DelegationInterim.jeune_id == jeune_id)
        if ids is not None:
            q = q.where(DelegationInterim.id.in_(ids))
        with self.store.read() as s:
            return [DelegationData(d.id, d.version, d.jeune_id, _nom(n, p), d.agence_id, a,
                                   d.entreprise_utilisatrice, d.type_contrat, d.date_debut, d.date_fin,
                                   d.heures) for d, n, p, a in s.execute(q)]

    def delegation(self, delegation_id: uuid.UUID) -> DelegationData:
        found = self.delegations(ids=[delegation_id])
        if not found:
            raise DomainError("La délégation n'existe plus (elle a peut-être été supprimée).")
        return found[0]

    @translate_stale
    def save_delegation(self, jeune_id: uuid.UUID, agence_id: uuid.UUID | None,
                        data: it.DelegationInput, delegation_id: uuid.UUID | None = None,
                        version: int | None = None) -> DelegationData:
        """Create or edit a delegation and its journal line, in one transaction. All problems
        (dates, hours, contract, missing agency) come back at once, nothing is saved."""
        p = Problems()
        try:
            data = it.validate_delegation(data, self.today())
        except ValidationError as err:
            p.items.update(err.problems)
        if agence_id is None:
            p.add("agence", "Agence d'emploi : obligatoire.")
        p.raise_if_any()
        return self._store_delegation(jeune_id, agence_id, data, delegation_id, version)

    def _store_delegation(self, jeune_id, agence_id, data, delegation_id, version) -> DelegationData:
        with self.store.write() as s:
            get_or_404(s, Jeune, jeune_id, "La fiche du jeune")
            agence = get_or_404(s, AgenceEmploi, agence_id, "L'agence d'emploi")
            row = self.load_or_new(s, DelegationInterim, delegation_id, version, "La délégation", jeune_id=jeune_id)
            row.agence_id, row.type_contrat = agence_id, data.type_contrat
            row.entreprise_utilisatrice, row.heures = data.entreprise_utilisatrice, data.heures
            row.date_debut, row.date_fin = data.date_debut, data.date_fin
            s.flush()
            self._journal(s, row, _note(data, agence.nom))
            new_id = row.id
        return self.delegation(new_id)

    def _journal(self, s, row: DelegationInterim, note: str) -> None:
        event = s.scalar(select(Evenement).where(Evenement.source_type == SOURCE,
                                                 Evenement.source_id == row.id))
        if event is None:
            record_event(s, jeune_id=row.jeune_id, when=row.date_debut, type="delegation_interim",
                         author=self.ctx.author, note=note, conseiller_id=self.ctx.user.id,
                         source_type=SOURCE, source_id=row.id)
        else:
            event.date, event.note, event.updated_by = row.date_debut, note, self.ctx.author

    def delete_delegation(self, delegation_id: uuid.UUID) -> None:
        """Removes the delegation and its journal line."""
        with self.store.write() as s:
            row = get_or_404(s, DelegationInterim, delegation_id, "La délégation")
            s.execute(delete(Evenement).where(Evenement.source_type == SOURCE,
                                              Evenement.source_id == delegation_id))
            s.delete(row)

    # --- branch actions -------------------------------------------------------------------
    def actions(self, jeune_id: uuid.UUID) -> list[ActionData]:
        with self.store.read() as s:
            rows = s.scalars(select(ActionBranche).where(ActionBranche.jeune_id == jeune_id)
                             .order_by(ActionBranche.date_debut.desc()))
            return [ActionData(a.id, a.version, a.jeune_id, a.action, a.date_debut, a.date_fin,
                               a.resultat) for a in rows]

    @translate_stale
    def save_action(self, jeune_id: uuid.UUID, data: it.ActionInput, action_id: uuid.UUID | None = None,
                    version: int | None = None) -> ActionData:
        data = it.validate_action(data, self.today())
        with self.store.write() as s:
            get_or_404(s, Jeune, jeune_id, "La fiche du jeune")
            row = self.load_or_new(s, ActionBranche, action_id, version, "L'action", jeune_id=jeune_id)
            row.action, row.resultat = data.action, data.resultat
            row.date_debut, row.date_fin = data.date_debut, data.date_fin
            s.flush()
            return ActionData(row.id, row.version, jeune_id, row.action, row.date_debut,
                              row.date_fin, row.resultat)

    def delete_action(self, action_id: uuid.UUID) -> None:
        with self.store.write() as s:
            s.delete(get_or_404(s, ActionBranche, action_id, "L'action"))

    # --- DREETS semester table ------------------------------------------------------------
    def semestre(self, year: int, semester: int, site_id: uuid.UUID | None = None) -> SemestreTable:
        """Delegations overlapping the half-year (young people of ``site_id`` when given)."""
        from .bilans_queries.common import Scope, SessionRunner
        from .bilans_queries.mission_jeunes import semestre_par_agence
        start, end = it.semestre_bounds(year, semester)
        with self.store.read() as s:  # the same figures as the DREETS report
            lines, total_jeunes = semestre_par_agence(SessionRunner(s), Scope(start, end, site_id))
        lignes = tuple(SemestreLigne(x.agence, x.jeunes, x.missions, _hours(x.heures)) for x in lines)
        return SemestreTable(year, semester, start, end, lignes, total_jeunes,
                             sum(x.missions for x in lignes), sum((x.heures for x in lignes), ZERO))

    # --- figures of the year --------------------------------------------------------------
    def chiffres_annee(self, year: int | None = None, site_id: uuid.UUID | None = None) -> ChiffresAnnee:
        year = year or self.today().year
        start, end = date(year, 1, 1), date(year, 12, 31)
        placed = (select(DelegationInterim.jeune_id.label("jeune_id"),
                         DelegationInterim.agence_id.label("agence_id"),
                         DelegationInterim.heures.label("heures"))
                  .join(Jeune, Jeune.id == DelegationInterim.jeune_id)
                  .where(DelegationInterim.date_debut.between(start, end)))
        oriented = (select(OrientationAgence.jeune_id, OrientationAgence.agence_id)
                    .join(Jeune, Jeune.id == OrientationAgence.jeune_id)
                    .where(OrientationAgence.date.between(start, end)))
        if site_id is not None:
            placed, oriented = (q.where(Jeune.site_id == site_id) for q in (placed, oriented))
        placed_sq = placed.subquery()
        both = union(oriented, select(placed_sq.c.jeune_id, placed_sq.c.agence_id)).subquery()
        with self.store.read() as s:
            names = dict(s.execute(select(AgenceEmploi.id, AgenceEmploi.nom)).all())
            ori = dict(s.execute(select(both.c.agence_id, func.count(distinct(both.c.jeune_id)))
                                 .group_by(both.c.agence_id)).all())
            mis = {a: (j, n) for a, j, n in s.execute(
                select(placed_sq.c.agence_id, func.count(distinct(placed_sq.c.jeune_id)), func.count())
                .group_by(placed_sq.c.agence_id))}
            totals = s.execute(select(func.count(distinct(placed_sq.c.jeune_id)), func.count(),
                                      func.sum(placed_sq.c.heures))).one()
            total_ori = s.scalar(select(func.count(distinct(both.c.jeune_id))))
        rows = tuple(sorted((ChiffresAgence(names[a], ori.get(a, 0), *mis.get(a, (0, 0)))
                             for a in set(ori) | set(mis)), key=lambda r: r.agence.lower()))
        return ChiffresAnnee(year, total_ori, totals[0], totals[1], _hours(totals[2]), rows)
