"""How long a young person's file is kept identifiable (domain.md §8).

The national system keeps a file accessible until the 26th birthday, or until the end of a
programme still in progress, then anonymises it. MILO Desktop follows the same rule: a file is
« échu » when the young person has turned 26, no programme is in progress (no end date, or an
end date still to come) and the cotraitance is not under way (affectation, acceptation,
accompagnement). Anonymising keeps what the annual reports count (sex, month of birth, level,
QPV/ZRR…, site, référent, dates and states) and removes who the person is and every free text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from . import cotraitance as cot
from .dates import add_years, birthday

AGE_LIMIT = 26
ANONYMOUS_NAME = "ANONYME"
ANONYMOUS_FIRST_NAME = "Dossier anonymisé"
# Cotraitance phases in which France Travail still expects the Mission Locale to act.
PHASES_EN_COURS = frozenset({cot.PHASE_AFFECTATION, cot.PHASE_ACCEPTEE, cot.PHASE_ACCOMPAGNEMENT})


# What an adviser is told, in the dialog, the command's help and Paramètres.
RULE = ("Un dossier est échu quand le jeune a eu 26 ans, qu'aucun programme n'est en cours (sans "
        "date de fin ou se terminant plus tard) et que la cotraitance n'est pas en cours "
        "(affectation, acceptation, accompagnement).")
EFFECT = ("L'anonymisation efface le nom, le prénom, les coordonnées, les identifiants et tous les "
          "textes libres (notes du journal, justifications, disponibilités et détails FASTT) ; elle "
          "garde ce que comptent les bilans (sexe, mois de naissance, niveau, QPV/ZRR, site, "
          "référent, dates et états). Les dossiers anonymisés sont archivés. La base est "
          "sauvegardée avant, puis tout est écrit en une seule transaction.")


def dossiers(count: int, adjective: str = "") -> str:
    """« 3 dossiers », « 1 dossier échu », « 1 234 dossiers anonymisés »."""
    from .text import french_int
    plural = "s" if count > 1 else ""
    words = [french_int(count), f"dossier{plural}"] + ([f"{adjective}{plural}"] if adjective else [])
    return " ".join(words)


def programme_in_progress(date_fin: date | None, today: date) -> bool:
    """A programme without an end date, or ending today or later, is still in progress."""
    return date_fin is None or date_fin >= today


def is_due(birth: date, programme_ends: Iterable[date | None], cotra_phase: str | None,
           today: date) -> bool:
    """True when the file may no longer stay identifiable (see the module's rule)."""
    if today < birthday(birth, AGE_LIMIT):
        return False
    if cotra_phase in PHASES_EN_COURS:
        return False
    return not any(programme_in_progress(end, today) for end in programme_ends)


def youngest_due_birth(today: date) -> date:
    """A birth date after which nobody can be due ``today`` (a day's margin for 29 February):
    a cheap first filter, :func:`is_due` decides."""
    return add_years(today, -AGE_LIMIT) + timedelta(days=1)


def latest_due_birth(today: date) -> date:
    """The latest birth date of someone 26 or older ``today`` (29 February births included,
    see :func:`~.dates.birthday`): a birth on or before it is old enough, one after it is not —
    the age part of :func:`is_due` as one comparison, for a COUNT in SQL."""
    born = youngest_due_birth(today)
    while today < birthday(born, AGE_LIMIT):
        born -= timedelta(days=1)
    return born


def anonymous_birth_date(birth: date) -> date:
    """The first of the month of birth: ages and age bands stay right within a month."""
    return birth.replace(day=1)
