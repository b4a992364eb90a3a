"""A save updates one row of the Jeunes list (issue 20.6): in place, moved only when its sort key
changed, never by reloading every id; archiving several files is one transaction."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.gui.pages import jeunes as page_module
from milo_desktop.services.listing import ListQuery

NAMES = ["Arnaud", "Bernard", "Dupont", "Durand", "Lefèvre", "Martin", "Moreau", "Petit", "Roux", "Zidane"]


def make(services, nom, prenom="Éloïse", born="01/02/2005", commune="Foix"):
    return services.jeunes.create(JeuneInput(nom=nom, prenom=prenom, sexe="F", date_naissance=born,
                                             commune=commune),
                                  services.ctx.user.id, services.ctx.site_id, ["CEJ"])


@pytest.fixture
def page(qtbot, window, services):
    for n, nom in enumerate(NAMES):
        make(services, nom, born=f"0{1 + n % 9}/02/2005")
    dashboard = window.pages.get("tableau")
    if dashboard is not None:
        qtbot.waitUntil(lambda: dashboard.task is None, timeout=20000)
    return window.show_area("jeunes")


def count_id_loads(monkeypatch, source):
    loads = []
    real = source.ids
    monkeypatch.setattr(source, "ids", lambda query: (loads.append(query), real(query))[1])
    return loads


def save(services, jeune_id, **changes):
    from dataclasses import replace
    d = services.jeunes.get(jeune_id)
    return services.jeunes.update(jeune_id, replace(d.as_input(), **changes), d.referent_id, d.site_id,
                                  d.programmes, d.version)


def test_a_saved_file_is_updated_in_place_without_reloading_the_ids(qtbot, page, services, monkeypatch):
    model = page.list.model
    row = model.row_of(model.ids[3])
    jeune_id = model.ids[3]
    loads = count_id_loads(monkeypatch, page.list.source)
    detail = save(services, page_module.to_uuid(jeune_id), commune="Pamiers")
    page._saved(detail)
    assert loads == [] and model.row_of(jeune_id) == row
    commune = [i for i, c in enumerate(model.columns) if c.key == "commune"][0]
    assert model.index(row, commune).data() == "PAMIERS"  # communes are stored in capitals
    assert page.list.view.selectionModel().isRowSelected(row)


def test_a_renamed_file_moves_to_its_place(qtbot, page, services, monkeypatch):
    model = page.list.model
    first = model.ids[0]
    loads = count_id_loads(monkeypatch, page.list.source)
    page._saved(save(services, page_module.to_uuid(first), nom="Nicolas"))
    assert loads == []
    assert model.ids == page.list.source.ids(model.query)  # the order a reload would give
    assert model.row_of(first) == NAMES.index("Petit") - 1  # after Moreau, before Petit
    nom = model.index(model.row_of(first), 0).data()
    assert nom == "NICOLAS"


def test_a_file_leaving_the_filter_leaves_the_list(qtbot, page, services, ref_data):
    page.list.search.setText("")
    qtbot.keyClicks(page.list.search, "du")
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=5000)
    model = page.list.model
    gone = model.ids[0]
    page._saved(save(services, page_module.to_uuid(gone), nom="Blanc"))
    assert model.rowCount() == 1 and gone not in model.ids
    assert page.list.count_label.text() == "1 fiche"


def test_archiving_several_files_is_one_transaction(qtbot, page, services, monkeypatch):
    model = page.list.model
    page.list.view.selectRow(0)
    page.list.view.selectionModel().select(model.index(2, 0), page.list.view.selectionModel().SelectionFlag.Select
                                           | page.list.view.selectionModel().SelectionFlag.Rows)
    chosen = {model.ids[0], model.ids[2]}
    monkeypatch.setattr(page_module, "confirm", lambda *_a: True)
    before = services.ctx.store.generation
    loads = count_id_loads(monkeypatch, page.list.source)
    page.archive_selected()
    assert services.ctx.store.generation == before + 1  # one write transaction
    assert loads == [] and model.rowCount() == len(NAMES) - 2 and not chosen & set(model.ids)
    assert all(services.jeunes.get(page_module.to_uuid(i)).archive for i in chosen)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, len(NAMES) - 1), st.sampled_from(NAMES + ["Aa", "Zz"]),
                                st.sampled_from(["nom", "date_naissance", "commune"]),
                                st.booleans()), min_size=1, max_size=4))
def test_any_saves_leave_the_list_a_reload_would_show(page, services, edits):
    """Nothing lost, nothing misplaced: whatever the sort and the edits, the rows updated one
    by one are the list a full reload gives."""
    model = page.list.model
    for index, name, sort, descending in edits:
        model.set_query(ListQuery(sort=sort, descending=descending))
        jeune_id = model.ids[index % model.rowCount()]
        value = {"nom": name, "commune": name, "date_naissance": f"{1 + index:02d}/03/2004"}[sort]
        page._saved(save(services, page_module.to_uuid(jeune_id), **{sort: value}))
        assert model.ids == page.list.source.ids(model.query)
