"""Issue 18 item 10: an agency typed in the FASTT wizard is kept and printed on the referral
sheet; « injoignable » needs the consent to the return of the synthesis (annex 5)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from milo_desktop.domain import fastt as ft
from milo_desktop.domain.errors import TransitionError

from .conftest import TODAY
from .test_fastt_pdf import pdf_text
from .test_fastt_service import make_agence, make_jeune
from .test_gui_mission_jeunes import tab  # noqa: F401 - the fixture

NEEDS = (("budget", None),)
NO_RETURN = ft.Consent(True, TODAY, "Alice DURAND", True, False)
FULL = ft.Consent(True, TODAY, "Alice DURAND", True, True)


def test_a_typed_agency_is_kept_and_printed(services):
    jeune = make_jeune(services)
    r = services.fastt.prepare(jeune, ft.ReferralInput(NEEDS, preference_contact="telephone",
                                                       agence="  Randstad Saint-Girons "), FULL)
    assert r.agence_id is None and r.agence_nom == "Randstad Saint-Girons"
    text = pdf_text(services.fastt.sheet_pdf(r.id))
    assert "Randstad Saint-Girons" in text and "Non encore connue" not in text
    headers, rows = services.exports.table("fastt")
    assert rows[0][headers.index("agence")] == "Randstad Saint-Girons"
    known = make_agence(services)
    r = services.fastt.update(r.id, r.as_input(), FULL, known, version=r.version)
    assert r.agence_nom == "Interim Services Foix"  # a listed agency replaces the typed one
    r = services.fastt.update(r.id, ft.ReferralInput(NEEDS, preference_contact="telephone"), FULL,
                              None, version=r.version)
    assert r.agence_nom is None
    assert "Non encore connue" in pdf_text(services.fastt.sheet_pdf(r.id))


def test_injoignable_needs_the_consent_to_the_return_of_the_synthesis(services):
    jeune = make_jeune(services)
    r = services.fastt.prepare(jeune, ft.ReferralInput(NEEDS, preference_contact="telephone"), NO_RETURN)
    r = services.fastt.advance(r.id, "envoyee")
    with pytest.raises(TransitionError) as err:
        services.fastt.advance(r.id, "injoignable", version=r.version)
    assert str(err.value) == ft.MSG_INJOIGNABLE and "annexe 5" in str(err.value)
    assert services.fastt.referral(r.id).statut == "envoyee"
    closed = services.fastt.advance(r.id, "cloturee", version=r.version)  # nothing will come back
    assert closed.statut == "cloturee" and closed.date_injoignable is None
    with_return = services.fastt.prepare(jeune, ft.ReferralInput(NEEDS, preference_contact="telephone"), FULL)
    services.fastt.advance(with_return.id, "envoyee")
    assert services.fastt.advance(with_return.id, "injoignable").date_injoignable == TODAY


def test_wizard_keeps_the_agency_typed_by_the_adviser(qtbot, tab, services):  # noqa: F811
    qtbot.mouseClick(tab.prepare_button, Qt.MouseButton.LeftButton)
    wizard = tab.dialog
    wizard.agence.lineEdit().clear()
    qtbot.keyClicks(wizard.agence.lineEdit(), "Start People Lavelanet")
    wizard.next()
    box, _detail = wizard.need_boxes["mobilite.permis"]
    box.setChecked(True)
    wizard.next()
    wizard.next()
    wizard.consent_contact.setChecked(True)
    wizard.consent_synthese.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    [r] = services.fastt.for_jeune(tab.jeune_id)
    assert r.agence_id is None and r.agence_nom == "Start People Lavelanet"
    assert "Start People Lavelanet" in pdf_text(services.fastt.sheet_pdf(r.id))
    from milo_desktop.gui.mission_jeunes.fastt_dialog import FasttWizard
    again = FasttWizard(services, tab.jeune_id, r)  # reopened to edit: the typed text is there
    qtbot.addWidget(again)
    assert again.agence.currentText() == "Start People Lavelanet"
    assert again.referral_input().agence == "Start People Lavelanet"


def test_wizard_choosing_a_listed_agency_by_typing_its_name(qtbot, tab, services):  # noqa: F811
    qtbot.mouseClick(tab.prepare_button, Qt.MouseButton.LeftButton)
    wizard = tab.dialog
    wizard.agence.lineEdit().clear()
    qtbot.keyClicks(wizard.agence.lineEdit(), "Interim Services Foix")
    assert wizard.agence_choice()[0] is not None and wizard.agence_choice()[1] is None
    wizard.agence.setCurrentIndex(0)  # « — pas encore connue — »
    assert wizard.agence_choice() == (None, None)
    wizard.reject()


def test_cli_export_carries_the_typed_agency(services, data_dir, tmp_path):
    from milo_desktop.cli.main import main
    from milo_desktop.exchange.reading import read_table
    services.fastt.prepare(make_jeune(services), ft.ReferralInput(
        NEEDS, preference_contact="telephone", agence="Randstad Saint-Girons"), FULL)
    out = tmp_path / "fastt.csv"
    assert main(["--data-dir", str(data_dir), "export", "fastt", "--out", str(out)]) == 0
    assert [r.values["agence"] for r in read_table(out).rows] == ["Randstad Saint-Girons"]


def test_step_dialog_says_why_injoignable_is_refused(qtbot, tab, services):  # noqa: F811
    from .test_gui_mission_jeunes import ok
    r = services.fastt.prepare(tab.jeune_id, ft.ReferralInput(NEEDS, preference_contact="telephone"), NO_RETURN)
    services.fastt.advance(r.id, "envoyee")
    tab.reload()
    qtbot.mouseClick(tab.step_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    dialog.choose("injoignable")
    ok(dialog)
    assert dialog.isVisible() and "annexe 5" in dialog.error.text()
    dialog.choose("cloturee")
    ok(dialog)
    assert not dialog.isVisible() and services.fastt.referral(r.id).statut == "cloturee"
