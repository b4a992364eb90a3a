"""Cotraitance screens with qtbot: the fiche tab flow (affectation → acceptation →
initialisation → alerte → sortie) with the work lists following, refusals shown in French,
the objectives editor, and the list models checked by qtmodeltester."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer

from milo_desktop.domain.objectifs import LigneCle
from milo_desktop.gui.cotraitance import dialogs as dialogs_module
from milo_desktop.gui.cotraitance.dialogs import StepDialog
from milo_desktop.gui.cotraitance.models import (
    ALERT_BG, EtapesModel, ObjectifsModel, SuiviModel, WorkListModel,
)
from milo_desktop.gui.cotraitance.tab import CotraitanceTab
from milo_desktop.gui.dialogs.forms import set_date
from milo_desktop.services.cotraitance_lists import LISTES

from .test_cotraitance_service import accompagne, make_jeune
from .test_objectifs_service import annex_csv


def answer(tab, fill) -> list:
    """Fill the step dialog the next click opens; it is closed whatever happens."""
    errors = []

    def run():
        dialog = next(d for d in tab.findChildren(StepDialog) if d.isVisible())
        try:
            fill(dialog)
        except BaseException as err:  # noqa: BLE001 - re-raised by the test
            errors.append(err)
        finally:
            if dialog.isVisible():
                dialog.reject()
    QTimer.singleShot(0, run)
    return errors


def step(qtbot, tab, action, fill):
    errors = answer(tab, fill)
    qtbot.mouseClick(tab.buttons[action], Qt.MouseButton.LeftButton)
    if errors:
        raise errors[0]


def titles(page) -> dict[str, str]:
    tabs = page.work_lists.tabs
    return {spec.key: tabs.tabText(i) for i, spec in enumerate(LISTES)}


@pytest.fixture
def page(qtbot, services):
    from milo_desktop.gui.pages.cotraitance import CotraitancePage
    widget = CotraitancePage(services, None)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


@pytest.fixture
def confirmations(monkeypatch):
    asked = []

    def fake(parent, title, text, ok_label="Confirmer"):
        asked.append((title, text))
        return asked_answer[0]
    asked_answer = [True]
    monkeypatch.setattr(dialogs_module, "confirm", fake)
    monkeypatch.setattr("milo_desktop.gui.cotraitance.tab.confirm", fake)
    return asked, asked_answer


# --- the whole flow -------------------------------------------------------------------------

def test_flow_from_affectation_to_exit_updates_the_work_lists(qtbot, services, page, confirmations):
    jid = make_jeune(services, nom="MARTIN", prenom="Léa", naissance=date(2004, 5, 12))
    tab = CotraitanceTab(services, jid)
    qtbot.addWidget(tab)
    tab.show()
    changes = []
    tab.changed.connect(lambda: changes.append(1))
    assert tab.phase_label.text() == "Pas en cotraitance" and list(tab.buttons) == ["affecter"]
    assert page.work_lists.stack.currentWidget() is page.work_lists.empty

    def affect(d):
        set_date(d.date, date(2026, 9, 2))
        d.criteres[0].setChecked(True)
        d.criteres[2].setChecked(True)
        d.submit()
    step(qtbot, tab, "affecter", affect)
    assert tab.phase_label.text() == "Affecté, en attente d'acceptation"
    assert tab.fin_label.text() == "Date de fin prévue : 12/05/2030 (26ᵉ anniversaire)"
    assert tab.values["criteres"].text().startswith("1. Projet professionnel")
    page.refresh()
    assert titles(page)["a_accepter"] == "Affectations à accepter (1)"

    step(qtbot, tab, "accepter", lambda d: (set_date(d.date, date(2026, 9, 5)), d.submit()))
    assert tab.values["acceptation"].text() == "05/09/2026 — 3 jours après l'étape précédente"
    page.refresh()
    assert titles(page)["a_accepter"] == "Affectations à accepter (0)"
    assert titles(page)["a_initialiser"] == "Parcours à initialiser (1)"

    step(qtbot, tab, "initialiser", lambda d: (set_date(d.date, date(2026, 9, 15)), d.submit()))
    assert tab.phase_label.text() == "Accompagnement (phase 2) — Accompagnement actif"
    assert list(tab.buttons) == ["changer_etat", "radiation", "sortir"]

    def alert(d):
        assert [d.etat.itemData(i) for i in range(d.etat.count())] == [None, 2, 3]
        d.etat.setCurrentIndex(d.etat.findData(2))
        set_date(d.date, date(2026, 10, 2))
        qtbot.keyClicks(d.motif, "Absent 3 fois")  # QTest types ASCII only
        d.motif.setText(d.motif.text().replace("3 fois", "à trois rendez-vous"))
        d.submit()
    step(qtbot, tab, "changer_etat", alert)
    assert tab.phase_label.text() == "Accompagnement (phase 2) — Alerte de cotraitance"
    assert tab.values["etat"].text() == ("Alerte de cotraitance depuis le 02/10/2026 — "
                                         "Absent à trois rendez-vous")
    assert [tab.history.cell(r, 1) for r in tab.history._rows] == [
        "Affectation par France Travail", "Acceptation", "Accompagnement actif", "Alerte de cotraitance"]
    page.refresh()
    assert titles(page)["a_initialiser"] == "Parcours à initialiser (0)"
    assert titles(page)["en_alerte"] == "En alerte (1)"

    asked, _ = confirmations

    def exit_(d):
        set_date(d.date, date(2026, 11, 20))
        d.submit()  # no reason: refused, dialog stays open, no confirmation asked
        assert d.isVisible() and not asked
        assert "la Mission Locale ne peut pas en inventer un autre" in d.error.text()
        d.motif_sortie.setCurrentIndex(d.motif_sortie.findData("demenagement"))
        d.submit()
    step(qtbot, tab, "sortir", exit_)
    assert asked and asked[0][0] == "Confirmer la sortie" and "20/11/2026" in asked[0][1]
    assert tab.phase_label.text() == "Sorti de cotraitance"
    assert tab.values["sortie"].text() == "20/11/2026 — Déménagement hors du territoire de la Mission Locale"
    assert tab.fin_label.text() == "Cotraitance close : pas de fin prévue."
    assert list(tab.buttons) == ["affecter"]
    page.refresh()
    assert titles(page)["en_alerte"] == "En alerte (0)"
    assert len(changes) == 5


def test_exit_not_confirmed_saves_nothing(qtbot, services, confirmations):
    jid = make_jeune(services)
    accompagne(services, jid)
    tab = CotraitanceTab(services, jid)
    qtbot.addWidget(tab)
    _, reply = confirmations
    reply[0] = False

    def exit_(d):
        d.motif_sortie.setCurrentIndex(d.motif_sortie.findData("age"))
        d.submit()
        assert d.isVisible()
    step(qtbot, tab, "sortir", exit_)
    assert services.cotraitance.current(jid).phase == "accompagnement"


def test_refusals_are_shown_in_french_and_nothing_is_saved(qtbot, services):
    jid = make_jeune(services, naissance=date(2000, 1, 10))  # 26 years old
    tab = CotraitanceTab(services, jid)
    qtbot.addWidget(tab)
    seen = []

    def affect(d):
        d.criteres[1].setChecked(True)
        d.submit()
        seen.append(d.error.text())
        assert d.isVisible()
    step(qtbot, tab, "affecter", affect)
    assert "la cotraitance concerne les jeunes de moins de 26 ans" in seen[0]
    assert services.cotraitance.current(jid) is None and tab.phase_label.text() == "Pas en cotraitance"

    def no_criteria(d):
        d.criteres[1].setChecked(False)
        d.submit()
        seen.append(d.error.text())
        assert d.criteres_group.styleSheet() != ""
    step(qtbot, tab, "affecter", no_criteria)
    assert "au moins un critère est obligatoire" in seen[1]


def test_radiation_then_cancellation(qtbot, services, confirmations):
    jid = make_jeune(services, naissance=date(2004, 5, 12))
    accompagne(services, jid, affectation=date(2026, 1, 5))
    tab = CotraitanceTab(services, jid)
    qtbot.addWidget(tab)
    step(qtbot, tab, "radiation", lambda d: (set_date(d.date, date(2026, 3, 10)), d.submit()))
    assert tab.fin_label.text().startswith("Date de fin prévue : 10/09/2026 (6 mois après")
    assert tab.fin_label.text().endswith("dépassée : sortie en retard")
    assert "annuler_radiation" in tab.buttons
    qtbot.mouseClick(tab.buttons["annuler_radiation"], Qt.MouseButton.LeftButton)
    assert tab.fin_label.text() == "Date de fin prévue : 12/05/2030 (26ᵉ anniversaire)"
    assert services.cotraitance.current(jid).state.date_radiation is None


def test_tab_is_offered_to_the_fiche_jeune():
    from milo_desktop.gui.jeunes.fiche_tabs import extra_tab_classes
    assert ("Cotraitance", CotraitanceTab) in extra_tab_classes()


# --- the page -------------------------------------------------------------------------------

def test_double_click_opens_the_fiche_and_lists_follow(qtbot, services, page, monkeypatch):
    jid = make_jeune(services, nom="BERNARD")
    services.cotraitance.affecter(jid, date(2026, 11, 2), [1])
    page.refresh()
    opened = []

    class FakeFiche:
        def __init__(self, jeune_id):
            self.jeune_id = jeune_id

        def exec(self):  # the adviser accepts the affectation in the fiche
            opened.append(self.jeune_id)
            d = services.cotraitance.current(self.jeune_id)
            services.cotraitance.accepter(d.id, d.version, date(2026, 11, 24))
            return 1
    monkeypatch.setattr(page, "fiche_dialog", FakeFiche)
    view = page.work_lists.views["a_accepter"]
    qtbot.waitUntil(view.isVisible)
    index = view.model().index(0, 0)
    assert view.model().data(index) == "BERNARD"
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [jid]
    assert titles(page)["a_accepter"] == "Affectations à accepter (0)"
    assert titles(page)["a_initialiser"] == "Parcours à initialiser (1)"
    page.open_item("liste", "a_initialiser")
    view = page.work_lists.views["a_initialiser"]
    qtbot.waitUntil(view.isVisible)
    view.setCurrentIndex(view.model().index(0, 1))
    view.setFocus()
    monkeypatch.setattr(FakeFiche, "exec", lambda self: opened.append(self.jeune_id))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # keyboard: Entrée opens the fiche
    assert opened == [jid, jid]


def test_fiche_dialog_falls_back_to_the_cotraitance_window(qtbot, services, page, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "milo_desktop.gui.jeunes.fiche", None)
    jid = make_jeune(services)
    dialog = page.fiche_dialog(jid)
    qtbot.addWidget(dialog)
    assert dialog.tab.jeune_id == jid


def test_relance_delay_and_open_item(qtbot, services, page):
    services.cotraitance.affecter(make_jeune(services), date(2026, 11, 20), [1])  # 4 days
    page.refresh()
    assert titles(page)["a_accepter"] == "Affectations à accepter (0)"
    page.work_lists.relance.setValue(3)
    assert titles(page)["a_accepter"] == "Affectations à accepter (1)"
    assert services.cotraitance.relance_jours() == 3
    page.open_item("liste_travail", "sorties_en_retard")  # the dashboard's links
    assert page.work_lists.tabs.currentIndex() == 5
    page.open_item("liste", "en_alerte")
    assert page.work_lists.tabs.currentIndex() == 2
    page.open_item("liste", {"etape": "entree"})  # a bilan filter: the lists stay usable
    assert page.tabs.currentIndex() == 0 and page.work_lists.tabs.currentIndex() == 2
    page.open_item("objectifs", None)
    assert page.tabs.currentWidget() is page.objectifs


# --- objectives -----------------------------------------------------------------------------

def test_objectives_import_compute_save_print(qtbot, services, page, tmp_path):
    page.open_item("objectifs", None)
    view = page.objectifs
    assert view.year.value() == 2026 and view.model.rowCount() == 0
    assert view.import_file(str(annex_csv(tmp_path / "a.csv")))
    assert view.model.rowCount() == 10 and view.dirty
    view.total.setValue(5787)
    model = view.model
    assert [model.data(model.index(0, c)) for c in range(1, 7)] == [
        "MISSION LOCALE ARIEGE", "11275", "5,26", "5,67", "5,47", "316"]
    assert "objectifs 5\u202f787 / 5\u202f787" in view.total_label.text()
    assert view.print_to(str(tmp_path / "x.pdf")) is False  # not saved yet
    assert "Enregistrez d'abord" in view.error.text()
    model.setData(model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert view.save()
    table = services.objectifs.table(2026)
    assert table.nous.objectif == 316 and table.total == 5787 and not view.dirty
    assert view.print_to(str(tmp_path / "annexe.pdf"))
    assert (tmp_path / "annexe.pdf").read_bytes().startswith(b"%PDF")
    assert view.suivi_model.rowCount() == 11
    assert view.suivi_model.data(view.suivi_model.index(0, 5), Qt.ItemDataRole.BackgroundRole) == ALERT_BG
    assert "Alerte" in view.suivi_label.text()


def test_objectives_errors_shown_and_nothing_saved(qtbot, services, page, tmp_path):
    view = page.objectifs
    bad = tmp_path / "bad.csv"
    bad.write_text("mission_locale;defm;cle_activite\nA;10;-5\n", encoding="utf-8")
    assert not view.import_file(str(bad))
    assert "ligne 2 : clé activité/résultat : valeur négative (-5)." in view.error.text()
    view.add_row()
    view.model.setData(view.model.index(0, 1), "Nous")
    view.model.setData(view.model.index(0, 2), "100")
    assert "clé activité/résultat : valeur manquante" in view.error.text()
    assert not view.save()
    assert services.objectifs.table(2026) is None


def test_objectives_editing_rows(qtbot, services, page):
    services.objectifs.save_table(2026, 10, [LigneCle("A", 1, "50"), LigneCle("B", 1, "50")], 1)
    view = page.objectifs
    view.load(2026)
    model = view.model
    assert model.nous == 1 and [model.data(model.index(r, 6)) for r in (0, 1)] == ["5", "5"]
    model.setData(model.index(1, 3), "90")
    assert [model.data(model.index(r, 6)) for r in (0, 1)] == ["4", "6"] and view.dirty
    view.view.setCurrentIndex(model.index(0, 1))
    view.remove_row()
    assert model.rowCount() == 1 and model.nous == 0
    assert view.save() and services.objectifs.table(2026).lignes == (LigneCle("B", 1, 90),)


# --- models ---------------------------------------------------------------------------------

def test_models_pass_qtmodeltester(qtmodeltester, services):
    ids = [make_jeune(services, nom=n) for n in ("AA", "BB")]
    services.cotraitance.affecter(ids[0], date(2026, 9, 1), [1])
    d = accompagne(services, ids[1])
    services.cotraitance.changer_etat(d.id, d.version, 2, date(2026, 10, 1), "x")
    lists = services.cotraitance.work_lists()
    work = WorkListModel(LISTES[0])
    work.set_rows(lists["a_accepter"])
    qtmodeltester.check(work)
    etapes = EtapesModel()
    etapes.set_rows(services.cotraitance.current(ids[1]).etapes())
    qtmodeltester.check(etapes)
    services.objectifs.save_table(2026, 100, [LigneCle("A", 1, "50"), LigneCle("B", 3, "50")], 0)
    suivi = SuiviModel()
    suivi.set_suivi(2026, services.objectifs.suivi(2026).mois)
    qtmodeltester.check(suivi)
    objectifs = ObjectifsModel()
    objectifs.set_table(services.objectifs.table(2026).lignes, 0, 100)
    qtmodeltester.check(objectifs)
    assert work.rowCount() == 1 and etapes.rowCount() == 4 and suivi.rowCount() == 11


def test_a_phase_link_opens_the_jeunes_list_on_that_phase(qtbot, window):
    page = window.show_area("cotraitance")
    page.open_item("liste", {"phase": "accompagnement", "du": None})
    assert window.current_area() == "jeunes"
    jeunes = window.pages["jeunes"]
    assert jeunes.list.filter_boxes["cotra_phase"].currentData() == "accompagnement"


def test_a_period_link_opens_the_young_people_behind_the_figure(qtbot, window, services, ref_data):
    """« Entrées » and « Sorties » of the partnership report open the Jeunes list on exactly the
    young people counted (archived files included), with a chip that removes the filter."""
    from milo_desktop.persistence.models import Jeune
    antenne = ref_data["sites"]["antenne"]
    ids = [make_jeune(services, nom=n, site_id=antenne.id if n == "ZOLA" else None)
           for n in ("ALPHA", "BRAVO", "CHARLIE", "DELTA", "ZOLA")]
    for jid, day in zip(ids, (date(2026, 2, 1), date(2026, 3, 1), date(2025, 12, 31), date(2026, 6, 1),
                              date(2026, 7, 1))):
        accompagne(services, jid, affectation=day)
    refused = services.cotraitance.affecter(make_jeune(services, nom="ECHO"), date(2026, 4, 1), [2])
    services.cotraitance.refuser(refused.id, refused.version, date(2026, 4, 3), "Déménage")
    exited = services.cotraitance.current(ids[0])
    services.cotraitance.sortir(exited.id, exited.version, date(2026, 10, 1), "demenagement")
    with services.ctx.store.write() as s:
        s.get(Jeune, ids[1]).archive = True
    report = services.bilans.compute("bilan-partenariat", date(2026, 1, 1), date(2026, 12, 31))
    figures = {k.key: k for k in report.key_figures()}

    def follow(key):
        link = figures[key].link
        window.open_item(link.area, link.kind, link.payload)
        assert window.current_area() == "jeunes"
        lst = window.pages["jeunes"].list
        return lst, sorted(lst.model.index(r, 0).data() for r in range(lst.model.rowCount()))

    earlier = window.show_area("jeunes").list  # choices made before: the figure's rows only
    earlier.set_filter("cotra_phase", "sortie")
    earlier.search.setText("zzz")
    lst, names = follow("entrees")
    assert lst.search.text() == "" and lst.filter_boxes["cotra_phase"].currentData() is None
    assert figures["entrees"].value == 4 and names == ["ALPHA", "BRAVO", "DELTA", "ZOLA"]
    assert not lst.extra_chip.isHidden()
    assert lst.extra_chip.text().startswith("Entrées en cotraitance du 01/01/2026 au 31/12/2026")
    lst, names = follow("sorties")
    assert figures["sorties"].value == 1 and names == ["ALPHA"]
    lst.extra_chip.click()
    assert lst.extra_chip.isHidden() and lst.model.rowCount() == 6
    follow("sorties")
    window.show_area("cotraitance").open_item("liste", {"phase": "accompagnement"})
    assert lst.extra_chip.isHidden() and "cotra_etape" not in lst.model.query.filters
