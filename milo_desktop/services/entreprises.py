"""Employers ("module entreprise"): identity, contacts, the employer's sheet and its list.

A SIRET already used by another employer is a warning (``DuplicateWarning``), not a refusal:
two records may describe the same establishment until someone merges them; the caller
confirms and retries with ``force=True``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, func, literal_column, or_, select

from ..domain.entreprises import (
    RESEAUX, TRANCHES_EFFECTIF, ContactInput, EntrepriseInput, format_siret, format_telephone,
    libelle, validate_contact, validate_entreprise,
)
from ..domain.errors import DuplicateWarning
from ..domain.text import fold
from ..persistence.models import Contact, Entreprise, MiseEnRelation, Offre
from .base import Service, get_or_404, translate_stale
from .listing import Column, Filter, ListQuery
from .offres_list import RowidList, unindexed

ENTREPRISE_FIELDS = ("raison_sociale", "siret", "naf", "effectif", "adresse", "code_postal",
                     "commune", "reseau", "notes")


@dataclass(frozen=True)
class ContactData:
    id: uuid.UUID
    version: int
    entreprise_id: uuid.UUID
    fields: ContactInput

    @property
    def telephone_affiche(self) -> str:
        return format_telephone(self.fields.telephone)

    def describe(self) -> str:
        f = self.fields
        parts = [f.nom + (f" ({f.fonction})" if f.fonction else ""), self.telephone_affiche,
                 f.email or ""]
        return " — ".join(p for p in parts if p)


@dataclass(frozen=True)
class EntrepriseData:
    id: uuid.UUID
    version: int
    fields: EntrepriseInput
    contacts: tuple[ContactData, ...] = ()

    @property
    def raison_sociale(self) -> str:
        return self.fields.raison_sociale or ""

    @property
    def siret_affiche(self) -> str:
        return format_siret(self.fields.siret) if self.fields.siret else ""

    @property
    def effectif_label(self) -> str:
        return libelle(TRANCHES_EFFECTIF, self.fields.effectif)

    @property
    def reseau_label(self) -> str:
        return libelle(RESEAUX, self.fields.reseau)

    @property
    def adresse_complete(self) -> str:
        f = self.fields
        town = " ".join(x for x in (f.code_postal, f.commune) if x)
        return ", ".join(x for x in (f.adresse, town) if x)


@dataclass(frozen=True)
class EntrepriseSheet:
    """Everything the employer's sheet shows (screen and PDF)."""

    entreprise: EntrepriseData
    offres: tuple  # of offres_data.OffreSummary
    mises_en_relation: tuple  # of mises_en_relation.MerData


@dataclass(frozen=True)
class EntrepriseChoice:
    """One line of the employer picker."""

    id: uuid.UUID
    raison_sociale: str
    siret: str | None
    commune: str | None

    def describe(self) -> str:
        extra = " — ".join(x for x in (self.commune, format_siret(self.siret) if self.siret else None) if x)
        return f"{self.raison_sociale} ({extra})" if extra else self.raison_sociale


def _contact(c: Contact) -> ContactData:
    return ContactData(c.id, c.version, c.entreprise_id,
                       ContactInput(c.nom, c.fonction, c.telephone, c.email))


def _entreprise(e: Entreprise, contacts=()) -> EntrepriseData:
    fields = EntrepriseInput(**{f: getattr(e, f) for f in ENTREPRISE_FIELDS})
    return EntrepriseData(e.id, e.version, fields, tuple(_contact(c) for c in contacts))


