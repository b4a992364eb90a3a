"""Demo data generator (``milo-desktop demo``): determinism, refusal/force, and that the data
obeys the domain rules (cotraitance replayed through the domain transitions, consent, SIRET…)."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from stdnum.fr import siret as stdnum_siret

from milo_desktop.domain import conventions as conv
from milo_desktop.domain import cotraitance as cot
from milo_desktop.domain import fastt
from milo_desktop.domain import jeunes as dj
from milo_desktop.domain import offres as dom
from milo_desktop.domain.dates import age_on
from milo_desktop.domain.errors import DomainError
from milo_desktop.domain.text import fold
from milo_desktop.persistence.migrations import open_store
from milo_desktop.persistence.models import (
    Base, Cotraitance, CotraitanceEtat, Evenement, Jeune, MiseEnRelation,
    ObjectifAnnee, ObjectifLigne, Offre, OffreHistorique, OrientationFastt,
)
from milo_desktop.services import AppContext, Services

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 8, 30)
N = 600


def make_services(folder):
    return Services(AppContext(open_store(folder), today=lambda: TODAY))


def generate(folder, young=N, seed=1, force=False):
    services = make_services(folder)
    summary = services.demo.generate(young, seed=seed, force=force, now=NOW)
    return services, summary


def digest(store) -> str:
    """Hash of every row of every table, ids included, in a stable order."""
    h = hashlib.sha256()
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_evenement":
                continue  # when and by whom, not data
            key = "id" if "id" in table.c else next(iter(table.primary_key.columns)).name
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table.name}" ORDER BY "{key}"'):
                row = dict(row._mapping)
                row.pop("mot_de_passe", None)  # salted: differs on every run
                if str(row.get("cle", "")).startswith("audit."):
                    continue
                h.update(repr(tuple(row.values())).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    services, summary = generate(tmp_path_factory.mktemp("demo"))
    yield services, summary
    services.ctx.store.close()


@pytest.fixture(scope="module")
def store(demo):
    return demo[0].ctx.store


def rows(store, sql: str):
    with store.engine.connect() as conn:
        return conn.execute(text(sql)).all()


# --- the service ----------------------------------------------------------------------------

def test_summary_counts_every_table(demo):
    services, summary = demo
    assert summary.young == N and summary.seed == 1 and summary.today == TODAY
    assert summary.count("jeune") == N
    assert summary.seconds > 0
    assert summary.total == sum(summary.counts.values())
    assert services.demo.has_data()


def test_every_table_has_rows(store):
    with store.engine.connect() as conn:
        empty = [t.name for t in Base.metadata.sorted_tables
                 if conn.exec_driver_sql(f'SELECT count(*) FROM "{t.name}"').scalar_one() == 0]
    assert empty == []


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    a, _ = generate(tmp_path / "a", young=150, seed=7)
    b, _ = generate(tmp_path / "b", young=150, seed=7)
    c, _ = generate(tmp_path / "c", young=150, seed=8)
    try:
        assert digest(a.ctx.store) == digest(b.ctx.store)
        assert digest(a.ctx.store) != digest(c.ctx.store)
    finally:
        for s in (a, b, c):
            s.ctx.store.close()


def test_refuses_a_second_run_without_force_then_replaces_with_force(tmp_path):
    services, first = generate(tmp_path / "x", young=120, seed=3)
    fresh, _ = generate(tmp_path / "y", young=80, seed=4)
    try:
        with pytest.raises(DomainError, match="--force"):
            services.demo.generate(80, seed=4, now=NOW)
        assert services.demo.generate(80, seed=4, force=True, now=NOW).count("jeune") == 80
        # nothing of the first run is left: the store equals a fresh generation
        assert digest(services.ctx.store) == digest(fresh.ctx.store)
    finally:
        services.ctx.store.close()
        fresh.ctx.store.close()


def test_empty_store_has_no_data_and_bad_count_is_refused(tmp_path):
    services = make_services(tmp_path)
    try:
        assert not services.demo.has_data()
        with pytest.raises(DomainError):
            services.demo.generate(0)
    finally:
        services.ctx.store.close()


def test_orm_reads_the_generated_rows(store):
    """Stored forms (hex ids, ISO dates, floats) read back as SQLAlchemy types."""
    with store.read() as s:
        jeune = s.scalars(select(Jeune).limit(1)).one()
        assert isinstance(jeune.id, uuid.UUID) and jeune.id.version == 4
        assert isinstance(jeune.date_naissance, date) and jeune.version == 1
        assert isinstance(jeune.created_at, datetime) and jeune.created_by == "Démo"
        ligne = s.scalars(select(ObjectifLigne).order_by(ObjectifLigne.ordre)).first()
        assert ligne.cle_activite == Decimal("5.26")
        assert s.get(Jeune, jeune.id) is jeune


# --- young people ---------------------------------------------------------------------------

def test_young_people_fields(store):
    with store.read() as s:
        jeunes = s.scalars(select(Jeune)).all()
    assert len(jeunes) == N
    women = sum(j.sexe == "F" for j in jeunes) / N
    assert 0.4 < women < 0.6
    assert 0.12 < sum(j.qpv for j in jeunes) / N < 0.28
    assert 0.08 < sum(j.zrr for j in jeunes) / N < 0.22
    ids = [j.identifiant_ft for j in jeunes if j.identifiant_ft]
    assert 0.6 < len(ids) / N < 0.8 and len(set(ids)) == len(ids)
    for j in jeunes:
        assert dj.normalize_nom(j.nom) == j.nom and dj.normalize_prenom(j.prenom) == j.prenom
        assert j.nom_fold == fold(j.nom) and j.prenom_fold == fold(j.prenom)
        assert j.commune_fold == fold(j.commune) and j.code_postal.startswith("09")
        assert j.identifiant_ft is None or dj.validate_identifiant_ft(j.identifiant_ft) == j.identifiant_ft
        assert j.telephone is None or dj.validate_phone(j.telephone) == j.telephone
        assert j.telephone is None or dj.format_phone(j.telephone).startswith("06 ")
        assert j.email is None or dj.validate_email(j.email) == j.email
        assert j.niveau_formation in dict(dj.NIVEAUX_FORMATION)
        assert j.referent_id is not None and j.site_id is not None


def test_journal_about_ten_events_per_young_person(store, demo):
    per_jeune = demo[1].count("evenement") / N
    assert 8 <= per_jeune <= 12
    bad = rows(store, "SELECT count(*) FROM evenement WHERE type NOT IN "
                      f"({', '.join(repr(c) for c, _ in dj.EVENEMENT_TYPES)}) OR statut NOT IN "
                      f"({', '.join(repr(c) for c, _ in dj.STATUTS_RDV)})")
    assert bad[0][0] == 0
    future = rows(store, f"SELECT DISTINCT statut FROM evenement WHERE date > '{TODAY}'")
    assert {r[0] for r in future} == {"planifie"}


# --- cotraitance ----------------------------------------------------------------------------

def _replay(c: Cotraitance, etats: list[CotraitanceEtat], birth: date,
            today: date = TODAY) -> cot.CotraitanceState:
    """Rebuild the episode through the domain transitions, in date order."""
    steps = [(c.date_affectation, 0, "aff")]
    if c.date_acceptation:
        steps.append((c.date_acceptation, 1, "acc"))
    if c.date_refus:
        steps.append((c.date_refus, 1, "ref"))
    if c.date_initialisation:
        steps.append((c.date_initialisation, 2, "init"))
    steps += [(e.date, 3, e) for e in etats[1:]]
    if c.date_radiation:
        steps.append((c.date_radiation, 4, "rad"))
    if c.date_sortie:
        steps.append((c.date_sortie, 5, "sortie"))
    state = None
    for when, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if step == "aff":
            state = cot.affecter(birth, when, cot.mask_to_criteres(c.criteres), today)
        elif step == "acc":
            state = cot.accepter(state, when, today)
        elif step == "ref":
            state = cot.refuser(state, when, c.motif_refus, today)
        elif step == "init":
            state = cot.initialiser(state, when, today)
        elif step == "rad":
            state = cot.enregistrer_radiation(state, when, today)
        elif step == "sortie":
            state = cot.sortir(state, when, c.motif_sortie, today)
        else:
            state = cot.changer_etat(state, step.etat, when, step.motif, today)
    return state


def check_cotraitance(store, today: date) -> int:
    """Every episode replays through the domain; its planned end is the domain's; the young
    person's summary columns equal the episode. Returns the number of episodes."""
    with store.read() as s:
        pairs = s.execute(select(Cotraitance, Jeune).join(Jeune, Jeune.id == Cotraitance.jeune_id)).all()
        etats = {}
        for e in s.scalars(select(CotraitanceEtat).order_by(CotraitanceEtat.date,
                                                            CotraitanceEtat.created_at)):
            etats.setdefault(e.cotraitance_id, []).append(e)
    for c, j in pairs:
        state = _replay(c, etats.get(c.id, []), j.date_naissance, today)
        assert cot.phase(state) == c.phase
        assert state.etat == c.etat and state.date_etat == c.date_etat
        assert (c.date_fin_prevue, c.motif_fin_prevue) == cot.date_fin_prevue(
            j.date_naissance, c.date_affectation, c.date_radiation)
        shown_etat = c.etat if c.phase == "accompagnement" else None  # as sync_jeune keeps it
        assert (j.cotra_phase, j.cotra_etat, j.date_fin_prevue) == (c.phase, shown_etat, c.date_fin_prevue)
    return len(pairs)


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2028, 2, 29), date(2026, 12, 31)])
def test_other_reference_days(tmp_path, today):
    services = Services(AppContext(open_store(tmp_path), today=lambda: today))
    try:
        services.demo.generate(250, seed=5, now=NOW)
        assert check_cotraitance(services.ctx.store, today) > 50
        late = rows(services.ctx.store, f"""SELECT
            (SELECT count(*) FROM cotraitance WHERE max(date_affectation, coalesce(date_sortie, ''),
                coalesce(date_etat, ''), coalesce(date_radiation, '')) > '{today}')
          + (SELECT count(*) FROM offre WHERE date_statut > '{today}'
                OR date_recueil < '{today.year - 2}-01-01')
          + (SELECT count(*) FROM orientation_fastt WHERE coalesce(date_cloture, date_synthese,
                date_injoignable, date_entretien, date_envoi, date_preparation) > '{today}')
          + (SELECT count(*) FROM mise_en_relation WHERE date > '{today}' OR date_resultat > '{today}')""")
        assert late[0][0] == 0
    finally:
        services.ctx.store.close()


