"""The figures of every report on a dataset whose answers are known (tests/bilans/dataset.py)."""

from __future__ import annotations

from datetime import date

import pytest

from milo_desktop.domain.errors import DomainError
from tests.bilans import dataset

Y = (2026, 2025)


@pytest.fixture
def data(services, ref_data):
    return dataset.build(services, ref_data)


def compute(services, code, year=2026, semester=None, site_id=None):
    period = services.bilans.period(code, year, semester)
    return services.bilans.compute(code, period.start, period.end, site_id)


def rows(table):
    return {r[0]: r[1:] for r in table.rows}


def test_cotraitance_flows_and_delays(services, data):
    report = compute(services, "bilan-partenariat")
    assert not report.empty
    assert report.table("Flux cotraitance").headers[1:3] == ["2026", "2025"]
    flux = rows(report.table("Flux cotraitance"))
    assert flux["Affectations reçues"][:2] == [8, 3]
    assert flux["Entrées (affectations non refusées)"][:2] == [7, 3]
    assert flux["Acceptations"][:2] == [7, 2]
    assert flux["Refus d'affectation"][:2] == [1, 0]
    assert flux["Initialisations du parcours"][:2] == [6, 2]
    assert flux["Sorties"][:2] == [2, 1]
    assert flux["Sorties"][2] == pytest.approx(100.0)
    delais = rows(report.table("Délais"))
    assert delais["Délai affectation → acceptation : nombre de dossiers"][:2] == [7, 2]
    assert delais["Délai affectation → acceptation : moyen (jours)"][0] == pytest.approx(65 / 7)
    assert delais["Délai affectation → acceptation : médian (jours)"][0] == 5
    assert delais["Délai affectation → acceptation : part en 15 jours au plus (%)"][0] == pytest.approx(500 / 7)
    assert delais["Délai acceptation → initialisation : moyen (jours)"][:2] == [20.0, 31.5]
    assert delais["Délai acceptation → initialisation : médian (jours)"][0] == 16.5
    assert delais["Délai acceptation → initialisation : part en 30 jours au plus (%)"][0] == pytest.approx(500 / 6)
    histogram = report.figure("Délais")
    assert histogram.series[0].values == [4, 1, 2, 0] and histogram.series[1].values == [1, 2, 2, 1]


def test_entries_by_month_against_the_objective(services, data):
    table = compute(services, "bilan-partenariat").table("Entrées par mois")
    # today is 24/11/2026: January to November
    assert [r[0] for r in table.rows] == ["Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet",
                                          "Août", "Septembre", "Octobre", "Novembre"]
    assert [r[1] for r in table.rows] == [2, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1]
    assert [r[2] for r in table.rows] == [2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7]
    assert [r[6] for r in table.rows] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    # objective 30 (our share of 100): 2,5 a month; January: 2 against 2,5 = -20 %, beyond the 10 % threshold
    assert table.rows[0][3:6] == [2.5, pytest.approx(-20.0), "oui"]
    assert table.rows[10][3] == 27.5
    assert table.total[1] == 7 and table.total[6] == 2
    assert "30 entrées" in table.note


def test_situation_and_exits(services, data):
    report = compute(services, "bilan-partenariat")
    situation = rows(report.table("Situation"))
    assert report.table("Situation").headers[1:3] == ["24/11/2026", "31/12/2025"]
    assert situation["Affectés, en attente d'acceptation"][:2] == [1, 1]
    assert situation["Acceptés, parcours à initialiser"][:2] == [1, 0]
    assert situation["Phase 2 — Accompagnement actif"][:2] == [4, 1]
    assert situation["Phase 2 — Alerte de cotraitance"][:2] == [1, 0]
    assert situation["Phase 2 — Suspension de la cotraitance"][:2] == [0, 0]
    assert situation["Total des dossiers ouverts"][:2] == [7, 2]
    exits = rows(report.table("Sorties par motif"))
    assert exits["26ᵉ anniversaire ou fin de la durée d'un an"] == [1, 50.0, 0, 0.0]
    assert exits["Déménagement hors du territoire de la Mission Locale"] == [1, 50.0, 0, 0.0]
    assert exits["6 mois après cessation d'inscription ou radiation"] == [0, 0.0, 1, 100.0]


