"""When a young person's file must stop being identifiable (26th birthday, programmes, cotraitance)."""

from __future__ import annotations

from datetime import date

import pytest

from milo_desktop.domain.retention import anonymous_birth_date, is_due, programme_in_progress


@pytest.mark.parametrize("birth, today, due", [
    (date(2000, 11, 24), date(2026, 11, 23), False),  # the day before the 26th birthday
    (date(2000, 11, 24), date(2026, 11, 24), True),   # the 26th birthday
    (date(2000, 2, 29), date(2026, 2, 28), False),    # born on a leap day: 26 on 1 March
    (date(2000, 2, 29), date(2026, 3, 1), True),
    (date(2004, 2, 29), date(2030, 2, 28), False),
    (date(2004, 2, 29), date(2030, 3, 1), True),
    (date(2005, 6, 1), date(2026, 11, 24), False),    # 21
])
def test_due_from_the_26th_birthday(birth, today, due):
    assert is_due(birth, (), None, today) is due


@pytest.mark.parametrize("ends, due", [
    ((None,), False),                     # a programme without an end date is still running
    ((date(2026, 11, 24),), False),       # ends today
    ((date(2026, 11, 23),), True),        # ended yesterday
    ((date(2025, 1, 1), None), False),
    ((date(2025, 1, 1), date(2026, 6, 30)), True),
])
def test_a_programme_in_progress_keeps_the_file(ends, due):
    assert is_due(date(1999, 1, 1), ends, None, date(2026, 11, 24)) is due


@pytest.mark.parametrize("phase, due", [
    ("affectation", False), ("acceptee", False), ("accompagnement", False),
    ("sortie", True), ("refusee", True), ("aucune", True), (None, True),
])
def test_a_cotraitance_under_way_keeps_the_file(phase, due):
    assert is_due(date(1999, 1, 1), (), phase, date(2026, 11, 24)) is due


def test_programme_in_progress_and_birth_month():
    assert programme_in_progress(None, date(2026, 1, 1))
    assert not programme_in_progress(date(2025, 12, 31), date(2026, 1, 1))
    assert anonymous_birth_date(date(2000, 2, 29)) == date(2000, 2, 1)


@pytest.mark.parametrize("today", [date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 28),
                                   date(2028, 2, 29), date(2028, 3, 1), date(2026, 11, 24)])
def test_the_sql_first_filter_never_drops_a_due_file(today):
    from datetime import timedelta

    from milo_desktop.domain.retention import youngest_due_birth
    limit = youngest_due_birth(today)
    birth = date(today.year - 27, 1, 1)
    while birth < date(today.year - 25, 12, 31):
        if is_due(birth, (), None, today):
            assert birth <= limit
        birth += timedelta(days=1)
    assert limit - timedelta(days=3) < max(
        b for b in (date(today.year - 26, 1, 1) + timedelta(days=d) for d in range(400))
        if is_due(b, (), None, today))
