"""Mises en relation and plateformes de vocation through the services: proposing young people,
results, the three sheets (offer, employer, young person's journal), candidates, MRS figures."""

from __future__ import annotations

from datetime import date

import pytest

from milo_desktop.domain.errors import DomainError, ValidationError
from milo_desktop.services.mises_en_relation import CandidateFilters

from ._offres_helpers import add_jeune, entreprise, journal, offre_input
from .conftest import TODAY


@pytest.fixture
def setup(services):
    ent = entreprise(services, siret="73282932000074")
    offre = services.offres.create(offre_input(), ent.id)
    lea = add_jeune(services, "Martin", "Léa")
    tom = add_jeune(services, "Bernard", "Tom", commune="Pamiers")
    return ent, offre, lea, tom


def test_propose_several_shows_on_offer_employer_and_journal(services, setup):
    ent, offre, lea, tom = setup
    created = services.mises_en_relation.propose(offre.id, [lea, tom], when="23/11/2026")
    assert {m.jeune for m in created} == {"MARTIN Léa", "BERNARD Tom"}
    assert all(m.resultat == "en_attente" and m.conseiller == "Alice DURAND" for m in created)
    assert [m.jeune for m in services.mises_en_relation.for_offre(offre.id)] == ["BERNARD Tom", "MARTIN Léa"]
    assert len(services.mises_en_relation.for_entreprise(ent.id)) == 2
    mine = services.mises_en_relation.for_jeune(lea)
    assert [(m.intitule, m.entreprise, m.date) for m in mine] == [
        ("Vendeur / Vendeuse en boulangerie", "Boulangerie Dupain", date(2026, 11, 23))]
    [(kind, when, note, source)] = journal(services, lea)
    assert (kind, when, source) == ("mise_en_relation", date(2026, 11, 23), "mise_en_relation")
    assert "Vendeur / Vendeuse en boulangerie" in note and "Boulangerie Dupain" in note
    assert services.entreprises.sheet(ent.id).offres[0].nb_mer == 2


def test_propose_is_all_or_nothing(services, setup):
    _, offre, lea, tom = setup
    services.mises_en_relation.propose(offre.id, [lea])
    with pytest.raises(ValidationError) as err:
        services.mises_en_relation.propose(offre.id, [tom, lea])
    assert "Déjà proposé(s)" in err.value.problems["jeunes"] and "Léa MARTIN" in err.value.problems["jeunes"]
    assert services.mises_en_relation.for_jeune(tom) == [] and journal(services, tom) == []
    with pytest.raises(DomainError, match="au moins un jeune"):
        services.mises_en_relation.propose(offre.id, [])
    with pytest.raises(ValidationError, match="future"):
        services.mises_en_relation.propose(offre.id, [tom], when="25/11/2026")


def test_no_proposal_on_a_closed_offer(services, setup):
    _, offre, lea, _ = setup
    services.offres.annuler(offre.id)
    with pytest.raises(DomainError, match="Annulée"):
        services.mises_en_relation.propose(offre.id, [lea])


def test_results_dated_with_reason_and_written_in_the_journal(services, setup):
    ent, offre, lea, tom = setup
    by_jeune = {m.jeune_id: m for m in services.mises_en_relation.propose(offre.id, [lea, tom], when="20/11/2026")}
    a, b = by_jeune[lea], by_jeune[tom]
    with pytest.raises(ValidationError) as err:
        services.mises_en_relation.set_result(a.id, "non_retenu")
    assert "Motif" in err.value.problems["motif"]
    with pytest.raises(ValidationError) as err:
        services.mises_en_relation.set_result(a.id, "retenu", when="19/11/2026")
    assert "précède la mise en relation" in err.value.problems["date_resultat"]
    plus = services.mises_en_relation.set_result(a.id, "retenu", when="22/11/2026", version=a.version)
    assert (plus.resultat_label, plus.date_resultat) == ("Retenu (MER+)", date(2026, 11, 22))
    non = services.mises_en_relation.set_result(b.id, "non_retenu", "mobilite")
    assert non.resultat_text == "Non retenu : Mobilité : permis, véhicule ou transport (le 24/11/2026)"
    notes = {j: journal(services, j)[0][2] for j in (lea, tom)}
    assert "résultat : Retenu (MER+) (le 22/11/2026)" in notes[lea]
    assert "Non retenu : Mobilité" in notes[tom]
    assert len(journal(services, lea)) == 1  # the result updates the event, no second MER
    back = services.mises_en_relation.set_result(a.id, "en_attente")
    assert back.date_resultat is None and "résultat" not in journal(services, lea)[0][2]
    shown = {m.jeune: m.resultat for m in services.mises_en_relation.for_entreprise(ent.id)}
    assert shown == {"MARTIN Léa": "en_attente", "BERNARD Tom": "non_retenu"}


def test_delete_removes_the_journal_event(services, setup):
    _, offre, lea, _ = setup
    [mer] = services.mises_en_relation.propose(offre.id, [lea])
    services.mises_en_relation.delete(mer.id)
    assert services.mises_en_relation.for_jeune(lea) == [] and journal(services, lea) == []


