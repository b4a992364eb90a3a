"""Screens an adviser can trust (issue 19): a file opens once, safe defaults, honest messages,
work lists that lead to the work, French exports. Typed and clicked as a person does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from milo_desktop.gui.jeunes.fiche import FicheJeuneDialog

from .test_gui_jeunes import make


@pytest.fixture
def page(qtbot, window):
    dashboard = window.pages.get("tableau")
    if dashboard is not None and hasattr(dashboard, "task"):
        qtbot.waitUntil(lambda: dashboard.task is None, timeout=20000)
    return window.show_area("jeunes")


def _open_fiches(jeune_id=None):
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, FicheJeuneDialog) and w.isVisible()
            and (jeune_id is None or w.jeune_id == jeune_id)]


# --- item 3: a file opens once ---------------------------------------------------------------

def test_a_double_click_opens_one_fiche_and_opening_again_brings_it_forward(qtbot, page, services):
    d = make(services)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10000)
    view = page.list.view
    rect = view.visualRect(page.list.model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(_open_fiches(d.id)) == 1, timeout=5000)
    first = _open_fiches(d.id)[0]
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Entrée on the same row, later
    page.open_item("jeune", d.id)  # from the dashboard or a work list
    assert _open_fiches(d.id) == [first]
    # the one window saves without a false « modifiée par quelqu'un d'autre »
    first.identite.fields["telephone"].clear()
    qtbot.keyClicks(first.identite.fields["telephone"], "0612345678")
    first.save()
    assert services.jeunes.get(d.id).telephone == "+33612345678"
    first.dirty = False
    first.reject()
    assert _open_fiches(d.id) == []
    again = page.open_fiche(d.id)
    assert again is not first and _open_fiches(d.id) == [again]
    again.reject()


# --- item 7: safe defaults -------------------------------------------------------------------

def _answer_box(qtbot, key=Qt.Key.Key_Return):
    """Press ``key`` in the next message box; returns what it showed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox
    seen = {}

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen["default"] = box.defaultButton().text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        qtbot.keyClick(box, key)
    QTimer.singleShot(0, press)
    return seen


def test_duplicate_warning_defaults_to_annuler(qtbot, page, services):
    from .test_gui_jeunes import choose, fill
    make(services)
    dialog = page.open_fiche(None)
    fill(qtbot, dialog, nom="DUPONT", prenom="eloise", date_naissance="01/02/2005")
    choose(dialog.identite.fields["sexe"], "F")
    seen = _answer_box(qtbot)  # Entrée pressed by habit
    assert not dialog.save()
    assert seen["default"] == "Annuler" and "Créer quand même" in seen["buttons"]
    assert services.jeunes.count() == 1
    dialog.dirty = False
    dialog.reject()


def test_error_outline_does_not_leak_into_drop_down_lists(qtbot):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout
    from milo_desktop.domain.errors import DomainError
    from milo_desktop.gui.dialogs.forms import ErrorLabel
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    combo = QComboBox()
    combo.addItems(["Un", "Deux", "Trois"])
    label = ErrorLabel()
    form.addRow("&Choix", combo)
    form.addRow(label)
    dialog.show()
    label.show_error(DomainError("Choix : choisissez une valeur.", "choix"), {"choix": combo})
    assert "b00020" in combo.styleSheet()
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=5000)
    image = view.viewport().grab().toImage()
    pink = QColor("#fff3f3")
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert corner != pink, corner.name()
    combo.hidePopup()


# --- item 2: the FASTT e-mail address --------------------------------------------------------

