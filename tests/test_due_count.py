"""The count of files due for anonymisation (dashboard, Paramètres) agrees with the domain rule
(domain.retention.is_due, the decree's keeping times) on every file, leap-day births, programme
ends and CEJ ends included."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milo_desktop.domain import cotraitance as cot
from milo_desktop.domain import retention
from milo_desktop.persistence.models import Jeune, Programme

PHASES = (None, *(code for code, _ in cot.PHASES))
births = st.one_of(st.dates(date(1994, 1, 1), date(2003, 12, 31)),
                   st.sampled_from([date(2000, 2, 29), date(2000, 2, 28), date(2000, 3, 1),
                                    date(1996, 2, 29), date(1998, 11, 24), date(1998, 11, 25)]))
ends = st.lists(st.one_of(st.none(), st.dates(date(2014, 1, 1), date(2030, 12, 31))), max_size=2)
people = st.lists(st.tuples(births, ends, st.sampled_from(PHASES), st.booleans()), min_size=1, max_size=12)
todays = st.one_of(st.sampled_from([date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 28),
                                    date(2028, 2, 29), date(2026, 11, 24), date(2026, 11, 25)]),
                   st.dates(date(2025, 1, 1), date(2034, 12, 31)))


@pytest.fixture
def store_services(services):
    return services


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=people, today=todays)
def test_the_sql_count_equals_the_domain_rule(store_services, rows, today):
    services = store_services
    with services.ctx.store.write() as s:
        s.query(Programme).delete()
        s.query(Jeune).delete()
        for n, (born, programme_ends, phase, anonymised) in enumerate(rows):
            j = Jeune(nom=f"N{n}", prenom="P", nom_fold=f"n{n}", prenom_fold="p", sexe="F",
                      date_naissance=born, cotra_phase=phase,
                      anonymise_le=date(2025, 1, 1) if anonymised else None)
            s.add(j)
            s.flush()
            for k, end in enumerate(programme_ends):
                s.add(Programme(jeune_id=j.id, code=("CEJ", "PACEA")[k], date_fin=end))
    old = services.ctx.today
    services.ctx.today = lambda: today
    try:
        expected = sum(1 for born, programme_ends, phase, anonymised in rows if not anonymised
                       and retention.is_due(born, list(zip(("CEJ", "PACEA"), programme_ends)), phase, today))
        assert services.maintenance.count_echus() == expected == services.maintenance.echus().count
    finally:
        services.ctx.today = old
