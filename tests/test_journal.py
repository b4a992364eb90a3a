"""JournalService and the journal rules: date order, validation, edit with locking, delete."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from milo_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.domain.journal import NOTE_MAX, EventInput, validate_event

from .conftest import TODAY


@pytest.fixture
def jeune(services):
    return services.jeunes.create(JeuneInput(nom="Dupont", prenom="Éloïse", sexe="F",
                                             date_naissance="01/02/2005"))


def event(**changes) -> EventInput:
    return EventInput(**(dict(date="20/11/2026", type="entretien_individuel", modalite="presentiel",
                              statut="present", note="Point sur le CV") | changes))


# --- domain rules -----------------------------------------------------------------------------

def test_validate_event_normalises():
    e = validate_event(event(date="2026-11-20", statut=None, note="  ok  ", modalite=""), TODAY)
    assert (e.date, e.statut, e.note, e.modalite) == (date(2026, 11, 20), "present", "ok", None)


def test_validate_event_reports_every_problem():
    with pytest.raises(ValidationError) as err:
        validate_event(event(date="31/02/2026", type=None, modalite="pigeon", statut="perdu",
                             note="x" * (NOTE_MAX + 1)), TODAY)
    problems = err.value.problems
    assert set(problems) == {"date", "type", "modalite", "statut", "note"}
    assert "n'existe pas" in problems["date"] and "500 caractères" in problems["note"]
    assert problems["type"] == "Type : obligatoire."


@pytest.mark.parametrize("when, ok", [("24/11/2028", True), ("25/11/2028", False),
                                      ("24/11/1996", True), ("23/11/1996", False), ("", False)])
def test_event_date_bounds(when, ok):
    if ok:
        assert validate_event(event(date=when), TODAY).date
    else:
        with pytest.raises(ValidationError):
            validate_event(event(date=when), TODAY)


def test_note_of_exactly_500_characters_is_accepted():
    assert len(validate_event(event(note="é" * NOTE_MAX), TODAY).note) == NOTE_MAX


# --- service ----------------------------------------------------------------------------------

def test_events_newest_first_with_labels_and_adviser(services, jeune, ref_data):
    bruno = ref_data["users"]["conseiller2"]
    services.journal.add(jeune.id, event(date="01/10/2026", note="premier"))
    services.journal.add(jeune.id, event(date="15/11/2026", type="atelier", modalite="visio",
                                         conseiller_id=bruno.id, note="atelier CV"))
    services.journal.add(jeune.id, event(date="01/10/2026", note="même jour, saisi après"))
    events = services.journal.events(jeune.id)
    assert [e.note for e in events] == ["atelier CV", "même jour, saisi après", "premier"]
    top = events[0]
    assert (top.type_label, top.modalite_label, top.statut_label) == (
        "Atelier / information collective", "Visio", "Présent")
    assert top.conseiller_nom == "Bruno PETIT"
    assert events[1].conseiller_nom == "Alice DURAND"  # the current user by default
    assert services.journal.events(jeune.id, limit=1) == events[:1]


def test_add_refuses_invalid_event_and_unknown_jeune(services, jeune):
    with pytest.raises(ValidationError):
        services.journal.add(jeune.id, event(type="rumeur"))
    with pytest.raises(NotFoundError):
        services.journal.add(uuid.uuid4(), event())
    with pytest.raises(ValidationError) as err:
        services.journal.add(jeune.id, event(conseiller_id=uuid.uuid4()))
    assert "conseiller" in err.value.problems
    assert services.journal.events(jeune.id) == []


def test_update_with_locking(services, jeune):
    added = services.journal.add(jeune.id, event())
    changed = services.journal.update(added.id, event(statut="absent", note="Absent, à relancer"), added.version)
    assert (changed.statut, changed.note, changed.version) == ("absent", "Absent, à relancer", 2)
    with pytest.raises(ConflictError):
        services.journal.update(added.id, event(note="copie périmée"), added.version)
    assert services.journal.events(jeune.id)[0].note == "Absent, à relancer"
    assert changed.as_input().statut == "absent"


def test_delete(services, jeune):
    added = services.journal.add(jeune.id, event())
    with pytest.raises(ConflictError):
        services.journal.delete(added.id, added.version + 1)
    services.journal.delete(added.id, added.version)
    assert services.journal.events(jeune.id) == []
    with pytest.raises(NotFoundError):
        services.journal.delete(added.id)


def test_upcoming_lists_planned_appointments_from_today(services, jeune):
    services.journal.add(jeune.id, event(date="30/11/2026", statut="planifie", note="b"))
    services.journal.add(jeune.id, event(date="24/11/2026", statut="planifie", note="a"))
    services.journal.add(jeune.id, event(date="20/11/2026", statut="planifie", note="passé"))
    services.journal.add(jeune.id, event(date="01/12/2026", statut="annule", note="annulé"))
    assert [e.note for e in services.journal.upcoming(jeune.id)] == ["a", "b"]


def test_events_of_other_areas_appear_in_the_journal(services, jeune, store):
    from milo_desktop.services.events import record_event
    with store.write() as s:
        record_event(s, jeune_id=jeune.id, when=date(2026, 11, 2), type="mise_en_relation",
                     author="Test", note="Offre 42", source_type="mise_en_relation")
    e = services.journal.events(jeune.id)[0]
    assert (e.type_label, e.source_type, e.note) == ("Mise en relation", "mise_en_relation", "Offre 42")


def test_archiving_keeps_the_journal(services, jeune):
    services.journal.add(jeune.id, event())
    services.jeunes.archive(jeune.id, jeune.version)
    assert len(services.journal.events(jeune.id)) == 1