def _type_in_input_dialog(qtbot, answers: list[str], prompts: list[str]):
    """Answer the next QInputDialogs by typing each answer then Entrée (Échap when None)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        prompts.append(box.labelText())
        text = answers.pop(0)
        edit = box.findChild(QLineEdit)
        if text is None:
            qtbot.keyClick(edit, Qt.Key.Key_Escape)
        else:
            qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(edit, text)
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        if answers:
            QTimer.singleShot(20, answer)
    QTimer.singleShot(0, answer)


@pytest.fixture
def fastt_tab(qtbot, services, monkeypatch):
    from milo_desktop.domain import fastt as ft
    from milo_desktop.gui.mission_jeunes import common
    from milo_desktop.gui.mission_jeunes.jeune_tab import MissionJeunesTab
    from .conftest import TODAY
    from .test_fastt_service import make_agence, make_jeune
    make_agence(services)
    jid = make_jeune(services)
    services.fastt.prepare(jid, ft.ReferralInput((("budget", None),), preference_contact="telephone"),
                           ft.Consent(True, TODAY, "Alice DURAND", True, True))
    widget = MissionJeunesTab(services, jid)
    qtbot.addWidget(widget)
    widget.show()
    opened = []
    monkeypatch.setattr(common.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    widget.opened = opened
    return widget


def test_a_mistyped_fastt_address_is_asked_again_before_it_is_saved(qtbot, services, fastt_tab):
    prompts = []
    _type_in_input_dialog(qtbot, ["pci@fastt", "pci@fastt.example.org"], prompts)
    qtbot.mouseClick(fastt_tab.mail_button, Qt.MouseButton.LeftButton)
    assert len(prompts) == 2 and "n'est pas valide" in prompts[1] and "pci@fastt" in prompts[1]
    assert services.settings.get("fastt.email") == "pci@fastt.example.org"
    assert fastt_tab.opened and fastt_tab.opened[-1].endswith(".eml")
    assert "Brouillon ouvert" in fastt_tab.status.text()


def test_a_stored_invalid_address_asks_again_instead_of_failing(qtbot, services, fastt_tab):
    services.settings.set("fastt.email", "pas-une-adresse")  # saved by an older version
    prompts = []
    _type_in_input_dialog(qtbot, ["pci@fastt.example.org"], prompts)
    qtbot.mouseClick(fastt_tab.mail_button, Qt.MouseButton.LeftButton)
    assert "« pas-une-adresse » n'est pas une adresse e-mail valide" in prompts[0]
    assert services.settings.get("fastt.email") == "pci@fastt.example.org"
    assert fastt_tab.opened[-1].endswith(".eml")


def test_the_service_refuses_a_mistyped_address(services, fastt_tab, tmp_path):
    from milo_desktop.domain.errors import DomainError
    [r] = services.fastt.for_jeune(fastt_tab.jeune_id)
    with pytest.raises(DomainError, match="n'est pas valide"):
        services.fastt.email_draft(r.id, tmp_path / "x.eml", "pci@@fastt")
    assert not (tmp_path / "x.eml").exists()


# --- item 6: honest messages -----------------------------------------------------------------

def test_no_mail_client_says_where_the_draft_is_and_offers_its_folder(qtbot, services, fastt_tab,
                                                                       monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox
    from milo_desktop.gui.mission_jeunes import common
    services.settings.set("fastt.email", "pci@fastt.example.org")
    opened = []
    monkeypatch.setattr(common.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or url.toLocalFile().endswith("fastt"))
    seen = {}

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen["text"] = box.text()
        folder = next(b for b in box.buttons() if b.text() == "Ouvrir le dossier")
        qtbot.mouseClick(folder, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, press)
    qtbot.mouseClick(fastt_tab.mail_button, Qt.MouseButton.LeftButton)
    draft = services.ctx.store.data_dir / "brouillons_fastt" / "orientation_fastt_dupont_lea.eml"
    assert draft.is_file() and "Aucune messagerie" in seen["text"] and str(draft) in seen["text"]
    assert opened == [str(draft), str(draft.parent)]
    assert "Brouillon ouvert" not in fastt_tab.status.text()
    assert "Brouillon enregistré (aucune messagerie ne l'a ouvert)" in fastt_tab.status.text()


def test_a_save_says_it_saved_in_the_status_bar(qtbot, window, page, services):
    d = make(services)
    dialog = page.open_fiche(d.id)
    dialog.identite.fields["commune"].clear()
    qtbot.keyClicks(dialog.identite.fields["commune"], "Pamiers")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Fiche enregistrée : DUPONT Éloïse." == window.statusBar().currentMessage()
    dialog.reject()


def test_parametres_has_one_save(qtbot, window, services):
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton
    from milo_desktop.gui.dialogs.settings_dialog import SettingsDialog
    dialog = SettingsDialog(services, window)
    qtbot.addWidget(dialog)
    dialog.show()
    saves = [b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "").startswith("Enregistrer")]
    assert saves == [dialog.buttons.button(QDialogButtonBox.StandardButton.Save)]
    dialog.tabs.setCurrentWidget(dialog.preferences)
    field = dialog.preferences.fields["fastt.email"]
    qtbot.keyClicks(field, "pci@fastt")
    qtbot.mouseClick(saves[0], Qt.MouseButton.LeftButton)
    assert "n'est pas valide" in dialog.preferences.error.text() and not dialog.status.text()
    field.clear()
    qtbot.keyClicks(field, "pci@fastt.example.org")
    qtbot.mouseClick(saves[0], Qt.MouseButton.LeftButton)
    assert services.settings.get("fastt.email") == "pci@fastt.example.org"
    assert dialog.status.text() == "Enregistré : Seuils et partenaires."
    assert window.statusBar().currentMessage() == "Paramètres enregistrés : Seuils et partenaires."
    dialog.tabs.setCurrentWidget(dialog.sites)
    dialog.sites.load(None)
    qtbot.keyClicks(dialog.sites.fields["nom"], "Antenne de Lavelanet")
    qtbot.mouseClick(saves[0], Qt.MouseButton.LeftButton)
    assert any(s.nom == "Antenne de Lavelanet" for s in services.settings.sites())


# --- item 8: work lists lead to the work -----------------------------------------------------

def test_a_work_list_opens_the_fiche_on_its_cotraitance_tab(qtbot, services, monkeypatch):
    from datetime import date
    from milo_desktop.gui.pages.cotraitance import CotraitancePage
    from .test_cotraitance_service import make_jeune
    jid = make_jeune(services, nom="BERNARD")
    services.cotraitance.affecter(jid, date(2026, 11, 2), [1])
    page = CotraitancePage(services, None)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    shown = []
    monkeypatch.setattr(FicheJeuneDialog, "exec",
                        lambda self: shown.append(self.tabs.tabText(self.tabs.currentIndex())) or 0)
    view = page.work_lists.views["a_accepter"]
    qtbot.waitUntil(view.isVisible)
    centre = view.visualRect(view.model().index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert shown == ["Cotraitance"]


def test_work_lists_have_the_mes_jeunes_and_site_filters(qtbot, services, ref_data):
    from datetime import date
    from milo_desktop.gui.pages.cotraitance import CotraitancePage
    from milo_desktop.persistence.models import Jeune
    from .test_cotraitance_service import make_jeune
    mine, other = make_jeune(services, nom="MIEN"), make_jeune(services, nom="AUTRE")
    with services.ctx.store.write() as s:
        s.get(Jeune, mine).referent_id = services.ctx.user.id
        s.get(Jeune, mine).site_id = ref_data["sites"]["siege"].id
        s.get(Jeune, other).referent_id = ref_data["users"]["conseiller2"].id
        s.get(Jeune, other).site_id = ref_data["sites"]["antenne"].id
    for jid in (mine, other):
        services.cotraitance.affecter(jid, date(2026, 11, 2), [1])
    page = CotraitancePage(services, None)
    qtbot.addWidget(page)
    page.show()
    lists = page.work_lists
    names = lambda: [r.nom for r in lists.models["a_accepter"]._rows]  # noqa: E731
    assert sorted(names()) == ["AUTRE", "MIEN"]
    _label, referent = lists.filter_boxes["referent"]
    _label, site = lists.filter_boxes["site"]
    assert referent.itemText(1) == "Mes jeunes"
    referent.setFocus()
    qtbot.keyClick(referent, Qt.Key.Key_Down)  # « Mes jeunes », as in the Jeunes list
    assert names() == ["MIEN"] and lists.tabs.tabText(0) == "Affectations à accepter (1)"
    qtbot.keyClick(referent, Qt.Key.Key_Up)
    site.setCurrentIndex(site.findText("Antenne de Pamiers"))
    assert names() == ["AUTRE"]


def test_an_offer_starts_with_the_employers_address(qtbot, services, monkeypatch):
    from milo_desktop.gui.offres import offre_dialog as module
    from ._offres_helpers import entreprise
    ent = entreprise(services, nom="Garage Central", commune="Pamiers", code_postal="09100",
                     siret="73282932000074")
    dialog = module.OffreDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()

    class Picker:
        def __init__(self, *a, **k):
            self.chosen = [ent.id]

        def exec(self):
            return 1
    monkeypatch.setattr(module, "SearchPicker", Picker)
    qtbot.mouseClick(dialog.fields["entreprise"].choose_button, Qt.MouseButton.LeftButton)
    assert dialog.fields["commune"].text() == "Pamiers" and dialog.fields["code_postal"].text() == "09100"
    dialog.fields["commune"].clear()
    qtbot.keyClicks(dialog.fields["commune"], "Foix")
    qtbot.mouseClick(dialog.fields["entreprise"].choose_button, Qt.MouseButton.LeftButton)
    assert dialog.fields["commune"].text() == "Foix"  # what the adviser typed is kept
