"""Employer partnerships: partner events (validation, optimistic locking), the consent gate on CV
transmissions and their journal line, and the year's figures by network on a known dataset."""

from __future__ import annotations

from datetime import date

import pytest

from milo_desktop.domain.errors import ConflictError, DomainError, ValidationError
from milo_desktop.domain.partenariats import (
    CONSENT_REQUIRED, RESEAUX_PARTENAIRES, TYPES_EVENEMENT, EvenementInput, TransmissionInput,
    validate_evenement, validate_transmission,
)

from ._offres_helpers import add_jeune, entreprise, journal, offre_input

TODAY = date(2026, 11, 24)


def event(**kw) -> EvenementInput:
    values = dict(reseau="ims", type="forum", titre="Forum Emploi & Diversité 2026", date="15/10/2026",
                  nb_jeunes=30, nb_entreprises=12)
    values.update(kw)
    return EvenementInput(**values)


# ---------------------------------------------------------------- domain


def test_code_lists_match_the_demo_and_the_bilan():
    assert [c for c, _ in TYPES_EVENEMENT] == ["forum", "job_training", "info_collective", "visite",
                                                "parrainage", "autre"]
    assert dict(RESEAUX_PARTENAIRES) == {"medef": "MEDEF / réseau d'employeurs",
                                         "ims": "IMS – entreprises partenaires", "autre": "Autre"}


def test_event_validation_lists_every_problem_in_french():
    with pytest.raises(ValidationError) as err:
        validate_evenement(EvenementInput(reseau="cgpme", type="forum", titre=" ", date="31/02/2026",
                                          nb_jeunes="-3", nb_entreprises="douze"))
    problems = err.value.problems
    assert set(problems) == {"reseau", "titre", "date", "nb_jeunes", "nb_entreprises"}
    assert "Réseau « cgpme » inconnu" in problems["reseau"]
    assert "n'existe pas" in problems["date"]
    assert "négatif" in problems["nb_jeunes"] and "entier" in problems["nb_entreprises"]
    clean = validate_evenement(event(titre="  Job Training  ", date="2026-03-05", nb_jeunes="",
                                     nb_entreprises=" 4 "))
    assert (clean.titre, clean.date, clean.nb_jeunes, clean.nb_entreprises) == \
        ("Job Training", date(2026, 3, 5), 0, 4)


@pytest.mark.parametrize("sent, consent, field, words", [
    ("20/11/2026", None, "date_consentement", CONSENT_REQUIRED),
    ("20/11/2026", "21/11/2026", "date_consentement", "postérieur à la transmission"),
    ("20/11/2026", "25/11/2026", "date_consentement", "ne peut pas être future"),
    ("25/11/2026", "20/11/2026", "date", "Date de transmission 25/11/2026 : elle ne peut pas être future"),
    ("20/11/2026", "32/11/2026", "date_consentement", "Date du consentement « 32/11/2026 »"),
])
def test_consent_gate(sent, consent, field, words):
    with pytest.raises(ValidationError) as err:
        validate_transmission(TransmissionInput(sent, consent), TODAY)
    assert words in err.value.problems[field]


def test_transmission_defaults_to_today_and_accepts_consent_the_same_day():
    ok = validate_transmission(TransmissionInput(None, "24/11/2026"), TODAY)
    assert ok == TransmissionInput(TODAY, TODAY)


# ---------------------------------------------------------------- events


def test_event_create_update_delete_with_optimistic_locking(services):
    ent = entreprise(services, "Airbus Atlantic", reseau="ims")
    created = services.partenariats.save_evenement(event(type="job_training", titre="Job Training",
                                                         entreprise_id=ent.id))
    assert (created.entreprise, created.type_label, created.reseau_label, created.version) == \
        ("Airbus Atlantic", "Job training day", "IMS – entreprises partenaires", 1)
    updated = services.partenariats.save_evenement(event(nb_jeunes=18), created.id, created.version)
    assert updated.version == 2 and updated.nb_jeunes == 18 and updated.entreprise is None
    with pytest.raises(ConflictError, match="modifiée par quelqu'un d'autre"):
        services.partenariats.save_evenement(event(nb_jeunes=19), created.id, created.version)
    with pytest.raises(ConflictError):
        services.partenariats.delete_evenement(created.id, created.version)
    services.partenariats.delete_evenement(created.id, updated.version)
    assert services.partenariats.evenements() == []
    with pytest.raises(DomainError, match="n'existe plus"):
        services.partenariats.evenement(created.id)


