"""Every date field of the application is the shared one (widgets/dates.py) and behaves as on
paper: typed 01/10/2026 it gives the 1st of October 2026, a click or Ctrl+A then typing
replaces it, an optional date is typed from empty and cleared, its calendar opens on today, and
an incomplete or impossible date is refused with a French message that keeps the dialog open.

The tests type with qtbot key clicks (never ``set_date``) in every date field of every dialog;
``test_every_dialog_is_walked`` fails when a module creates a date field in a class this file
does not open, and ``test_no_other_date_widget`` when any Qt date widget is used elsewhere."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QWizard

from milo_desktop.domain.errors import DomainError
from milo_desktop.gui.widgets.dates import DateField, foreign_date_widgets

from ._offres_helpers import entreprise, offre_input
from .conftest import TODAY
from .test_fastt_service import CONSENT, make_agence, make_jeune, referral_input

GUI = Path(__file__).resolve().parents[1] / "milo_desktop" / "gui"


@pytest.fixture
def world(services):
    jeune = make_jeune(services)
    agence = make_agence(services)
    ent = entreprise(services, siret="73282932000074")
    offre = services.offres.create(offre_input(), ent.id)
    plateforme = services.mrs.save_plateforme("MRS de Foix", "Foix")
    referral = services.fastt.prepare(jeune, referral_input(), CONSENT, agence)
    [mer] = services.mises_en_relation.propose(offre.id, [jeune])
    return {"jeune": jeune, "agence": agence, "offre": offre, "plateforme": plateforme,
            "referral": referral, "mer": mer}


def _cotraitance_step(services, w):
    from milo_desktop.gui.cotraitance.dialogs import step_dialog
    return step_dialog(services, "affecter", w["jeune"], None)


def _bilans_chooser(services, w):
    from milo_desktop.gui.bilans.chooser import ReportChooser
    chooser = ReportChooser(services.bilans.kinds(), [], services.ctx.today())
    chooser.by_dates.setChecked(True)
    return chooser


def _factories():
    from milo_desktop.gui.jeunes.identite_tab import IdentiteTab
    from milo_desktop.gui.jeunes.journal_tab import JournalTab
    from milo_desktop.gui.mission_jeunes.action_dialog import ActionDialog
    from milo_desktop.gui.mission_jeunes.agence_dialog import ConventionDialog, OrientationDialog
    from milo_desktop.gui.mission_jeunes.delegation_dialog import DelegationDialog
    from milo_desktop.gui.mission_jeunes.fastt_dialog import FasttWizard
    from milo_desktop.gui.mission_jeunes.fastt_dialog import StepDialog as FasttStep
    from milo_desktop.gui.offres.mer_dialog import ProposeDialog, ResultDialog
    from milo_desktop.gui.offres.mrs_page import EvaluationDialog, MrsPage
    from milo_desktop.gui.offres.offre_dialog import OffreDialog
    from milo_desktop.gui.offres.partenariats_dialogs import EvenementDialog, TransmissionDialog
    from milo_desktop.gui.offres.queue_page import SaisieDialog
    return {
        # class name (as in the source) -> (factory, number of date fields)
        "cotraitance.StepDialog": (_cotraitance_step, 1),
        "ReportChooser": (_bilans_chooser, 2),
        "IdentiteTab": (lambda s, w: IdentiteTab(s), 5),
        "DateLine": (lambda s, w: IdentiteTab(s), 5),
        "JournalTab": (lambda s, w: JournalTab(s, w["jeune"]), 1),
        "ActionDialog": (lambda s, w: ActionDialog(s, w["jeune"]), 2),
        "ConventionDialog": (lambda s, w: ConventionDialog(s, w["agence"]), 2),
        "OrientationDialog": (lambda s, w: OrientationDialog(s, w["jeune"]), 1),
        "DelegationDialog": (lambda s, w: DelegationDialog(s, w["jeune"]), 2),
        "FasttWizard": (lambda s, w: FasttWizard(s, w["jeune"]), 2),
        "mission_jeunes.StepDialog": (lambda s, w: FasttStep(s, w["referral"]), 1),
        "ProposeDialog": (lambda s, w: ProposeDialog(s, w["offre"].id), 1),
        "ResultDialog": (lambda s, w: ResultDialog(s, w["mer"]), 1),
        "EvaluationDialog": (lambda s, w: EvaluationDialog(s, w["plateforme"]), 1),
        "MrsPage": (lambda s, w: MrsPage(s), 2),
        "OffreDialog": (lambda s, w: OffreDialog(s), 3),
        "EvenementDialog": (lambda s, w: EvenementDialog(s), 1),
        "TransmissionDialog": (lambda s, w: TransmissionDialog(s), 2),
        "ConsentField": (lambda s, w: TransmissionDialog(s), 2),
        "SaisieDialog": (lambda s, w: SaisieDialog(s, w["offre"]), 1),
    }


def _classes_making_date_fields() -> set[str]:
    """Classes whose code builds a date field, read from the GUI's source."""
    makers = {"date_edit", "DateLine", "DateField", "_date_edit"}
    found = set()
    for path in GUI.rglob("*.py"):
        if path.name in ("dates.py", "forms.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                if name in makers:
                    found.add(f"{path.parent.name}.{cls.name}" if cls.name == "StepDialog" else cls.name)
    return found


def test_every_dialog_is_walked():
    missing = _classes_making_date_fields() - set(_factories())
    assert not missing, f"classes with date fields that test_gui_dates does not open: {missing}"


def test_no_other_date_widget():
    offenders = []
    for path in GUI.rglob("*.py"):
        if path.name in ("dates.py", "resources_rc.py"):
            continue
        text = path.read_text(encoding="utf-8")
        for name in ("QDateEdit", "QDateTimeEdit", "QCalendarWidget", "QTimeEdit"):
            if name in text:
                offenders.append(f"{path.relative_to(GUI)}: {name}")
    assert not offenders, offenders


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=10000)
    return widget


