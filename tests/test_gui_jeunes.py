"""GUI flows of the Jeunes area with qtbot: create, edit, duplicates, conflicts, journal, list."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt

from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.domain.journal import EventInput
from milo_desktop.gui.jeunes import fiche as fiche_module
from milo_desktop.gui.jeunes import journal_tab as journal_module
from milo_desktop.gui.pages import jeunes as page_module


def make(services, nom="Dupont", prenom="Éloïse", born="01/02/2005", **kw):
    return services.jeunes.create(JeuneInput(nom=nom, prenom=prenom, sexe="F", date_naissance=born, **kw),
                                  services.ctx.user.id, services.ctx.site_id, ["CEJ"])


@pytest.fixture
def page(qtbot, window):
    """The Jeunes page, once the dashboard shown at start-up has finished computing in the
    thread pool (a task still running when the store closes would fail in a later test)."""
    dashboard = window.pages.get("tableau")
    if dashboard is not None and hasattr(dashboard, "task"):
        qtbot.waitUntil(lambda: dashboard.task is None, timeout=20000)
    return window.show_area("jeunes")


def fill(qtbot, dialog, **values):
    """Type into the identity fields (QTest types ASCII only: accented text is inserted)."""
    for key, value in values.items():
        widget = dialog.identite.fields[key]
        widget.clear()
        if value.isascii():
            qtbot.keyClicks(widget, value)
        else:
            widget.insert(value)


def activate(qtbot, widget) -> None:
    """Shortcuts only reach the active window."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


def choose(box, data) -> None:
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemData(i) == data))


# --- page and empty state ---------------------------------------------------------------------