def test_cotraitance_replays_through_the_domain(store):
    with store.read() as s:
        pairs = s.execute(select(Cotraitance, Jeune).join(Jeune, Jeune.id == Cotraitance.jeune_id)).all()
    assert 0.25 < len(pairs) / N < 0.45
    assert check_cotraitance(store, TODAY) == len(pairs)
    with store.read() as s:
        etats = {}
        for e in s.scalars(select(CotraitanceEtat).order_by(CotraitanceEtat.date,
                                                            CotraitanceEtat.created_at)):
            etats.setdefault(e.cotraitance_id, []).append(e)
    for c, j in pairs:
        assert 16 <= age_on(j.date_naissance, c.date_affectation) <= 25
        assert j.date_inscription_ft is not None and j.date_inscription_ft <= c.date_affectation
        if c.date_initialisation:
            assert etats[c.id][0].etat == cot.ETAT_ACTIF and etats[c.id][0].date == c.date_initialisation


def test_planned_end_comes_from_the_domain_and_is_copied_on_the_young_person(store):
    with store.read() as s:
        pairs = s.execute(select(Cotraitance, Jeune).join(Jeune, Jeune.id == Cotraitance.jeune_id)).all()
        others = s.scalars(select(Jeune).where(Jeune.id.not_in(select(Cotraitance.jeune_id)))).all()
    for c, j in pairs:
        assert (c.date_fin_prevue, c.motif_fin_prevue) == cot.date_fin_prevue(
            j.date_naissance, c.date_affectation, c.date_radiation)
        shown_etat = c.etat if c.phase == "accompagnement" else None  # as sync_jeune keeps it
        assert (j.cotra_phase, j.cotra_etat, j.date_fin_prevue) == (c.phase, shown_etat, c.date_fin_prevue)
    assert others and all(j.cotra_phase is None and j.date_fin_prevue is None for j in others)


