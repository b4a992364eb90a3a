"""Plateformes de vocation (convention ``001_…`` art. 3.4): evaluations by the Méthode de
Recrutement par Simulation and the figures of the annual review per platform — evaluations of
young people carried out, evaluations passed, mises en relation that followed on MRS offers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, cast, func, or_, select

from ..domain.dates import format_date, parse_date
from ..domain.errors import DomainError, ValidationError
from ..domain.text import clean
from ..persistence.models import (
    Entreprise, EvaluationMrs, Evenement, Jeune, MiseEnRelation, Offre, PlateformeVocation,
)
from .base import Service, check_version, get_or_404, translate_stale
from .events import record_event

SOURCE_TYPE = "evaluation_mrs"


@dataclass(frozen=True)
class PlateformeData:
    id: uuid.UUID
    version: int
    nom: str
    commune: str | None


@dataclass(frozen=True)
class EvaluationData:
    id: uuid.UUID
    version: int
    plateforme_id: uuid.UUID
    plateforme: str
    jeune_id: uuid.UUID
    jeune: str
    date: date
    reussie: bool
    offre_id: uuid.UUID | None
    offre: str | None


@dataclass(frozen=True)
class OffreMrsChoice:
    id: uuid.UUID
    intitule: str
    entreprise: str | None
    plateforme_id: uuid.UUID | None

    def describe(self) -> str:
        return f"{self.intitule} — {self.entreprise}" if self.entreprise else self.intitule


@dataclass(frozen=True)
class MrsStats:
    plateforme_id: uuid.UUID
    plateforme: str
    debut: date
    fin: date
    evaluations: int
    reussies: int
    jeunes_evalues: int
    mises_en_relation: int
    mer_retenues: int

    @property
    def taux_reussite(self) -> float | None:
        return 100.0 * self.reussies / self.evaluations if self.evaluations else None


def _plateforme(p: PlateformeVocation) -> PlateformeData:
    return PlateformeData(p.id, p.version, p.nom, p.commune)


class MrsService(Service):
    # --- platforms ------------------------------------------------------------------------
    def plateformes(self) -> list[PlateformeData]:
        with self.store.read() as s:
            return [_plateforme(p) for p in s.scalars(select(PlateformeVocation).order_by(PlateformeVocation.nom))]

    @translate_stale
    def save_plateforme(self, nom: str | None, commune: str | None = None,
                        plateforme_id: uuid.UUID | None = None, version: int | None = None) -> PlateformeData:
        nom, commune = clean(nom), clean(commune)
        if nom is None:
            raise ValidationError({"nom": "Nom de la plateforme de vocation : champ obligatoire."})
        with self.store.write() as s:
            clash = s.scalar(select(PlateformeVocation.id).where(func.lower(PlateformeVocation.nom) == nom.lower()))
            if clash is not None and clash != plateforme_id:
                raise ValidationError({"nom": f"Une plateforme de vocation s'appelle déjà « {nom} »."})
            pf = self.load_or_new(s, PlateformeVocation, plateforme_id, version, "La plateforme de vocation")
            pf.nom, pf.commune = nom, commune
            s.flush()
            return _plateforme(pf)

    def offres_mrs(self, plateforme_id: uuid.UUID | None = None) -> list[OffreMrsChoice]:
        """MRS offers (of this platform, or not linked to any), most recent first."""
        q = (select(Offre.id, Offre.intitule, Entreprise.raison_sociale, Offre.plateforme_id)
             .outerjoin(Entreprise, Entreprise.id == Offre.entreprise_id).where(Offre.mrs.is_(True)))
        if plateforme_id is not None:
            q = q.where(or_(Offre.plateforme_id == plateforme_id, Offre.plateforme_id.is_(None)))
        with self.store.read() as s:
            return [OffreMrsChoice(*r) for r in s.execute(q.order_by(Offre.date_recueil.desc()).limit(500))]

    # --- evaluations ----------------------------------------------------------------------
    @translate_stale
    def add_evaluation(self, plateforme_id: uuid.UUID, jeune_id: uuid.UUID, when: date | str | None,
                       reussie: bool, offre_id: uuid.UUID | None = None) -> EvaluationData:
        """One evaluation of a young person by the platform (written in their journal)."""
        day = self._day(when)
        with self.store.write() as s:
            pf = get_or_404(s, PlateformeVocation, plateforme_id, "La plateforme de vocation")
            jeune = get_or_404(s, Jeune, jeune_id, "Le jeune")
            self._check_offre(s, offre_id)
            ev = EvaluationMrs(id=uuid.uuid4(), plateforme_id=pf.id, jeune_id=jeune.id, date=day,
                               reussie=bool(reussie), offre_id=offre_id)
            self.stamp_new(ev)
            s.add(ev)
            record_event(s, jeune_id=jeune.id, when=day, type="autre", author=self.ctx.author,
                         note=self._note(pf.nom, ev.reussie), conseiller_id=self.ctx.user.id,
                         source_type=SOURCE_TYPE, source_id=ev.id)
            s.flush()
            return self._evaluations(s, EvaluationMrs.id == ev.id)[0]

    @translate_stale
    def set_reussie(self, evaluation_id: uuid.UUID, reussie: bool, version: int | None = None) -> EvaluationData:
        with self.store.write() as s:
            ev = get_or_404(s, EvaluationMrs, evaluation_id, "L'évaluation")
            check_version(ev, version)
            ev.reussie = bool(reussie)
            self.stamp(ev)
            pf = s.get(PlateformeVocation, ev.plateforme_id)
            for event in s.scalars(select(Evenement).where(Evenement.source_type == SOURCE_TYPE,
                                                           Evenement.source_id == ev.id)):
                event.note = self._note(pf.nom, ev.reussie)
            s.flush()
            return self._evaluations(s, EvaluationMrs.id == ev.id)[0]

    def delete_evaluation(self, evaluation_id: uuid.UUID) -> None:
        with self.store.write() as s:
            ev = get_or_404(s, EvaluationMrs, evaluation_id, "L'évaluation")
            for event in s.scalars(select(Evenement).where(Evenement.source_type == SOURCE_TYPE,
                                                           Evenement.source_id == ev.id)):
                s.delete(event)
            s.delete(ev)

    def evaluations(self, plateforme_id: uuid.UUID | None = None, debut: date | None = None,
                    fin: date | None = None, jeune_id: uuid.UUID | None = None) -> list[EvaluationData]:
        conds = [EvaluationMrs.plateforme_id == plateforme_id] if plateforme_id else []
        conds += [EvaluationMrs.date >= debut] if debut else []
        conds += [EvaluationMrs.date <= fin] if fin else []
        conds += [EvaluationMrs.jeune_id == jeune_id] if jeune_id else []
        with self.store.read() as s:
            return self._evaluations(s, *conds)

    def _day(self, value) -> date:
        day = parse_date(value, "date de l'évaluation") if value not in (None, "") else self.today()
        if day > self.today():
            raise ValidationError({"date": f"Date de l'évaluation {format_date(day)} : elle ne peut "
                                           "pas être future."})
        return day

    @staticmethod
    def _check_offre(s, offre_id) -> None:
        if offre_id is None:
            return
        offre = get_or_404(s, Offre, offre_id, "L'offre")
        if not offre.mrs:
            raise DomainError(f"Offre « {offre.intitule} » : elle n'est pas recrutée par MRS ; "
                              "choisissez une offre MRS ou aucune.", "offre")

    @staticmethod
    def _note(plateforme: str, reussie: bool) -> str:
        return f"Évaluation MRS (plateforme de vocation {plateforme}) : {'réussie' if reussie else 'non réussie'}"

    @staticmethod
    def _evaluations(s, *conds) -> list[EvaluationData]:
        e = EvaluationMrs
        q = (select(e.id, e.version, e.plateforme_id, PlateformeVocation.nom, e.jeune_id, Jeune.nom.label("j_nom"),
                    Jeune.prenom, e.date, e.reussie, e.offre_id, Offre.intitule)
             .join(PlateformeVocation, PlateformeVocation.id == e.plateforme_id)
             .join(Jeune, Jeune.id == e.jeune_id).outerjoin(Offre, Offre.id == e.offre_id)
             .where(*conds).order_by(e.date.desc(), Jeune.nom_fold))
        return [EvaluationData(r.id, r.version, r.plateforme_id, r.nom, r.jeune_id, f"{r.j_nom} {r.prenom}",
                               r.date, bool(r.reussie), r.offre_id, r.intitule) for r in s.execute(q)]

    # --- figures --------------------------------------------------------------------------
    def stats(self, plateforme_id: uuid.UUID, debut: date, fin: date) -> MrsStats:
        """Evaluations carried out and passed in the period, and the mises en relation dated in
        the period on the platform's MRS offers (linked to the platform or to an evaluation)."""
        if fin < debut:
            raise ValidationError({"fin": f"Fin de période {format_date(fin)} : elle précède le "
                                          f"début {format_date(debut)}."})
        with self.store.read() as s:
            pf = get_or_404(s, PlateformeVocation, plateforme_id, "La plateforme de vocation")
            e = EvaluationMrs
            period = (e.plateforme_id == pf.id, e.date >= debut, e.date <= fin)
            n, ok, young = s.execute(select(func.count(), func.coalesce(func.sum(cast(e.reussie, Integer)), 0),
                                            func.count(e.jeune_id.distinct())).where(*period)).one()
            linked = select(e.offre_id).where(e.plateforme_id == pf.id, e.offre_id.is_not(None))
            m = MiseEnRelation
            mer, plus = s.execute(select(func.count(), func.coalesce(func.sum(cast(m.resultat == "retenu", Integer)), 0))
                                  .join(Offre, Offre.id == m.offre_id)
                                  .where(m.date >= debut, m.date <= fin, Offre.mrs.is_(True),
                                         or_(Offre.plateforme_id == pf.id, Offre.id.in_(linked)))).one()
            return MrsStats(pf.id, pf.nom, debut, fin, n, int(ok), young, mer, int(plus))

    def bilan(self, debut: date, fin: date) -> list[MrsStats]:
        """The annual review's figures, one line per platform."""
        return [self.stats(p.id, debut, fin) for p in self.plateformes()]
