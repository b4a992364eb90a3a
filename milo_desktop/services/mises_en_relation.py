"""Mises en relation: young people proposed on an offer, their result, and the search for candidates.

Each mise en relation writes one « mise_en_relation » event in the young person's journal (same
transaction); its result (MER+, non retenu with a reason, abandon) is written into that event's
note so the journal tells the whole story without counting the mise en relation twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, literal, or_, select

from ..domain import offres as dom
from ..domain.dates import format_date, parse_date
from ..domain.errors import DomainError, ValidationError
from ..domain.jeunes import PROGRAMMES
from ..domain.text import fold
from ..persistence.models import (
    Entreprise, Evenement, Jeune, MiseEnRelation, Offre, Programme, Utilisateur,
)
from .base import Service, check_version, get_or_404, translate_stale
from .events import record_event

SOURCE_TYPE = "mise_en_relation"
#: A young person retained on a contract without a duration (CDI…) counts as hired this long.
MOIS_EMPLOI_SANS_DUREE = 12


@dataclass(frozen=True)
class MerData:
    id: uuid.UUID
    version: int
    offre_id: uuid.UUID
    intitule: str
    code_rome: str | None
    entreprise_id: uuid.UUID | None
    entreprise: str | None
    jeune_id: uuid.UUID
    jeune: str
    date: date
    conseiller: str | None
    resultat: str
    motif: str | None
    date_resultat: date | None

    @property
    def resultat_label(self) -> str:
        return dict(dom.RESULTATS_MER).get(self.resultat, self.resultat)

    @property
    def motif_label(self) -> str:
        return dict(dom.MOTIFS_NON_RETENU).get(self.motif, self.motif or "")

    @property
    def resultat_text(self) -> str:
        text = self.resultat_label + (f" : {self.motif_label}" if self.motif else "")
        return text + (f" (le {format_date(self.date_resultat)})" if self.date_resultat else "")


@dataclass(frozen=True)
class CandidateFilters:
    search: str = ""             # nom or prénom (start of a word, accents ignored)
    rome: str | None = None      # code or prefix: young people already put forward on this métier
    commune: str | None = None   # start of the commune's name
    programme: str | None = None  # current programme: CEJ, PACEA, PPAE, AUTRE
    disponibles: bool = True     # leave out young people retained (MER+) on a contract still running


@dataclass(frozen=True)
class Candidate:
    jeune_id: uuid.UUID
    nom: str
    prenom: str
    date_naissance: date
    commune: str | None
    programmes: tuple[str, ...]
    romes: tuple[str, ...]
    deja_propose: bool
    en_emploi: bool

    @property
    def nom_complet(self) -> str:
        return f"{self.nom} {self.prenom}"


@dataclass(frozen=True)
class JeuneChoice:
    id: uuid.UUID
    nom: str
    prenom: str
    date_naissance: date
    commune: str | None

    def describe(self) -> str:
        return f"{self.nom} {self.prenom} — né(e) le {format_date(self.date_naissance)}" + (
            f" — {self.commune}" if self.commune else "")


def _prefix(column, text: str):
    """Index-friendly ``column LIKE 'text%'`` on a folded column (range on the index)."""
    return and_(column >= text, column < text + "\uffff")


def hired_condition(today: date):
    """A MER+ whose contract still runs: its duration (or MOIS_EMPLOI_SANS_DUREE) after the result."""
    months = func.coalesce(Offre.duree_mois, MOIS_EMPLOI_SANS_DUREE)
    start = func.coalesce(MiseEnRelation.date_resultat, MiseEnRelation.date)
    limit = func.date(literal(today.isoformat()), func.printf("-%d months", months))
    return (select(MiseEnRelation.id).join(Offre, Offre.id == MiseEnRelation.offre_id)
            .where(MiseEnRelation.jeune_id == Jeune.id, MiseEnRelation.resultat == "retenu",
                   start > limit))


def mer_list(s, where) -> list[MerData]:
    """Mises en relation matching ``where`` (offer, employer or young person), latest first."""
    m = MiseEnRelation
    q = (select(m.id, m.version, m.offre_id, Offre.intitule, Offre.code_rome, Offre.entreprise_id,
                Entreprise.raison_sociale, m.jeune_id, Jeune.nom, Jeune.prenom, m.date,
                Utilisateur.prenom.label("c_prenom"), Utilisateur.nom.label("c_nom"),
                m.resultat, m.motif_non_retenu, m.date_resultat)
         .join(Offre, Offre.id == m.offre_id).join(Jeune, Jeune.id == m.jeune_id)
         .outerjoin(Entreprise, Entreprise.id == Offre.entreprise_id)
         .outerjoin(Utilisateur, Utilisateur.id == m.conseiller_id)
         .where(where).order_by(m.date.desc(), Jeune.nom_fold, Jeune.prenom_fold))
    return [MerData(r.id, r.version, r.offre_id, r.intitule, r.code_rome, r.entreprise_id,
                    r.raison_sociale, r.jeune_id, f"{r.nom} {r.prenom}", r.date,
                    f"{r.c_prenom} {r.c_nom}" if r.c_nom else None, r.resultat,
                    r.motif_non_retenu, r.date_resultat) for r in s.execute(q)]


class MisesEnRelationService(Service):
    # --- proposing ----------------------------------------------------------------------------
    @translate_stale
    def propose(self, offre_id: uuid.UUID, jeune_ids: list[uuid.UUID],
                when: date | str | None = None) -> list[MerData]:
        """Put one or several young people forward on an offer; all or nothing."""
        if not jeune_ids:
            raise DomainError("Choisissez au moins un jeune à proposer sur l'offre.", "jeunes")
        day = self._day(when, "date", "Date de la mise en relation")
        with self.store.write() as s:
            offre = get_or_404(s, Offre, offre_id, "L'offre")
            self._check_open(offre)
            jeunes = [get_or_404(s, Jeune, j, "Le jeune") for j in dict.fromkeys(jeune_ids)]
            self._check_not_proposed(s, offre, jeunes)
            note = self._note(s, offre)
            created = []
            for jeune in jeunes:
                mer = MiseEnRelation(id=uuid.uuid4(), offre_id=offre.id, jeune_id=jeune.id, date=day,
                                     conseiller_id=self.ctx.user.id, resultat="en_attente")
                self.stamp_new(mer)
                s.add(mer)
                record_event(s, jeune_id=jeune.id, when=day, type="mise_en_relation",
                             author=self.ctx.author, note=note, conseiller_id=self.ctx.user.id,
                             source_type=SOURCE_TYPE, source_id=mer.id)
                created.append(mer.id)
            s.flush()
            return mer_list(s, MiseEnRelation.id.in_(created))

    def _day(self, value, field: str, label: str) -> date:
        day = parse_date(value, label.lower()) if value not in (None, "") else self.today()
        if day > self.today():
            raise ValidationError({field: f"{label} {format_date(day)} : elle ne peut pas être future."})
        return day

    def _check_open(self, offre: Offre) -> None:
        statut = dom.statut_effectif(offre.statut, offre.date_fin, self.today())
        if statut in dom.STATUTS_TERMINAUX:
            raise DomainError(f"L'offre « {offre.intitule} » est « {dom.STATUT_LABELS[statut]} » : "
                              "on ne peut plus y proposer de jeune.", "offre")

    @staticmethod
    def _check_not_proposed(s, offre: Offre, jeunes: list[Jeune]) -> None:
        ids = [j.id for j in jeunes]
        already = set(s.scalars(select(MiseEnRelation.jeune_id).where(
            MiseEnRelation.offre_id == offre.id, MiseEnRelation.jeune_id.in_(ids))))
        names = [f"{j.prenom} {j.nom}" for j in jeunes if j.id in already]
        if names:
            raise ValidationError({"jeunes": f"Déjà proposé(s) sur l'offre « {offre.intitule} » : "
                                             f"{', '.join(names)}."})

    @staticmethod
    def _note(s, offre: Offre) -> str:
        raison = s.scalar(select(Entreprise.raison_sociale).where(Entreprise.id == offre.entreprise_id))
        ref = f" (n° France Travail {offre.numero_ft})" if offre.numero_ft else ""
        return f"Mise en relation sur l'offre « {offre.intitule} »{ref}" + (f" — {raison}" if raison else "")

    # --- result -------------------------------------------------------------------------------
    @translate_stale
    def set_result(self, mer_id: uuid.UUID, resultat: str, motif: str | None = None,
                   when: date | str | None = None, version: int | None = None) -> MerData:
        """En attente / retenu (MER+) / non retenu with a reason / abandon, dated (default today)."""
        resultat, motif = dom.validate_resultat_mer(resultat, motif)
        day = None if resultat == "en_attente" else self._day(when, "date_resultat", "Date du résultat")
        with self.store.write() as s:
            mer = get_or_404(s, MiseEnRelation, mer_id, "La mise en relation")
            check_version(mer, version)
            if day is not None and day < mer.date:
                raise ValidationError({"date_resultat": (
                    f"Date du résultat {format_date(day)} : elle précède la mise en relation du "
                    f"{format_date(mer.date)}.")})
            mer.resultat, mer.motif_non_retenu, mer.date_resultat = resultat, motif, day
            self.stamp(mer)
            s.flush()
            data = mer_list(s, MiseEnRelation.id == mer.id)[0]
            self._update_event(s, mer, data)
            return data

    def _update_event(self, s, mer: MiseEnRelation, data: MerData) -> None:
        event = s.scalars(select(Evenement).where(Evenement.source_type == SOURCE_TYPE,
                                                  Evenement.source_id == mer.id)).first()
        if event is None:
            return
        base = self._note(s, s.get(Offre, mer.offre_id))
        event.note = base if mer.resultat == "en_attente" else f"{base} — résultat : {data.resultat_text}"
        event.updated_by = self.ctx.author

    def delete(self, mer_id: uuid.UUID) -> None:
        """Remove a mise en relation entered by mistake, with its journal event."""
        with self.store.write() as s:
            mer = get_or_404(s, MiseEnRelation, mer_id, "La mise en relation")
            for event in s.scalars(select(Evenement).where(Evenement.source_type == SOURCE_TYPE,
                                                           Evenement.source_id == mer.id)):
                s.delete(event)
            s.delete(mer)

    # --- reading ------------------------------------------------------------------------------
    def get(self, mer_id: uuid.UUID) -> MerData:
        with self.store.read() as s:
            found = mer_list(s, MiseEnRelation.id == mer_id)
            if not found:
                get_or_404(s, MiseEnRelation, mer_id, "La mise en relation")
            return found[0]

    def for_offre(self, offre_id: uuid.UUID) -> list[MerData]:
        with self.store.read() as s:
            return mer_list(s, MiseEnRelation.offre_id == offre_id)

    def for_entreprise(self, entreprise_id: uuid.UUID) -> list[MerData]:
        with self.store.read() as s:
            return mer_list(s, Offre.entreprise_id == entreprise_id)

    def for_jeune(self, jeune_id: uuid.UUID) -> list[MerData]:
        with self.store.read() as s:
            return mer_list(s, MiseEnRelation.jeune_id == jeune_id)

    # --- finding young people -------------------------------------------------------------------
    def candidates(self, offre_id: uuid.UUID, filters: CandidateFilters | None = None,
                   limit: int = 200) -> list[Candidate]:
        """Young people to put forward, by name, ROME of their past mises en relation, commune,
        current programme and availability; by name. Archived files are left out."""
        f = filters or CandidateFilters()
        today = self.today()
        q = select(Jeune.id).where(Jeune.archive.is_(False))
        for cond in self._candidate_conditions(f, today):
            q = q.where(cond)
        q = q.order_by(Jeune.nom_fold, Jeune.prenom_fold).limit(limit)
        with self.store.read() as s:
            ids = list(s.scalars(q))
            return self._describe(s, ids, offre_id, today)

    @staticmethod
    def _candidate_conditions(f: CandidateFilters, today: date) -> list:
        conds = [or_(_prefix(Jeune.nom_fold, w), _prefix(Jeune.prenom_fold, w))
                 for w in fold(f.search).split()]
        if fold(f.commune):
            conds.append(_prefix(Jeune.commune_fold, fold(f.commune)))
        if f.programme:
            conds.append(exists().where(
                Programme.jeune_id == Jeune.id, Programme.code == f.programme,
                or_(Programme.date_debut.is_(None), Programme.date_debut <= today),
                or_(Programme.date_fin.is_(None), Programme.date_fin >= today)))
        rome = (f.rome or "").strip().upper()
        if rome:
            conds.append(exists().where(
                MiseEnRelation.jeune_id == Jeune.id, Offre.id == MiseEnRelation.offre_id,
                Offre.code_rome.like(f"{rome}%")))
        if f.disponibles:
            conds.append(~hired_condition(today).exists())
        return conds

    @staticmethod
    def _describe(s, ids, offre_id, today) -> list[Candidate]:
        if not ids:
            return []
        progs: dict = {}
        for jid, code in s.execute(select(Programme.jeune_id, Programme.code).where(
                Programme.jeune_id.in_(ids),
                or_(Programme.date_fin.is_(None), Programme.date_fin >= today))):
            progs.setdefault(jid, set()).add(code)
        romes: dict = {}
        for jid, code in s.execute(select(MiseEnRelation.jeune_id, Offre.code_rome).join(
                Offre, Offre.id == MiseEnRelation.offre_id).where(MiseEnRelation.jeune_id.in_(ids))):
            if code:
                romes.setdefault(jid, set()).add(code)
        proposed = set(s.scalars(select(MiseEnRelation.jeune_id).where(
            MiseEnRelation.offre_id == offre_id, MiseEnRelation.jeune_id.in_(ids))))
        hired = set(s.scalars(select(Jeune.id).where(Jeune.id.in_(ids), hired_condition(today).exists())))
        order = [c for c, _ in PROGRAMMES]
        rows = {r.id: r for r in s.execute(select(Jeune.id, Jeune.nom, Jeune.prenom, Jeune.date_naissance,
                                                  Jeune.commune).where(Jeune.id.in_(ids)))}
        return [Candidate(i, rows[i].nom, rows[i].prenom, rows[i].date_naissance, rows[i].commune,
                          tuple(sorted(progs.get(i, ()), key=lambda c: order.index(c) if c in order else 99)),
                          tuple(sorted(romes.get(i, ()))), i in proposed, i in hired) for i in ids]

    def search_jeunes(self, query: str, limit: int = 30) -> list[JeuneChoice]:
        """Young people whose nom or prénom starts with each word typed (accents ignored)."""
        words = fold(query).split()
        if not words:
            return []
        q = select(Jeune.id, Jeune.nom, Jeune.prenom, Jeune.date_naissance, Jeune.commune).where(
            Jeune.archive.is_(False), *[or_(_prefix(Jeune.nom_fold, w), _prefix(Jeune.prenom_fold, w))
                                        for w in words])
        with self.store.read() as s:
            return [JeuneChoice(*r) for r in s.execute(q.order_by(Jeune.nom_fold, Jeune.prenom_fold).limit(limit))]
