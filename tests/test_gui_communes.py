"""The commune offered from the postcode in the forms (fiche jeune, employer, offer): typed as a
person would, the warning for a pair the official list lacks, and saving not refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from milo_desktop.gui.offres.entreprise_dialog import EntrepriseDialog
from milo_desktop.gui.offres.offre_dialog import OffreDialog


@pytest.fixture
def fiche(qtbot, window):
    dashboard = window.pages.get("tableau")
    if dashboard is not None and hasattr(dashboard, "task"):
        qtbot.waitUntil(lambda: dashboard.task is None, timeout=20000)
    dialog = window.show_area("jeunes").open_fiche(None)
    return dialog.identite


def popup_items(link) -> list[str]:
    popup = link.completer.popup()
    model = popup.model()
    return [model.index(i, 0).data() for i in range(model.rowCount())]


def test_a_postcode_with_one_commune_fills_it(qtbot, fiche):
    code, commune = fiche.fields["code_postal"], fiche.fields["commune"]
    code.setFocus()
    qtbot.keyClicks(code, "20000")
    assert commune.text() == "Ajaccio" and fiche.commune_warning.isHidden()


def test_the_communes_of_the_postcode_pop_up_and_complete(qtbot, fiche):
    code, commune = fiche.fields["code_postal"], fiche.fields["commune"]
    code.setFocus()
    qtbot.keyClicks(code, "09100")
    assert commune.text() == ""  # several communes: nothing chosen for the user
    qtbot.keyClick(code, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: fiche.commune_link.completer.popup().isVisible(), timeout=5000)
    assert "Pamiers" in popup_items(fiche.commune_link)
    qtbot.keyClicks(commune, "pami")
    assert popup_items(fiche.commune_link) == ["Pamiers"]
    qtbot.keyClick(fiche.commune_link.completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(fiche.commune_link.completer.popup(), Qt.Key.Key_Return)
    assert commune.text() == "Pamiers" and fiche.commune_warning.isHidden()


def test_a_pair_the_list_lacks_is_a_warning_and_saving_goes_on(qtbot, window, fiche, services):
    fields = fiche.fields
    for key, value in (("nom", "Martin"), ("prenom", "Lea"), ("date_naissance", "03/04/2006"),
                       ("code_postal", "09000"), ("commune", "Pamiers")):
        fields[key].setFocus()
        qtbot.keyClicks(fields[key], value)
    fields["sexe"].setCurrentIndex(fields["sexe"].findData("F"))
    assert fiche.commune_warning.isVisible()
    assert "09000" in fiche.commune_warning.text() and "Foix" in fiche.commune_warning.text()
    dialog = window.pages["jeunes"].fiche
    assert dialog.save() and services.jeunes.get(dialog.detail.id).commune == "PAMIERS"
    fields["commune"].clear()
    qtbot.keyClicks(fields["commune"], "Foix")
    assert fiche.commune_warning.isHidden()


def test_a_postcode_no_commune_has_is_refused_without_asking_for_5_digits(qtbot, window, fiche):
    fields = fiche.fields
    for key, value in (("nom", "Martin"), ("prenom", "Lea"), ("date_naissance", "03/04/2006"),
                       ("code_postal", "20700")):
        fields[key].setFocus()
        qtbot.keyClicks(fields[key], value)
    fields["sexe"].setCurrentIndex(fields["sexe"].findData("F"))
    assert not window.pages["jeunes"].fiche.save()
    message = fiche.errors["code_postal"].text()
    assert "aucune commune" in message and "5 chiffres" not in message


def test_employer_and_offer_forms_offer_the_commune(qtbot, services):
    employer = EntrepriseDialog(services)
    qtbot.addWidget(employer)
    employer.show()
    employer.fields["code_postal"].setFocus()
    qtbot.keyClicks(employer.fields["code_postal"], "97600")
    assert employer.fields["commune"].text() == ""
    assert set(employer.commune_link.names.stringList()) == {"Mamoudzou", "Koungou"}
    qtbot.keyClicks(employer.fields["commune"], "Cayenne")
    assert employer.commune_warning.isVisible()
    offer = OffreDialog(services)
    qtbot.addWidget(offer)
    offer.show()
    offer.fields["code_postal"].setFocus()
    qtbot.keyClicks(offer.fields["code_postal"], "97400")
    assert offer.fields["commune"].text() == "Saint-Denis" and offer.commune_warning.isHidden()
