"""Filling a store with generated demo data (``milo-desktop demo``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.errors import DomainError
from .base import Service

# The password of every demo account (``demo --mot-de-passe`` chooses another): documented in
# the README and printed at the end of the command's output. Never a default of a real store.
DEMO_PASSWORD = "Demo-MILO-2026!"
# Fixed identifiers: role -> identifiant (the first user of that role; for « conseiller », the
# first conseillère of the first site). Other advisers: prenom.nom.
FIXED_ACCOUNTS = (("admin", "admin"), ("direction", "direction"), ("conseiller", "conseiller"),
                  ("agent_ft", "agent"))
DEMO_KEY = "demo"


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
                 now: datetime | None = None, mot_de_passe: str = DEMO_PASSWORD) -> DemoSummary:
        """Generate a fictional Mission Locale with ``young`` young people, in one transaction.

        Refused when the store already holds data, unless ``force`` (then every business row is
        deleted first; settings are kept). ``progress(message, fraction)`` is called along the
        way. Dates are relative to the service's ``today``; ``now`` stamps the rows (tests)."""
        from ..demo import generator, writer
        from ..domain.comptes import check_password
        from ..security import audit
        if isinstance(young, bool) or not isinstance(young, int) or young < 1:
            raise DomainError("Nombre de jeunes : un nombre entier positif est attendu.", "young")
        check_password(mot_de_passe)
        started = time.perf_counter()
        today = self.today()
        with self.store.write() as session:
            existing = writer.counts(session)
            if any(existing.values()) and not force:
                raise DomainError(_refus(existing))
            with audit.bulk(session, "demo.generation", detail=f"{young} jeunes, graine {seed}"):
                if any(existing.values()):
                    if progress:
                        progress("Suppression des données existantes…", 0.0)
                    writer.clear(session)
                counts = generator.generate(session, young, seed, today, now, progress)
            _accounts(session, mot_de_passe)
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


def _accounts(session, password: str) -> None:
    """Every generated user gets an account with the demo password (one salted hash each).
    Written without touching the rows' version and stamps: the same seed gives the same rows."""
    from sqlalchemy import insert, select, update

    from ..demo.pools import slug
    from ..persistence.models import Site, Utilisateur, UtilisateurSite
    from ..security import audit, passwords
    users = session.execute(select(Utilisateur.id, Utilisateur.role, Utilisateur.prenom, Utilisateur.nom,
                                   Utilisateur.site_id).order_by(Utilisateur.email)).all()
    siege = session.scalar(select(Site.id).where(Site.type == "siege").order_by(Site.nom).limit(1))
    fixed = dict(FIXED_ACCOUNTS)
    taken: set[str] = set()
    values = []
    for user_id, role, prenom, nom, site_id in users:
        ident = fixed.get(role)
        if ident is not None and (role != "conseiller" or site_id == siege):
            del fixed[role]
        else:
            ident = f"{slug(prenom)}.{slug(nom)}"[:58]
        while ident in taken:
            ident += "2"
        taken.add(ident)
        values.append((user_id, ident, site_id))
    with audit.bulk(session, "compte.demo", "utilisateur", [v[0] for v in values],
                    ("identifiant", "mot_de_passe")) as conn:
        for user_id, ident, site_id in values:
            conn.execute(update(Utilisateur.__table__).where(Utilisateur.__table__.c.id == user_id)
                         .values(identifiant=ident, mot_de_passe=passwords.hash_password(password),
                                 updated_at=Utilisateur.__table__.c.updated_at))
        rows = [{"utilisateur_id": u, "site_id": s} for u, _i, s in values if s]
        if rows:
            conn.execute(insert(UtilisateurSite.__table__), rows)


def _refus(existing: dict[str, int]) -> str:
    jeunes = existing.get("jeune", 0)
    detail = f"{jeunes} jeune(s)" if jeunes else f"{sum(existing.values())} enregistrement(s)"
    return (f"La base contient déjà des données ({detail}) : les données de démonstration ne "
            "sont générées que dans une base vide. Relancez avec --force pour tout effacer et "
            "générer les données de démonstration, ou choisissez un autre dossier avec --data-dir.")
