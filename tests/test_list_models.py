"""Every list model passes Qt's model tester, on the demo data of each area."""

from __future__ import annotations

import pytest

from milo_desktop.gui.widgets.idlist import IdListModel
from milo_desktop.services.listing import ListQuery


@pytest.fixture
def demo_services(bare_services):
    bare_services.demo.generate(120, seed=7)
    return bare_services


SOURCES = [
    lambda s: s.offres.list_source(),
    lambda s: s.entreprises.list_source(),
    lambda s: s.fastt.referrals_source(),
    lambda s: s.interim.delegations_source(),
    lambda s: s.jeunes.source(),
]


@pytest.mark.parametrize("make_source", SOURCES, ids=["offres", "entreprises", "fastt", "interim", "jeunes"])
def test_id_list_models_pass_the_model_tester(qtmodeltester, demo_services, make_source):
    model = IdListModel(make_source(demo_services))
    model.set_query(ListQuery())
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    first_sortable = next(i for i, c in enumerate(model.columns) if c.sortable)
    model.sort(first_sortable)
    qtmodeltester.check(model, force_py=True)


def test_rejections_model_passes_the_model_tester(qtmodeltester):
    from milo_desktop.gui.imports.pages import RejectionsModel
    from milo_desktop.services.imports import Rejection
    model = RejectionsModel([Rejection(3, "date_naissance", "31/02/2006", "cette date n'existe pas"),
                             Rejection(9, "siret", "123", "14 chiffres attendus")])
    assert model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)