def _reveal(field: DateField) -> None:
    """Bring the field on screen: its wizard page, its tab, its enabling check box."""
    parent = field.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(parent, QWizard):
            for pid in parent.pageIds():
                if parent.page(pid).isAncestorOf(field):
                    parent.setStartId(pid)
                    parent.restart()
        if isinstance(grand, QTabWidget) or (grand is not None and isinstance(grand.parentWidget(), QTabWidget)):
            tabs = grand if isinstance(grand, QTabWidget) else grand.parentWidget()
            for i in range(tabs.count()):
                if tabs.widget(i).isAncestorOf(field):
                    tabs.setCurrentIndex(i)
        parent = grand
    w = field
    while w is not None:
        w.setEnabled(True)  # e.g. the consent date, enabled by its check box
        w = w.parentWidget() if not w.isWindow() else None


def _retype(qtbot, field: DateField, typed: str) -> None:
    """Ctrl+A then type, as a person replaces a date."""
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if typed:
        qtbot.keyClicks(field, typed)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def _click_in(qtbot, field: DateField) -> None:
    field.window().setFocus()
    field.clearFocus()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=field.rect().center())


def _check_field(qtbot, field: DateField, where: str) -> None:
    _reveal(field)
    assert field.isVisible(), where
    # a click into the field then typing replaces what it showed
    _click_in(qtbot, field)
    assert field.hasFocus(), where
    qtbot.keyClicks(field, "01/10/2026")
    assert field.text() == "01/10/2026", where
    assert field.value() == date(2026, 10, 1), where
    # Ctrl+A then typing, and eight digits as typed on a keypad
    _retype(qtbot, field, "02/10/2026")
    assert field.value() == date(2026, 10, 2) and field.text() == "02/10/2026", where
    _retype(qtbot, field, "03102026")
    assert field.text() == "03/10/2026" and field.value() == date(2026, 10, 3), where
    # cleared: nothing for an optional date, a French message for a required one
    _retype(qtbot, field, "")
    assert field.text() == "", where
    if field.optional:
        assert field.value() is None, where
    else:
        with pytest.raises(DomainError, match="obligatoire"):
            field.value()
    # typed from empty
    qtbot.keyClicks(field, "15/09/2026")
    assert field.value() == date(2026, 9, 15) and field.text() == "15/09/2026", where
    # the calendar opens on the field's date, or on today when it is empty; Entrée picks
    _retype(qtbot, field, "")
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar is not None and field.calendar.isVisible(), where
    assert field.calendar.selectedDate().toPython() == TODAY, where
    qtbot.keyClick(field.calendar.focusWidget() or field.calendar, Qt.Key.Key_Return)
    assert not field.calendar.isVisible() and field.value() == TODAY, where
    assert field.text() == "24/11/2026", where
    # incomplete and impossible dates: outlined, refused with a message
    for typed, words in (("01/12/1", "incomplète"), ("31/02/2026", "n'existe pas"), ("1/1", "incomplète")):
        _click_in(qtbot, field)
        qtbot.keyClicks(field, typed)  # the click selected the date: typing replaces it
        qtbot.keyClick(field, Qt.Key.Key_Tab)
        assert field.has_error() and words in field.toolTip(), (where, typed)
        with pytest.raises(DomainError, match=words):
            field.value()
    # one digit day and month are shown as saved
    _click_in(qtbot, field)
    _retype(qtbot, field, "1/10/2026")
    assert field.value() == date(2026, 10, 1) and field.text() == "01/10/2026", where
    assert not field.has_error()