def test_empty_store_shows_a_welcome_and_ctrl_n_opens_a_new_fiche(qtbot, window, page):
    assert page.stack.currentWidget() is page.welcome
    assert "Créer une fiche jeune" in page.welcome.buttons[0].text()
    assert not page.act_archive.isEnabled()
    activate(qtbot, window)
    page.welcome.buttons[0].setFocus()
    qtbot.keyClick(page.welcome.buttons[0], Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.fiche is not None and page.fiche.title.text() == "Nouvelle fiche jeune"
    assert not page.fiche.tabs.isTabEnabled(1)  # journal once saved
    assert page.fiche.identite.fields["referent"].currentText() == "Alice DURAND"  # current user
    assert page.fiche.identite.fields["site"].currentText() == "Siège"  # current site


def test_create_a_young_person_with_the_keyboard(qtbot, page, services):
    dialog = page.open_fiche(None)
    fill(qtbot, dialog, nom="lefèvre", prenom="zoé", date_naissance="03042006", telephone="0692123456",
         commune="Foix")
    dialog.identite.fields["date_naissance"].editingFinished.emit()
    assert dialog.identite.fields["date_naissance"].text() == "03/04/2006"
    choose(dialog.identite.fields["sexe"], "F")
    dialog.identite.programmes["PACEA"].setChecked(True)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.identite.fields["commune"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.detail is not None and dialog.title.text() == "LEFÈVRE Zoé"
    assert "20 ans" in dialog.subtitle.text() and "Référent : Alice DURAND" in dialog.subtitle.text()
    assert dialog.tabs.isTabEnabled(1) and not dialog.dirty
    assert dialog.identite.fields["telephone"].text() == "0692 12 34 56"
    stored = services.jeunes.get(dialog.detail.id)
    assert stored.programmes == ("PACEA",) and stored.telephone == "+262692123456"
    assert page.stack.currentWidget() is page.list and page.list.model.rowCount() == 1
    assert page.list.selected_ids() == [stored.id.hex]


def test_errors_are_shown_next_to_the_fields_and_nothing_typed_is_lost(qtbot, page, services):
    dialog = page.open_fiche(None)
    fill(qtbot, dialog, nom="Martin", prenom="Léa", date_naissance="31/02/2005", telephone="12", email="x@")
    assert not dialog.save()
    errors = dialog.identite.errors
    assert errors["telephone"].isVisibleTo(dialog) and "numéro invalide" in errors["telephone"].text()
    assert "n'existe pas" in errors["date_naissance"].text() and "E-mail" in errors["email"].text()
    assert "Sexe : obligatoire." == errors["sexe"].text()
    assert not errors["nom"].isVisibleTo(dialog)
    assert dialog.identite.fields["telephone"].text() == "12"
    assert dialog.identite.fields["prenom"].text() == "Léa"
    assert "3 champ(s)" not in dialog.identite.summary.text() and "4 champ(s)" in dialog.identite.summary.text()
    assert services.jeunes.count() == 0


def test_duplicate_asks_for_confirmation(qtbot, page, services, monkeypatch):
    make(services)
    asked = []
    monkeypatch.setattr(fiche_module, "confirm", lambda _p, title, text, ok: asked.append(text) or False)
    dialog = page.open_fiche(None)
    fill(qtbot, dialog, nom="DUPONT", prenom="eloise", date_naissance="01/02/2005")
    choose(dialog.identite.fields["sexe"], "F")
    assert not dialog.save()
    assert "DUPONT Éloïse, né(e) le 01/02/2005" in asked[0] and services.jeunes.count() == 1
    monkeypatch.setattr(fiche_module, "confirm", lambda *_a: True)
    assert dialog.save() and services.jeunes.count() == 2


def test_edit_from_the_list_and_concurrent_edit_is_refused(qtbot, page, services, monkeypatch):
    d = make(services)
    page.refresh()
    page.list.view.selectRow(0)
    page.act_open.trigger()
    dialog = page.fiche
    assert dialog.title.text() == "DUPONT Éloïse"
    fill(qtbot, dialog, commune="Pamiers")
    assert dialog.dirty
    services.jeunes.update(d.id, d.as_input(), None, None, (), d.version)  # someone else saves first
    shown = []
    monkeypatch.setattr(fiche_module.QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert not dialog.save()
    assert "modifiée par quelqu'un d'autre" in shown[0]
    assert dialog.identite.fields["commune"].text() == "Pamiers"  # the user's typing is kept
    dialog.reload_detail()
    dialog.dirty = False
    dialog.identite.load(dialog.detail)
    fill(qtbot, dialog, commune="Pamiers")
    assert dialog.save() and services.jeunes.get(d.id).commune == "PAMIERS"
    row = page.list.model.source.rows([d.id.hex])[d.id.hex]
    assert row["commune"] == "PAMIERS" and row["referent"] == ""


def test_closing_with_unsaved_changes_asks(qtbot, page, services, monkeypatch):
    d = make(services)
    dialog = page.open_fiche(d.id)
    fill(qtbot, dialog, commune="Pamiers")
    monkeypatch.setattr(fiche_module, "confirm", lambda *_a: False)
    dialog.reject()
    assert dialog.isVisible()
    monkeypatch.setattr(fiche_module, "confirm", lambda *_a: True)
    dialog.reject()
    assert not dialog.isVisible() and services.jeunes.get(d.id).commune is None


# --- journal ----------------------------------------------------------------------------------

def test_journal_add_edit_delete(qtbot, page, services, monkeypatch):
    d = make(services)
    services.journal.add(d.id, EventInput("01/10/2026", "atelier", "visio", "present", None, "ancien"))
    dialog = page.open_fiche(d.id)
    dialog.tabs.setCurrentIndex(1)
    tab = dialog.journal
    assert tab.model.rowCount() == 1 and tab.date.text() == "24/11/2026"
    qtbot.keyClicks(tab.note, "Premier entretien, projet vente")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 2
    assert tab.model.index(0, 5).data() == "Premier entretien, projet vente"
    assert tab.model.index(0, 1).data() == "Entretien individuel" and tab.model.index(0, 4).data() == "Alice DURAND"
    tab.view.selectRow(1)
    assert tab.editing is not None and tab.note.text() == "ancien"
    assert tab.save_button.text() == "Enregistrer la modification"
    choose(tab.statut, "absent")
    assert tab.save()
    assert [e.statut for e in services.journal.events(d.id)] == ["present", "absent"]
    tab.date.setText("40/40/2026")
    assert not tab.save() and "Date" in tab.error.text() and tab.error.isVisibleTo(dialog)
    tab.new_event()
    tab.view.selectRow(1)
    monkeypatch.setattr(journal_module, "confirm", lambda *_a: True)
    tab.delete()
    assert [e.note for e in services.journal.events(d.id)] == ["Premier entretien, projet vente"]


def test_journal_empty_state(qtbot, page, services):
    dialog = page.open_fiche(make(services).id)
    assert dialog.journal.stack.currentWidget() is dialog.journal.empty
    assert "Aucun événement" in dialog.journal.empty.text()


# --- list: search, selection actions, export, models ------------------------------------------

def test_search_as_you_type_without_accents(qtbot, page, services):
    make(services)
    make(services, nom="Lefèvre", prenom="Zoé", born="03/04/2006")
    page.refresh()
    qtbot.keyClicks(page.list.search, "LEFEV")
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=2000)
    assert page.list.model.index(0, 0).data() == "LEFÈVRE"
    page.list.search.clear()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=2000)


def test_reassign_selected(qtbot, page, services, ref_data, monkeypatch):
    bruno = ref_data["users"]["conseiller2"]
    ids = [make(services, nom=n).id for n in ("Alpha", "Beta", "Gamma")]
    page.refresh()
    page.list.view.selectRow(0)
    page.list.view.selectionModel().select(page.list.model.index(2, 0),
                                           page.list.view.selectionModel().SelectionFlag.Select
                                           | page.list.view.selectionModel().SelectionFlag.Rows)
    assert page.act_reassign.isEnabled() and not page.act_open.isEnabled()

    def run(dialog):
        dialog.select(bruno.id)
        dialog.apply()
        return dialog.result()
    from milo_desktop.gui.jeunes.reassign_dialog import ReassignDialog
    monkeypatch.setattr(ReassignDialog, "exec", run)
    told = []
    monkeypatch.setattr(page_module, "info", lambda _p, _t, text: told.append(text))
    page.reassign_selected()
    assert told == ["2 fiche(s) mise(s) à jour."]
    assert [services.jeunes.get(i).referent_nom for i in ids] == ["Bruno PETIT", "Alice DURAND", "Bruno PETIT"]


def test_archive_with_confirmation_and_show_archived(qtbot, page, services, monkeypatch):
    make(services)
    page.refresh()
    page.list.view.selectRow(0)
    monkeypatch.setattr(page_module, "confirm", lambda *_a: False)
    page.archive_selected()
    assert page.list.model.rowCount() == 1
    monkeypatch.setattr(page_module, "confirm", lambda *_a: True)
    page.archive_selected()
    assert page.list.model.rowCount() == 0 and page.stack.currentWidget() is page.list
    page.list.show_archived.setChecked(True)
    assert page.list.model.rowCount() == 1


def test_open_item_from_elsewhere(qtbot, window, page, services):
    d = make(services)
    window.open_item("jeunes", "jeune", d.id)
    page = window.pages["jeunes"]
    assert page.fiche is not None and page.fiche.jeune_id == d.id


def test_print_fiche_writes_a_pdf(qtbot, page, services, tmp_path, monkeypatch):
    d = make(services)
    target = tmp_path / "fiche.pdf"
    monkeypatch.setattr(fiche_module.files, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened = []
    monkeypatch.setattr(fiche_module.QDesktopServices, "openUrl", lambda url: opened.append(url))
    page.refresh()
    page.list.view.selectRow(0)
    page.act_print.trigger()
    assert target.read_bytes().startswith(b"%PDF") and opened
    errors = []
    monkeypatch.setattr(fiche_module, "show_error", lambda _p, err: errors.append(err.message))
    assert not fiche_module.write_fiche(page, services, d.id, str(tmp_path / "absent" / "x.pdf"))
    assert "Impossible d'écrire" in errors[0]


def test_export_what_is_shown(qtbot, page, services, tmp_path, monkeypatch):
    from milo_desktop.gui.widgets.exporting import export_list
    make(services)
    make(services, nom="Martin", prenom="Léa", born="05/06/2004")
    page.refresh()
    page.list.search.setText("mart")
    page.list.apply_query()
    page.list.view.setColumnHidden(2, True)  # « Né(e) le » not shown: not exported
    n = export_list(page.list.source, page.list.current_query(), str(tmp_path / "liste.csv"),
                    keys=page.list.visible_keys())
    with open(tmp_path / "liste.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert n == 1 and rows[0][:3] == ["Nom", "Prénom", "Âge"] and rows[1][:3] == ["MARTIN", "Léa", "22"]
    assert "Téléphone" not in rows[0] and "Référent" in rows[0]  # hidden by default / shown
    page.list.export_to(str(tmp_path / "liste.xlsx"))  # the button's path: in the background
    qtbot.waitUntil(lambda: "1 ligne exportée" in page.list.count_label.text(), timeout=10000)
    assert (tmp_path / "liste.xlsx").stat().st_size > 0


def test_columns_are_remembered(qtbot, window, page, services):
    make(services)
    page.refresh()
    index = [c.key for c in page.list.model.columns].index("commune")
    assert not page.list.view.isColumnHidden(index)
    page.list._toggle_column(index, False)
    again = page_module.JeunesPage(services, window)
    qtbot.addWidget(again)
    assert again.list.view.isColumnHidden(index)
    page.list._toggle_column(index, True)


def test_list_model_passes_qtmodeltester(qtmodeltester, page, services):
    for i in range(5):
        make(services, nom=f"Nom{chr(65 + i)}")
    page.refresh()
    qtmodeltester.check(page.list.model, force_py=True)


def test_journal_model_passes_qtmodeltester(qtmodeltester, services):
    from milo_desktop.gui.jeunes.journal_tab import JournalModel
    d = make(services)
    for day in range(1, 4):
        services.journal.add(d.id, EventInput(date(2026, 11, day), "autre", None, "present", None, "note"))
    model = JournalModel()
    model.set_events(services.journal.events(d.id))
    qtmodeltester.check(model, force_py=True)


def test_a_deactivated_referent_is_kept_when_saving(qtbot, page, services, ref_data):
    from milo_desktop.domain import referentiel as ref
    bruno = ref_data["users"]["conseiller2"]
    d = services.jeunes.create(JeuneInput(nom="Martin", prenom="Léa", sexe="F", date_naissance="05/06/2004"),
                               bruno.id, None, [])
    services.settings.save_utilisateur(ref.UtilisateurInput("Petit", "Bruno", "bruno@ml-test.fr", "conseiller",
                                                            bruno.site_id, actif=False), bruno.id, bruno.version)
    dialog = page.open_fiche(d.id)
    assert dialog.identite.fields["referent"].currentText() == "Bruno PETIT (inactif)"
    fill(qtbot, dialog, commune="Foix")
    assert dialog.save() and services.jeunes.get(d.id).referent_id == bruno.id


def test_empty_state_offers_to_import_a_list(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(window, "import_data", lambda kind=None: asked.append(kind))
    page = window.show_area("jeunes")
    buttons = {b.text(): b for b in page.welcome.buttons}
    buttons["Importer une liste (CSV, Excel)…"].click()
    assert asked == ["jeunes"]


def test_filter_choices_follow_the_settings(qtbot, page, services, ref_data):
    """A référent added after the page was built appears in its filter the next time the page
    is shown; the choice made stays, and a choice that has gone clears the filter."""
    from milo_desktop.domain.referentiel import UtilisateurInput
    make(services)
    page.refresh()
    box = page.list.filter_boxes["referent"]
    bruno = ref_data["users"]["conseiller2"]
    choose(box, bruno.id)
    assert page.list.model.rowCount() == 0
    new = services.settings.save_utilisateur(UtilisateurInput("MOREAU", "Inès", "ines.moreau@ml.fr"))
    page.refresh()
    labels = [box.itemText(i) for i in range(box.count())]
    assert "Inès MOREAU" in labels
    assert box.currentData() == bruno.id and page.list.model.query.filters["referent"] == bruno.id
    choose(box, new.id)
    services.settings.save_utilisateur(UtilisateurInput("MOREAU", "Inès", "ines.moreau@ml.fr", actif=False),
                                       new.id, version=new.version)
    page.refresh()
    assert box.currentData() is None and "referent" not in page.list.model.query.filters
    assert page.list.model.rowCount() == 1
