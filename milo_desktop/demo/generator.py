"""Demo data for MILO Desktop: a fictional Mission Locale with ``young`` young people and
everything around them, deterministic for a given seed (and reference day).

:func:`build` generates plain rows in memory (no database); :func:`write` inserts them in the
caller's write transaction; :func:`generate` does both. Dates spread over the two previous
calendar years and the current one, up to ``today``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from operator import itemgetter

from sqlalchemy.orm import Session

from . import jeunes, mission_jeunes, offres, partenariats, referentiel, writer
from .context import Gen

Progress = Callable[[str, float], None]
"""``progress(message, fraction)``: a French step description and the share done (0 to 1)."""

_BUILD_SHARE = 0.45  # share of the progress bar for the generation, the rest for the inserts


def build(young: int, seed: int = 1, today: date | None = None,
          progress: Progress | None = None) -> Gen:
    """Generate every row in memory."""
    if young < 1:
        raise ValueError("young must be at least 1")
    g = Gen(seed, today or date.today())
    say = progress or (lambda _message, _fraction: None)
    say("Mission Locale, sites et utilisateurs…", 0.0)
    referentiel.generate(g, young)
    say("Jeunes, cotraitance et journal…", 0.05)
    g.jeunes = jeunes.generate(g, young)
    say("Entreprises et offres…", 0.70)
    offres.entreprises(g, max(20, young // 5))
    made = offres.offres(g, max(30, young // 2))
    offres.mises_en_relation(g, made.ouvertes, max(20, young // 4))
    offres.evaluations_mrs(g, made.mrs, made.plateformes, max(6, young // 100))
    say("Mission Jeunes et partenariats…", 0.85)
    mission_jeunes.agences(g)
    oriented = mission_jeunes.orientations(g, max(10, young // 25))
    mission_jeunes.delegations(g, max(10, young // 20), oriented)
    mission_jeunes.actions_branche(g, max(6, young // 40))
    mission_jeunes.orientations_fastt(g, max(12, young // 50))
    partenariats.evenements(g, 12 + young // 5000)
    partenariats.transmissions_cv(g, max(5, young // 100), _offres_par_entreprise(g))
    partenariats.plans_action(g, 12 + young // 5000)
    finish_events(g)
    return g


def _offres_par_entreprise(g: Gen) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for row in g.rows.get("offre", []):
        result.setdefault(row["entreprise_id"], []).append(row["id"])
    return result


def finish_events(g: Gen) -> None:
    """Group the journal by young person, then give ids in the same order: the primary key and
    the (jeune, date) index of the store then fill sequentially."""
    rows = g.table("evenement")
    rows.sort(key=itemgetter(0))  # jeune_id
    last = len(jeunes.EVENEMENT_COLUMNS) - 1
    for row, uid in zip(rows, sorted(g.uids(len(rows)))):
        row[last] = uid


def write(session: Session, g: Gen, now: datetime | None = None,
          progress: Progress | None = None) -> dict[str, int]:
    """Insert the rows of ``g`` (parents first) in the session's transaction; counts per table."""
    from ..persistence.models import utcnow
    now_text = writer.stamp_text(now or utcnow())
    say = progress or (lambda _message, _fraction: None)
    tables = writer.business_tables()
    total = sum(len(g.rows.get(t.name, ())) for t in tables) or 1
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        say("Enregistrement dans la base…", _BUILD_SHARE + (1 - _BUILD_SHARE) * done / total)

    columns = {"evenement": jeunes.EVENEMENT_COLUMNS}
    counts = {t.name: writer.insert_rows(session, t, g.rows.get(t.name, []), now_text, tick,
                                         columns.get(t.name))
              for t in tables}
    conn = session.connection()
    from ..domain.communes import TERRITOIRE_KEY
    conn.exec_driver_sql("DELETE FROM parametre WHERE cle IN ('demo', ?)", (TERRITOIRE_KEY,))
    from ..persistence.models import Parametre
    writer.insert_rows(session, Parametre.__table__, g.rows.get("parametre", []), now_text)
    return counts


def generate(session: Session, young: int, seed: int = 1, today: date | None = None,
             now: datetime | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Build and write the demo data in the session's (write) transaction."""
    say = progress or (lambda _message, _fraction: None)
    g = build(young, seed, today,
              lambda message, fraction: say(message, fraction * _BUILD_SHARE))
    return write(session, g, now, say)