def test_state_at_a_past_date_follows_the_history(services, data):
    # J7 was suspended from 01/08 to 01/10/2026: on 31/08 the suspension shows
    period = services.bilans.period("bilan-partenariat", start=date(2026, 8, 1), end=date(2026, 8, 31))
    report = services.bilans.compute("bilan-partenariat", period.start, period.end)
    situation = rows(report.table("Situation"))
    assert situation["Phase 2 — Suspension de la cotraitance"][0] == 1
    assert situation["Phase 2 — Alerte de cotraitance"][0] == 1
    assert report.previous.label == "du 01/08/2025 au 31/08/2025"


def test_breakdowns_of_entries(services, data):
    report = compute(services, "bilan-partenariat")
    assert rows(report.table("Entrées - Sexe"))["Femme"][0::2] == [4, 2]
    assert rows(report.table("Entrées - Sexe"))["Homme"][0::2] == [3, 1]
    ages = rows(report.table("Entrées - Âge à l'entrée"))
    assert (ages["16-17 ans"][0], ages["18-21 ans"][0], ages["22-25 ans"][0]) == (1, 3, 3)
    niveaux = rows(report.table("Entrées - Niveau de formation"))
    assert (niveaux["CAP, BEP"][0], niveaux["Bac"][0], niveaux["Bac+2"][0], niveaux["Bac+3/4"][0]) == (2, 3, 1, 1)
    assert rows(report.table("Entrées - Résidence en QPV"))["Oui"][0] == 2
    assert rows(report.table("Entrées - Résidence en ZRR"))["Oui"][0] == 2
    criteres = [r[1] for r in report.table("Entrées - critère").rows]
    assert criteres == [3, 2, 2, 2] and report.table("Entrées - critère").total[1] == 7
    assert rows(report.table("Entrées - référent")) == {"Alice DURAND": [3, pytest.approx(300 / 7), 2, pytest.approx(200 / 3)],
                                                       "Bruno PETIT": [4, pytest.approx(400 / 7), 1, pytest.approx(100 / 3)]}
    assert {k: v[0] for k, v in rows(report.table("Entrées - site")).items()} == {"Antenne de Pamiers": 3, "Siège": 4}


def test_journal_of_followed_young_people(services, data):
    journal = rows(compute(services, "bilan-partenariat").table("Accompagnement"))
    assert journal["Jeunes accompagnés (phase 2) pendant la période"][:2] == [7, 2]
    assert journal["dont avec au moins un entretien réalisé"][:2] == [2, 0]
    assert journal["Événements : Entretien individuel"][0] == 2  # the absence is not counted
    assert journal["Total des événements réalisés"][0] == 5


def test_offers_and_mises_en_relation(services, data):
    report = compute(services, "bilan-partenariat")
    offres = rows(report.table("Offres"))
    assert offres["Offres recueillies"][:2] == [5, 1]
    assert offres["Postes proposés"][:2] == [8, 1]
    assert offres["Offres recueillies en délégation de mise en relation"][:2] == [3, 0]
    assert offres["Offres saisies chez France Travail"][:2] == [3, 1]
    assert offres["Offres pourvues"][:2] == [1, 0]
    assert offres["Offres annulées"][:2] == [1, 0]
    assert offres["Offres expirées"][:2] == [0, 1]
    statuts = {k: v[0] for k, v in rows(report.table("Offres par statut")).items()}
    assert statuts == {"Recueillie": 1, "À saisir": 1, "Saisie chez France Travail": 1, "Pourvue": 1,
                       "Annulée": 1, "Expirée": 0}
    mer = rows(report.table("Mises en relation"))
    assert mer["Mises en relation"][:2] == [5, 1]
    assert mer["Jeunes mis en relation"][0] == 4
    assert mer["Mises en relation positives (MER+)"][:2] == [2, 0]
    assert mer["Mises en relation sur des offres déléguées"][0] == 4
    motifs = {k: v[0] for k, v in rows(report.table("Motifs non retenu")).items()}
    assert motifs == {"Expérience insuffisante": 1, "Évaluation MRS non réussie": 1}
    plateformes = rows(report.table("Plateformes de vocation"))
    assert plateformes["Plateforme de vocation de Foix"] == [2, 1, 50.0, 1, 0]
    assert rows(report.table("Plateformes - évolution"))["Évaluations de jeunes"][:2] == [2, 1]
    annexe = report.table("Offres déléguées")
    assert [r[1] for r in annexe.rows] == ["Offre O2", "Offre O3", "Offre O4"]
    assert annexe.rows[0][0] == date(2026, 3, 1) and annexe.total[5:] == [5, 4, 2]


