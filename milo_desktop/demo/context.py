"""The state shared by the demo generators: one seeded ``random.Random``, the reference day, the
rows being built (plain dicts, values already in their stored form) and fast helpers.

Stored forms (what SQLAlchemy itself writes in SQLite): ids as 32 hex digits, dates as
``YYYY-MM-DD`` strings, booleans as 0/1, decimals as floats. Generators work on date ordinals
(``date.toordinal()``) and convert with :meth:`Gen.iso` (cached).
"""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date
from itertools import accumulate

from .pools import NamePools

_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_V4 = (0x4000 << 64) | (0x8000 << 48)
_MOBILE = tuple(p for p in range(10, 90) if p != 39)  # 0639: Mayotte


class Weighted:
    """A weighted choice among fixed values, drawn with the run's generator."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, pairs):
        pairs = tuple(pairs)
        self.values = tuple(v for v, _ in pairs)
        self.cum = tuple(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.total)]

    def many(self, rng: random.Random, k: int) -> list:
        return rng.choices(self.values, cum_weights=self.cum, k=k)


class Gen:
    """Everything a generator needs. ``rows[table]`` collects the rows of each table."""

    def __init__(self, seed: int, today: date, pools: NamePools | None = None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.t = today.toordinal()
        self.start = date(today.year - 2, 1, 1).toordinal()
        self.pools = pools or NamePools.build(seed)
        self.rows: dict[str, list[dict]] = {}
        self._iso: dict[int, str] = {}
        # filled by the referentiel generator
        self.sites: list[dict] = []
        self.conseillers: list[dict] = []
        self.agent_ft: dict | None = None
        self.users_by_id: dict[str, dict] = {}
        # filled along the way, for the generators that come later
        self.journal = None  # jeunes.Journal
        self.jeunes = None  # jeunes.JeuneInfo
        self.entreprises: list[dict] = []
        self.agences: list[dict] = []

    # --- ids and dates --------------------------------------------------------------------
    def uid(self) -> str:
        """A version-4 UUID (hex form) drawn from the seeded generator: same seed, same ids."""
        return f"{(self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_V4:032x}"

    def uids(self, n: int) -> list[str]:
        bits = self.rng.getrandbits
        return [f"{(bits(128) & _UUID_CLEAR) | _UUID_V4:032x}" for _ in range(n)]

    def iso(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def stamp(self, ordinal: int, rank: int = 0) -> str:
        """``created_at`` of a history row recorded on that day (rank orders same-day steps)."""
        return f"{self.iso(ordinal)} 09:{rank:02d}:00.000000"

    def between(self, lo: int, hi: int) -> int:
        """A day ordinal in [lo, hi] (hi < lo gives lo)."""
        return lo if hi <= lo else lo + int(self.rng.random() * (hi - lo + 1))

    # --- rows -----------------------------------------------------------------------------
    def table(self, name: str) -> list[dict]:
        return self.rows.setdefault(name, [])

    def add(self, name: str, row: dict) -> dict:
        self.rows.setdefault(name, []).append(row)
        return row

    # --- people ---------------------------------------------------------------------------
    def person(self) -> tuple[str, str, str]:
        """(sexe, prénom, NOM) from the pools."""
        rng, p = self.rng, self.pools
        sexe, prenoms = ("F", p.prenoms_f) if rng.random() < 0.5 else ("M", p.prenoms_m)
        return sexe, prenoms[int(rng.random() * len(prenoms))], p.noms[int(rng.random() * len(p.noms))]

    def mobile(self) -> str:
        """A metropolitan mobile number in the stored E.164 form (shown ``06 xx xx xx xx``).
        06 10 to 06 89 only: 0639 and 069x belong to overseas regions."""
        prefix = _MOBILE[int(self.rng.random() * len(_MOBILE))]
        return f"+336{prefix}{int(self.rng.random() * 1_000_000):06d}"

    def landline(self) -> str:
        """An Ariège landline (05 61 …) in E.164 form."""
        return f"+33561{int(self.rng.random() * 10_000):04d}{int(self.rng.random() * 100):02d}"

    def conseiller(self) -> dict:
        return self.conseillers[int(self.rng.random() * len(self.conseillers))]

    @staticmethod
    def nom_complet(user: dict) -> str:
        return f"{user['prenom']} {user['nom']}"
