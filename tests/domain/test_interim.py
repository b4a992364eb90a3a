"""Delegations in temporary work and branch actions (convention 004)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from milo_desktop.domain.errors import DomainError, ValidationError
from milo_desktop.domain.interim import (
    ACTIONS_BRANCHE, RESULTATS_ACTION, TYPES_CONTRAT_INTERIM, ActionInput, DelegationInput,
    mis_a_l_emploi, overlaps, semestre_bounds, validate_action, validate_delegation,
)

TODAY = date(2025, 3, 10)


def delegation(**kw) -> DelegationInput:
    base = dict(date_debut="03/03/2025", date_fin="07/03/2025", heures="35",
                type_contrat="mission", entreprise_utilisatrice="  Usine Albi  ")
    return DelegationInput(**(base | kw))


def test_code_lists():
    assert dict(TYPES_CONTRAT_INTERIM)["cdi_interimaire"] == "CDI intérimaire"
    assert [c for c, _ in TYPES_CONTRAT_INTERIM] == ["mission", "cdi_interimaire", "cdd", "cdi"]
    assert dict(ACTIONS_BRANCHE) == {
        "tremplin": "Tremplin pour l'emploi", "starter": "Starter", "spott": "SPOTT",
        "cipi": "CIPI", "cdpi": "CDPI", "mission_handicap": "Mission Handicap"}
    assert dict(RESULTATS_ACTION)["terminee_succes"] == "Terminée avec succès"
    assert all(len(c) <= 20 for codes in (TYPES_CONTRAT_INTERIM, ACTIONS_BRANCHE, RESULTATS_ACTION)
               for c, _ in codes)


# ---------------------------------------------------------------- delegations


def test_valid_delegation_is_cleaned():
    got = validate_delegation(delegation(heures="35,5"), TODAY)
    assert got == DelegationInput(
        date(2025, 3, 3), date(2025, 3, 7), Decimal("35.50"), "mission", "Usine Albi")


def test_one_day_mission():
    assert validate_delegation(delegation(date_fin="03/03/2025", heures=7), TODAY).heures == Decimal("7.00")


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError) as err:
        validate_delegation(delegation(date_fin="02/03/2025"), TODAY)
    assert err.value.problems["date_fin"].startswith("La mission ne peut pas se terminer avant de commencer")


@pytest.mark.parametrize("heures, text", [
    ("0", "positif"), ("-4", "positif"), ("", "obligatoire"), (None, "obligatoire"),
    ("beaucoup", "nombre"), ("NaN", "positif"), ("61", "12 h par jour"),
])
def test_hours_positive_and_plausible(heures, text):
    with pytest.raises(ValidationError) as err:
        validate_delegation(delegation(heures=heures), TODAY)
    assert text in err.value.problems["heures"]


def test_hours_at_the_daily_ceiling_pass():
    assert validate_delegation(delegation(heures=60), TODAY).heures == Decimal("60.00")


def test_end_date_required_for_missions_and_cdd_only():
    for type_contrat in ("mission", "cdd"):
        with pytest.raises(ValidationError) as err:
            validate_delegation(delegation(date_fin=None, type_contrat=type_contrat), TODAY)
        assert "obligatoire" in err.value.problems["date_fin"]
    for type_contrat in ("cdi", "cdi_interimaire"):
        got = validate_delegation(delegation(date_fin=None, type_contrat=type_contrat, heures=1600), TODAY)
        assert got.date_fin is None


def test_mission_over_three_years_is_refused():
    with pytest.raises(ValidationError) as err:
        validate_delegation(delegation(date_fin="04/03/2028"), TODAY)
    assert "3 ans" in err.value.problems["date_fin"]
    got = validate_delegation(delegation(date_fin="03/03/2028", heures=100), TODAY)
    assert got.date_fin == date(2028, 3, 3)


@pytest.mark.parametrize("start", ["31/12/1999", "11/03/2026"])
def test_start_date_plausible(start):
    with pytest.raises(ValidationError) as err:
        validate_delegation(delegation(date_debut=start, date_fin=None, type_contrat="cdi"), TODAY)
    assert "invraisemblable" in err.value.problems["date_debut"]


def test_delegation_reports_every_problem():
    with pytest.raises(ValidationError) as err:
        validate_delegation(DelegationInput(date_debut=None, date_fin="31/02/2025", heures="x",
                                            type_contrat="stage"), TODAY)
    assert set(err.value.problems) == {"date_debut", "date_fin", "heures", "type_contrat"}


# ---------------------------------------------------------------- periods


def test_semestre_bounds():
    assert semestre_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 6, 30))
    assert semestre_bounds(2025, 2) == (date(2025, 7, 1), date(2025, 12, 31))


@pytest.mark.parametrize("year, semester, field", [
    (2025, 0, "semestre"), (2025, 3, "semestre"), (2025, True, "semestre"),
    (1999, 1, "annee"), (2101, 1, "annee"), ("2025", 1, "annee"),
])
def test_semestre_bounds_refuses(year, semester, field):
    with pytest.raises(DomainError) as err:
        semestre_bounds(year, semester)
    assert err.value.field == field


S1 = semestre_bounds(2025, 1)


@pytest.mark.parametrize("start, end, expected", [
    (date(2024, 12, 20), date(2025, 1, 1), True),   # ends on the first day
    (date(2025, 6, 30), date(2025, 7, 10), True),   # starts on the last day
    (date(2024, 12, 1), date(2024, 12, 31), False),
    (date(2025, 7, 1), date(2025, 7, 5), False),
    (date(2024, 1, 1), None, True),                 # still running
    (date(2025, 7, 1), None, False),
    (date(2024, 1, 1), date(2026, 1, 1), True),     # spans the period
])
def test_overlaps(start, end, expected):
    assert overlaps(start, end, *S1) is expected


def test_mis_a_l_emploi_needs_a_start_in_the_period():
    assert mis_a_l_emploi([date(2024, 12, 1), date(2025, 6, 30)], *S1)
    assert not mis_a_l_emploi([date(2024, 12, 1)], *S1)  # still working in 2025 but started before
    assert not mis_a_l_emploi([], *S1)


# ---------------------------------------------------------------- branch actions


def test_valid_action():
    got = validate_action(ActionInput(" tremplin ", "01/02/2025", "14/02/2025", "terminee_succes"), TODAY)
    assert got == ActionInput("tremplin", date(2025, 2, 1), date(2025, 2, 14), "terminee_succes")
    assert validate_action(ActionInput("cipi", "01/03/2025", None, "en_cours"), TODAY).date_fin is None
    assert validate_action(ActionInput("starter", "01/04/2025", None, "prevue"), TODAY).resultat == "prevue"


@pytest.mark.parametrize("data, field, text", [
    (ActionInput("ateliers", "01/02/2025", None, "en_cours"), "action", "inconnue"),
    (ActionInput(None, "01/02/2025", None, "en_cours"), "action", "obligatoire"),
    (ActionInput("spott", "01/02/2025", None, "reussi"), "resultat", "inconnue"),
    (ActionInput("spott", None, None, "prevue"), "date_debut", "obligatoire"),
    (ActionInput("spott", "01/02/2025", "31/01/2025", "en_cours"), "date_fin", "avant de commencer"),
    (ActionInput("spott", "20/03/2025", None, "en_cours"), "resultat", "ne commence que"),
    (ActionInput("spott", "01/02/2025", None, "abandon"), "date_fin", "obligatoire"),
    (ActionInput("spott", "01/02/2025", "20/03/2025", "terminee_sans_succes"), "date_fin", "futur"),
])
def test_action_refusals(data, field, text):
    with pytest.raises(ValidationError) as err:
        validate_action(data, TODAY)
    assert text in err.value.problems[field]
