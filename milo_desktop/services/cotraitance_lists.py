"""The cotraitance work lists and counts, filtered in SQL on indexed columns.

Only **open** episodes are listed; the service guarantees one open episode per young person, so
no "latest episode" subquery is needed. Exits are found through ``jeune.date_fin_prevue``
(indexed range) joined to the open episode; the other lists through ``cotraitance.phase``.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, extract, func, select, tuple_
from sqlalchemy.orm import Session

from ..domain import cotraitance as dom
from ..persistence.models import Cotraitance, Jeune, Site, Utilisateur

C, J = Cotraitance, Jeune
FOLLOWED = (dom.PHASE_ACCEPTEE, dom.PHASE_ACCOMPAGNEMENT)


@dataclass(frozen=True)
class ListeSpec:
    key: str
    titre: str
    date_label: str
    jours_label: str
    description: str


LISTES: tuple[ListeSpec, ...] = (
    ListeSpec("a_accepter", "Affectations à accepter", "Affectation", "Attente (jours)",
              "Affectations ni acceptées ni refusées au-delà du délai de relance."),
    ListeSpec("a_initialiser", "Parcours à initialiser", "Acceptation", "Depuis (jours)",
              f"Affectations acceptées dont le premier entretien n'a pas eu lieu "
              f"(référence : {dom.DELAI_INITIALISATION_REF} jours)."),
    ListeSpec("en_alerte", "En alerte", "Depuis le", "Depuis (jours)",
              "Jeunes à l'état « Alerte de cotraitance »."),
    ListeSpec("suspendus", "Suspendus", "Depuis le", "Depuis (jours)",
              "Jeunes à l'état « Suspension de la cotraitance »."),
    ListeSpec("sorties_du_mois", "Sorties dues ce mois", "Fin prévue", "Dans (jours)",
              "Fin prévue de la cotraitance d'ici la fin du mois : la sortie sera décidée par "
              "France Travail."),
    ListeSpec("sorties_en_retard", "Sorties en retard", "Fin prévue", "Retard (jours)",
              "Fin prévue dépassée sans sortie enregistrée."),
    ListeSpec("hors_territoire", "Déménagement hors territoire", "Affectation", "Depuis (jours)",
              "Adresse hors du territoire de la Mission Locale (Paramètres ▸ Territoire) : "
              "demandez à France Travail la sortie « Déménagement hors du territoire de la "
              "Mission Locale » (art. 4.3), puis enregistrez-la."),
)


@dataclass(frozen=True)
class WorkRow:
    """One line of a work list; ``jours`` is read with the list's ``jours_label``."""

    jeune_id: uuid.UUID
    cotraitance_id: uuid.UUID
    nom: str
    prenom: str
    referent: str | None
    site: str | None
    date_affectation: date
    date_reference: date | None
    jours: int | None
    en_retard: bool = False


@dataclass(frozen=True)
class WorkListCounts:
    a_accepter: int = 0
    a_initialiser: int = 0
    en_alerte: int = 0
    suspendus: int = 0
    sorties_du_mois: int = 0
    sorties_en_retard: int = 0
    hors_territoire: int = 0  # followed young people whose address is outside the territory
    en_cours: int = 0  # open episodes (affectation, acceptée, accompagnement)
    relance_jours: int = dom.RELANCE_JOURS

    def get(self, key: str) -> int:
        return getattr(self, key)


