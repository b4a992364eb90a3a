"""Tableau de bord: the same figures as the reports, the work lists, charts, clicks."""

from __future__ import annotations

import pytest

from tests.bilans import dataset


@pytest.fixture
def data(services, ref_data):
    return dataset.build(services, ref_data)


def by_key(figures):
    return {f.key: (f.value, f.previous) for f in figures}


def test_dashboard_figures_equal_the_reports(services, data):
    board = services.tableau_de_bord.compute()
    assert board.period.start.year == 2026 and board.situation.isoformat() == "2026-11-24"
    shown = {c.figure.key: (c.figure.value, c.figure.previous) for g in board.groupes for c in g.chiffres}
    bilan = services.bilans.compute("bilan-partenariat", board.period.start, board.period.end)
    mission = services.bilans.compute("mission-jeunes", board.period.start, board.period.end)
    expected = {**by_key(bilan.key_figures()), **by_key(mission.key_figures())}
    assert shown == expected
    assert shown["entrees"] == (7, 3) and shown["accompagnement"] == (5, 1)
    assert shown["mer_plus"] == (2, 0) and shown["fastt"] == (3, 1) and shown["heures"] == (955.0, 420.0)
    flux = {r[0]: r[1] for r in bilan.table("Flux cotraitance").rows}
    assert shown["entrees"][0] == flux["Entrées (affectations non refusées)"]


def test_dashboard_site_filter_matches_the_site_report(services, data, ref_data):
    antenne = ref_data["sites"]["antenne"].id
    board = services.tableau_de_bord.compute(site_id=antenne)
    report = services.bilans.compute("bilan-partenariat", board.period.start, board.period.end, antenne)
    assert board.chiffre("entrees").value == by_key(report.key_figures())["entrees"][0] == 3


def test_charts_are_the_report_charts_as_svg(services, data):
    board = services.tableau_de_bord.compute()
    report = services.bilans.compute("bilan-partenariat", board.period.start, board.period.end)
    monthly = next(g for g in board.graphiques if g.figure.name == "Entrées mensuelles")
    assert monthly.figure == report.figure("Entrées mensuelles")
    assert monthly.svg.startswith("<?xml") and "<clipPath" not in monthly.svg and "clip-path" not in monthly.svg
    assert {g.figure.name for g in board.graphiques} == {"Entrées mensuelles", "Cumul et objectif", "États", "Sorties"}


def test_work_list_counts(services, data):
    board = services.tableau_de_bord.compute(with_charts=False)
    work = {c.figure.key: c.figure.value for c in board.a_traiter}
    assert work["offres_a_saisir"] == 1
    assert work["cotraitance.a_initialiser"] == 1 and work["cotraitance.en_alerte"] == 1
    assert work["cotraitance.en_cours"] == 7


def test_work_list_without_the_cotraitance_service(services, data, monkeypatch):
    from milo_desktop.services import cotraitance
    monkeypatch.delattr(cotraitance.CotraitanceService, "work_list_counts")
    board = services.tableau_de_bord.compute(with_charts=False)
    assert [c.figure.key for c in board.a_traiter] == ["offres_a_saisir"]


def test_dashboard_page_shows_figures_and_opens_lists(services, data, window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "open_item", lambda area, kind, payload: opened.append((area, kind, payload)))
    page = window.show_area("tableau")
    qtbot.waitUntil(lambda: page.loaded and "entrees" in page.cards, timeout=120_000)
    card = page.cards["entrees"]
    assert card.chiffre.text == "7" and "3 l'an dernier" in card.chiffre.previous_text
    card.click()
    area, kind, payload = opened[-1]
    assert (area, kind) == ("cotraitance", "liste") and payload["etape"] == "entree"
    heures = page.cards["heures"]  # no list behind the hours: a click opens nothing,
    heures.click()                 # yet the tile does not look disabled
    assert len(opened) == 1 and heures.isEnabled() and not heures.has_link
    page.cards["cotraitance.a_initialiser"].click()
    assert opened[-1] == ("cotraitance", "liste_travail", "a_initialiser")
    assert "année 2026" in page.title.text()
    assert not page.grab().isNull()


def test_dashboard_page_on_an_empty_store(window, qtbot):
    page = window.show_area("tableau")
    qtbot.waitUntil(lambda: page.loaded, timeout=120_000)
    assert page.cards["entrees"].chiffre.text == "0"


def test_figures_are_computed_once_per_data_change(services, data, monkeypatch):
    from milo_desktop.domain.jeunes import JeuneInput
    from milo_desktop.services.tableau_de_bord import TableauDeBordService
    calls = []
    real = TableauDeBordService._groupes
    monkeypatch.setattr(TableauDeBordService, "_groupes",
                        lambda self, year, site: (calls.append(site), real(self, year, site))[1])
    board = services.tableau_de_bord
    first = board.compute()
    assert board.compute() == first and len(calls) == 1  # nothing changed: served from memory
    services.jeunes.create(JeuneInput(nom="Neuve", prenom="Zoé", sexe="F", date_naissance="01/02/2005"),
                           services.ctx.user.id, services.ctx.site_id, [])
    board.compute()
    assert len(calls) == 2  # a write: computed again


def test_a_visit_shows_known_figures_at_once_and_the_others_as_they_arrive(services, data, window, qtbot,
                                                                          monkeypatch):
    import threading
    from milo_desktop.services.tableau_de_bord import TableauDeBordService
    gate = threading.Event()
    real = TableauDeBordService._graphiques
    monkeypatch.setattr(TableauDeBordService, "_graphiques",
                        lambda self, year, site: (gate.wait(20), real(self, year, site))[1])
    page = window.show_area("tableau")
    # the key figures and the work lists are shown while the charts are still being drawn
    qtbot.waitUntil(lambda: "entrees" in page.cards and "offres_a_saisir" in page.cards, timeout=120_000)
    assert page.data is None and page.task is not None
    assert page.findChild(type(page.title), "calculEnCours") is not None
    gate.set()
    qtbot.waitUntil(lambda: page.loaded, timeout=120_000)
    assert len(page.data.graphiques) == 4
    window.show_area("jeunes")
    page = window.show_area("tableau")  # back again, nothing changed: no computation
    assert page.task is None and page.loaded and page.cards["entrees"].chiffre.text == "7"