def test_site_filter(services, data, ref_data):
    antenne = ref_data["sites"]["antenne"].id
    report = compute(services, "bilan-partenariat", site_id=antenne)
    assert report.site == "Antenne de Pamiers"
    assert rows(report.table("Flux cotraitance"))["Entrées (affectations non refusées)"][:2] == [3, 1]
    assert rows(report.table("Offres"))["Offres recueillies"][:2] == [1, 0]
    assert "n'est pas réparti par site" in report.table("Entrées par mois").note
    assert report.table("Entrées par mois").rows[0][3] is None


def test_mission_jeunes(services, data):
    report = compute(services, "mission-jeunes")
    fastt = rows(report.table("FASTT"))
    assert fastt["Orientations préparées"][:2] == [3, 1]
    assert fastt["dont besoin urgent (SOS, réponse sous 48 h)"][0] == 1
    assert fastt["dont avec le consentement du jeune"][0] == 2
    assert fastt["Entretiens réalisés par le FASTT"][:2] == [1, 1]
    assert fastt["Jeunes injoignables"][0] == 1
    besoins = {k: v[0] for k, v in rows(report.table("Besoins FASTT")).items() if v[0]}
    assert besoins == {"Santé — Mutuelle / complémentaire santé": 1, "Logement — Recherche de logement": 1,
                       "Mobilité — Permis de conduire": 2, "Budget / crédit": 1}
    assert report.table("Besoins FASTT").total[1] == 3
    assert rows(report.table("Besoins FASTT"))["Mobilité — Location de voiture ou deux-roues"][2] == 1
    suites = {k: v[0] for k, v in rows(report.table("Suites FASTT")).items() if v[0]}
    assert suites == {"Préparée": 1, "Synthèse reçue": 1, "Clôturée": 1}
    agences = rows(report.table("Agences d'emploi"))
    assert agences["Adecco Foix"] == [date(2024, 1, 15), 3, "en vigueur", 2, 1, 2, 700.0]
    assert agences["Manpower Pamiers"][2:] == ["terminée le 01/06/2026", 2, 2, 2, 255.0]
    assert "Randstad Lavelanet" not in agences
    insertion = rows(report.table("Insertion"))
    assert insertion["Jeunes orientés vers une agence d'emploi"][:2] == [3, 1]
    assert insertion["Jeunes mis à l'emploi"][:2] == [3, 1]
    assert insertion["Heures de mission des délégations commencées"][:2] == [955.0, 420.0]
    actions = rows(report.table("Actions de la branche"))
    assert actions["Tremplin pour l'emploi"] == [2, 0, 1, 1, 0, 0, 0]
    assert actions["CIPI"][-1] == 1