def _fields(widget) -> list[DateField]:
    return widget.findChildren(DateField)


@pytest.mark.parametrize("name", sorted(_factories()))
def test_every_date_field_of_every_dialog(qtbot, services, world, name):
    factory, count = _factories()[name]
    widget = _show(qtbot, factory(services, world))
    widget.resize(1100, 750)
    assert foreign_date_widgets(widget) == []
    fields = _fields(widget)
    assert len(fields) == count, (name, [f.field_label() for f in fields])
    for field in fields:
        _check_field(qtbot, field, f"{name} / {field.field_label()}")


def _save_button(dialog):
    if isinstance(dialog, QWizard):
        return dialog.button(QWizard.WizardButton.NextButton)
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def _visible_messages(widget) -> str:
    return "\n".join(lbl.text() for lbl in widget.findChildren(QLabel) if lbl.isVisible())


@pytest.mark.parametrize("name", sorted(n for n in _factories() if n.endswith("Dialog") or n in (
    "FasttWizard", "cotraitance.StepDialog", "mission_jeunes.StepDialog")))
def test_a_wrong_date_blocks_the_save_with_a_message(qtbot, services, world, name):
    factory, _count = _factories()[name]
    dialog = _show(qtbot, factory(services, world))
    first = _fields(dialog)[0]
    _reveal(first)
    _click_in(qtbot, first)
    qtbot.keyClicks(first, "01/12/1")
    button = _save_button(dialog)
    if button.isEnabled():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted, name
    assert "« 01/12/1 » : date incomplète" in _visible_messages(dialog), name
    assert first.text() == "01/12/1"  # what was typed stays, to be corrected


def test_cotraitance_acceptance_typed_the_french_way_is_saved_as_typed(qtbot, services, world):
    """The defect of the issue: « 01/10/2026 » used to show 01/12/1 and save 01/12/2026."""
    from milo_desktop.gui.cotraitance.dialogs import step_dialog
    jeune = world["jeune"]
    dialog = _show(qtbot, step_dialog(services, "affecter", jeune, None))
    dialog.criteres[0].setChecked(True)
    _click_in(qtbot, dialog.date)
    qtbot.keyClicks(dialog.date, "01/09/2026")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, _visible_messages(dialog)
    accepter = _show(qtbot, step_dialog(services, "accepter", jeune, services.cotraitance.current(jeune)))
    _click_in(qtbot, accepter.date)
    qtbot.keyClicks(accepter.date, "01/10/2026")
    assert accepter.date.text() == "01/10/2026"
    qtbot.mouseClick(_save_button(accepter), Qt.MouseButton.LeftButton)
    assert accepter.result() == QDialog.DialogCode.Accepted, _visible_messages(accepter)
    assert services.cotraitance.current(jeune).state.date_acceptation == date(2026, 10, 1)


def test_fastt_optional_start_typed_from_empty_is_saved(qtbot, services, world):
    from milo_desktop.gui.mission_jeunes.fastt_dialog import FasttWizard
    wizard = _show(qtbot, FasttWizard(services, world["jeune"], world["referral"]))
    field = wizard.debut_mission
    assert field.text() == "" and field.optional
    _click_in(qtbot, field)
    qtbot.keyClicks(field, "15122026")
    assert field.text() == "15/12/2026"
    for _ in range(3):
        wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.saved is not None, _visible_messages(wizard)
    [r] = [x for x in services.fastt.for_jeune(world["jeune"]) if x.id == world["referral"].id]
    assert r.date_debut_mission == date(2026, 12, 15)
    assert r.consent.donne == CONSENT.donne  # the other pages kept their values


def test_offer_optional_dates_typed_cleared_and_saved(qtbot, services, world):
    from milo_desktop.gui.offres.offre_dialog import OffreDialog
    dialog = _show(qtbot, OffreDialog(services, world["offre"].id))
    debut, fin = dialog.fields["date_debut"], dialog.fields["date_fin"]
    _click_in(qtbot, debut)
    qtbot.keyClicks(debut, "05/01/2027")
    _click_in(qtbot, fin)
    _retype(qtbot, fin, "")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, _visible_messages(dialog)
    saved = services.offres.get(world["offre"].id)
    assert saved.fields.date_debut == date(2027, 1, 5) and saved.fields.date_fin is None
