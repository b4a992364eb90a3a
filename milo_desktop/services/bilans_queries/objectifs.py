"""The yearly objectives table (``objectif_annee`` / ``objectif_ligne``) and our own objective,
computed with ``domain.objectifs.repartir``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...domain.objectifs import LigneCle, Repartition, repartir
from .common import Runner


@dataclass(frozen=True)
class Objectifs:
    annee: int
    total_regional: int
    seuil_alerte_pct: Decimal
    repartition: Repartition | None
    nous: str | None

    @property
    def notre_objectif(self) -> int | None:
        if self.repartition is None or self.nous is None:
            return None
        return next((l.objectif for l in self.repartition.lignes if l.mission_locale == self.nous), None)


def objectifs(q: Runner, annee: int) -> Objectifs | None:
    """The year's table, or None when no objective was entered for it."""
    head = q.all("SELECT id, total_regional, seuil_alerte_pct FROM objectif_annee WHERE annee = :a",
                 {"a": annee})
    if not head:
        return None
    oid, total, seuil = head[0]
    rows = q.all("SELECT mission_locale, defm, cle_activite, est_nous FROM objectif_ligne "
                 "WHERE objectif_id = :o ORDER BY ordre, mission_locale", {"o": oid})
    seuil_dec = Decimal(str(seuil if seuil is not None else 10))
    if not rows:
        return Objectifs(annee, int(total), seuil_dec, None, None)
    lignes = [LigneCle(name, int(defm), Decimal(str(cle))) for name, defm, cle, _ in rows]
    nous = next((name for name, _, _, est_nous in rows if est_nous), None)
    return Objectifs(annee, int(total), seuil_dec, repartir(lignes, int(total)), nous)