def test_every_phase_state_exit_reason_and_due_date_is_represented(store):
    with store.read() as s:
        pairs = s.execute(select(Cotraitance, Jeune).join(Jeune, Jeune.id == Cotraitance.jeune_id)).all()
    phases = Counter(c.phase for c, _ in pairs)
    assert set(phases) == {p for p, _ in cot.PHASES if p != cot.PHASE_AUCUNE}
    assert {c.etat for c, _ in pairs if c.phase == cot.PHASE_ACCOMPAGNEMENT} == {1, 2, 3}
    exits = {c.motif_sortie for c, _ in pairs if c.phase == cot.PHASE_SORTIE}
    assert exits == {"radiation", "demenagement", "age"}
    flags = [cot.echeance(cot.CotraitanceState(
        date_affectation=c.date_affectation, date_acceptation=c.date_acceptation,
        date_refus=c.date_refus, date_initialisation=c.date_initialisation, etat=c.etat,
        date_radiation=c.date_radiation, date_sortie=c.date_sortie), j.date_naissance, TODAY)
        for c, j in pairs]
    assert any(f.sortie_due_ce_mois for f in flags)
    assert any(f.sortie_en_retard for f in flags)
    assert any(f.a_accepter_en_retard for f in flags)
    delays = [(c.date_acceptation - c.date_affectation).days for c, _ in pairs if c.date_acceptation]
    assert sum(2 <= d <= 20 for d in delays) / len(delays) > 0.7


