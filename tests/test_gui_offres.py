"""GUI flows with qtbot: collecting an offer (employer, ROME, delegation shown), the agent's queue
with copy buttons, marking it entered, then filled; mises en relation on the three sheets;
confirmation before cancelling; expiry when the page is shown; plateformes de vocation."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from milo_desktop.gui.pages.offres import ENTREPRISES, MRS, QUEUE

from ._offres_helpers import add_jeune, as_user, entreprise, offre_input


@pytest.fixture
def page(window):
    return window.show_area("offres")


def fill_offer(dialog, ent):
    f = dialog.fields
    f["entreprise"].set(ent.id)
    f["intitule"].setText("Apprenti boulanger")
    f["code_rome"].set_code("d1102")
    f["type_contrat"].setCurrentIndex(f["type_contrat"].findData("CDD"))
    f["nature_contrat"].setCurrentIndex(f["nature_contrat"].findData("E2"))
    f["duree_mois"].setText("24")
    f["commune"].setText("Foix")
    f["code_postal"].setText("09000")


def test_page_has_its_tabs_and_empty_states(page):
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["Offres", "Offres à saisir (0)", "Entreprises", "Plateformes de vocation",
                      "Partenariats entreprises"]
    assert page.offres.stack.currentWidget() is page.offres.empty
    assert [b.text() for b in page.offres.empty.buttons] == ["Recueillir une offre…", "Créer une entreprise…"]
    page.tabs.setCurrentIndex(QUEUE)
    assert page.queue.stack.currentWidget() is page.queue.empty
    page.tabs.setCurrentIndex(MRS)
    assert page.mrs.stack.currentWidget() is page.mrs.empty


def test_employer_dialog_surfaces_siret_errors_and_duplicates(qtbot, services, monkeypatch):
    from milo_desktop.gui.offres import common  # noqa: F401
    from milo_desktop.gui.widgets import records
    from milo_desktop.gui.offres.entreprise_dialog import EntrepriseDialog
    dialog = EntrepriseDialog(services)
    qtbot.addWidget(dialog)
    dialog.fields["raison_sociale"].setText("Boulangerie Dupain")
    dialog.fields["siret"].setText("732 829 320 00075")
    dialog.accept()
    assert dialog.result() == 0 and "SIRET" in dialog.error.text() and "clé de contrôle" in dialog.error.text()
    assert dialog.fields["siret"].styleSheet()  # outlined
    dialog.fields["siret"].setText("732 829 320 00074")
    dialog.accept()
    assert dialog.saved.fields.siret == "73282932000074"
    twin = EntrepriseDialog(services)
    qtbot.addWidget(twin)
    twin.fields["raison_sociale"].setText("Dupain SARL")
    twin.fields["siret"].setText("73282932000074")
    asked = []
    monkeypatch.setattr(records, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    twin.accept()
    assert "déjà utilisé par Boulangerie Dupain" in asked[0] and twin.saved is None
    monkeypatch.setattr(records, "confirm", lambda *a, **k: True)
    twin.accept()
    assert twin.saved is not None and services.entreprises.count() == 2


def test_collect_offer_queue_copy_mark_entered_then_filled(qtbot, page, services, ref_data):
    from milo_desktop.gui.offres.offre_dialog import OffreDialog
    from milo_desktop.gui.offres.offre_sheet import OffreSheet
    from milo_desktop.gui.offres.queue_page import SaisieDialog
    ent = entreprise(services, siret="73282932000074")
    dialog = OffreDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.fields["date_recueil"].date().toString("dd/MM/yyyy") == "24/11/2026"
    assert dialog.fields["source"].currentData() == "prospection_ml"
    fill_offer(dialog, ent)
    assert "Délégation automatique" in dialog.delegation_label.text()
    assert "apprentissage" in dialog.delegation_label.text()
    assert not dialog.fields["delegation"].isEnabled() and dialog.fields["delegation"].isChecked()
    assert dialog.fields["code_rome"].label.text() == "Boulanger / Boulangère"
    dialog.accept()
    offre = dialog.saved
    assert offre.statut == "a_saisir" and offre.delegation and offre.fields.code_rome == "D1102"
    # The agent dédié opens the queue: the offer is there, with its entry sheet.
    as_user(services, ref_data, "agent_ft")
    page.refresh()
    assert page.tabs.tabText(QUEUE) == "Offres à saisir (1)"
    page.tabs.setCurrentIndex(QUEUE)
    queue = page.queue
    assert queue.table.rowCount() == 1 and queue.table.item(0, 2).text() == "Apprenti boulanger"
    fields = {f.label: f for f in queue.copy_fields()}
    assert list(fields)[:3] == ["Employeur : raison sociale", "Employeur : SIRET", "Intitulé de l'offre"]
    qtbot.mouseClick(fields["Métier (code ROME)"].button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "D1102 – Boulanger / Boulangère"
    assert "copié" in queue.status.text()
    assert not fields["Salaire"].button.isEnabled()
    saisie = SaisieDialog(services, queue.current(), queue)
    qtbot.addWidget(saisie)
    assert saisie.fields["saisie_par"].text() == "Chloé LEROY"
    qtbot.keyClicks(saisie.fields["numero_offre_ft"], "12abcde")
    assert saisie.fields["numero_offre_ft"].text() == "12ABCDE"
    saisie.accept()
    assert saisie.result() == 0 and "Numéro d'offre France Travail" in saisie.error.text()
    saisie.fields["numero_offre_ft"].setText("123ABCD")
    saisie.accept()
    assert saisie.saved.statut == "saisie"
    queue.reload()
    assert queue.table.rowCount() == 0 and queue.stack.currentWidget() is queue.empty
    assert page.tabs.tabText(QUEUE) == "Offres à saisir (0)"
    # The offer's sheet: filled, with every step dated in the history.
    sheet = OffreSheet(services, offre.id)
    qtbot.addWidget(sheet)
    assert "123ABCD" in sheet.summary.text() and sheet.filled_button.isEnabled()
    qtbot.mouseClick(sheet.filled_button, Qt.MouseButton.LeftButton)
    assert services.offres.get(offre.id).statut == "pourvue"
    steps = [sheet.history.item(r, 1).text() for r in range(sheet.history.rowCount())]
    assert steps == ["Recueillie", "À saisir", "Saisie chez France Travail", "Pourvue"]
    assert not sheet.edit_button.isEnabled() and not sheet.cancel_button.isEnabled()


def test_offer_dialog_shows_french_errors_next_to_fields(qtbot, services):
    from milo_desktop.gui.offres.offre_dialog import OffreDialog
    ent = entreprise(services)
    dialog = OffreDialog(services, entreprise_id=ent.id)
    qtbot.addWidget(dialog)
    assert dialog.fields["entreprise"].edit.text() == "Boulangerie Dupain"
    fill_offer(dialog, ent)
    dialog.fields["code_rome"].set_code("Z1234")
    assert "inconnu" in dialog.fields["code_rome"].label.text()
    from milo_desktop.gui.dialogs.forms import set_date
    set_date(dialog.fields["date_debut"], date(2026, 12, 10))
    set_date(dialog.fields["date_fin"], date(2026, 12, 1))
    dialog.accept()
    assert dialog.result() == 0 and services.offres.count() == 0
    assert "Code ROME" in dialog.error.text() and "précède la date de début" in dialog.error.text()
    assert dialog.fields["date_fin"].styleSheet()


def test_duplicate_offer_asks_before_saving(qtbot, services, monkeypatch):
    from milo_desktop.gui.offres import common  # noqa: F401
    from milo_desktop.gui.widgets import records
    from milo_desktop.gui.offres.offre_dialog import OffreDialog
    ent = entreprise(services)
    services.offres.create(offre_input(intitule="Apprenti boulanger", date_recueil="24/11/2026"), ent.id)
    dialog = OffreDialog(services)
    qtbot.addWidget(dialog)
    fill_offer(dialog, ent)
    monkeypatch.setattr(records, "confirm", lambda *a, **k: False)
    dialog.accept()
    assert "déjà enregistrée" in dialog.error.text() and services.offres.count() == 1
    monkeypatch.setattr(records, "confirm", lambda *a, **k: True)
    dialog.accept()
    assert services.offres.count() == 2


def test_cancelling_needs_confirmation(qtbot, services, monkeypatch):
    from milo_desktop.gui.offres import offre_sheet
    ent = entreprise(services)
    offre = services.offres.create(offre_input(), ent.id)
    sheet = offre_sheet.OffreSheet(services, offre.id)
    qtbot.addWidget(sheet)
    monkeypatch.setattr(offre_sheet, "confirm", lambda *a, **k: False)
    sheet.cancel_offer()
    assert services.offres.get(offre.id).statut == "a_saisir"
    monkeypatch.setattr(offre_sheet, "confirm", lambda *a, **k: True)
    sheet.cancel_offer()
    assert services.offres.get(offre.id).statut == "annulee" and "Annulée" in sheet.summary.text()


def test_mises_en_relation_on_offer_employer_and_young_person(qtbot, services):
    from milo_desktop.gui.jeunes.fiche_tabs import extra_tab_classes
    from milo_desktop.gui.offres.entreprise_dialog import EntrepriseDialog
    from milo_desktop.gui.offres.jeune_tab import JeuneOffresTab
    from milo_desktop.gui.offres.mer_dialog import ProposeDialog, ResultDialog
    from milo_desktop.gui.offres.offre_sheet import OffreSheet
    ent = entreprise(services)
    offre = services.offres.create(offre_input(), ent.id)
    lea = add_jeune(services, "Martin", "Léa", programmes=[("CEJ", date(2026, 1, 1), None)])
    add_jeune(services, "Bernard", "Tom", commune="Pamiers")
    propose = ProposeDialog(services, offre.id)
    qtbot.addWidget(propose)
    assert propose.table.rowCount() == 2
    propose.programme.setCurrentIndex(propose.programme.findData("CEJ"))
    assert propose.table.rowCount() == 1 and propose.table.item(0, 0).text() == "MARTIN Léa"
    assert not propose.buttons.button(propose.buttons.StandardButton.Ok).isEnabled()
    propose.check(lea)
    assert propose.buttons.button(propose.buttons.StandardButton.Ok).text() == "Proposer (1)"
    propose.accept()
    assert [m.jeune for m in propose.created] == ["MARTIN Léa"]
    sheet = OffreSheet(services, offre.id)
    qtbot.addWidget(sheet)
    assert sheet.tabs.tabText(2) == "Mises en relation (1)" and sheet.mer.item(0, 1).text() == "MARTIN Léa"
    employer = EntrepriseDialog(services, ent.id)
    qtbot.addWidget(employer)
    assert employer.mer.rowCount() == 1 and employer.mer.item(0, 1).text() == "MARTIN Léa"
    assert ("Offres et mises en relation", JeuneOffresTab) in extra_tab_classes()
    tab = JeuneOffresTab(services, lea)
    qtbot.addWidget(tab)
    assert tab.mer.item(0, 1).text() == "Vendeur / Vendeuse en boulangerie"
    result = ResultDialog(services, services.mises_en_relation.for_jeune(lea)[0])
    qtbot.addWidget(result)
    result.fields["resultat"].setCurrentIndex(result.fields["resultat"].findData("non_retenu"))
    result.accept()
    assert "Motif" in result.error.text()
    result.fields["motif"].setCurrentIndex(result.fields["motif"].findData("experience"))
    result.accept()
    tab.reload()
    assert tab.mer.item(0, 3).text().startswith("Non retenu : Expérience insuffisante")
    employer.reload()
    assert employer.mer.item(0, 3).text().startswith("Non retenu")


def test_showing_the_page_expires_overdue_offers(window, services):
    ent = entreprise(services)
    offre = services.offres.create(offre_input(date_debut="01/10/2026", date_fin="01/11/2026"), ent.id)
    services.offres.marquer_saisie(offre.id, "555EXPI")
    page = window.show_area("offres")
    assert services.offres.get(offre.id).statut == "expiree"
    model = page.offres.model
    assert [page.offres.source.uuid_of(k) for k in model.ids] == [offre.id]
    assert model.data(model.index(0, 8)) == "Expirée"


def test_lists_search_and_filter(page, services):
    ent = entreprise(services)
    other = entreprise(services, "Garage Élan")
    services.offres.create(offre_input(), ent.id)
    services.offres.create(offre_input(intitule="Mécanicien", code_rome="I1604"), other.id)
    page.refresh()
    assert page.offres.model.rowCount() == 2
    page.offres.search.setText("mecanicien")
    page.offres.apply_query()
    assert page.offres.model.rowCount() == 1 and "1 fiche" in page.offres.count_label.text()
    page.tabs.setCurrentIndex(ENTREPRISES)
    page.entreprises.search.setText("elan")
    page.entreprises.apply_query()
    assert page.entreprises.model.rowCount() == 1


def test_activating_a_row_opens_the_right_sheet(page, services, monkeypatch):
    from milo_desktop.gui.offres.entreprise_dialog import EntrepriseDialog
    from milo_desktop.gui.offres.offre_sheet import OffreSheet
    ent = entreprise(services)
    offre = services.offres.create(offre_input(), ent.id)
    page.refresh()
    opened = []
    monkeypatch.setattr(OffreSheet, "exec", lambda self: opened.append(self.offre.id) or 0)
    monkeypatch.setattr(EntrepriseDialog, "exec", lambda self: opened.append(self.entreprise_id) or 0)
    page.offres.view.selectRow(0)
    page.offres.activated.emit(page.offres.model.id_at(0))
    page._selected(page.offres, page.open_offre)
    page.entreprises.activated.emit(page.entreprises.model.id_at(0))
    assert opened == [offre.id, offre.id, ent.id]


def test_plateformes_de_vocation_page(qtbot, services):
    from milo_desktop.gui.offres.mrs_page import EvaluationDialog, MrsPage, PlateformeDialog
    mrs = MrsPage(services)
    qtbot.addWidget(mrs)
    dialog = PlateformeDialog(services)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "Nom de la plateforme" in dialog.error.text()
    dialog.fields["nom"].setText("PFV Toulouse")
    dialog.accept()
    mrs.reload(dialog.saved.id)
    assert mrs.stack.currentIndex() == 0 and mrs.figures["evaluations"].text() == "0"
    lea = add_jeune(services, "Martin", "Léa")
    ev = EvaluationDialog(services, mrs.current())
    qtbot.addWidget(ev)
    ev.accept()
    assert "Jeune" in ev.error.text()
    ev.set_jeune(lea, "MARTIN Léa")
    ev.fields["reussie"].setChecked(True)
    ev.accept()
    mrs.show_platform()
    assert mrs.figures["evaluations"].text() == "1" and mrs.figures["reussies"].text() == "1 (100 %)"
    assert mrs.evaluations.item(0, 2).text() == "Réussie"
    mrs.toggle_evaluation()
    assert mrs.evaluations.item(0, 2).text() == "Non réussie"


def test_links_from_the_dashboard_open_the_filtered_lists(page):
    page.open_item("liste", {"statut": "a_saisir"})
    assert page.tabs.currentIndex() == QUEUE
    page.open_item("liste", {"statut": "pourvue", "du": None})
    assert page.tabs.currentIndex() == 0
    assert page.offres.filter_boxes["statut"].currentData() == "pourvue"
    page.open_item("entreprises", {"reseau": ["medef"]})
    assert page.entreprises.filter_boxes["reseau"].currentData() == "medef"
