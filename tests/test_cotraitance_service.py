"""CotraitanceService: every allowed and refused transition, the summary kept on the young
person, the journal, optimistic locking, the work lists, the entries and the export."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from milo_desktop.domain import cotraitance as dom
from milo_desktop.domain.errors import ConflictError, DomainError, TransitionError
from milo_desktop.domain.text import fold
from milo_desktop.persistence.models import Cotraitance, CotraitanceEtat, Evenement, Jeune

from .conftest import TODAY


def make_jeune(services, nom="MARTIN", prenom="Léa", naissance=date(2004, 5, 12), referent_id=None,
               site_id=None, identifiant_ft=None) -> uuid.UUID:
    """Insert a minimal young person directly (the jeunes service belongs to another area)."""
    jid = uuid.uuid4()
    with services.ctx.store.write() as s:
        s.add(Jeune(id=jid, nom=nom, prenom=prenom, sexe="F", date_naissance=naissance,
                    nom_fold=fold(nom), prenom_fold=fold(prenom), referent_id=referent_id,
                    site_id=site_id, identifiant_ft=identifiant_ft))
    return jid


def jeune_row(services, jid):
    with services.ctx.store.read() as s:
        j = s.get(Jeune, jid)
        return j.cotra_phase, j.cotra_etat, j.date_fin_prevue, j.version


def count(services, model, **where) -> int:
    with services.ctx.store.read() as s:
        q = select(func.count()).select_from(model)
        for key, value in where.items():
            q = q.where(getattr(model, key) == value)
        return s.scalar(q)


def accompagne(services, jid, affectation=date(2026, 9, 1)):
    """A young person taken through affectation, acceptation and initialisation."""
    cs = services.cotraitance
    d = cs.affecter(jid, affectation, [1, 3])
    d = cs.accepter(d.id, d.version, date(2026, 9, 4))
    return cs.initialiser(d.id, d.version, date(2026, 9, 15))


# --- phase 1 --------------------------------------------------------------------------------

def test_no_cotraitance_yet(services):
    jid = make_jeune(services)
    assert services.cotraitance.current(jid) is None
    assert services.cotraitance.has_any() is False


def test_affecter_records_the_episode_summary_and_journal(services):
    jid = make_jeune(services, naissance=date(2004, 5, 12))
    d = services.cotraitance.affecter(jid, "02/09/2026", [3, 1])
    assert d.phase == dom.PHASE_AFFECTATION and d.phase_label == "Affecté, en attente d'acceptation"
    assert d.state.criteres == (1, 3) and len(d.criteres_labels) == 2
    assert d.fin_prevue == date(2030, 5, 12) and d.raison_fin_label == "26ᵉ anniversaire"
    assert d.actions == ("accepter", "refuser", "radiation")
    assert jeune_row(services, jid)[:3] == (dom.PHASE_AFFECTATION, None, date(2030, 5, 12))
    with services.ctx.store.read() as s:
        event = s.scalars(select(Evenement).where(Evenement.jeune_id == jid)).one()
    assert event.date == date(2026, 9, 2) and event.type == "autre"
    assert event.note == "Cotraitance : affectation par France Travail (critères 1, 3)."
    assert event.source_type == "cotraitance" and event.source_id == d.id
    assert services.cotraitance.has_any()


def test_summary_update_does_not_bump_the_young_persons_version(services):
    jid = make_jeune(services)
    version = jeune_row(services, jid)[3]
    accompagne(services, jid)
    assert jeune_row(services, jid)[3] == version


def test_aged_25_at_entry_ends_one_year_after_entry(services):
    jid = make_jeune(services, naissance=date(2000, 3, 1))  # 25 on 10/01/2026
    d = services.cotraitance.affecter(jid, date(2026, 1, 10), [2])
    assert d.fin_prevue == date(2027, 1, 10) and d.echeance.raison_fin == dom.FIN_UN_AN


@pytest.mark.parametrize("when, criteres, field, text", [
    (date(2026, 9, 1), [], "criteres", "au moins un critère est obligatoire"),
    (date(2026, 9, 1), [5], "criteres", "Critère d'affectation « 5 » inconnu"),
    (date(2026, 12, 1), [1], "date_affectation", "dans le futur"),
    (None, [1], "date_affectation", "Date d'affectation : obligatoire."),
    ("31/02/2026", [1], "date d'affectation", "cette date n'existe pas"),
    ("2026-13-01", [1], "date d'affectation", "cette date n'existe pas"),
    ("1er mars", [1], "date d'affectation", "format non reconnu"),
])
def test_affecter_refused_saves_nothing(services, when, criteres, field, text):
    jid = make_jeune(services)
    with pytest.raises(DomainError) as err:
        services.cotraitance.affecter(jid, when, criteres)
    assert text in err.value.message and err.value.field == field
    assert count(services, Cotraitance) == 0 and count(services, Evenement) == 0
    assert jeune_row(services, jid)[:3] == (None, None, None)


@pytest.mark.parametrize("naissance, age", [(date(2000, 11, 1), 26), (date(2011, 1, 1), 15)])
def test_affecter_outside_16_25_is_refused(services, naissance, age):
    jid = make_jeune(services, naissance=naissance)
    with pytest.raises(TransitionError, match=f"le jeune a {age} ans le 01/11/2026"):
        services.cotraitance.affecter(jid, date(2026, 11, 1), [1])
    assert count(services, Cotraitance) == 0


def test_affecter_twice_while_open_is_refused(services):
    jid = make_jeune(services)
    services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with pytest.raises(TransitionError, match="déjà en cours depuis le 01/09/2026"):
        services.cotraitance.affecter(jid, date(2026, 10, 1), [2])
    assert count(services, Cotraitance) == 1


def test_affecter_unknown_young_person(services):
    with pytest.raises(DomainError, match="n'existe plus"):
        services.cotraitance.affecter(uuid.uuid4(), date(2026, 9, 1), [1])


def test_accepter(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    d = services.cotraitance.accepter(d.id, d.version, "05/09/2026")
    assert d.phase == dom.PHASE_ACCEPTEE and d.delai_acceptation == 4
    assert d.actions == ("initialiser", "radiation", "sortir")
    assert jeune_row(services, jid)[0] == dom.PHASE_ACCEPTEE


@pytest.mark.parametrize("when, text", [
    (date(2026, 8, 31), "antérieure à l'affectation du 01/09/2026"),
    (date(2026, 11, 25), "dans le futur"),
])
def test_accepter_refused_dates(services, when, text):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with pytest.raises(TransitionError, match=text):
        services.cotraitance.accepter(d.id, d.version, when)
    assert services.cotraitance.current(jid).phase == dom.PHASE_AFFECTATION


def test_accepter_twice_is_refused(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    d = services.cotraitance.accepter(d.id, d.version, date(2026, 9, 2))
    with pytest.raises(TransitionError, match="Impossible d'accepter .* « Accepté, en attente"):
        services.cotraitance.accepter(d.id, d.version, date(2026, 9, 3))


def test_stale_version_is_a_conflict_and_saves_nothing(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    services.cotraitance.accepter(d.id, d.version, date(2026, 9, 2))
    with pytest.raises(ConflictError, match="modifiée par quelqu'un d'autre"):
        services.cotraitance.refuser(d.id, d.version, date(2026, 9, 2), "Hors critères")
    assert services.cotraitance.current(jid).phase == dom.PHASE_ACCEPTEE


def test_refuser_needs_a_reason_then_a_new_affectation_is_possible(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with pytest.raises(TransitionError, match="Motif du refus : obligatoire") as err:
        services.cotraitance.refuser(d.id, d.version, date(2026, 9, 3), "  ")
    assert err.value.field == "motif_refus"
    d = services.cotraitance.refuser(d.id, d.version, date(2026, 9, 3), "Jeune déjà suivi par Cap emploi")
    assert d.phase == dom.PHASE_REFUSEE and d.fin_prevue is None and d.actions == ("affecter",)
    assert jeune_row(services, jid)[:3] == (dom.PHASE_REFUSEE, None, None)
    with pytest.raises(TransitionError, match="Impossible d'accepter"):
        services.cotraitance.accepter(d.id, d.version, date(2026, 9, 4))
    with pytest.raises(TransitionError, match="antérieure au refus de la cotraitance précédente, le 03/09/2026"):
        services.cotraitance.affecter(jid, date(2026, 9, 2), [2])
    again = services.cotraitance.affecter(jid, date(2026, 10, 1), [2])
    assert again.id != d.id and again.episodes_precedents == 1
    assert services.cotraitance.current(jid).id == again.id


def test_initialiser_starts_phase_2_in_active_state(services):
    jid = make_jeune(services)
    d = accompagne(services, jid)
    assert d.phase == dom.PHASE_ACCOMPAGNEMENT and d.state.etat == dom.ETAT_ACTIF
    assert d.etat_label == "Accompagnement actif" and d.delai_initialisation == 11
    assert [(h.date, h.etat, h.motif) for h in d.historique] == [
        (date(2026, 9, 15), 1, "Initialisation du parcours")]
    assert d.historique[0].auteur == "Alice DURAND"
    assert d.actions == ("changer_etat", "radiation", "sortir")
    assert jeune_row(services, jid)[:2] == (dom.PHASE_ACCOMPAGNEMENT, 1)


def test_initialiser_before_acceptation_is_refused(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with pytest.raises(TransitionError, match="Impossible d'initialiser le parcours"):
        services.cotraitance.initialiser(d.id, d.version, date(2026, 9, 10))
    d = services.cotraitance.accepter(d.id, d.version, date(2026, 9, 4))
    with pytest.raises(TransitionError, match="antérieure à l'acceptation"):
        services.cotraitance.initialiser(d.id, d.version, date(2026, 9, 3))


# --- phase 2 --------------------------------------------------------------------------------

def test_state_changes_are_dated_justified_and_kept(services):
    jid = make_jeune(services)
    d = accompagne(services, jid)
    cs = services.cotraitance
    d = cs.changer_etat(d.id, d.version, dom.ETAT_ALERTE, "02/10/2026", "Absent à trois rendez-vous")
    assert jeune_row(services, jid)[:2] == (dom.PHASE_ACCOMPAGNEMENT, dom.ETAT_ALERTE)
    d = cs.changer_etat(d.id, d.version, dom.ETAT_SUSPENSION, date(2026, 10, 20), "Hospitalisation")
    d = cs.changer_etat(d.id, d.version, dom.ETAT_ACTIF, date(2026, 11, 2), "Reprise du parcours")
    assert [(h.date, h.libelle, h.motif) for h in d.historique] == [
        (date(2026, 9, 15), "Accompagnement actif", "Initialisation du parcours"),
        (date(2026, 10, 2), "Alerte de cotraitance", "Absent à trois rendez-vous"),
        (date(2026, 10, 20), "Suspension de la cotraitance", "Hospitalisation"),
        (date(2026, 11, 2), "Accompagnement actif", "Reprise du parcours"),
    ]
    assert d.state.motif_etat == "Reprise du parcours"
    assert count(services, CotraitanceEtat) == 4
    assert [e.libelle for e in d.etapes()][:3] == [
        "Affectation par France Travail", "Acceptation", "Accompagnement actif"]


@pytest.mark.parametrize("etat, when, motif, field, text", [
    (dom.ETAT_ACTIF, date(2026, 10, 1), "x", "etat", "déjà à l'état « Accompagnement actif »"),
    (4, date(2026, 10, 1), "x", "etat", "État « 4 » inconnu"),
    (dom.ETAT_ALERTE, date(2026, 10, 1), None, "motif_etat", "Motif du changement d'état : obligatoire"),
    (dom.ETAT_ALERTE, date(2026, 9, 10), "x", "date_etat", "antérieure à l'initialisation"),
    (dom.ETAT_ALERTE, date(2026, 12, 1), "x", "date_etat", "dans le futur"),
])
def test_refused_state_changes_save_nothing(services, etat, when, motif, field, text):
    jid = make_jeune(services)
    d = accompagne(services, jid)
    with pytest.raises(TransitionError) as err:
        services.cotraitance.changer_etat(d.id, d.version, etat, when, motif)
    assert text in err.value.message and err.value.field == field
    assert count(services, CotraitanceEtat) == 1
    assert services.cotraitance.current(jid).version == d.version


def test_state_change_before_phase_2_is_refused(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with pytest.raises(TransitionError, match="Impossible de changer l'état"):
        services.cotraitance.changer_etat(d.id, d.version, dom.ETAT_ALERTE, date(2026, 9, 5), "x")


def test_state_change_before_the_previous_state_is_refused(services):
    jid = make_jeune(services)
    d = accompagne(services, jid)
    d = services.cotraitance.changer_etat(d.id, d.version, dom.ETAT_ALERTE, date(2026, 10, 5), "a")
    with pytest.raises(TransitionError, match="antérieure à l'état précédent du 05/10/2026"):
        services.cotraitance.changer_etat(d.id, d.version, dom.ETAT_SUSPENSION, date(2026, 10, 1), "b")


# --- radiation and exit ---------------------------------------------------------------------

def test_radiation_brings_the_planned_end_forward_and_can_be_cancelled(services):
    jid = make_jeune(services, naissance=date(2004, 5, 12))
    d = accompagne(services, jid)
    d = services.cotraitance.radiation(d.id, d.version, date(2026, 10, 31))
    assert d.fin_prevue == date(2027, 4, 30) and d.echeance.raison_fin == dom.FIN_RADIATION
    assert d.actions == ("changer_etat", "annuler_radiation", "sortir")
    assert jeune_row(services, jid)[2] == date(2027, 4, 30)
    with pytest.raises(TransitionError, match="déjà enregistrée le 31/10/2026"):
        services.cotraitance.radiation(d.id, d.version, date(2026, 11, 2))
    d = services.cotraitance.annuler_radiation(d.id, d.version)
    assert d.state.date_radiation is None and d.fin_prevue == date(2030, 5, 12)
    assert jeune_row(services, jid)[2] == date(2030, 5, 12)
    with pytest.raises(TransitionError, match="Aucune radiation n'est enregistrée"):
        services.cotraitance.annuler_radiation(d.id, d.version)


def test_radiation_before_affectation_is_refused(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with pytest.raises(TransitionError, match="antérieure à l'affectation"):
        services.cotraitance.radiation(d.id, d.version, date(2026, 8, 1))


@pytest.mark.parametrize("motif, text", [
    (None, "la Mission Locale ne peut pas en inventer un autre"),
    ("", "Motif de sortie"),
    ("emploi_durable", "pour l'un de ces motifs seulement"),
])
def test_exit_without_france_travail_reason_is_refused(services, motif, text):
    jid = make_jeune(services)
    d = accompagne(services, jid)
    with pytest.raises(TransitionError) as err:
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), motif)
    assert text in err.value.message and err.value.field == "motif_sortie"
    assert services.cotraitance.current(jid).phase == dom.PHASE_ACCOMPAGNEMENT


def test_exit_before_acceptation_is_refused(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with pytest.raises(TransitionError, match="Impossible d'enregistrer une sortie"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 9, 5), "demenagement")


def test_exit_closes_the_episode(services):
    jid = make_jeune(services)
    d = accompagne(services, jid)
    d = services.cotraitance.changer_etat(d.id, d.version, dom.ETAT_ALERTE, date(2026, 10, 5), "a")
    with pytest.raises(TransitionError, match="antérieure à l'état en cours"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 10, 1), "demenagement")
    d = services.cotraitance.sortir(d.id, d.version, "20/11/2026", "demenagement")
    assert d.phase == dom.PHASE_SORTIE and d.fin_prevue is None
    assert d.motif_sortie_label == "Déménagement hors du territoire de la Mission Locale"
    assert d.actions == ("affecter",) and d.etat_label == ""
    assert jeune_row(services, jid)[:3] == (dom.PHASE_SORTIE, None, None)
    for call in (lambda: services.cotraitance.changer_etat(d.id, d.version, 1, date(2026, 11, 21), "x"),
                 lambda: services.cotraitance.radiation(d.id, d.version, date(2026, 11, 21)),
                 lambda: services.cotraitance.sortir(d.id, d.version, date(2026, 11, 21), "age")):
        with pytest.raises(TransitionError, match="« Sorti de cotraitance »"):
            call()
    notes = [n for (n,) in _notes(services, jid)]
    assert notes[-1] == ("Cotraitance : sortie décidée par France Travail — Déménagement hors du "
                         "territoire de la Mission Locale.")
    assert len(notes) == 5


def _notes(services, jid):
    with services.ctx.store.read() as s:
        return s.execute(select(Evenement.note).where(Evenement.jeune_id == jid)
                         .order_by(Evenement.date, Evenement.created_at)).all()


def test_sortie_from_acceptee_is_allowed(services):
    jid = make_jeune(services)
    d = services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    d = services.cotraitance.accepter(d.id, d.version, date(2026, 9, 2))
    d = services.cotraitance.sortir(d.id, d.version, date(2026, 9, 30), "radiation")
    assert d.phase == dom.PHASE_SORTIE


# --- work lists -----------------------------------------------------------------------------

@pytest.fixture
def portfolio(services, ref_data):
    """Young people at every stage, relative to TODAY = 24/11/2026."""
    cs = services.cotraitance
    alice = ref_data["users"]["conseiller"].id
    siege = ref_data["sites"]["siege"].id
    ids = {}

    def new(key, naissance=date(2004, 5, 12)):
        ids[key] = make_jeune(services, nom=key.upper(), prenom="Test", naissance=naissance,
                              referent_id=alice, site_id=siege)
        return ids[key]

    cs.affecter(new("attente_longue"), date(2026, 11, 10), [1])          # 14 days
    cs.affecter(new("attente_courte"), date(2026, 11, 20), [1])          # 4 days
    d = cs.affecter(new("acceptee"), date(2026, 9, 1), [1])
    cs.accepter(d.id, d.version, date(2026, 10, 1))                       # 54 days
    d = accompagne(services, new("alerte"))
    cs.changer_etat(d.id, d.version, dom.ETAT_ALERTE, date(2026, 11, 3), "a")
    d = accompagne(services, new("suspendu"))
    cs.changer_etat(d.id, d.version, dom.ETAT_SUSPENSION, date(2026, 10, 3), "b")
    accompagne(services, new("actif"))
    # aged 25 at entry on 26/11/2025: one year max -> due 26/11/2026
    d = cs.affecter(new("fin_ce_mois", date(2000, 3, 1)), date(2025, 11, 26), [4])
    d = cs.accepter(d.id, d.version, date(2025, 11, 28))
    # radiated on 10/03/2026 -> due 10/09/2026, overdue
    d = accompagne(services, new("radie"), affectation=date(2026, 1, 5))
    cs.radiation(d.id, d.version, date(2026, 3, 10))
    # 26 on 01/06/2026, still followed: overdue; not accepted -> not in exit lists
    d = cs.affecter(new("vingt_six", date(2000, 6, 1)), date(2024, 1, 10), [2])
    cs.accepter(d.id, d.version, date(2024, 1, 12))
    cs.affecter(new("non_accepte_age", date(2000, 6, 2)), date(2024, 1, 10), [2])
    d = cs.affecter(new("refuse"), date(2026, 11, 1), [1])
    cs.refuser(d.id, d.version, date(2026, 11, 2), "x")
    d = accompagne(services, new("sorti"))
    cs.sortir(d.id, d.version, date(2026, 11, 15), "demenagement")
    return ids


def names(rows):
    return [r.nom.lower() for r in rows]


def test_work_lists(services, portfolio):
    lists = services.cotraitance.work_lists()
    assert names(lists["a_accepter"]) == ["non_accepte_age", "attente_longue"]
    assert lists["a_accepter"][1].jours == 14 and lists["a_accepter"][1].en_retard
    assert names(lists["a_initialiser"]) == ["vingt_six", "fin_ce_mois", "acceptee"]
    row = lists["a_initialiser"][2]
    assert (row.date_reference, row.jours, row.en_retard) == (date(2026, 10, 1), 54, True)
    assert row.referent == "Alice DURAND" and row.site == "Siège"
    assert row.jeune_id == portfolio["acceptee"]
    assert names(lists["en_alerte"]) == ["alerte"] and lists["en_alerte"][0].jours == 21
    assert names(lists["suspendus"]) == ["suspendu"]
    assert names(lists["sorties_du_mois"]) == ["fin_ce_mois"]
    assert lists["sorties_du_mois"][0].date_reference == date(2026, 11, 26)
    assert lists["sorties_du_mois"][0].jours == 2
    assert names(lists["sorties_en_retard"]) == ["vingt_six", "radie"]
    assert [r.jours for r in lists["sorties_en_retard"]] == [176, 75]


def test_work_list_counts_match_the_lists(services, portfolio):
    counts = services.cotraitance.work_list_counts()
    lists = services.cotraitance.work_lists()
    for key, rows in lists.items():
        assert counts.get(key) == len(rows), key
    assert counts.en_cours == 10 and counts.relance_jours == 7


def test_relance_delay_is_a_setting(services, portfolio):
    assert names(services.cotraitance.work_lists(relance_jours=3)["a_accepter"]) == [
        "non_accepte_age", "attente_longue", "attente_courte"]
    services.cotraitance.set_relance_jours(20)
    assert services.cotraitance.relance_jours() == 20
    assert services.cotraitance.work_list_counts().a_accepter == 1
    with pytest.raises(DomainError, match="de 1 à 365"):
        services.cotraitance.set_relance_jours(0)


def test_work_lists_follow_transitions(services, portfolio):
    cs = services.cotraitance
    d = cs.current(portfolio["attente_longue"])
    cs.accepter(d.id, d.version, TODAY)
    lists = cs.work_lists()
    assert "attente_longue" not in names(lists["a_accepter"])
    assert "attente_longue" in names(lists["a_initialiser"])


def test_entries_by_month_count_non_refused_affectations(services, portfolio):
    assert services.cotraitance.entries_by_month(2026) == {1: 1, 9: 5, 11: 2}
    assert services.cotraitance.entries_by_month(2025) == {11: 1}
    assert services.cotraitance.entries_by_month(2019) == {}


# --- export ---------------------------------------------------------------------------------

def test_export_table_one_row_per_young_person(services, portfolio):
    jid = portfolio["refuse"]
    services.cotraitance.affecter(jid, date(2026, 11, 20), [2, 4])  # second episode
    headers, rows = services.exports.table("cotraitance")
    for column in ("nom", "prenom", "date_naissance", "identifiant_ft", "referent", "site",
                   "date_affectation", "criteres", "date_acceptation", "date_initialisation",
                   "etat", "date_radiation", "date_sortie", "motif_sortie", "date_fin_prevue"):
        assert column in headers
    assert len(rows) == len(portfolio)
    by_name = {r[headers.index("nom")]: dict(zip(headers, r)) for r in rows}
    refuse = by_name["REFUSE"]
    assert refuse["date_affectation"] == date(2026, 11, 20) and refuse["criteres"] == "2, 4"
    sorti = by_name["SORTI"]
    assert sorti["motif_sortie"] == "Déménagement hors du territoire de la Mission Locale"
    assert sorti["date_sortie"] == date(2026, 11, 15) and sorti["date_fin_prevue"] is None
    alerte = by_name["ALERTE"]
    assert alerte["etat"] == "Alerte de cotraitance" and alerte["referent"] == "Alice DURAND"
    assert by_name["RADIE"]["date_fin_prevue"] == date(2026, 9, 10)


def test_export_cli_writes_csv_and_xlsx(services, portfolio, tmp_path):
    from milo_desktop.cli.commands.export import run
    import argparse
    out = tmp_path / "cotraitance.csv"
    assert run(argparse.Namespace(kind="cotraitance", out=str(out)), services) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("nom;prenom;date_naissance;identifiant_ft;referent;site;")
    assert "ALERTE;Test;12/05/2004" in text
    xlsx = tmp_path / "cotraitance.xlsx"
    assert run(argparse.Namespace(kind="cotraitance", out=str(xlsx)), services) == 0
    import openpyxl
    sheet = openpyxl.load_workbook(xlsx, read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == len(portfolio) + 1


def test_resync_after_a_birth_date_change(services):
    from milo_desktop.services.cotraitance import resync_jeune
    jid = make_jeune(services, naissance=date(2004, 5, 12))
    services.cotraitance.affecter(jid, date(2026, 9, 1), [1])
    with services.ctx.store.write() as s:
        s.get(Jeune, jid).date_naissance = date(2005, 1, 20)
        resync_jeune(s, jid)
    assert jeune_row(services, jid)[2] == date(2031, 1, 20)
    assert services.cotraitance.current(jid).fin_prevue == date(2031, 1, 20)


def test_create_episode_for_imports(services):
    from milo_desktop.services.cotraitance import create_episode
    jid = make_jeune(services, naissance=date(2004, 5, 12))
    state = dom.accepter(dom.affecter(date(2004, 5, 12), date(2024, 9, 2), [1], TODAY),
                         date(2024, 9, 5), TODAY)
    state = dom.initialiser(state, date(2024, 9, 12), TODAY)
    with services.ctx.store.write() as s:
        create_episode(s, jid, state, "Import")
    d = services.cotraitance.current(jid)
    assert d.phase == dom.PHASE_ACCOMPAGNEMENT and len(d.historique) == 1
    assert jeune_row(services, jid)[:3] == (dom.PHASE_ACCOMPAGNEMENT, 1, date(2030, 5, 12))
