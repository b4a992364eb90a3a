"""Filling a store with generated demo data (``milo-desktop demo``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.errors import DomainError
from .base import Service


@dataclass(frozen=True)
class DemoSummary:
    """What a generation produced: rows per table (model order) and the time it took."""

    young: int
    seed: int
    today: date
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, table: str) -> int:
        return self.counts.get(table, 0)


class DemoService(Service):
    def has_data(self) -> bool:
        """True when the store holds business data (young people, employers, users…)."""
        return any(self._counts().values())

    def generate(self, young: int, seed: int = 1, force: bool = False, progress=None,
                 now: datetime | None = None) -> DemoSummary:
        """Generate a fictional Mission Locale with ``young`` young people, in one transaction.

        Refused when the store already holds data, unless ``force`` (then every business row is
        deleted first; settings are kept). ``progress(message, fraction)`` is called along the
        way. Dates are relative to the service's ``today``; ``now`` stamps the rows (tests)."""
        from ..demo import generator, writer
        if isinstance(young, bool) or not isinstance(young, int) or young < 1:
            raise DomainError("Nombre de jeunes : un nombre entier positif est attendu.", "young")
        started = time.perf_counter()
        today = self.today()
        if force and self.has_data():
            self.store.safety_backup("avant-demo")  # what --force replaces can be recovered
        with self.store.write() as session:
            existing = writer.counts(session)
            if any(existing.values()) and not force:
                raise DomainError(_refus(existing))
            if any(existing.values()):
                if progress:
                    progress("Suppression des données existantes…", 0.0)
                writer.clear(session)
            counts = generator.generate(session, young, seed, today, now, progress)
        self._tidy()
        if progress:
            progress("Terminé.", 1.0)
        return DemoSummary(young, seed, today, counts, time.perf_counter() - started)

    def _counts(self) -> dict[str, int]:
        from ..demo import writer
        with self.store.read() as session:
            return writer.counts(session)

    def _tidy(self) -> None:
        """Fresh statistics for the query planner (sampled: fast even at a million events), and
        the write-ahead log emptied (it holds a copy of the whole load until truncated)."""
        with self.store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _refus(existing: dict[str, int]) -> str:
    jeunes = existing.get("jeune", 0)
    detail = f"{jeunes} jeune(s)" if jeunes else f"{sum(existing.values())} enregistrement(s)"
    return (f"La base contient déjà des données ({detail}) : les données de démonstration ne "
            "sont générées que dans une base vide. Relancez avec --force pour tout effacer et "
            "générer les données de démonstration, ou choisissez un autre dossier avec --data-dir.")
