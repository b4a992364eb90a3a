"""Delegations in temporary work (with their journal line), branch actions, the DREETS semester
table and the figures of the year, on a known dataset."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from milo_desktop.domain.errors import DomainError, ValidationError
from milo_desktop.domain.interim import ActionInput, DelegationInput
from milo_desktop.services.agences import AgenceInput
from milo_desktop.services.listing import ListQuery

from .test_fastt_service import journal_events, make_jeune


def agence(services, nom):
    return services.agences.save_agence(AgenceInput(nom=nom)).id


@pytest.fixture
def setup(services):
    return {"jeune": make_jeune(services), "agence": agence(services, "Adecco Foix")}


def test_delegation_appears_in_the_journal_and_follows_edits(services, setup):
    jeune, a = setup["jeune"], setup["agence"]
    d = services.interim.save_delegation(jeune, a, DelegationInput("02/03/2026", "20/03/2026", "105",
                                                                   "mission", "Scierie Martin"))
    assert (d.date_debut, d.date_fin, d.heures, d.type_contrat_label) == (
        date(2026, 3, 2), date(2026, 3, 20), Decimal("105.00"), "Mission d'intérim (CTT)")
    [(when, kind, note)] = journal_events(services, jeune)
    assert (kind, when) == ("delegation_interim", date(2026, 3, 2))
    assert note == ("Délégation Mission d'intérim (CTT) — Adecco Foix, entreprise utilisatrice "
                          "Scierie Martin, du 02/03/2026 au 20/03/2026, 105 h")
    d = services.interim.save_delegation(jeune, a, DelegationInput("09/03/2026", None, "151,67", "cdi_interimaire"),
                                         d.id, d.version)
    [(when, _kind, note)] = journal_events(services, jeune)
    assert when == date(2026, 3, 9) and note.endswith("du 09/03/2026, 151,67 h")
    services.interim.delete_delegation(d.id)
    assert services.interim.delegations(jeune) == [] and journal_events(services, jeune) == []


def test_bad_delegation_is_refused_with_every_problem_and_nothing_saved(services, setup):
    with pytest.raises(ValidationError) as err:
        services.interim.save_delegation(setup["jeune"], None, DelegationInput("20/03/2026", "02/03/2026", "abc",
                                                                               "mission"))
    assert set(err.value.problems) == {"date_fin", "heures", "agence"}
    assert "ne peut pas se terminer avant de commencer" in err.value.problems["date_fin"]
    with pytest.raises(ValidationError, match="obligatoire pour une mission"):
        services.interim.save_delegation(setup["jeune"], setup["agence"],
                                         DelegationInput("02/03/2026", None, "35", "mission"))
    assert services.interim.delegations() == [] and journal_events(services, setup["jeune"]) == []


def test_branch_actions(services, setup):
    jeune = setup["jeune"]
    with pytest.raises(ValidationError, match="obligatoire pour une action terminée"):
        services.interim.save_action(jeune, ActionInput("tremplin", "01/02/2026", None, "terminee_succes"))
    a = services.interim.save_action(jeune, ActionInput("tremplin", "01/02/2026", "28/02/2026", "terminee_succes"))
    services.interim.save_action(jeune, ActionInput("cipi", "01/12/2026", None, "prevue"))
    assert [(x.action_label, x.resultat_label) for x in services.interim.actions(jeune)] == [
        ("CIPI", "Prévue"), ("Tremplin pour l'emploi", "Terminée avec succès")]
    a = services.interim.save_action(jeune, ActionInput("starter", "01/02/2026", "28/02/2026", "abandon"),
                                     a.id, a.version)
    services.interim.delete_action(a.id)
    assert [x.action for x in services.interim.actions(jeune)] == ["cipi"]


@pytest.fixture
def dataset(services, ref_data):
    """Three agencies, four young people (j3 at the antenne), delegations across the semester bounds."""
    siege, antenne = ref_data["sites"]["siege"].id, ref_data["sites"]["antenne"].id
    j1, j2 = make_jeune(services, "ALBERT", "Jean", site_id=siege), make_jeune(services, "BLANC", "Inès", site_id=siege)
    j3 = make_jeune(services, "CAMUS", "Noé", site_id=antenne)
    j4 = make_jeune(services, "DIAZ", "Sara", site_id=antenne)
    a, b, c = agence(services, "Adecco Foix"), agence(services, "Manpower Pamiers"), agence(services, "Randstad")
    for jeune, ag, start, end, hours, kind in (
            (j1, a, "05/01/2026", "16/01/2026", "70", "mission"),
            (j1, a, "01/03/2026", "31/03/2026", "140", "mission"),
            (j2, a, "15/12/2025", "10/01/2026", "100", "mission"),   # overlaps the start of S1
            (j2, b, "20/06/2026", "15/07/2026", "120", "cdd"),       # overlaps the end of S1
            (j3, b, "01/04/2026", None, "151,67", "cdi_interimaire"),  # still running
            (j3, c, "01/07/2026", "10/07/2026", "35", "mission"),    # S2 only
            (j1, c, "01/12/2025", "31/12/2025", "140", "mission")):  # before
        services.interim.save_delegation(jeune, ag, DelegationInput(start, end, hours, kind))
    services.agences.orienter(j1, b, "10/02/2026")
    services.agences.orienter(j2, a, "01/12/2025")  # previous year: not counted in 2026
    services.agences.orienter(j4, c, "05/05/2026")
    return {"siege": siege}


def rows(table):
    return [(x.agence, x.jeunes, x.missions, x.heures) for x in table.lignes]


def test_semester_table_on_a_known_dataset(services, dataset):
    s1 = services.interim.semestre(2026, 1)
    assert (s1.debut, s1.fin) == (date(2026, 1, 1), date(2026, 6, 30))
    # hours prorated by days (issue 18): 100 h × 10/26 of the 15/12–10/01 mission, 120 h × 10/25 of
    # the 20/06–15/07 CDD; the open-ended CDI intérimaire counts its 151,67 h where it starts
    assert rows(s1) == [("Adecco Foix", 2, 3, Decimal("248.46")), ("Manpower Pamiers", 2, 2, Decimal("199.67"))]
    assert (s1.total_jeunes, s1.total_missions, s1.total_heures) == (3, 5, Decimal("448.13"))
    assert s1.libelle == "1er semestre 2026 (01/01/2026 – 30/06/2026)"
    s2 = services.interim.semestre(2026, 2)
    assert rows(s2) == [("Manpower Pamiers", 2, 2, Decimal("72.00")), ("Randstad", 1, 1, Decimal("35.00"))]
    assert (s2.total_jeunes, s2.total_missions) == (2, 3)
    siege = services.interim.semestre(2026, 1, site_id=dataset["siege"])
    assert rows(siege) == [("Adecco Foix", 2, 3, Decimal("248.46")), ("Manpower Pamiers", 1, 1, Decimal("48.00"))]
    assert (siege.total_jeunes, siege.total_missions, siege.total_heures) == (2, 4, Decimal("296.46"))
    empty = services.interim.semestre(2024, 2)
    assert (empty.lignes, empty.total_jeunes, empty.total_heures) == ((), 0, Decimal("0.00"))


def test_semester_arguments_are_checked(services):
    with pytest.raises(DomainError, match="Semestre"):
        services.interim.semestre(2026, 3)


def test_figures_of_the_year(services, dataset):
    f = services.interim.chiffres_annee(2026)
    assert (f.jeunes_orientes, f.jeunes_mis_a_l_emploi, f.delegations, f.heures) == (4, 3, 5, Decimal("516.67"))
    assert [(r.agence, r.orientes, r.mis_a_l_emploi, r.delegations) for r in f.par_agence] == [
        ("Adecco Foix", 1, 1, 2), ("Manpower Pamiers", 3, 2, 2), ("Randstad", 2, 1, 1)]
    siege = services.interim.chiffres_annee(2026, site_id=dataset["siege"])
    assert (siege.jeunes_orientes, siege.jeunes_mis_a_l_emploi, siege.delegations) == (2, 2, 3)


def test_delegations_list_source_and_export(services, dataset):
    src = services.interim.delegations_source()
    assert len(src.ids(ListQuery())) == 7
    ids = src.ids(ListQuery(search="alb", filters={"annee": 2026}, sort="debut"))
    assert [r["debut"] for r in map(src.rows(ids).get, ids)] == [date(2026, 1, 5), date(2026, 3, 1)]
    assert len(src.ids(ListQuery(filters={"contrat": "cdi_interimaire"}))) == 1
    headers, table = services.exports.table("interim")
    assert headers == ["nom", "prenom", "agence", "entreprise_utilisatrice", "type_contrat", "date_debut",
                       "date_fin", "heures"]
    assert table[0] == ["CAMUS", "Noé", "Randstad", None, "Mission d'intérim (CTT)", date(2026, 7, 1),
                        date(2026, 7, 10), Decimal("35.00")]
    assert len(table) == 7