def test_no_exit_without_one_of_the_three_reasons(store):
    bad = rows(store, "SELECT count(*) FROM cotraitance WHERE (date_sortie IS NULL) <> (motif_sortie IS NULL)"
                      " OR (motif_sortie IS NOT NULL"
                      "     AND motif_sortie NOT IN ('radiation', 'demenagement', 'age'))"
                      " OR (phase = 'sortie') <> (date_sortie IS NOT NULL)")
    assert bad[0][0] == 0


def test_objectives_three_years_of_the_annex_table(store):
    with store.read() as s:
        years = s.scalars(select(ObjectifAnnee).order_by(ObjectifAnnee.annee)).all()
        assert [y.annee for y in years] == [TODAY.year - 2, TODAY.year - 1, TODAY.year]
        for year in years:
            lignes = s.scalars(select(ObjectifLigne).where(ObjectifLigne.objectif_id == year.id)
                               .order_by(ObjectifLigne.ordre)).all()
            assert year.total_regional == 5787 and year.seuil_alerte_pct == 10
            assert len(lignes) == 10 and [l.est_nous for l in lignes] == [True] + [False] * 9
            assert sum(l.cle_activite for l in lignes) == Decimal("100.00")
            assert (lignes[-1].defm, lignes[-1].cle_activite) == (18339, Decimal("8.98"))


# --- employers and offers -------------------------------------------------------------------

def test_sirets_are_valid_and_unique(store):
    sirets = [r[0] for r in rows(store, "SELECT siret FROM entreprise WHERE siret IS NOT NULL"
                                        " UNION ALL SELECT siret FROM agence_emploi")]
    assert sirets and all(stdnum_siret.is_valid(s) for s in sirets)
    assert len(set(sirets)) == len(sirets)


def test_offers_every_nature_and_status_with_history_and_delegation(store):
    with store.read() as s:
        offres = s.scalars(select(Offre)).all()
        history = {}
        for h in s.scalars(select(OffreHistorique).order_by(OffreHistorique.date,
                                                            OffreHistorique.created_at)):
            history.setdefault(h.offre_id, []).append(h)
    assert {o.nature_contrat for o in offres} >= {"E1", "E2", "FS", "FT", "FU", "I1"}
    assert {o.statut for o in offres} == {"recueillie", "a_saisir", "saisie", "pourvue", "annulee", "expiree"}
    numeros = [o.numero_ft for o in offres if o.numero_ft]
    assert len(set(numeros)) == len(numeros)
    for o in offres:
        steps = [h.statut for h in history[o.id]]
        assert steps[0] == "recueillie" and steps[-1] == o.statut
        for before, after in zip(steps, steps[1:]):
            assert dom.transition(before, after, numero_offre_ft=o.numero_ft,
                                  date_saisie=o.date_saisie_ft, saisie_par=o.saisie_par) == after
        assert ("saisie" in steps) == (o.numero_ft is not None)
        if o.numero_ft:
            assert dom.validate_numero_offre_ft(o.numero_ft) == o.numero_ft
        assert o.date_statut <= TODAY and o.date_recueil <= o.date_statut
        systematic = dom.delegation(o.nature_contrat, o.mrs)
        if systematic[0]:
            assert (o.delegation, o.motif_delegation) == systematic
        assert o.delegation == (o.motif_delegation is not None)
        assert o.type_contrat in dict(dom.TYPES_CONTRAT)
        assert (o.duree_mois is not None) == (o.type_contrat in dom.TYPES_DUREE_DETERMINEE)
        assert o.mrs == (o.plateforme_id is not None)