def test_events_filtered_by_year_and_network_latest_first(services):
    p = services.partenariats
    p.save_evenement(event(titre="Forum 2025", date="10/10/2025"))
    p.save_evenement(event(reseau="medef", type="visite", titre="Visite", date="05/02/2026"))
    p.save_evenement(event(titre="Forum 2026", date="12/10/2026"))
    assert [e.titre for e in p.evenements(2026)] == ["Forum 2026", "Visite"]
    assert [e.titre for e in p.evenements(reseau="ims")] == ["Forum 2026", "Forum 2025"]
    assert [e.titre for e in p.evenements(2026, "medef")] == ["Visite"]


# ---------------------------------------------------------------- CV transmissions


def test_cv_transmission_refused_without_consent_and_nothing_written(services):
    ent = entreprise(services, "Airbus Atlantic", reseau="ims")
    jid = add_jeune(services)
    with pytest.raises(ValidationError) as err:
        services.partenariats.transmettre_cv(jid, ent.id, TransmissionInput("20/11/2026", None))
    assert err.value.problems == {"date_consentement": CONSENT_REQUIRED}
    with pytest.raises(ValidationError, match="postérieur"):
        services.partenariats.transmettre_cv(jid, ent.id, TransmissionInput("20/11/2026", "22/11/2026"))
    assert services.partenariats.transmissions() == [] and journal(services, jid) == []


def test_cv_transmission_writes_the_journal_in_the_same_transaction(services):
    ent = entreprise(services, "Airbus Atlantic", reseau="ims")
    offre = services.offres.create(offre_input(source="ims", intitule="Monteur câbleur"), ent.id)
    jid = add_jeune(services)
    sent = services.partenariats.transmettre_cv(jid, ent.id, TransmissionInput("20/11/2026", "18/11/2026"),
                                                offre.id)
    assert (sent.jeune, sent.entreprise, sent.reseau, sent.offre, sent.date, sent.date_consentement,
            sent.transmis_par) == ("MARTIN Léa", "Airbus Atlantic", "ims", "Monteur câbleur",
                                   date(2026, 11, 20), date(2026, 11, 18), "Alice DURAND")
    assert journal(services, jid) == [(
        "autre", date(2026, 11, 20),
        "CV transmis à Airbus Atlantic pour l'offre « Monteur câbleur » (consentement du 18/11/2026)",
        "transmission_cv")]
    assert [t.id for t in services.partenariats.transmissions(jeune_id=jid)] == [sent.id]
    assert services.partenariats.transmissions(entreprise_id=ent.id, year=2025) == []
    with pytest.raises(ValidationError, match="déjà enregistré"):
        services.partenariats.transmettre_cv(jid, ent.id, TransmissionInput("20/11/2026", "18/11/2026"),
                                             offre.id)
    services.partenariats.delete_transmission(sent.id)
    assert services.partenariats.transmissions() == [] and journal(services, jid) == []