def test_partenariats_entreprises(services, data):
    report = compute(services, "partenariats-entreprises")
    figures = {k.key: (k.value, k.previous) for k in report.key_figures()}
    assert figures == {"offres": (2, 1), "jeunes_presentes": (3, 1), "cv_transmis": (4, 1),
                       "evenements": (3, 1), "participants": (73, 20)}
    medef, ims = rows(report.table("Réseau MEDEF")), rows(report.table("Réseau IMS"))
    assert medef["Jeunes présentés (mis en relation)"][:2] == [2, 1]
    assert ims["CV transmis avec le consentement du jeune"][:2] == [3, 0]
    assert ims["Jeunes dont le CV a été transmis"][0] == 2
    assert ims["Jeunes participants"][0] == 48
    events = report.table("Événements")
    assert len(events.rows) == 4 and events.total[5:] == [103, 40]
    assert rows(report.table("Entreprises partenaires"))["Groupe Solidaire"] == ["IMS", 1, 1, 1, 3]


def test_repartition(services, data):
    report = compute(services, "repartition")
    table = report.table("Répartition 2026")
    objectifs = {r[0]: r[5] for r in table.rows}
    assert objectifs == {"Mission Locale de Test  (notre Mission Locale)": 30, "Mission Locale Nord": 48,
                         "Mission Locale Sud": 22}
    assert table.rows[1][2:5] == [50.0, 45.0, 47.5]
    assert table.total == ["Total", 1000, 100.0, 100.0, 100.0, 100]
    assert {k.key: (k.value, k.previous) for k in report.key_figures()} == {"regional": (100, 90),
                                                                          "objectif": (30, 27)}
    assert [r[1] for r in report.table("Entrées par mois").rows][:3] == [2, 1, 1]


@pytest.mark.parametrize(("semester", "expected"), [
    (1, {"Adecco Foix": [2, 2, 560.0], "Manpower Pamiers": [1, 1, 105.0]}),
    (2, {"Adecco Foix": [1, 1, 560.0], "Manpower Pamiers": [2, 2, 255.0]}),
])
def test_interim_semester_counts_overlapping_delegations(services, data, semester, expected):
    report = compute(services, "interim-semestre", semester=semester)
    table = report.table("Par agence")
    assert rows(table) == expected
    assert table.total[1:3] == [3, 3]
    assert report.period.label == f"{'1er' if semester == 1 else '2e'} semestre 2026"
    assert len(report.table("Délégations").rows) == 3


def test_empty_year_says_so(services, data):
    for code in ("bilan-partenariat", "mission-jeunes", "partenariats-entreprises", "repartition"):
        report = compute(services, code, year=2031)
        assert report.empty, code
        assert report.sections[0].title == "Aucune donnée"
        assert "Aucune donnée n'est enregistrée pour la période (année 2031)" in report.sections[0].blocks[0].text
    assert compute(services, "interim-semestre", 2020, 1).empty  # 2031 still has a running CDI intérimaire


def test_bad_periods_are_refused(services):
    with pytest.raises(DomainError, match="précède le début"):
        services.bilans.period("bilan-partenariat", start=date(2026, 5, 1), end=date(2026, 4, 30))
    with pytest.raises(DomainError, match="précède le début"):
        services.bilans.compute("bilan-partenariat", date(2026, 5, 1), date(2026, 4, 30))
    with pytest.raises(DomainError, match="Semestre"):
        services.bilans.period("interim-semestre", 2026)
    with pytest.raises(DomainError, match="Rapport inconnu"):
        services.bilans.period("bilan-secret", 2026)
    with pytest.raises(DomainError, match="Site « Lune » inconnu"):
        services.bilans.site_id_by_name("Lune")
    assert services.bilans.site_id_by_name("antenne de pamiers") is not None


@pytest.mark.parametrize("semester", [1, 2])
def test_dreets_report_agrees_with_the_mission_jeunes_screen(services, data, semester):
    """The report and InterimService.semestre (the Mission Jeunes view) apply the same rule."""
    report = compute(services, "interim-semestre", semester=semester)
    screen = services.interim.semestre(2026, semester)
    by_agency = {line.agence: [line.jeunes, line.missions, float(line.heures)] for line in screen.lignes}
    assert rows(report.table("Par agence")) == by_agency
    assert report.table("Par agence").total[1] == screen.total_jeunes