def test_each_mise_en_relation_has_its_journal_line(store):
    with store.read() as s:
        mer = s.scalars(select(MiseEnRelation)).all()
        linked = set(s.scalars(select(Evenement.source_id).where(
            Evenement.source_type == "mise_en_relation", Evenement.type == "mise_en_relation")))
    assert mer and {m.id for m in mer} == linked
    assert {m.resultat for m in mer} == {r for r, _ in dom.RESULTATS_MER}
    for m in mer:
        assert dom.validate_resultat_mer(m.resultat, m.motif_non_retenu) == (m.resultat, m.motif_non_retenu)


# --- Mission Jeunes and partnerships ---------------------------------------------------------

def _replay_fastt(r: OrientationFastt, consent: fastt.Consent) -> None:
    """The dated steps follow the allowed transitions, consent gates included."""
    steps = sorted((d, rank, code) for rank, (code, d) in enumerate((
        ("envoyee", r.date_envoi), ("entretien_realise", r.date_entretien),
        ("injoignable", r.date_injoignable), ("synthese_recue", r.date_synthese),
        ("cloturee", r.date_cloture))) if d is not None)
    statut, previous = "preparee", r.date_preparation
    for when, _, code in steps:
        fastt.check_transition(statut, code, when, date_precedente=previous, today=TODAY,
                               consent=consent, recommandations=r.recommandations)
        statut, previous = code, when
    assert statut == r.statut


def test_fastt_every_status_and_consent_beyond_preparee(store):
    with store.read() as s:
        referrals = s.scalars(select(OrientationFastt)).all()
        needs = rows(store, "SELECT DISTINCT code FROM besoin_fastt")
        history = Counter(r[0] for r in rows(store, "SELECT orientation_id FROM fastt_historique"))
    assert {r.statut for r in referrals} == {c for c, _ in fastt.STATUTS}
    assert {r[0] for r in needs} <= set(dict(fastt.BESOINS))
    for r in referrals:
        consent = fastt.Consent(bool(r.consentement), r.date_consentement, r.consentement_recueilli_par,
                                r.consentement_contact, r.consentement_synthese)
        assert fastt.validate_consent(consent, TODAY)
        if r.statut != "preparee":
            assert fastt.peut_envoyer(consent) and r.date_consentement <= r.date_envoi
        if r.statut == "synthese_recue" or r.date_synthese:
            assert r.consentement_synthese and r.recommandations
        _replay_fastt(r, consent)
        assert history[r.id.hex] == 1 + sum(d is not None for d in (
            r.date_envoi, r.date_entretien, r.date_injoignable, r.date_synthese, r.date_cloture))


def test_transmissions_of_cv_always_after_consent(store):
    bad = rows(store, "SELECT count(*) FROM transmission_cv WHERE date_consentement IS NULL"
                      " OR date_consentement > date")
    assert bad[0][0] == 0


def test_some_convention_is_near_its_denunciation_deadline(store):
    found = rows(store, "SELECT date_signature, duree_annees, date_denonciation FROM convention_agence")
    conventions = [conv.Convention(date.fromisoformat(a), b, date.fromisoformat(c) if c else None)
                   for a, b, c in found]
    assert any(conv.alerte_renouvellement(c, TODAY) for c in conventions)
    assert any(c.date_denonciation for c in conventions)


def test_delegations_and_actions_valid_for_the_domain(store):
    from milo_desktop.domain import interim
    for debut, fin, heures, type_ in rows(
            store, "SELECT date_debut, date_fin, heures, type_contrat FROM delegation_interim"):
        interim.validate_delegation(interim.DelegationInput(debut, fin, str(heures), type_), TODAY)
    for action, debut, fin, resultat in rows(
            store, "SELECT action, date_debut, date_fin, resultat FROM action_branche"):
        interim.validate_action(interim.ActionInput(action, debut, fin, resultat), TODAY)
    assert rows(store, "SELECT count(DISTINCT type_contrat) FROM delegation_interim")[0][0] == 4


def test_users_and_sites(store):
    roles = Counter(r[0] for r in rows(store, "SELECT role FROM utilisateur"))
    assert roles == {"conseiller": 7, "agent_ft": 1, "direction": 1, "admin": 1}
    assert {r[0] for r in rows(store, "SELECT type FROM site")} == {"siege", "antenne", "point_accueil"}
    assert rows(store, "SELECT libelle_service_emploi FROM organisation")[0][0] == "France Travail"