class EntreprisesService(Service):
    # --- employers ------------------------------------------------------------------------
    def get(self, entreprise_id: uuid.UUID) -> EntrepriseData:
        with self.store.read() as s:
            ent = get_or_404(s, Entreprise, entreprise_id, "L'entreprise")
            return _entreprise(ent, self._contacts(s, entreprise_id))

    @translate_stale
    def save(self, data: EntrepriseInput, entreprise_id: uuid.UUID | None = None,
             version: int | None = None, force: bool = False) -> EntrepriseData:
        """Create or update; ``DuplicateWarning`` if another employer has the same SIRET."""
        data = validate_entreprise(data)
        with self.store.write() as s:
            if not force:
                self._check_siret(s, data.siret, entreprise_id)
            ent = self.load_or_new(s, Entreprise, entreprise_id, version, "L'entreprise")
            for f in ENTREPRISE_FIELDS:
                setattr(ent, f, getattr(data, f))
            ent.raison_fold = fold(data.raison_sociale)
            s.flush()
            return _entreprise(ent, self._contacts(s, ent.id))

    def _check_siret(self, s, siret: str | None, own_id: uuid.UUID | None) -> None:
        if not siret:
            return
        q = select(Entreprise.raison_sociale, Entreprise.commune).where(Entreprise.siret == siret)
        if own_id is not None:
            q = q.where(Entreprise.id != own_id)
        clashes = s.execute(q).all()
        if clashes:
            names = [f"{r.raison_sociale}{f' ({r.commune})' if r.commune else ''}" for r in clashes]
            err = DuplicateWarning(
                f"SIRET {format_siret(siret)} : déjà utilisé par {', '.join(names)}. "
                "Vérifiez qu'il ne s'agit pas de la même entreprise avant d'enregistrer.", names)
            err.field = "siret"
            raise err

    def choices(self, query: str = "", limit: int = 30) -> list[EntrepriseChoice]:
        """Employers whose name (accents ignored) or SIRET contains ``query``, by name."""
        q = select(Entreprise.id, Entreprise.raison_sociale, Entreprise.siret, Entreprise.commune)
        cond = _search_condition(query)
        if cond is not None:
            q = q.where(cond)
        q = q.order_by(Entreprise.raison_fold).limit(limit)
        with self.store.read() as s:
            return [EntrepriseChoice(*row) for row in s.execute(q)]

    def count(self) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(Entreprise))

    # --- contacts -------------------------------------------------------------------------
    def contacts(self, entreprise_id: uuid.UUID) -> list[ContactData]:
        with self.store.read() as s:
            return [_contact(c) for c in self._contacts(s, entreprise_id)]

    @staticmethod
    def _contacts(s, entreprise_id):
        return s.scalars(select(Contact).where(Contact.entreprise_id == entreprise_id)
                         .order_by(Contact.nom)).all()

    @translate_stale
    def save_contact(self, entreprise_id: uuid.UUID, data: ContactInput,
                     contact_id: uuid.UUID | None = None, version: int | None = None) -> ContactData:
        data = validate_contact(data)
        with self.store.write() as s:
            get_or_404(s, Entreprise, entreprise_id, "L'entreprise")
            contact = self.load_or_new(s, Contact, contact_id, version, "Le contact", entreprise_id=entreprise_id)
            for f in ("nom", "fonction", "telephone", "email"):
                setattr(contact, f, getattr(data, f))
            s.flush()
            return _contact(contact)

    def delete_contact(self, contact_id: uuid.UUID) -> None:
        with self.store.write() as s:
            s.delete(get_or_404(s, Contact, contact_id, "Le contact"))

    # --- the employer's sheet ---------------------------------------------------------------
    def sheet(self, entreprise_id: uuid.UUID) -> EntrepriseSheet:
        """Identity, contacts, offers and mises en relation, read in one transaction."""
        from .mises_en_relation import mer_list
        from .offres_data import offre_summaries
        with self.store.read() as s:
            ent = get_or_404(s, Entreprise, entreprise_id, "L'entreprise")
            return EntrepriseSheet(
                _entreprise(ent, self._contacts(s, entreprise_id)),
                tuple(offre_summaries(s, Offre.entreprise_id == entreprise_id, self.today())),
                tuple(mer_list(s, Offre.entreprise_id == entreprise_id)))

    def print_sheet(self, entreprise_id: uuid.UUID, path: str | Path) -> Path:
        """The employer's sheet as a PDF (for a visit or the employer's file)."""
        from ..reports.entreprise_pdf import build_entreprise_pdf
        from .settings import SettingsService
        organisation = SettingsService(self.ctx).organisation().fields.nom
        return build_entreprise_pdf(Path(path), self.sheet(entreprise_id), organisation, self.today())

    def list_source(self) -> "EntreprisesList":
        return EntreprisesList(self)