def _month_end(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def _conditions(today: date, relance_jours: int) -> dict[str, tuple]:
    """List key -> (where clause, reference date column, whether rows go through jeune dates)."""
    in_phase2 = C.phase == dom.PHASE_ACCOMPAGNEMENT
    exits = and_(J.cotra_phase.in_(FOLLOWED), C.phase.in_(FOLLOWED))
    return {
        "a_accepter": (and_(C.phase == dom.PHASE_AFFECTATION,
                            C.date_affectation < today - timedelta(days=relance_jours)),
                       C.date_affectation),
        "a_initialiser": (C.phase == dom.PHASE_ACCEPTEE, C.date_acceptation),
        "en_alerte": (and_(in_phase2, C.etat == dom.ETAT_ALERTE), C.date_etat),
        "suspendus": (and_(in_phase2, C.etat == dom.ETAT_SUSPENSION), C.date_etat),
        "sorties_du_mois": (and_(J.date_fin_prevue >= today, J.date_fin_prevue <= _month_end(today),
                                 exits), J.date_fin_prevue),
        "sorties_en_retard": (and_(J.date_fin_prevue < today, exits), J.date_fin_prevue),
    }


def _join_exits(key: str) -> bool:
    return key.startswith("sorties")


def _rows_query(key: str, where, ref_col):
    referent = func.trim(func.coalesce(Utilisateur.prenom, "") + " " + func.coalesce(Utilisateur.nom, ""))
    q = select(J.id, C.id, J.nom, J.prenom, referent, Site.nom, C.date_affectation, ref_col)
    if _join_exits(key):  # drive from the indexed jeune.date_fin_prevue
        q = q.select_from(J).join(C, C.jeune_id == J.id)
    else:
        q = q.select_from(C).join(J, J.id == C.jeune_id)
    q = q.outerjoin(Utilisateur, Utilisateur.id == J.referent_id).outerjoin(Site, Site.id == J.site_id)
    return q.where(where).order_by(ref_col, J.nom_fold, J.prenom_fold)


def _work_row(key: str, row, today: date) -> WorkRow:
    jeune_id, cot_id, nom, prenom, referent, site, affectation, ref = row
    if ref is None:
        days = None
    elif key == "sorties_du_mois":
        days = (ref - today).days
    else:
        days = (today - ref).days
    late = {"a_accepter": True, "sorties_en_retard": True,
            "a_initialiser": days is not None and days > dom.DELAI_INITIALISATION_REF}.get(key, False)
    return WorkRow(jeune_id, cot_id, nom, prenom, referent or None, site, affectation, ref, days, late)


def _outside_where(session: Session):
    """The condition on followed episodes whose young person lives outside the territory
    (``domain.communes``), or None when nobody does or the territory is not set. Each distinct
    (postcode, commune) is judged once."""
    from ..domain.communes import hors_territoire
    from .territoire import load
    territoire = load(session)
    if not territoire:
        return None
    commune = func.coalesce(J.commune, "")
    followed = and_(C.phase.in_(FOLLOWED), J.code_postal.is_not(None))
    pairs = session.execute(select(J.code_postal, commune).select_from(C).join(J, J.id == C.jeune_id)
                            .where(followed).distinct()).all()
    outside = [(cp, name) for cp, name in pairs if hors_territoire(territoire, cp, name)]
    if not outside:
        return None
    return and_(followed, tuple_(J.code_postal, commune).in_(outside))


def hors_territoire_ids(session: Session) -> list[uuid.UUID]:
    """Young people followed in cotraitance (accepted, in phase 2) whose address is outside
    the Mission Locale's territory; none when the territory is not set."""
    where = _outside_where(session)
    if where is None:
        return []
    return list(session.scalars(select(J.id).select_from(C).join(J, J.id == C.jeune_id).where(where)))


def _hors_territoire_rows(session: Session, today: date) -> tuple[WorkRow, ...]:
    where = _outside_where(session)
    if where is None:
        return ()
    rows = session.execute(_rows_query("hors_territoire", where, C.date_affectation)).all()
    return tuple(_work_row("hors_territoire", r, today) for r in rows)


def query_lists(session: Session, today: date, relance_jours: int,
                extra: tuple = ()) -> dict[str, tuple[WorkRow, ...]]:
    """Every list; ``extra`` adds conditions on ``jeune`` (the Jeunes list's référent and site
    filters)."""
    result = {}
    for key, (where, ref_col) in _conditions(today, relance_jours).items():
        rows = session.execute(_rows_query(key, and_(where, *extra), ref_col)).all()
        result[key] = tuple(_work_row(key, r, today) for r in rows)
    result["hors_territoire"] = _hors_territoire_rows(session, today)
    return result


def _count(session: Session, key: str, where) -> int:
    q = select(func.count())
    if _join_exits(key):
        q = q.select_from(J).join(C, C.jeune_id == J.id)
    else:
        q = q.select_from(C)
    return session.scalar(q.where(where)) or 0


def count_lists(session: Session, today: date, relance_jours: int) -> WorkListCounts:
    counts = {key: _count(session, key, where)
              for key, (where, _ref) in _conditions(today, relance_jours).items()}
    counts["en_cours"] = session.scalar(select(func.count()).select_from(C).where(
        C.phase.in_((dom.PHASE_AFFECTATION, *FOLLOWED)))) or 0
    where = _outside_where(session)
    counts["hors_territoire"] = 0 if where is None else session.scalar(
        select(func.count()).select_from(C).join(J, J.id == C.jeune_id).where(where)) or 0
    return WorkListCounts(**counts, relance_jours=relance_jours)


def entries_by_month(session: Session, year: int) -> dict[int, int]:
    """Month (1-12) -> affectations dated that month of ``year`` that were not refused.

    This is the count followed against the yearly objective (art. 4.2): France Travail's
    affectation is the entry in cotraitance; a refused affectation is not an entry.
    """
    month = extract("month", C.date_affectation)
    rows = session.execute(
        select(month, func.count())
        .where(C.date_affectation >= date(year, 1, 1), C.date_affectation < date(year + 1, 1, 1),
               C.date_refus.is_(None))
        .group_by(month)).all()
    return {int(m): int(n) for m, n in rows}
