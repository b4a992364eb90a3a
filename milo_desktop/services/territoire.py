"""The Mission Locale's territory: the communes it serves (INSEE codes of the official list,
``domain.communes``), kept in the store as a parameter. An empty territory flags nobody."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import communes
from ..domain.errors import DomainError
from ..persistence.models import Parametre
from .base import Service

TERRITOIRE_KEY = communes.TERRITOIRE_KEY
NOT_SET = ("Territoire non défini : personne n'est signalé « Déménagement hors territoire ». "
           "Choisissez les communes que la Mission Locale couvre.")


@dataclass(frozen=True)
class TerritoireData:
    """The chosen communes (one line each, by department then name) and a French summary."""

    communes: tuple[communes.Commune, ...]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(c.code_insee for c in self.communes)

    def summary(self) -> str:
        if not self.communes:
            return NOT_SET
        ref = communes.referentiel()
        deps: dict[str, int] = {}
        for c in self.communes:
            deps[c.departement] = deps.get(c.departement, 0) + 1
        totals: dict[str, int] = {}
        for c in ref.all_communes():
            totals[c.departement] = totals.get(c.departement, 0) + 1
        parts = "; ".join(f"{ref.departements.get(d, d)} ({d}) : "
                          + ("toutes ses communes" if n == totals.get(d) else f"{n} commune(s)")
                          for d, n in sorted(deps.items()))
        return f"{len(self.communes)} commune(s) — {parts}."


def load(session: Session) -> frozenset[str]:
    """The territory's INSEE codes, read in an open session (empty when not set)."""
    raw = session.scalar(select(Parametre.valeur).where(Parametre.cle == TERRITOIRE_KEY))
    value = json.loads(raw) if raw else []
    return frozenset(v for v in value if isinstance(v, str))


class TerritoireService(Service):
    def get(self) -> TerritoireData:
        with self.store.read() as s:
            codes = load(s)
        ref = communes.referentiel()
        found = [ref.commune(c) for c in codes]
        return TerritoireData(tuple(sorted((c for c in found if c is not None),
                                           key=lambda c: (c.departement, communes.name_key(c.nom)))))

    def save(self, codes: Iterable[str]) -> TerritoireData:
        """Replace the territory by these INSEE codes (each one of the official list)."""
        ref = communes.referentiel()
        chosen = sorted(dict.fromkeys(c.strip().upper() for c in codes if c and c.strip()))
        unknown = [c for c in chosen if ref.commune(c) is None]
        if unknown:
            raise DomainError("Territoire : code(s) INSEE inconnu(s) de la liste officielle : "
                              + ", ".join(unknown[:10]) + ("…" if len(unknown) > 10 else "") + ".",
                              "territoire")
        from .settings import SettingsService
        SettingsService(self.ctx).set(TERRITOIRE_KEY, chosen)
        return self.get()

    def read_file(self, path: Path | str) -> communes.TerritoireFichier:
        """The communes a CSV of INSEE codes or postcodes names; nothing is saved."""
        from ..exchange.reading import decode_bytes
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise DomainError(f"Impossible de lire « {path.name} » : {err.strerror or err}.",
                              "fichier") from err
        text, _encoding = decode_bytes(data, path)
        found = communes.parse_territoire(text)
        if not found.codes:
            raise DomainError(f"« {path.name} » ne contient aucun code INSEE ni code postal de la "
                              "liste officielle (une colonne code_insee ou code_postal, un code "
                              "par ligne).", "fichier")
        return found