# ---------------------------------------------------------------- list


def _search_condition(text: str):
    """Every word must appear in the folded name, the SIRET (digits) or the commune."""
    words = fold(text).split()
    if not words:
        return None
    conds = []
    for w in words:
        alts = [func.instr(Entreprise.raison_fold, w) > 0,
                func.instr(func.lower(Entreprise.commune), w) > 0]
        if w.isdigit():
            alts.append(Entreprise.siret.like(f"{w}%"))
        conds.append(or_(*alts))
    return and_(*conds)


ENTREPRISE_KEY = literal_column("entreprise.rowid")

_SORTS = {
    "raison_sociale": Entreprise.raison_fold, "siret": Entreprise.siret, "naf": Entreprise.naf,
    "effectif": Entreprise.effectif, "commune": Entreprise.commune, "reseau": Entreprise.reseau,
}


class EntreprisesList(RowidList):
    model = Entreprise

    columns = (
        Column("raison_sociale", "Raison sociale", width=240),
        Column("siret", "SIRET", width=140),
        Column("naf", "NAF", width=70),
        Column("effectif", "Effectif", width=130),
        Column("commune", "Commune", width=140),
        Column("reseau", "Réseau", width=170),
        Column("nb_offres", "Offres", "int", sortable=False, width=60),
        Column("nb_mer", "Mises en relation", "int", sortable=False, width=110),
    )

    def filters(self) -> tuple[Filter, ...]:
        return (Filter("reseau", "Réseau", RESEAUX),
                Filter("effectif", "Effectif", TRANCHES_EFFECTIF))

    def query(self, query: ListQuery):
        """The SELECT of list ids — rowids, see ``offres_list`` (also used by the benchmark)."""
        q = select(ENTREPRISE_KEY).select_from(Entreprise)
        cond = _search_condition(query.search)
        conds = [cond] if cond is not None else []
        conds += [getattr(Entreprise, key) == query.filters[key] for key in ("reseau", "effectif")
                  if query.filters.get(key) is not None]
        col = _SORTS.get(query.sort or "", Entreprise.raison_fold)
        if conds:
            q = q.where(*conds)
            col = unindexed(col)
        if query.descending:
            return q.order_by(col.desc(), ENTREPRISE_KEY.desc())
        return q.order_by(col.asc(), ENTREPRISE_KEY.asc())

    def rows(self, ids: list) -> dict:
        if not ids:
            return {}
        e = Entreprise
        nb_offres = select(func.count()).where(Offre.entreprise_id == e.id).scalar_subquery()
        nb_mer = (select(func.count()).select_from(MiseEnRelation).join(Offre, Offre.id == MiseEnRelation.offre_id)
                  .where(Offre.entreprise_id == e.id).scalar_subquery())
        q = select(ENTREPRISE_KEY.label("k"), e.raison_sociale, e.siret, e.naf, e.effectif, e.commune, e.reseau,
                   nb_offres.label("nb_offres"), nb_mer.label("nb_mer")).where(ENTREPRISE_KEY.in_(list(ids)))
        with self.service.store.read() as s:
            return {r.k: {
                "raison_sociale": r.raison_sociale,
                "siret": format_siret(r.siret) if r.siret else "",
                "naf": r.naf, "effectif": libelle(TRANCHES_EFFECTIF, r.effectif),
                "commune": r.commune, "reseau": libelle(RESEAUX, r.reseau),
                "nb_offres": r.nb_offres, "nb_mer": r.nb_mer,
            } for r in s.execute(q)}
