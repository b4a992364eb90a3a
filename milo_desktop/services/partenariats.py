"""Employer partnerships (MEDEF / réseaux d'employeurs, IMS – entreprises partenaires): partner
events with young people, CVs transmitted to companies with the young person's consent, and the
year's figures by network that feed the « Bilan des partenariats entreprises ».

Figures follow the bilan's rules (``bilans_queries/partenariats.py``): an offer belongs to a
network by its ``source``, a CV transmission by the company's network, an event by its own
``reseau``. The « autre » column gathers other partner events and CVs sent to companies outside
the two networks; offers have no « autre » figure (they belong to the offers bilan).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, delete, func, select

from ..domain import partenariats as dom
from ..domain.errors import DomainError, ValidationError
from ..domain.text import de
from ..persistence.models import (
    Entreprise, Evenement, EvenementPartenaire, Jeune, MiseEnRelation, Offre, TransmissionCv,
)
from .base import Service, check_version, get_or_404, translate_stale
from .events import record_event

SOURCE_TYPE = "transmission_cv"
JOURNAL_TYPE = "autre"


@dataclass(frozen=True)
class EvenementData:
    id: uuid.UUID
    version: int
    reseau: str
    type: str
    titre: str
    date: date
    entreprise_id: uuid.UUID | None
    entreprise: str | None
    nb_jeunes: int
    nb_entreprises: int

    @property
    def reseau_label(self) -> str:
        return dom.libelle(dom.RESEAUX_PARTENAIRES, self.reseau)

    @property
    def type_label(self) -> str:
        return dom.libelle(dom.TYPES_EVENEMENT, self.type)

    def as_input(self) -> dom.EvenementInput:
        return dom.EvenementInput(self.reseau, self.type, self.titre, self.date, self.nb_jeunes,
                                  self.nb_entreprises, self.entreprise_id)


@dataclass(frozen=True)
class TransmissionData:
    id: uuid.UUID
    version: int
    jeune_id: uuid.UUID
    jeune: str
    entreprise_id: uuid.UUID
    entreprise: str
    reseau: str  # medef | ims | autre (the company's network)
    offre_id: uuid.UUID | None
    offre: str | None
    date: date
    date_consentement: date
    transmis_par: str | None

    @property
    def reseau_label(self) -> str:
        return dom.libelle(dom.RESEAUX_PARTENAIRES, self.reseau)


@dataclass(frozen=True)
class ChiffresReseau:
    """One network's figures for a year. Offer figures are None for « autre »."""

    reseau: str
    evenements: int = 0
    participants: int = 0
    entreprises_evenements: int = 0
    cv_transmis: int = 0
    jeunes_cv: int = 0
    offres: int | None = None
    postes: int | None = None
    jeunes_presentes: int | None = None
    mises_en_relation: int | None = None
    mer_positives: int | None = None

    @property
    def label(self) -> str:
        return dom.libelle(dom.RESEAUX_PARTENAIRES, self.reseau)


@dataclass(frozen=True)
class ChiffresPartenariats:
    annee: int
    reseaux: tuple[ChiffresReseau, ...]

    def of(self, reseau: str) -> ChiffresReseau:
        return next(r for r in self.reseaux if r.reseau == reseau)


def _year(column, year: int):
    return column.between(date(year, 1, 1), date(year, 12, 31))


def _network_of_company():
    """SQL twin of ``dom.reseau_of_entreprise``."""
    return case((Entreprise.reseau.in_(dom.RESEAUX_CONVENTION), Entreprise.reseau), else_="autre")


