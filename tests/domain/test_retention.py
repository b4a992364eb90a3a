"""When a young person's file must stop being identifiable (décret n° 2015-59 art. 6 as amended:
28th birthday, the end of a programme when later, 10 years after the end of a CEJ; cotraitance),
checked on its edges against an independent computation."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from milo_desktop.domain.retention import (
    Durees, anonymous_birth_date, echeance, is_due, keeping_warning, programme_in_progress,
    youngest_due_birth,
)


def oracle_birthday(birth: date, age: int) -> date:
    """Independent: the day the age is reached (born 29/02: 1 March in a common year)."""
    try:
        return date(birth.year + age, birth.month, birth.day)
    except ValueError:
        return date(birth.year + age, 3, 1)


def oracle_years_after(end: date, years: int) -> date:
    """Independent: the same day ``years`` later, 28/02 for a 29/02 in a common year."""
    y = end.year + years
    day = min(end.day, calendar.monthrange(y, end.month)[1])
    return date(y, end.month, day)


def oracle_due(birth, programmes, phase, today, age=28, cej=10) -> bool:
    if phase in ("affectation", "acceptee", "accompagnement"):
        return False
    if any(fin is None for _c, fin in programmes):
        return False
    last = oracle_birthday(birth, age)
    for code, fin in programmes:
        last = max(last, oracle_years_after(fin, cej) if code == "CEJ" else fin + timedelta(days=1))
    return today >= last


CASES = [
    # the day before and of the 28th birthday
    (date(2000, 11, 24), (), date(2028, 11, 23), False),
    (date(2000, 11, 24), (), date(2028, 11, 24), True),
    # 26 is no longer the limit (the rule of 2015, anonymised two years too early)
    (date(2000, 11, 24), (), date(2026, 11, 24), False),
    # born on a leap day: 28 on 29/02 in a leap year, on 1 March otherwise
    (date(2000, 2, 29), (), date(2028, 2, 28), False),
    (date(2000, 2, 29), (), date(2028, 2, 29), True),
    (date(2001, 2, 28), (), date(2029, 2, 28), True),
    (date(2004, 2, 29), (), date(2032, 2, 28), False),
    (date(2004, 2, 29), (), date(2032, 2, 29), True),
    (date(2003, 2, 28), (), date(2031, 2, 27), False),
    # a programme ending after the 28th birthday keeps the file until its end
    (date(2000, 1, 10), (("PACEA", date(2028, 6, 30)),), date(2028, 6, 30), False),
    (date(2000, 1, 10), (("PACEA", date(2028, 6, 30)),), date(2028, 7, 1), True),
    (date(2000, 1, 10), (("PACEA", None),), date(2040, 1, 1), False),
    # a programme ended before: the birthday decides
    (date(2000, 1, 10), (("PACEA", date(2020, 6, 30)),), date(2028, 1, 10), True),
    # a CEJ ended 10 years ago to the day, and the day before
    (date(1990, 5, 5), (("CEJ", date(2016, 12, 2)),), date(2026, 12, 2), True),
    (date(1990, 5, 5), (("CEJ", date(2016, 12, 2)),), date(2026, 12, 1), False),
    (date(2005, 5, 5), (("CEJ", date(2024, 2, 29)),), date(2034, 2, 28), True),
    (date(2005, 5, 5), (("CEJ", date(2024, 2, 29)),), date(2034, 2, 27), False),
    (date(2005, 5, 5), (("CEJ", None),), date(2060, 1, 1), False),
    # CEJ ended, and a later PACEA: the latest date wins
    (date(1995, 1, 1), (("CEJ", date(2020, 1, 1)), ("PACEA", date(2031, 3, 3))), date(2031, 3, 3), False),
    (date(1995, 1, 1), (("CEJ", date(2020, 1, 1)), ("PACEA", date(2031, 3, 3))), date(2030, 1, 1), False),
]


@pytest.mark.parametrize("birth, programmes, today, due", CASES)
def test_keeping_time_edges_against_an_independent_computation(birth, programmes, today, due):
    assert oracle_due(birth, programmes, None, today) is due
    assert is_due(birth, programmes, None, today) is due


@pytest.mark.parametrize("phase, due", [
    ("affectation", False), ("acceptee", False), ("accompagnement", False),
    ("sortie", True), ("refusee", True), ("aucune", True), (None, True),
])
def test_a_cotraitance_under_way_keeps_the_file(phase, due):
    assert is_due(date(1990, 1, 1), (), phase, date(2026, 11, 24)) is due


def test_the_keeping_times_are_settings():
    short = Durees(age_jeune=26, cej_annees=5)
    assert is_due(date(2000, 11, 24), (), None, date(2026, 11, 24), short)
    assert is_due(date(1990, 5, 5), (("CEJ", date(2021, 12, 2)),), None, date(2026, 12, 2), short)
    assert Durees.from_settings({"conservation.age_jeune": 30}) == Durees(age_jeune=30)
    assert keeping_warning("conservation.age_jeune", "Âge", 26).startswith("Âge : 26, en dessous du minimum légal (28)")
    assert keeping_warning("conservation.age_jeune", "Âge", 28) is None
    assert keeping_warning("conservation.audit_mois", "Audit", 5) and not keeping_warning("conservation.audit_mois", "Audit", 6)


def test_the_reason_and_the_fiche_badge():
    e = echeance(date(2000, 11, 24), (("PACEA", date(2020, 1, 1)),), None)
    assert (e.date, e.motif) == (date(2028, 11, 24), "28 ans le 24/11/2028")
    assert e.describe(date(2026, 11, 24)) == "Conservé jusqu'au 23/11/2028 (28 ans le 24/11/2028)"
    assert e.describe(date(2028, 11, 24)).startswith("Dossier échu depuis le 24/11/2028")
    cej = echeance(date(1990, 5, 5), (("CEJ", date(2016, 12, 2)),), None)
    assert cej.motif == "10 ans après la fin du CEJ le 02/12/2016"
    kept = echeance(date(1990, 5, 5), (("CEJ", None),), None)
    assert kept.date is None and kept.describe(date(2026, 1, 1)) == (
        "Conservé tant que dure : le programme CEJ en cours (sans date de fin)")


def test_programme_in_progress_and_birth_month():
    assert programme_in_progress(None, date(2026, 1, 1))
    assert not programme_in_progress(date(2025, 12, 31), date(2026, 1, 1))
    assert anonymous_birth_date(date(2000, 2, 29)) == date(2000, 2, 1)


@pytest.mark.parametrize("today", [date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 28),
                                   date(2028, 2, 29), date(2028, 3, 1), date(2026, 11, 24)])
@pytest.mark.parametrize("age", [28, 26, 30])
def test_the_sql_first_filter_never_drops_a_due_file(today, age):
    durees = Durees(age_jeune=age)
    limit = youngest_due_birth(today, durees)
    birth = date(today.year - age - 1, 1, 1)
    while birth < date(today.year - age + 1, 12, 31):
        if is_due(birth, (), None, today, durees):
            assert birth <= limit
        birth += timedelta(days=1)
    assert limit - timedelta(days=3) < max(
        b for b in (date(today.year - age, 1, 1) + timedelta(days=d) for d in range(400))
        if is_due(b, (), None, today, durees))