def test_candidates_by_name_commune_programme_rome_and_availability(services, setup):
    ent, offre, lea, tom = setup
    cej = add_jeune(services, "Petit", "Zoé", programmes=[("CEJ", date(2026, 1, 1), None)])
    add_jeune(services, "Ancien", "Paul", programmes=[("CEJ", date(2025, 1, 1), date(2025, 12, 31))])
    add_jeune(services, "Archivé", "Max", archive=True)
    mer = services.mises_en_relation
    everyone = [c.nom for c in mer.candidates(offre.id)]
    assert everyone == ["ANCIEN", "BERNARD", "MARTIN", "PETIT"]
    assert [c.nom for c in mer.candidates(offre.id, CandidateFilters(search="zoe"))] == ["PETIT"]
    assert [c.nom for c in mer.candidates(offre.id, CandidateFilters(commune="pam"))] == ["BERNARD"]
    found = mer.candidates(offre.id, CandidateFilters(programme="CEJ"))
    assert [(c.nom, c.programmes) for c in found] == [("PETIT", ("CEJ",))]
    # ROME: young people already put forward on the same métier (D1106) on another offer.
    other = services.offres.create(offre_input(intitule="Vendeuse", date_recueil="01/11/2026",
                                               date_debut="01/11/2026", duree_mois="3"), ent.id)
    [m] = mer.propose(other.id, [tom], when="02/11/2026")
    assert [c.nom for c in mer.candidates(offre.id, CandidateFilters(rome="D1106"))] == ["BERNARD"]
    assert mer.candidates(offre.id, CandidateFilters(rome="D1106"))[0].romes == ("D1106",)
    assert mer.candidates(offre.id, CandidateFilters(rome="M16")) == []
    # Retained on a 3-month contract from 03/11: hired, left out while available-only.
    mer.set_result(m.id, "retenu", when="03/11/2026")
    assert "BERNARD" not in [c.nom for c in mer.candidates(offre.id)]
    hired = [c for c in mer.candidates(offre.id, CandidateFilters(disponibles=False)) if c.nom == "BERNARD"]
    assert hired[0].en_emploi
    mer.propose(offre.id, [cej])
    assert [c.deja_propose for c in mer.candidates(offre.id, CandidateFilters(search="petit"))] == [True]


def test_contract_over_means_available_again(services, setup):
    ent, offre, lea, _ = setup
    old = services.offres.create(offre_input(intitule="Saisonnier", date_recueil="01/06/2026",
                                             date_debut="01/06/2026", date_fin="30/06/2026",
                                             duree_mois="2"), ent.id)
    [m] = services.mises_en_relation.propose(old.id, [lea], when="05/06/2026")
    services.mises_en_relation.set_result(m.id, "retenu", when="10/06/2026")
    names = [c.nom for c in services.mises_en_relation.candidates(offre.id)]
    assert "MARTIN" in names


def test_search_jeunes(services, setup):
    assert [j.nom for j in services.mises_en_relation.search_jeunes("lea mar")] == ["MARTIN"]
    assert services.mises_en_relation.search_jeunes("") == []


# ---------------------------------------------------------------- plateformes de vocation


def test_mrs_platform_evaluations_and_stats(services, setup):
    ent, _, lea, tom = setup
    mrs = services.mrs
    pf = mrs.save_plateforme("PFV Toulouse", "Toulouse")
    with pytest.raises(ValidationError, match="déjà"):
        mrs.save_plateforme("pfv toulouse")
    offre = services.offres.create(offre_input(intitule="Agent de production", mrs=True), ent.id,
                                   plateforme_id=pf.id)
    assert offre.delegation and "MRS" in offre.motif_delegation
    assert [o.intitule for o in mrs.offres_mrs(pf.id)] == ["Agent de production"]
    e1 = mrs.add_evaluation(pf.id, lea, "10/11/2026", True, offre.id)
    mrs.add_evaluation(pf.id, tom, "12/11/2026", False)
    mrs.add_evaluation(pf.id, tom, "15/01/2025", True)  # another period
    with pytest.raises(DomainError, match="n'est pas recrutée par MRS"):
        mrs.add_evaluation(pf.id, tom, "12/11/2026", True, services.offres.create(
            offre_input(intitule="Autre"), ent.id).id)
    [m] = services.mises_en_relation.propose(offre.id, [lea], when="20/11/2026")
    services.mises_en_relation.set_result(m.id, "retenu")
    stats = mrs.stats(pf.id, date(2026, 1, 1), date(2026, 12, 31))
    assert (stats.evaluations, stats.reussies, stats.jeunes_evalues, stats.mises_en_relation,
            stats.mer_retenues) == (2, 1, 2, 1, 1)
    assert stats.taux_reussite == 50.0
    assert [s.plateforme for s in mrs.bilan(date(2026, 1, 1), date(2026, 12, 31))] == ["PFV Toulouse"]
    assert "Évaluation MRS" in journal(services, lea)[0][2] and "réussie" in journal(services, lea)[0][2]
    updated = mrs.set_reussie(e1.id, False, e1.version)
    assert not updated.reussie and "non réussie" in journal(services, lea)[0][2]
    with pytest.raises(ValidationError, match="précède"):
        mrs.stats(pf.id, date(2026, 12, 31), date(2026, 1, 1))
    mrs.delete_evaluation(e1.id)
    assert len(mrs.evaluations(pf.id)) == 2
    assert TODAY == date(2026, 11, 24)
