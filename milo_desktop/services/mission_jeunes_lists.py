"""List sources of the Mission Jeunes page: every delegation, every FASTT referral.

Search (accent-insensitive prefix on the name), filters and sort run in SQL and return ids; rows
come from the services' plain data for one block.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain import fastt as ft
from ..domain import interim as it
from ..domain.text import fold
from ..persistence.models import AgenceEmploi, DelegationInterim, Jeune, OrientationFastt
from .interim import overlap
from .listing import Column, Filter, ListQuery, ListSource


def _prefix(q, text: str):
    text = fold(text)
    return q.where(Jeune.nom_fold >= text, Jeune.nom_fold < text + "\uffff") if text else q


class DelegationsSource(ListSource):
    columns = (
        Column("jeune", "Jeune", width=180), Column("agence", "Agence d'emploi", width=180),
        Column("entreprise", "Entreprise utilisatrice", width=170),
        Column("contrat", "Contrat", width=150), Column("debut", "Début", "date", width=90),
        Column("fin", "Fin", "date", width=90), Column("heures", "Heures", "decimal", width=70),
    )
    _SORT = {"jeune": Jeune.nom_fold, "agence": AgenceEmploi.nom, "debut": DelegationInterim.date_debut,
             "fin": DelegationInterim.date_fin, "heures": DelegationInterim.heures,
             "contrat": DelegationInterim.type_contrat,
             "entreprise": DelegationInterim.entreprise_utilisatrice}

    def __init__(self, service):
        self.service = service

    def filters(self) -> tuple[Filter, ...]:
        year = self.service.today().year
        agences = tuple(self.service.agences_choices())
        return (Filter("agence", "Agence", agences),
                Filter("contrat", "Contrat", it.TYPES_CONTRAT_INTERIM),
                Filter("annee", "Année", tuple((y, str(y)) for y in range(year, year - 5, -1))))

    def ids(self, query: ListQuery) -> list:
        q = (select(DelegationInterim.id).join(Jeune, Jeune.id == DelegationInterim.jeune_id)
             .join(AgenceEmploi, AgenceEmploi.id == DelegationInterim.agence_id))
        q = _prefix(q, query.search)
        f = query.filters
        if f.get("agence"):
            q = q.where(DelegationInterim.agence_id == f["agence"])
        if f.get("contrat"):
            q = q.where(DelegationInterim.type_contrat == f["contrat"])
        if f.get("annee"):
            q = q.where(overlap(date(f["annee"], 1, 1), date(f["annee"], 12, 31)))
        key = self._SORT.get(query.sort or "", DelegationInterim.date_debut)
        desc = query.descending if query.sort else True
        q = q.order_by(key.desc() if desc else key, DelegationInterim.id)
        with self.service.store.read() as s:
            return list(s.scalars(q))

    def rows(self, ids: list) -> dict:
        return {d.id: {"jeune": d.jeune_nom, "agence": d.agence_nom,
                       "entreprise": d.entreprise_utilisatrice, "contrat": d.type_contrat_label,
                       "debut": d.date_debut, "fin": d.date_fin, "heures": d.heures}
                for d in self.service.delegations(ids=ids)}


class ReferralsSource(ListSource):
    """The referrals list of the Mission Jeunes page; overdue ones are shown in red."""

    columns = (
        Column("jeune", "Jeune", width=180), Column("statut", "Statut", width=130),
        Column("besoins", "Besoins", width=260), Column("sos", "SOS", "bool", width=50),
        Column("preparee", "Préparée le", "date", width=95),
        Column("envoi", "Envoyée le", "date", width=95),
        Column("derniere", "Dernière étape", "date", width=115), Column("relance", "Relance", width=140),
    )
    _SORT = {"jeune": Jeune.nom_fold, "statut": OrientationFastt.statut,
             "preparee": OrientationFastt.date_preparation, "envoi": OrientationFastt.date_envoi,
             "sos": OrientationFastt.urgence_sos}

    def __init__(self, service):
        self.service = service

    def filters(self) -> tuple[Filter, ...]:
        return (Filter("suivi", "Suivi", (("en_cours", "En cours"), ("en_retard", "À relancer"),
                                          ("cloturees", "Clôturées"))),
                Filter("statut", "Statut", ft.STATUTS))

    def ids(self, query: ListQuery) -> list:
        q = select(OrientationFastt.id).join(Jeune, Jeune.id == OrientationFastt.jeune_id)
        q = _prefix(q, query.search)
        suivi, statut = query.filters.get("suivi"), query.filters.get("statut")
        if suivi in ("en_cours", "en_retard"):
            q = q.where(OrientationFastt.statut != "cloturee")
        elif suivi == "cloturees":
            q = q.where(OrientationFastt.statut == "cloturee")
        if statut:
            q = q.where(OrientationFastt.statut == statut)
        key = self._SORT.get(query.sort or "", OrientationFastt.date_preparation)
        desc = query.descending if query.sort else True
        with self.service.store.read() as s:
            ids = list(s.scalars(q.order_by(key.desc() if desc else key, OrientationFastt.id)))
        if suivi == "en_retard":
            late = {r.id for r in self.service.overdue()}
            ids = [i for i in ids if i in late]
        return ids

    def rows(self, ids: list) -> dict:
        return {r.id: {"jeune": f"{r.jeune_nom} {r.jeune_prenom}", "statut": r.statut_label,
                       "besoins": r.besoins_label, "sos": r.urgence_sos, "preparee": r.date_preparation,
                       "envoi": r.date_envoi, "derniere": r.derniere_etape,
                       "relance": r.relance_label, "_couleur": "#b00020" if r.en_retard else None}
                for r in self.service.referrals(ids)}