def test_cv_transmission_and_journal_are_all_or_nothing(services, monkeypatch):
    from milo_desktop.services import partenariats as module
    ent = entreprise(services, "Airbus Atlantic", reseau="ims")
    jid = add_jeune(services)

    def broken(*_a, **_k):
        raise RuntimeError("disque plein")
    monkeypatch.setattr(module, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.partenariats.transmettre_cv(jid, ent.id, TransmissionInput(None, "24/11/2026"))
    assert services.partenariats.transmissions() == []


def test_cv_transmission_checks_offer_company_and_archived_file(services):
    ims = entreprise(services, "Airbus Atlantic", reseau="ims")
    other = entreprise(services, "Boulangerie Dupain")
    offre = services.offres.create(offre_input(), other.id)
    consent = TransmissionInput(None, "24/11/2026")
    with pytest.raises(ValidationError, match="n'est pas une offre de Airbus Atlantic"):
        services.partenariats.transmettre_cv(add_jeune(services), ims.id, consent, offre.id)
    archived = add_jeune(services, "Bernard", "Hugo", archive=True)
    with pytest.raises(DomainError, match="archivé"):
        services.partenariats.transmettre_cv(archived, ims.id, consent)
    sent = services.partenariats.transmettre_cv(add_jeune(services, "Roux", "Inès"), other.id, consent)
    assert sent.date == TODAY and sent.reseau == "autre"


# ---------------------------------------------------------------- figures


@pytest.fixture
def dataset(services):
    """2026: MEDEF 2 events (40 jeunes, 9 entreprises), IMS 1 event; 2 CV to IMS companies, one to
    a MEDEF one, one to a company of no network; 2 MEDEF offers (3 posts), 1 IMS offer; 3 MER on
    MEDEF offers (2 young people, 1 retenu). Plus 2025 rows that must not count."""
    p = services.partenariats
    p.save_evenement(event(reseau="medef", type="info_collective", titre="Petit-déjeuner", date="10/03/2026",
                           nb_jeunes=25, nb_entreprises=6))
    p.save_evenement(event(reseau="medef", type="parrainage", titre="Parrainage", date="10/06/2026",
                           nb_jeunes=15, nb_entreprises=3))
    p.save_evenement(event(date="10/10/2026", nb_jeunes=30, nb_entreprises=12))
    p.save_evenement(event(reseau="autre", type="forum", titre="Forum alternance", date="01/04/2026",
                           nb_jeunes=50, nb_entreprises=20))
    p.save_evenement(event(reseau="medef", date="10/10/2025", nb_jeunes=99, nb_entreprises=99))
    medef, ims = entreprise(services, "Carrefour", reseau="medef"), entreprise(services, "Airbus", reseau="ims")
    plain = entreprise(services, "Garage du centre")
    lea, hugo, ines = (add_jeune(services), add_jeune(services, "Bernard", "Hugo"),
                       add_jeune(services, "Roux", "Inès"))
    for jid, ent, when in ((lea, ims, "20/11/2026"), (hugo, ims, "02/09/2026"), (lea, medef, "05/05/2026"),
                           (ines, plain, "06/06/2026"), (ines, ims, "06/06/2025")):
        p.transmettre_cv(jid, ent.id, TransmissionInput(when, when))
    o1 = services.offres.create(offre_input(source="medef", nb_postes="2"), medef.id)
    o2 = services.offres.create(offre_input(source="medef", intitule="Caissier"), medef.id)
    services.offres.create(offre_input(source="ims", intitule="Monteur"), ims.id)
    services.offres.create(offre_input(source="prospection_ml", intitule="Mécanicien"), plain.id)
    mer = services.mises_en_relation
    first = mer.propose(o1.id, [lea, hugo], "21/11/2026")
    mer.propose(o2.id, [lea], "22/11/2026")
    mer.set_result(first[0].id, "retenu", when="23/11/2026")
    return services


def test_figures_by_network(dataset):
    figures = dataset.partenariats.chiffres(2026)
    assert [r.reseau for r in figures.reseaux] == ["medef", "ims", "autre"]
    medef, ims, autre = figures.of("medef"), figures.of("ims"), figures.of("autre")
    assert (medef.evenements, medef.participants, medef.entreprises_evenements) == (2, 40, 9)
    assert (ims.evenements, ims.participants, ims.entreprises_evenements) == (1, 30, 12)
    assert (autre.evenements, autre.participants, autre.entreprises_evenements) == (1, 50, 20)
    assert (medef.cv_transmis, ims.cv_transmis, autre.cv_transmis) == (1, 2, 1)
    assert (ims.jeunes_cv, medef.jeunes_cv) == (2, 1)
    assert (medef.offres, medef.postes, ims.offres, ims.postes) == (2, 3, 1, 1)
    assert (medef.jeunes_presentes, medef.mises_en_relation, medef.mer_positives) == (2, 3, 1)
    assert (ims.jeunes_presentes, ims.mises_en_relation) == (0, 0)
    assert (autre.offres, autre.jeunes_presentes) == (None, None)
    last_year = dataset.partenariats.chiffres(2025)
    assert (last_year.of("medef").participants, last_year.of("ims").cv_transmis) == (99, 1)


def test_figures_agree_with_the_bilan_des_partenariats(dataset):
    from milo_desktop.services.bilans_queries import partenariats as bilan
    from milo_desktop.services.bilans_queries.common import Scope, SessionRunner
    figures = dataset.partenariats.chiffres(2026)
    with dataset.ctx.store.read() as s:
        reference = bilan.reseaux(SessionRunner(s), Scope(date(2026, 1, 1), date(2026, 12, 31)))
    for code in ("medef", "ims"):
        mine, theirs = figures.of(code), reference[code]
        assert (mine.offres, mine.postes, mine.jeunes_presentes, mine.mises_en_relation, mine.mer_positives,
                mine.cv_transmis, mine.jeunes_cv, mine.evenements, mine.participants,
                mine.entreprises_evenements) == \
            (theirs.offres, theirs.postes, theirs.jeunes_presentes, theirs.mer, theirs.mer_positives,
             theirs.cv_transmis, theirs.jeunes_cv, theirs.evenements, theirs.participants,
             theirs.entreprises_evenements)
