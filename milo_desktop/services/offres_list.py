"""The offers list: search, filters and sort in SQL returning ids, then one block of rows."""

from __future__ import annotations

from sqlalchemy import and_, false, func, or_, select

from ..domain import offres as dom
from ..domain.rome import normalize_code_rome
from ..domain.text import fold
from ..persistence.models import Entreprise, MiseEnRelation, Offre
from .listing import Column, Filter, ListQuery, ListSource

OUVERTES = "ouvertes"
YES_NO = ((True, "Oui"), (False, "Non"))
GREY, ORANGE = "#777777", "#a05a00"

_SORTS = {
    "intitule": Offre.intitule_fold, "entreprise": Entreprise.raison_fold,
    "code_rome": Offre.code_rome, "commune": Offre.commune, "type_contrat": Offre.type_contrat,
    "nature_contrat": Offre.nature_contrat, "mrs": Offre.mrs, "delegation": Offre.delegation,
    "statut": Offre.statut, "numero_ft": Offre.numero_ft, "date_recueil": Offre.date_recueil,
    "date_fin": Offre.date_fin,
}


def search_condition(text: str):
    """Every word must appear in the intitulé or the employer's name (accents ignored), or
    start the ROME code, the France Travail number or the commune."""
    words = fold(text).split()
    if not words:
        return None
    conds = []
    for w in words:
        employers = select(Entreprise.id).where(func.instr(Entreprise.raison_fold, w) > 0)
        upper = normalize_code_rome(w)
        conds.append(or_(
            func.instr(Offre.intitule_fold, w) > 0,
            Offre.entreprise_id.in_(employers),
            Offre.code_rome.like(f"{upper}%") if upper.isalnum() else false(),
            Offre.numero_ft == upper,
            func.instr(func.lower(Offre.commune), w) > 0,
        ))
    return and_(*conds)


def filter_conditions(filters: dict) -> list:
    conds = []
    statut = filters.get("statut")
    if statut == OUVERTES:
        conds.append(Offre.statut.not_in(dom.STATUTS_TERMINAUX))
    elif statut is not None:
        conds.append(Offre.statut == statut)
    for key in ("type_contrat", "nature_contrat", "mrs", "delegation", "source"):
        value = filters.get(key)
        if value is not None:
            conds.append(getattr(Offre, key) == value)
    return conds


class OffresList(ListSource):
    columns = (
        Column("intitule", "Intitulé", width=230),
        Column("entreprise", "Entreprise", width=190),
        Column("code_rome", "ROME", width=60),
        Column("commune", "Commune", width=120),
        Column("type_contrat", "Contrat", width=60),
        Column("nature_contrat", "Nature", width=60),
        Column("mrs", "MRS", "bool", width=45),
        Column("delegation", "Délégation", "bool", width=75),
        Column("statut", "Statut", width=170),
        Column("numero_ft", "N° France Travail", width=110),
        Column("date_recueil", "Recueillie le", "date", width=95),
        Column("date_fin", "Fin de validité", "date", width=95, visible=False),
        Column("nb_mer", "Mises en relation", "int", sortable=False, width=110),
    )

    def __init__(self, service):
        self.service = service

    def filters(self) -> tuple[Filter, ...]:
        statuts = ((OUVERTES, "En cours (non clôturées)"),) + tuple(dom.STATUT_LABELS.items())
        return (
            Filter("statut", "Statut", statuts),
            Filter("type_contrat", "Contrat", tuple((c, f"{c} – {lb}") for c, lb in dom.TYPES_CONTRAT)),
            Filter("nature_contrat", "Nature", tuple((c, f"{c} – {lb}") for c, lb in dom.NATURES_CONTRAT)),
            Filter("delegation", "Délégation", YES_NO),
            Filter("mrs", "MRS", YES_NO),
        )

    def query(self, query: ListQuery):
        """The SELECT of ids (also used by the benchmark)."""
        q = select(Offre.id)
        col = _SORTS.get(query.sort or "", Offre.date_recueil)
        if query.sort == "entreprise":
            q = q.outerjoin(Entreprise, Entreprise.id == Offre.entreprise_id)
        cond = search_condition(query.search)
        if cond is not None:
            q = q.where(cond)
        for c in filter_conditions(query.filters):
            q = q.where(c)
        descending = query.descending if query.sort in _SORTS else True
        return q.order_by(col.desc() if descending else col.asc(), Offre.id)

    def ids(self, query: ListQuery) -> list:
        with self.service.store.read() as s:
            return list(s.scalars(self.query(query)))

    def rows(self, ids: list) -> dict:
        if not ids:
            return {}
        o = Offre
        q = (select(o.id, o.intitule, Entreprise.raison_sociale, o.code_rome, o.commune,
                    o.type_contrat, o.nature_contrat, o.mrs, o.delegation, o.statut, o.date_fin,
                    o.numero_ft, o.date_recueil)
             .outerjoin(Entreprise, Entreprise.id == o.entreprise_id).where(o.id.in_(ids)))
        today = self.service.today()
        with self.service.store.read() as s:
            nb = dict(s.execute(select(MiseEnRelation.offre_id, func.count())
                                .where(MiseEnRelation.offre_id.in_(ids))
                                .group_by(MiseEnRelation.offre_id)).all())
            return {r.id: self._row(r, nb.get(r.id, 0), today) for r in s.execute(q)}

    @staticmethod
    def _row(r, nb_mer: int, today) -> dict:
        statut = dom.statut_effectif(r.statut, r.date_fin, today)
        colour = GREY if statut in dom.STATUTS_TERMINAUX else ORANGE if statut == dom.A_SAISIR else None
        return {
            "intitule": r.intitule, "entreprise": r.raison_sociale, "code_rome": r.code_rome,
            "commune": r.commune, "type_contrat": r.type_contrat, "nature_contrat": r.nature_contrat,
            "mrs": bool(r.mrs), "delegation": bool(r.delegation),
            "statut": dom.STATUT_LABELS.get(statut, statut), "numero_ft": r.numero_ft,
            "date_recueil": r.date_recueil, "date_fin": r.date_fin, "nb_mer": nb_mer,
            "_couleur": colour,
        }