class PartenariatsService(Service):
    # --- events ---------------------------------------------------------------------------
    def evenements(self, year: int | None = None, reseau: str | None = None) -> list[EvenementData]:
        """Partner events, latest first, of a year and a network (None: all)."""
        conditions = []
        if year is not None:
            conditions.append(_year(EvenementPartenaire.date, year))
        if reseau is not None:
            conditions.append(EvenementPartenaire.reseau == reseau)
        with self.store.read() as s:
            return self._evenements(s, *conditions)

    def evenement(self, evenement_id: uuid.UUID) -> EvenementData:
        with self.store.read() as s:
            found = self._evenements(s, EvenementPartenaire.id == evenement_id)
            if not found:
                get_or_404(s, EvenementPartenaire, evenement_id, "L'événement")
            return found[0]

    @staticmethod
    def _evenements(s, *conditions) -> list[EvenementData]:
        v = EvenementPartenaire
        q = (select(v.id, v.version, v.reseau, v.type, v.titre, v.date, v.entreprise_id,
                    Entreprise.raison_sociale, v.nb_jeunes, v.nb_entreprises)
             .outerjoin(Entreprise, Entreprise.id == v.entreprise_id)
             .where(*conditions).order_by(v.date.desc(), v.titre))
        return [EvenementData(*r[:8], r.nb_jeunes or 0, r.nb_entreprises or 0) for r in s.execute(q)]

    @translate_stale
    def save_evenement(self, data: dom.EvenementInput, evenement_id: uuid.UUID | None = None,
                       version: int | None = None) -> EvenementData:
        """Create (no id) or update an event; a stale ``version`` is refused (ConflictError)."""
        data = dom.validate_evenement(data)
        with self.store.write() as s:
            if data.entreprise_id is not None:
                get_or_404(s, Entreprise, data.entreprise_id, "L'entreprise")
            row = self.load_or_new(s, EvenementPartenaire, evenement_id, version, "L'événement", id=uuid.uuid4())
            for f in ("reseau", "type", "titre", "date", "entreprise_id", "nb_jeunes", "nb_entreprises"):
                setattr(row, f, getattr(data, f))
            s.flush()
            return self._evenements(s, EvenementPartenaire.id == row.id)[0]

    @translate_stale
    def delete_evenement(self, evenement_id: uuid.UUID, version: int | None = None) -> None:
        with self.store.write() as s:
            row = get_or_404(s, EvenementPartenaire, evenement_id, "L'événement")
            check_version(row, version)
            s.delete(row)

    # --- CV transmissions -----------------------------------------------------------------
    def transmissions(self, jeune_id: uuid.UUID | None = None, entreprise_id: uuid.UUID | None = None,
                      year: int | None = None, reseau: str | None = None) -> list[TransmissionData]:
        """CVs transmitted, latest first, filtered by young person, company, year, network."""
        t = TransmissionCv
        conditions = [c for c, wanted in ((t.jeune_id == jeune_id, jeune_id),
                                          (t.entreprise_id == entreprise_id, entreprise_id)) if wanted]
        if year is not None:
            conditions.append(_year(t.date, year))
        if reseau is not None:
            conditions.append(_network_of_company() == reseau)
        with self.store.read() as s:
            return self._transmissions(s, *conditions)

    @staticmethod
    def _transmissions(s, *conditions) -> list[TransmissionData]:
        t = TransmissionCv
        q = (select(t.id, t.version, t.jeune_id, Jeune.nom, Jeune.prenom, t.entreprise_id,
                    Entreprise.raison_sociale, _network_of_company().label("reseau"), t.offre_id,
                    Offre.intitule, t.date, t.date_consentement, t.created_by)
             .join(Jeune, Jeune.id == t.jeune_id).join(Entreprise, Entreprise.id == t.entreprise_id)
             .outerjoin(Offre, Offre.id == t.offre_id)
             .where(*conditions).order_by(t.date.desc(), Jeune.nom_fold, Jeune.prenom_fold))
        return [TransmissionData(r.id, r.version, r.jeune_id, f"{r.nom} {r.prenom}", r.entreprise_id,
                                 r.raison_sociale, r.reseau, r.offre_id, r.intitule, r.date,
                                 r.date_consentement, r.created_by) for r in s.execute(q)]

    @translate_stale
    def transmettre_cv(self, jeune_id: uuid.UUID, entreprise_id: uuid.UUID, data: dom.TransmissionInput,
                       offre_id: uuid.UUID | None = None) -> TransmissionData:
        """Record a CV sent to a company — only with the young person's dated consent — and
        write it in their journal, in one transaction."""
        data = dom.validate_transmission(data, self.today())
        with self.store.write() as s:
            jeune = get_or_404(s, Jeune, jeune_id, "Le jeune")
            entreprise = get_or_404(s, Entreprise, entreprise_id, "L'entreprise")
            offre = self._check_offre(s, offre_id, entreprise)
            if jeune.archive:
                raise DomainError(f"Le dossier {de(f'{jeune.prenom} {jeune.nom}')} est archivé : "
                                  "son CV ne peut plus être transmis.", "jeune")
            self._check_not_recorded(s, jeune, entreprise, offre_id, data.date)
            row = TransmissionCv(id=uuid.uuid4(), jeune_id=jeune.id, entreprise_id=entreprise.id,
                                 offre_id=offre_id, date=data.date, date_consentement=data.date_consentement)
            self.stamp_new(row)
            s.add(row)
            note = dom.note_transmission(entreprise.raison_sociale, data.date_consentement,
                                         offre.intitule if offre else None)
            record_event(s, jeune_id=jeune.id, when=data.date, type=JOURNAL_TYPE, author=self.ctx.author,
                         note=note, conseiller_id=self.ctx.user.id, source_type=SOURCE_TYPE,
                         source_id=row.id)
            s.flush()
            return self._transmissions(s, TransmissionCv.id == row.id)[0]

    @staticmethod
    def _check_offre(s, offre_id: uuid.UUID | None, entreprise: Entreprise) -> Offre | None:
        if offre_id is None:
            return None
        offre = get_or_404(s, Offre, offre_id, "L'offre")
        if offre.entreprise_id != entreprise.id:
            raise ValidationError({"offre": f"L'offre « {offre.intitule} » n'est pas une offre de "
                                            f"{entreprise.raison_sociale}."})
        return offre

    @staticmethod
    def _check_not_recorded(s, jeune: Jeune, entreprise: Entreprise, offre_id, day: date) -> None:
        t = TransmissionCv
        same_offer = t.offre_id.is_(None) if offre_id is None else t.offre_id == offre_id
        clash = s.scalar(select(t.id).where(t.jeune_id == jeune.id, t.entreprise_id == entreprise.id,
                                            t.date == day, same_offer))
        if clash is not None:
            raise ValidationError({"entreprise": (
                f"Le CV {de(f'{jeune.prenom} {jeune.nom}')} est déjà enregistré comme transmis à "
                f"{entreprise.raison_sociale} ce jour-là.")})

    def delete_transmission(self, transmission_id: uuid.UUID) -> None:
        """Remove a transmission entered by mistake, with its journal event."""
        with self.store.write() as s:
            row = get_or_404(s, TransmissionCv, transmission_id, "La transmission de CV")
            s.execute(delete(Evenement).where(Evenement.source_type == SOURCE_TYPE,
                                              Evenement.source_id == row.id))
            s.delete(row)

    # --- figures --------------------------------------------------------------------------
    def chiffres(self, year: int) -> ChiffresPartenariats:
        """The year's figures for MEDEF, IMS and the other partners (whole Mission Locale)."""
        with self.store.read() as s:
            events = self._events_by_network(s, year)
            cvs = self._cv_by_network(s, year)
            offers = self._offers_by_network(s, year)
            mers = self._mer_by_network(s, year)
        rows = []
        for code, _label in dom.RESEAUX_PARTENAIRES:
            offre = offers.get(code, (0, 0)) if code in dom.RESEAUX_CONVENTION else (None, None)
            mer = mers.get(code, (0, 0, 0)) if code in dom.RESEAUX_CONVENTION else (None, None, None)
            rows.append(ChiffresReseau(code, *events.get(code, (0, 0, 0)), *cvs.get(code, (0, 0)),
                                       *offre, *mer))
        return ChiffresPartenariats(year, tuple(rows))

    @staticmethod
    def _grouped(s, q) -> dict[str, tuple[int, ...]]:
        return {r[0]: tuple(int(v or 0) for v in r[1:]) for r in s.execute(q)}

    def _events_by_network(self, s, year: int):
        v = EvenementPartenaire
        return self._grouped(s, select(v.reseau, func.count(), func.sum(v.nb_jeunes), func.sum(v.nb_entreprises))
                             .where(_year(v.date, year)).group_by(v.reseau))

    def _cv_by_network(self, s, year: int):
        t, network = TransmissionCv, _network_of_company()
        return self._grouped(s, select(network, func.count(), func.count(t.jeune_id.distinct()))
                             .join(Entreprise, Entreprise.id == t.entreprise_id)
                             .where(_year(t.date, year), t.date_consentement <= t.date)
                             .group_by(network))

    def _offers_by_network(self, s, year: int):
        return self._grouped(s, select(Offre.source, func.count(), func.sum(Offre.nb_postes))
                             .where(Offre.source.in_(dom.RESEAUX_CONVENTION), _year(Offre.date_recueil, year))
                             .group_by(Offre.source))

    def _mer_by_network(self, s, year: int):
        m = MiseEnRelation
        retenu = func.sum(case((m.resultat == "retenu", 1), else_=0))
        return self._grouped(s, select(Offre.source, func.count(m.jeune_id.distinct()), func.count(), retenu)
                             .join(Offre, Offre.id == m.offre_id)
                             .where(Offre.source.in_(dom.RESEAUX_CONVENTION), _year(m.date, year))
                             .group_by(Offre.source))
