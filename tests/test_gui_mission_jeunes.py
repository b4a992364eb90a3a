"""GUI flows with qtbot: from the young person's tab to a closed FASTT referral, the consent gate,
outputs, delegations, and the Mission Jeunes page."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard

from milo_desktop.domain import fastt as ft

from .conftest import TODAY
from .test_fastt_service import journal_notes, make_agence, make_jeune


@pytest.fixture
def tab(qtbot, services):
    from milo_desktop.gui.mission_jeunes.jeune_tab import MissionJeunesTab
    make_agence(services)
    widget = MissionJeunesTab(services, make_jeune(services))
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def fill_wizard(qtbot, wizard, consent: bool) -> None:
    wizard.agence.setCurrentIndex(1)
    wizard.next()
    assert wizard.currentId() == 1
    wizard.next()  # no need ticked: refused, with a French message
    assert wizard.currentId() == 1 and "au moins un besoin" in wizard.currentPage().error.text()
    box, detail = wizard.need_boxes["mobilite.permis"]
    box.setChecked(True)
    qtbot.keyClicks(detail, "Mission a 30 km")  # QTest types ASCII only
    detail.setText(detail.text().replace(" a ", " à ") + ", pas de permis")
    wizard.urgence.setChecked(True)
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.consent_page
    wizard.consent_contact.setChecked(consent)
    wizard.consent_synthese.setChecked(consent)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def statuses(tab) -> list[str]:
    return [tab.fastt_table.item(r, 1).text() for r in range(tab.fastt_table.rowCount())]


def test_from_the_young_persons_tab_to_a_closed_referral(qtbot, tab, services):
    qtbot.mouseClick(tab.prepare_button, Qt.MouseButton.LeftButton)
    fill_wizard(qtbot, tab.dialog, consent=True)
    assert not tab.dialog.isVisible() and statuses(tab) == ["Préparée"]
    [r] = services.fastt.for_jeune(tab.jeune_id)
    assert r.besoins == (("mobilite.permis", "Mission à 30 km, pas de permis"),) and r.urgence_sos
    assert r.consent == ft.Consent(True, TODAY, "Alice DURAND", True, True)
    assert r.agence_nom == "Interim Services Foix"
    for step, label in (("envoyee", "Envoyée"), ("entretien_realise", "Entretien réalisé"),
                        ("synthese_recue", "Synthèse reçue"), ("cloturee", "Clôturée")):
        tab.fastt_table.setFocus()
        qtbot.keyClick(tab.fastt_table, Qt.Key.Key_Return)  # Entrée opens the next step
        dialog = tab.dialog
        dialog.choose(step)
        if step == "synthese_recue":
            dialog.recommandations.setPlainText("Complémentaire santé intérimaire ; aide au permis")
        ok(dialog)
        assert not dialog.isVisible() and statuses(tab) == [label]
    assert not tab.step_button.isEnabled()
    closed = services.fastt.referral(r.id)
    assert closed.statut == "cloturee" and closed.recommandations.startswith("Complémentaire santé")
    assert len(journal_notes(services, tab.jeune_id)) == 5


def test_without_consent_the_referral_stays_prepared(qtbot, tab, services):
    qtbot.mouseClick(tab.prepare_button, Qt.MouseButton.LeftButton)
    fill_wizard(qtbot, tab.dialog, consent=False)
    assert statuses(tab) == ["Préparée"]
    assert not tab.pdf_button.isEnabled() and not tab.mail_button.isEnabled()
    qtbot.mouseClick(tab.step_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    ok(dialog)
    assert dialog.isVisible() and ft.MSG_CONSENTEMENT in dialog.error.text()
    assert services.fastt.for_jeune(tab.jeune_id)[0].statut == "preparee"


def test_referral_outputs_sheet_and_email_draft(qtbot, tab, services, tmp_path, monkeypatch):
    from milo_desktop.gui.mission_jeunes import common
    services.fastt.prepare(tab.jeune_id, ft.ReferralInput((("budget", None),), preference_contact="telephone"),
                           ft.Consent(True, TODAY, "Alice DURAND", True, True))
    tab.reload()
    opened = []
    monkeypatch.setattr(common.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(common.files, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "fiche"), "Document PDF (*.pdf)"))
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "fiche.pdf").read_bytes().startswith(b"%PDF-")
    services.settings.set("fastt.email", "pci@fastt.example.org")
    qtbot.mouseClick(tab.mail_button, Qt.MouseButton.LeftButton)
    draft = services.ctx.store.data_dir / "brouillons_fastt" / "orientation_fastt_dupont_lea.eml"
    assert draft.is_file() and opened == [str(tmp_path / "fiche.pdf"), str(draft)]
    assert "Brouillon ouvert" in tab.status.text()


def test_delegation_dialog_refuses_a_mission_ending_before_it_starts(qtbot, tab, services, monkeypatch):
    from milo_desktop.gui.dialogs.forms import set_date
    tab.edit_delegation(None)
    dialog = tab.dialog
    set_date(dialog.debut, date(2026, 3, 20))
    set_date(dialog.fin, date(2026, 3, 2))
    qtbot.keyClicks(dialog.heures, "35")
    ok(dialog)
    assert dialog.isVisible() and "avant de commencer" in dialog.error.text()
    assert services.interim.delegations(tab.jeune_id) == []
    set_date(dialog.fin, date(2026, 3, 27))
    ok(dialog)
    assert not dialog.isVisible() and tab.delegation_table.rowCount() == 1
    assert journal_notes(services, tab.jeune_id)[0].startswith("Délégation Mission d'intérim (CTT)")
    monkeypatch.setattr("milo_desktop.gui.mission_jeunes.jeune_tab.confirm", lambda *a: True)
    tab.delegation_table.setFocus()
    qtbot.keyClick(tab.delegation_table, Qt.Key.Key_Delete)
    assert tab.delegation_table.rowCount() == 0 and journal_notes(services, tab.jeune_id) == []


def test_mission_jeunes_page(qtbot, window, services):
    page = window.show_area("mission_jeunes")
    agences = page.tab["agences"]
    assert agences.stack.currentIndex() == 0  # empty state with its button
    agences.edit_agence(None)
    qtbot.keyClicks(agences.dialog.fields["nom"], "Adecco Foix")
    ok(agences.dialog)
    assert agences.stack.currentIndex() == 1 and agences.agences_table.rowCount() == 1
    agences.edit_convention(None)
    from milo_desktop.gui.dialogs.forms import set_date
    set_date(agences.dialog.signature, date(2024, 1, 15))
    agences.dialog.duree.setValue(2)
    assert "dénonciation au plus tard le 15/12/2026" in agences.dialog.preview.text()
    ok(agences.dialog)
    assert agences.alert.isVisible() and "jusqu'au 15/12/2026" in agences.alert.text()
    assert agences.agences_table.item(0, 6).text() == "15/12/2026"
    jeune = make_jeune(services)
    services.ctx.today = lambda: date(2026, 11, 2)
    r = services.fastt.prepare(jeune, ft.ReferralInput((("budget", None),), preference_contact="telephone"),
                               ft.Consent(True, date(2026, 11, 2), "A. D.", True, True))
    services.fastt.advance(r.id, "envoyee")
    services.ctx.today = lambda: TODAY
    page.tabs.setCurrentWidget(page.tab["fastt"])
    fastt = page.tab["fastt"]
    assert fastt.alert.isVisible() and "Léa DUPONT" in fastt.alert.text()
    assert fastt.list.model.rowCount() == 1
    page.tabs.setCurrentWidget(page.tab["chiffres"])
    assert page.tab["chiffres"].needs.item(0, 0).text() == "Budget / crédit"


def test_edit_dialogs_show_the_stored_agency_and_referent(qtbot, tab, services, ref_data):
    from milo_desktop.domain.interim import DelegationInput
    from milo_desktop.gui.mission_jeunes.agence_dialog import AgenceDialog
    from milo_desktop.services.agences import AgenceInput
    bruno = ref_data["users"]["conseiller2"]
    second = services.agences.save_agence(AgenceInput(nom="Manpower Pamiers", referent_id=bruno.id,
                                                      contact_telephone="0561123456"))
    d = services.interim.save_delegation(tab.jeune_id, second.id,
                                         DelegationInput("02/03/2026", "06/03/2026", "35", "mission"))
    tab.reload()
    tab.edit_delegation(d.id)
    assert tab.dialog.agence.currentText() == "Manpower Pamiers"
    dialog = AgenceDialog(services, services.agences.agence(second.id))
    qtbot.addWidget(dialog)
    assert dialog.referent.currentData() == bruno.id
    assert dialog.fields["contact_telephone"].text() == "05 61 12 34 56"
