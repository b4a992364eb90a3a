"""GUI of the employer partnerships (tab « Partenariats entreprises » of Offres & entreprises):
creating an event, transmitting a CV with consent, the refusal without consent, figures by network."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from milo_desktop.domain.partenariats import CONSENT_REQUIRED, EvenementInput
from milo_desktop.gui.offres.partenariats_dialogs import EvenementDialog, TransmissionDialog
from milo_desktop.gui.pages.offres import PARTENARIATS

from ._offres_helpers import add_jeune, entreprise, journal, offre_input


@pytest.fixture
def page(window):
    offres = window.show_area("offres")
    offres.tabs.setCurrentIndex(PARTENARIATS)
    return offres.partenariats


def run_dialog(qtbot, monkeypatch, cls, fill):
    """Replace ``cls.exec`` by: fill the fields, then press Enregistrer; return the dialog."""
    opened = []

    def fake_exec(dialog):
        qtbot.addWidget(dialog)
        opened.append(dialog)
        fill(dialog)
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(cls, "exec", fake_exec)
    return opened


def test_tab_is_built_lazily_after_the_plateformes(window):
    offres = window.show_area("offres")
    assert offres.tabs.tabText(PARTENARIATS) == "Partenariats entreprises"
    assert offres.tabs.tabText(PARTENARIATS - 1) == "Plateformes de vocation"
    assert offres.partenariats is None
    offres.tabs.setCurrentIndex(PARTENARIATS)
    assert offres.partenariats is not None and offres.partenariats.current_year() == 2026
    assert offres.partenariats.figures.text_of("medef", "Événements") == "0"
    assert offres.partenariats.figures.text_of("autre", "Offres reçues") == "–"


def test_create_then_edit_an_event(qtbot, monkeypatch, page, services):
    ent = entreprise(services, "Airbus Atlantic", reseau="ims")

    def fill(d):
        f = d.fields
        assert f["date"].date().toPython() == date(2026, 11, 24)  # today by default
        f["reseau"].setCurrentIndex(f["reseau"].findData("ims"))
        f["type"].setCurrentIndex(f["type"].findData("job_training"))
        assert "Job Training" in f["titre"].placeholderText()
        f["titre"].setText("Job Training Airbus")
        f["entreprise"].set(ent.id)
        f["nb_jeunes"].setValue(12)
        f["nb_entreprises"].setValue(1)
    opened = run_dialog(qtbot, monkeypatch, EvenementDialog, fill)
    page.new_evenement()
    assert opened[0].saved.titre == "Job Training Airbus"
    assert page.events.rowCount() == 1
    assert [page.events.item(0, c).text() for c in range(7)] == [
        "24/11/2026", "IMS", "Job training day", "Job Training Airbus", "Airbus Atlantic", "12", "1"]
    assert page.figures.text_of("ims", "Jeunes participants") == "12"

    def more(d):
        assert d.fields["titre"].text() == "Job Training Airbus"
        d.fields["nb_jeunes"].setValue(14)
    run_dialog(qtbot, monkeypatch, EvenementDialog, more)
    page.events.selectRow(0)
    qtbot.keyClick(page.events, Qt.Key.Key_Return)  # Entrée on the selected event opens it
    assert page.events.item(0, 5).text() == "14"


def test_event_dialog_shows_errors_next_to_the_fields(qtbot, services):
    dialog = EvenementDialog(services)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == 0 and "Titre : champ obligatoire" in dialog.error.text()
    assert dialog.fields["titre"].styleSheet()


def test_delete_event_asks_for_confirmation(monkeypatch, page, services):
    from milo_desktop.gui.offres import partenariats_page
    services.partenariats.save_evenement(EvenementInput("medef", "visite", "Visite Carrefour", "05/11/2026"))
    page.reload()
    answers = iter([False, True])
    monkeypatch.setattr(partenariats_page, "confirm", lambda *_a: next(answers))
    page.delete_evenement()
    assert page.events.rowCount() == 1
    page.delete_evenement()
    assert page.events.rowCount() == 0 and services.partenariats.evenements() == []


def fill_transmission(services, ent, jid, consent: bool, offre=None):
    def fill(d):
        f = d.fields
        f["jeune"].set(jid, "MARTIN Léa")
        f["entreprise"].set(ent.id)
        if offre is not None:
            f["offre"].setCurrentIndex(next(i for i in range(f["offre"].count())
                                            if f["offre"].itemData(i) == offre.id))
        f["date_consentement"].box.setChecked(consent)
    return fill


def test_cv_refused_without_consent(qtbot, monkeypatch, page, services):
    ent, jid = entreprise(services, "Airbus Atlantic", reseau="ims"), add_jeune(services)
    opened = run_dialog(qtbot, monkeypatch, TransmissionDialog, fill_transmission(services, ent, jid, False))
    page.transmettre_cv()
    dialog = opened[0]
    assert dialog.result() == 0 and dialog.saved is None
    assert CONSENT_REQUIRED in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    assert dialog.fields["date_consentement"].styleSheet()
    assert not dialog.fields["date_consentement"].date.isEnabled()
    assert services.partenariats.transmissions() == [] and page.cvs.rowCount() == 0


def test_cv_transmitted_with_consent(qtbot, monkeypatch, page, services):
    ent, jid = entreprise(services, "Airbus Atlantic", reseau="ims"), add_jeune(services)
    offre = services.offres.create(offre_input(source="ims", intitule="Monteur câbleur"), ent.id)
    opened = run_dialog(qtbot, monkeypatch, TransmissionDialog, fill_transmission(services, ent, jid, True, offre))
    page.transmettre_cv()
    assert opened[0].fields["date_consentement"].date.isEnabled()
    assert opened[0].fields["offre"].count() == 2
    assert [page.cvs.item(0, c).text() for c in range(7)] == [
        "24/11/2026", "MARTIN Léa", "Airbus Atlantic", "IMS", "Monteur câbleur", "24/11/2026", "Alice DURAND"]
    assert page.figures.text_of("ims", "CV transmis (avec consentement)") == "1  (1 jeune)"
    assert journal(services, jid)[0][2] == ("CV transmis à Airbus Atlantic pour l'offre « Monteur câbleur » "
                                            "(consentement du 24/11/2026)")


def test_jeune_picker_searches_by_name(qtbot, monkeypatch, services):
    from milo_desktop.gui.offres import common
    jid = add_jeune(services, "Lefèvre", "Noé")
    dialog = TransmissionDialog(services)
    qtbot.addWidget(dialog)

    def pick(picker):
        picker.query.setText("lefe")
        picker.refresh()
        assert picker.results.count() == 1
        picker.accept()
        return 1
    monkeypatch.setattr(common.SearchPicker, "exec", pick)
    dialog.fields["jeune"].choose()
    assert dialog.fields["jeune"].jeune_id == jid and "LEFÈVRE Noé" in dialog.fields["jeune"].edit.text()


def test_network_filter_and_year(page, services):
    p = services.partenariats
    p.save_evenement(EvenementInput("medef", "visite", "Visite Carrefour", "05/11/2026", 6, 1))
    p.save_evenement(EvenementInput("ims", "forum", "Forum Emploi & Diversité", "12/10/2026", 40, 15))
    p.save_evenement(EvenementInput("ims", "forum", "Forum 2025", "12/10/2025", 35, 12))
    page.reload()
    assert page.events.rowCount() == 2
    page.reseau.setCurrentIndex(page.reseau.findData("ims"))
    assert [page.events.item(r, 3).text() for r in range(page.events.rowCount())] == ["Forum Emploi & Diversité"]
    page.year.setValue(2025)
    assert [page.events.item(r, 3).text() for r in range(page.events.rowCount())] == ["Forum 2025"]
    assert page.figures.title().startswith("Chiffres 2025") and page.figures.text_of("ims", "Jeunes participants") == "35"


def test_stale_delete_shows_the_conflict(monkeypatch, page, services):
    from milo_desktop.gui.offres import partenariats_page
    saved = services.partenariats.save_evenement(EvenementInput("medef", "visite", "Visite", "05/11/2026"))
    page.reload()
    services.partenariats.save_evenement(EvenementInput("medef", "visite", "Visite (modifiée)", "05/11/2026"),
                                         saved.id, saved.version)
    shown = []
    monkeypatch.setattr(partenariats_page, "confirm", lambda *_a: True)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    page.delete_evenement()
    assert shown and "modifiée par quelqu'un d'autre" in shown[0]
    assert page.events.item(0, 3).text() == "Visite (modifiée)"


def test_ctrl_n_on_the_tab_opens_a_new_event(monkeypatch, page, window):
    opened = []
    monkeypatch.setattr(EvenementDialog, "exec", lambda d: opened.append(d.windowTitle()) or 0)
    window.show_area("offres").new_current()  # the page's Ctrl+N
    assert opened == ["Nouvel événement partenaire"]
