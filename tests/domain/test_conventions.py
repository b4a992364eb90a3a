"""Mission Locale ↔ agence d'emploi conventions (convention 004, annex 2, art. 5)."""

from __future__ import annotations

from datetime import date

import pytest

from milo_desktop.domain.conventions import (
    Convention, alerte_renouvellement, anniversaire, date_fin, date_limite_denonciation,
    echeance_initiale, est_active, prochain_anniversaire, validate_convention,
)
from milo_desktop.domain.errors import ValidationError

CONV = Convention(date(2023, 7, 20), 3)


# ---------------------------------------------------------------- anniversaries


@pytest.mark.parametrize("today, expected", [
    (date(2023, 7, 20), date(2024, 7, 20)),  # signature day
    (date(2023, 12, 1), date(2024, 7, 20)),
    (date(2024, 7, 19), date(2024, 7, 20)),
    (date(2024, 7, 20), date(2025, 7, 20)),  # on an anniversary: the next one
    (date(2024, 7, 21), date(2025, 7, 20)),
    (date(2030, 1, 5), date(2030, 7, 20)),   # long after, tacitly renewed
    (date(2023, 1, 1), date(2024, 7, 20)),   # before the signature
])
def test_prochain_anniversaire(today, expected):
    assert prochain_anniversaire(CONV, today) == expected


def test_initial_term():
    assert echeance_initiale(CONV) == date(2026, 7, 20)


def test_29_february_signature():
    conv = Convention(date(2024, 2, 29), 1)
    assert anniversaire(conv, 1) == date(2025, 2, 28)
    assert anniversaire(conv, 4) == date(2028, 2, 29)  # back to 29/02 in a leap year
    assert prochain_anniversaire(conv, date(2025, 2, 27)) == date(2025, 2, 28)
    assert prochain_anniversaire(conv, date(2025, 2, 28)) == date(2026, 2, 28)
    assert prochain_anniversaire(conv, date(2028, 2, 28)) == date(2028, 2, 29)


# ---------------------------------------------------------------- one-month notice


@pytest.mark.parametrize("anniv, limit", [
    (date(2025, 7, 20), date(2025, 6, 20)),
    (date(2025, 3, 31), date(2025, 2, 28)),
    (date(2024, 3, 31), date(2024, 2, 29)),
    (date(2025, 1, 15), date(2024, 12, 15)),
    (date(2028, 2, 29), date(2028, 1, 29)),
])
def test_date_limite_denonciation(anniv, limit):
    assert date_limite_denonciation(anniv) == limit


def test_denunciation_just_in_time_ends_at_the_next_anniversary():
    conv = Convention(date(2023, 7, 20), 3, date_denonciation=date(2025, 6, 20))
    assert date_fin(conv) == date(2025, 7, 20)
    assert est_active(conv, date(2025, 7, 19))
    assert not est_active(conv, date(2025, 7, 20))


def test_denunciation_one_day_late_ends_a_year_later():
    conv = Convention(date(2023, 7, 20), 3, date_denonciation=date(2025, 6, 21))
    assert date_fin(conv) == date(2026, 7, 20)
    assert est_active(conv, date(2025, 7, 20))
    assert est_active(conv, date(2026, 7, 19))
    assert not est_active(conv, date(2026, 7, 20))


def test_denunciation_with_31_march_anniversary():
    signed = date(2023, 3, 31)
    assert date_fin(Convention(signed, 1, date(2024, 2, 29))) == date(2024, 3, 31)  # leap year: 29/02
    assert date_fin(Convention(signed, 1, date(2024, 3, 1))) == date(2025, 3, 31)
    assert date_fin(Convention(signed, 1, date(2025, 2, 28))) == date(2025, 3, 31)
    assert date_fin(Convention(signed, 1, date(2025, 3, 1))) == date(2026, 3, 31)


def test_denunciation_on_the_anniversary_itself_is_late():
    conv = Convention(date(2023, 7, 20), 1, date_denonciation=date(2024, 7, 20))
    assert date_fin(conv) == date(2025, 7, 20)


def test_denunciation_during_the_initial_term_ends_at_the_next_anniversary():
    conv = Convention(date(2023, 7, 20), 3, date_denonciation=date(2023, 9, 1))
    assert date_fin(conv) == date(2024, 7, 20)


def test_not_denounced_stays_active():
    assert date_fin(CONV) is None
    assert est_active(CONV, date(2023, 7, 20))
    assert est_active(CONV, date(2040, 1, 1))
    assert not est_active(CONV, date(2023, 7, 19))


# ---------------------------------------------------------------- renewal alert


@pytest.mark.parametrize("today, alert", [
    (date(2026, 5, 5), False),   # 46 days before the last day to denounce
    (date(2026, 5, 6), True),    # 45 days before 20/06/2026
    (date(2026, 6, 20), True),   # last day to denounce
    (date(2026, 6, 21), False),  # too late: renewed on 20/07/2026
    (date(2027, 6, 1), True),    # every later anniversary is a renewal too
    (date(2025, 6, 1), False),   # inside the initial term: no tacit renewal yet
])
def test_alerte_renouvellement(today, alert):
    assert alerte_renouvellement(CONV, today) is alert


def test_alert_custom_window():
    assert not alerte_renouvellement(CONV, date(2026, 6, 1), jours_avant=10)
    assert alerte_renouvellement(CONV, date(2026, 6, 10), jours_avant=10)


def test_no_alert_for_denounced_or_one_year_conventions_out_of_window():
    denounced = Convention(date(2023, 7, 20), 3, date_denonciation=date(2026, 5, 1))
    assert not alerte_renouvellement(denounced, date(2026, 6, 1))
    yearly = Convention(date(2023, 7, 20), 1)
    assert alerte_renouvellement(yearly, date(2024, 6, 1))


# ---------------------------------------------------------------- validation

TODAY = date(2025, 3, 10)


def test_valid_convention():
    assert validate_convention("20/07/2023", "3", TODAY) == Convention(date(2023, 7, 20), 3)
    assert validate_convention(date(2023, 7, 20), 10, TODAY, "2025-01-05") == Convention(
        date(2023, 7, 20), 10, date(2025, 1, 5))


@pytest.mark.parametrize("duree", [0, 11, "", None, "2,5", "-1", True, "trois"])
def test_duration_is_1_to_10_years(duree):
    with pytest.raises(ValidationError) as err:
        validate_convention("20/07/2023", duree, TODAY)
    assert "Durée de la convention" in err.value.problems["duree_annees"]


@pytest.mark.parametrize("signature, text", [
    ("29/02/2023", "n'existe pas"),
    ("11/03/2025", "futur"),
    (None, "obligatoire"),
    ("2023", "format non reconnu"),
])
def test_signature_date(signature, text):
    with pytest.raises(ValidationError) as err:
        validate_convention(signature, 3, TODAY)
    assert text in err.value.problems["date_signature"]


@pytest.mark.parametrize("denonciation, text", [
    ("20/07/2023", "suivre la signature"),
    ("01/07/2023", "suivre la signature"),
    ("11/03/2025", "futur"),
])
def test_denunciation_date(denonciation, text):
    with pytest.raises(ValidationError) as err:
        validate_convention("20/07/2023", 3, TODAY, denonciation)
    assert text in err.value.problems["date_denonciation"]


def test_all_problems_at_once():
    with pytest.raises(ValidationError) as err:
        validate_convention("31/04/2023", 0, TODAY, "12/12/2030")
    assert set(err.value.problems) == {"date_signature", "duree_annees", "date_denonciation"}
