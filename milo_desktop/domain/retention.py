"""How long a young person's file is kept identifiable (domain.md §8, décret n° 2015-59 art. 6
as amended) — the single rule the anonymisation job, the « dossiers échus » figures and the
fiche's badge follow.

A file is kept until the **latest** of:
- the young person's 28th birthday (the maximum age of art. L. 5314-2, 26, plus two years);
- the end of a programme (PACEA, PPAE…) when it ends later: the file is due the day after;
- for a **CEJ**, 10 years after the end of the contract (due on that anniversary).
A programme without an end date, or a cotraitance under way (affectation, acceptation,
accompagnement), keeps the file with no date yet. The durations are settings (:class:`Durees`,
the decree's values by default); the DPO may set others, a value off the decree is warned.

Anonymising keeps what the annual reports count (sex, month of birth, level, QPV/ZRR…, site,
référent, dates and states) and removes who the person is and every free text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from . import cotraitance as cot
from .dates import add_years, birthday, format_date

CEJ = "CEJ"
ANONYMOUS_NAME = "ANONYME"
ANONYMOUS_FIRST_NAME = "Dossier anonymisé"
# Cotraitance phases in which France Travail still expects the Mission Locale to act.
PHASES_EN_COURS = frozenset({cot.PHASE_AFFECTATION, cot.PHASE_ACCEPTEE, cot.PHASE_ACCOMPAGNEMENT})


@dataclass(frozen=True)
class Durees:
    """Keeping times (the decree's values by default)."""
    age_jeune: int = 28        # a young person's file: until this birthday
    cej_annees: int = 10       # a CEJ: years after the end of the contract
    comptes_annees: int = 1    # a user account: years after the end of the authorisation
    audit_mois: int = 7        # audit events: months

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> Durees:
        """From the preferences (``conservation.*`` keys); a missing one keeps its default."""
        d = cls()
        return cls(**{f: int(values.get(key, getattr(d, f)))  # type: ignore[arg-type]
                      for f, key in SETTING_KEYS.items()})


DECRET = Durees()
SETTING_KEYS = {"age_jeune": "conservation.age_jeune", "cej_annees": "conservation.cej_annees",
                "comptes_annees": "conservation.comptes_annees", "audit_mois": "conservation.audit_mois"}
# Below these the product warns (the decree's values; CNIL: logs 6 months to a year).
LEGAL_MINIMUM = {"conservation.age_jeune": 28, "conservation.cej_annees": 10,
                 "conservation.comptes_annees": 1, "conservation.audit_mois": 6}


def keeping_warning(key: str, label: str, value: int) -> str | None:
    """A French warning when a keeping time is below the legal minimum, else None."""
    minimum = LEGAL_MINIMUM.get(key)
    if minimum is None or value >= minimum:
        return None
    return (f"{label} : {value}, en dessous du minimum légal ({minimum}). Des dossiers seraient "
            "anonymisés avant la fin de leur durée de conservation : ils ne pourraient plus être "
            "comptés ni contrôlés sur une période de bilan, et rien ne peut les restaurer.")


def rule(d: Durees = DECRET) -> str:
    """What an adviser is told, in the dialog, the command's help and Paramètres."""
    return (f"Un dossier est échu au {d.age_jeune}ᵉ anniversaire du jeune, ou plus tard : le "
            f"lendemain de la fin d'un programme se terminant après, {d.cej_annees} ans après la "
            "fin d'un CEJ ; un programme sans date de fin ou une cotraitance en cours (affectation, "
            "acceptation, accompagnement) garde le dossier.")


RULE = rule()
EFFECT = ("L'anonymisation efface le nom, le prénom, les coordonnées, les identifiants et tous les "
          "textes libres (notes du journal, justifications, disponibilités et détails FASTT) ; elle "
          "garde ce que comptent les bilans (sexe, mois de naissance, niveau, QPV/ZRR, site, "
          "référent, dates et états). Les dossiers anonymisés sont archivés. La base est "
          "sauvegardée avant, tout est écrit en une seule transaction, puis la copie de sécurité "
          "est effacée une fois le résultat vérifié.")


@dataclass(frozen=True)
class Echeance:
    """When a file comes due: ``date`` (None while something under way keeps it) and why."""
    date: date | None
    motif: str

    def due(self, today: date) -> bool:
        return self.date is not None and today >= self.date

    def describe(self, today: date) -> str:
        """The fiche's badge: « Conservé jusqu'au 23/11/2028 (28 ans le 24/11/2028) »."""
        if self.date is None:
            return f"Conservé tant que dure : {self.motif}"
        if self.due(today):
            return f"Dossier échu depuis le {format_date(self.date)} ({self.motif}) : à anonymiser"
        return f"Conservé jusqu'au {format_date(self.date - timedelta(days=1))} ({self.motif})"


def dossiers(count: int, adjective: str = "") -> str:
    """« 3 dossiers », « 1 dossier échu », « 1 234 dossiers anonymisés »."""
    from .text import french_int
    plural = "s" if count > 1 else ""
    words = [french_int(count), f"dossier{plural}"] + ([f"{adjective}{plural}"] if adjective else [])
    return " ".join(words)


def programme_in_progress(date_fin: date | None, today: date) -> bool:
    """A programme without an end date, or ending today or later, is still in progress."""
    return date_fin is None or date_fin >= today


def echeance(birth: date, programmes: Iterable[tuple[str, date | None]], cotra_phase: str | None,
             durees: Durees = DECRET) -> Echeance:
    """The day the file comes due (see the module's rule). ``programmes``: (code, date_fin)."""
    if cotra_phase in PHASES_EN_COURS:
        return Echeance(None, "la cotraitance en cours")
    limit = birthday(birth, durees.age_jeune)
    best = (limit, f"{durees.age_jeune} ans le {format_date(limit)}")
    for code, fin in programmes:
        if fin is None:
            return Echeance(None, f"le programme {code} en cours (sans date de fin)")
        if code == CEJ:
            when = add_years(fin, durees.cej_annees)
            why = f"{durees.cej_annees} ans après la fin du CEJ le {format_date(fin)}"
        else:
            when, why = fin + timedelta(days=1), f"fin du programme {code} le {format_date(fin)}"
        if when > best[0]:
            best = (when, why)
    return Echeance(*best)


def is_due(birth: date, programmes: Iterable[tuple[str, date | None]], cotra_phase: str | None,
           today: date, durees: Durees = DECRET) -> bool:
    """True when the file may no longer stay identifiable (see the module's rule)."""
    return echeance(birth, programmes, cotra_phase, durees).due(today)


def youngest_due_birth(today: date, durees: Durees = DECRET) -> date:
    """A birth date after which nobody can be due ``today`` (a day's margin for 29 February):
    a cheap first filter (programmes only ever make a file due later), :func:`is_due` decides."""
    return add_years(today, -durees.age_jeune) + timedelta(days=1)


def anonymous_birth_date(birth: date) -> date:
    """The first of the month of birth: ages and age bands stay right within a month."""
    return birth.replace(day=1)
