"""Issue 18 item 11: the DREETS semester table counts, in each semester, the hours of a
delegation that fall in it (prorated by days: only a total is known), never a delegation's full
hours in every semester it overlaps. The screen (InterimService.semestre) and the report share
one query; the rule is said in the notes (PDF, Excel)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milo_desktop.cli.main import main
from milo_desktop.domain.interim import DelegationInput, heures_dans_periode, semestre_bounds
from milo_desktop.services.bilans_queries.common import Scope, SessionRunner
from milo_desktop.services.bilans_queries.mission_jeunes import semestre_delegations

from .test_interim_service import agence, make_jeune

S1, S2 = semestre_bounds(2026, 1), semestre_bounds(2026, 2)


def test_15_06_to_15_09_is_split_15_days_and_77_days():
    start, end, hours = date(2026, 6, 15), date(2026, 9, 15), Decimal(92)
    assert heures_dans_periode(start, end, hours, *S1) == 15
    assert heures_dans_periode(start, end, hours, *S2) == 77


def test_one_day_and_open_ended_delegations_count_once():
    day = date(2026, 6, 30)
    assert heures_dans_periode(day, day, Decimal(7), *S1) == 7
    assert heures_dans_periode(day, day, Decimal(7), *S2) == 0
    assert heures_dans_periode(date(2026, 4, 1), None, Decimal(150), *S1) == 150
    assert heures_dans_periode(date(2026, 4, 1), None, Decimal(150), *S2) == 0


@given(st.dates(date(2024, 1, 1), date(2027, 12, 31)), st.integers(0, 400), st.integers(1, 2000))
def test_the_half_years_share_the_hours_nothing_lost_nothing_counted_twice(start, days, hours):
    end = start + timedelta(days=days)
    halves = [semestre_bounds(y, s) for y in range(2023, 2031) for s in (1, 2)]
    parts = [heures_dans_periode(start, end, Decimal(hours), a, b) for a, b in halves]
    assert all(p >= 0 for p in parts)
    assert abs(sum(parts) - hours) < Decimal("1e-20")


def test_service_report_and_cli_count_the_hours_of_each_semester(services, data_dir, tmp_path):
    jeune, adecco = make_jeune(services), agence(services, "Adecco Foix")
    services.interim.save_delegation(jeune, adecco, DelegationInput("15/06/2026", "15/09/2026", "92", "cdd"))
    services.interim.save_delegation(jeune, adecco, DelegationInput("01/05/2026", None, "151,67",
                                                                    "cdi_interimaire"))
    s1, s2 = services.interim.semestre(2026, 1), services.interim.semestre(2026, 2)
    assert [(x.missions, x.heures) for x in s1.lignes] == [(2, Decimal("166.67"))]  # 15 + 151,67
    assert [(x.missions, x.heures) for x in s2.lignes] == [(2, Decimal("77.00"))]  # still running
    for semester, table in ((1, s1), (2, s2)):
        report = services.bilans.compute("interim-semestre", *semestre_bounds(2026, semester))
        assert report.table("Par agence").rows == [["Adecco Foix", 1, 2, float(table.total_heures)]]
        assert "15 jours sur 92 au 1er semestre" in report.table("Par agence").note
    from openpyxl import load_workbook
    out = tmp_path / "dreets.xlsx"
    assert main(["--data-dir", str(data_dir), "report", "interim-semestre", "--year", "2026",
                 "--semester", "2", "--out", str(tmp_path / "dreets.pdf"), "--xlsx", str(out)]) == 0
    book = load_workbook(out)
    assert [[c.value for c in r] for r in book["Par agence"].iter_rows(min_row=2)][0] == [
        "Adecco Foix", 1, 2, 77]
    notes = {r[0].value: r[1].value for r in book["Informations"].iter_rows(min_row=2)}
    assert "au prorata des jours" in notes["Note — Par agence"]
    details = [[c.value for c in r] for r in book["Délégations"].iter_rows(min_row=2)]
    assert sorted(r[5:7] for r in details) == [[92, 77], [151.67, 0]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.dates(date(2025, 6, 1), date(2027, 6, 1)), st.integers(0, 300),
                          st.integers(1, 900)), min_size=1, max_size=5))
def test_the_query_applies_the_domain_rule(services, delegations):
    jeune, ag = make_jeune(services), agence(services, f"Agence {len(delegations)}-{id(delegations)}")
    from milo_desktop.persistence.models import DelegationInterim
    with services.ctx.store.write() as s:
        for start, days, hours in delegations:
            s.add(DelegationInterim(jeune_id=jeune, agence_id=ag, type_contrat="cdd", date_debut=start,
                                    date_fin=start + timedelta(days=days), heures=Decimal(hours)))
    try:
        with services.ctx.store.read() as s:
            got = semestre_delegations(SessionRunner(s), Scope(*S2))
        expected = sorted(round(float(heures_dans_periode(a, a + timedelta(days=d), Decimal(h), *S2)), 2)
                          for a, d, h in delegations if a <= S2[1] and a + timedelta(days=d) >= S2[0])
        assert sorted(d.heures_periode for d in got if d.agence.startswith("Agence")) == expected
    finally:
        with services.ctx.store.write() as s:
            s.query(DelegationInterim).delete()


def test_the_mission_jeunes_screen_shows_the_hours_of_each_semester_and_the_rule(qtbot, window, services):
    jeune, adecco = make_jeune(services), agence(services, "Adecco Foix")
    services.interim.save_delegation(jeune, adecco, DelegationInput("15/06/2026", "15/09/2026", "92", "cdd"))
    page = window.show_area("mission_jeunes")
    page.tabs.setCurrentWidget(page.tab["chiffres"])
    tab = page.tab["chiffres"]
    table = tab.semesters
    cells = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert ["S1", "Adecco Foix", "1", "1", "15"] in cells and ["S2", "Adecco Foix", "1", "1", "77"] in cells
    assert tab.semesters_rule.isVisibleTo(tab) and "15 jours sur 92" in tab.semesters_rule.text()
