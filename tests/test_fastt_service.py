"""FASTT referrals through the service: consent gate, every transition allowed and refused,
reminders, journal lines, e-mail draft and export."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email.policy import default as default_policy
from itertools import product

import pytest

from milo_desktop.domain import fastt as ft
from milo_desktop.domain.errors import ConflictError, DomainError, TransitionError, ValidationError

from .conftest import TODAY

CONSENT = ft.Consent(True, TODAY, "Alice Durand", True, True)


def make_jeune(services, nom="DUPONT", prenom="Léa", **extra):
    """A young person inserted straight into the store (no dependency on the jeunes service)."""
    from milo_desktop.domain.text import fold
    from milo_desktop.persistence.models import Jeune
    values = dict(sexe="F", date_naissance=date(2005, 3, 2), telephone="+33612345678",
                  email="lea.dupont@example.fr", commune="Foix")
    values.update(extra)
    with services.ctx.store.write() as s:
        jeune = Jeune(nom=nom, prenom=prenom, nom_fold=fold(nom), prenom_fold=fold(prenom), **values)
        s.add(jeune)
        s.flush()
        return jeune.id


def make_agence(services, nom="Interim Services Foix"):
    from milo_desktop.services.agences import AgenceInput
    return services.agences.save_agence(AgenceInput(nom=nom, commune="Foix")).id


def referral_input(*besoins, **kw):
    besoins = besoins or (("mobilite.permis", "Pas de permis, mission à 30 km"),)
    return ft.ReferralInput(besoins=besoins, preference_contact=kw.pop("preference_contact", "telephone"), **kw)


def journal_events(services, jeune_id):
    """The young person's journal as (date, type, note), newest first (read from the store)."""
    from sqlalchemy import select
    from milo_desktop.persistence.models import Evenement
    with services.ctx.store.read() as s:
        return [tuple(r) for r in s.execute(
            select(Evenement.date, Evenement.type, Evenement.note).where(Evenement.jeune_id == jeune_id)
            .order_by(Evenement.date.desc(), Evenement.created_at.desc()))]


def journal_notes(services, jeune_id):
    return [note for _d, _t, note in journal_events(services, jeune_id)]


@pytest.fixture
def jeune(services):
    return make_jeune(services)


def test_prepare_records_needs_consent_history_and_journal(services, jeune):
    agence = make_agence(services)
    r = services.fastt.prepare(jeune, referral_input(("sante.mutuelle", None), ("mobilite.permis", "Trajet 30 km"),
                                                     urgence_sos=True, disponibilites="après 17 h"),
                               CONSENT, agence_id=agence)
    assert (r.statut, r.date_preparation, r.agence_nom) == ("preparee", TODAY, "Interim Services Foix")
    assert r.besoins == (("sante.mutuelle", None), ("mobilite.permis", "Trajet 30 km"))
    assert r.consent == CONSENT and r.urgence_sos and r.disponibilites == "après 17 h"
    assert r.conseiller_id == services.ctx.user.id
    assert [(s.statut, s.date, s.auteur) for s in r.historique] == [("preparee", TODAY, "Alice DURAND")]
    assert journal_notes(services, jeune) == ["Orientation FASTT préparée — besoins : Santé, Mobilité (urgence SOS)"]


def test_referral_without_need_is_refused_and_nothing_saved(services, jeune):
    with pytest.raises(ValidationError, match="au moins un besoin"):
        services.fastt.prepare(jeune, ft.ReferralInput(besoins=(), preference_contact="telephone"), CONSENT)
    assert services.fastt.for_jeune(jeune) == [] and journal_notes(services, jeune) == []


def test_consent_date_in_the_future_is_refused_with_every_problem(services, jeune):
    future = ft.Consent(True, TODAY + timedelta(days=1), "Alice Durand", True, True)
    with pytest.raises(ValidationError) as err:
        services.fastt.prepare(jeune, ft.ReferralInput(besoins=(), preference_contact=None), future)
    assert set(err.value.problems) == {"besoins", "preference_contact", "consentement_date"}
    assert "dans le futur" in err.value.problems["consentement_date"]
    assert services.fastt.for_jeune(jeune) == []


@pytest.mark.parametrize("consent", [
    ft.Consent(),
    ft.Consent(True, TODAY, "Alice Durand", contact_fastt=False, retour_synthese=True),
], ids=["sans consentement", "sans accord pour le contact"])
def test_consent_gate_keeps_the_referral_prepared(services, jeune, consent):
    r = services.fastt.prepare(jeune, referral_input(), consent)
    with pytest.raises(TransitionError) as err:
        services.fastt.advance(r.id, "envoyee")
    assert err.value.message == ft.MSG_CONSENTEMENT
    after = services.fastt.referral(r.id)
    assert (after.statut, after.date_envoi, len(after.historique)) == ("preparee", None, 1)
    assert len(journal_notes(services, jeune)) == 1
    with pytest.raises(DomainError, match="consentement"):
        services.fastt.sheet_pdf(r.id)


def test_consent_added_later_opens_the_gate(services, jeune):
    r = services.fastt.prepare(jeune, referral_input(), ft.Consent())
    r = services.fastt.update(r.id, r.as_input(), CONSENT, version=r.version)
    assert services.fastt.advance(r.id, "envoyee").statut == "envoyee"


PATHS = {
    "synthèse": ["envoyee", "entretien_realise", "synthese_recue", "cloturee"],
    "injoignable": ["envoyee", "injoignable", "cloturee"],
    "clôture après entretien": ["envoyee", "entretien_realise", "cloturee"],
}
DATE_FIELD = {"envoyee": "date_envoi", "entretien_realise": "date_entretien", "injoignable": "date_injoignable",
              "synthese_recue": "date_synthese", "cloturee": "date_cloture"}


def walk(services, jeune, steps, start=date(2026, 11, 2)):
    """Prepare on ``start`` and take ``steps`` one day apart; returns the referral."""
    services.ctx.today = lambda: start
    r = services.fastt.prepare(jeune, referral_input(), ft.Consent(True, start, "Alice Durand", True, True))
    for n, step in enumerate(steps, 1):
        services.ctx.today = lambda n=n: start + timedelta(days=n)
        recos = "Mutuelle intérimaire à activer ; location de voiture" if step == "synthese_recue" else None
        r = services.fastt.advance(r.id, step, start + timedelta(days=n), recos, version=r.version)
    services.ctx.today = lambda: TODAY
    return r


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_every_allowed_transition_is_dated_and_journaled(services, jeune, path):
    r = walk(services, jeune, path)
    assert r.statut == "cloturee" and r.transitions == ()
    for n, step in enumerate(path, 1):
        assert getattr(r, DATE_FIELD[step]) == date(2026, 11, 2) + timedelta(days=n)
    assert [s.statut for s in r.historique] == ["preparee", *path]
    notes = journal_notes(services, jeune)
    assert len(notes) == len(path) + 1 and notes[0] == "Orientation FASTT clôturée"
    if "synthese_recue" in path:
        assert r.recommandations.startswith("Mutuelle intérimaire")


REACH = {"preparee": [], "envoyee": ["envoyee"], "entretien_realise": ["envoyee", "entretien_realise"],
         "injoignable": ["envoyee", "injoignable"],
         "synthese_recue": ["envoyee", "entretien_realise", "synthese_recue"],
         "cloturee": ["envoyee", "injoignable", "cloturee"]}
REFUSED = [(a, b) for a, b in product(REACH, REACH) if b not in ft.TRANSITIONS[a]]


@pytest.mark.parametrize("statut,cible", REFUSED)
def test_every_other_transition_is_refused_by_the_service(services, jeune, statut, cible):
    r = walk(services, jeune, REACH[statut])
    with pytest.raises(TransitionError, match="ne peut pas passer"):
        services.fastt.advance(r.id, cible, TODAY, "préconisations", version=r.version)
    after = services.fastt.referral(r.id)
    assert after.statut == statut and after.version == r.version


def test_synthesis_needs_recommendations_and_its_consent(services, jeune):
    r = walk(services, jeune, ["envoyee", "entretien_realise"])
    with pytest.raises(ValidationError, match="Préconisations"):
        services.fastt.advance(r.id, "synthese_recue", TODAY, "  ")
    no_return = services.fastt.prepare(jeune, referral_input(), ft.Consent(True, TODAY, "A. D.", True, False))
    services.fastt.advance(no_return.id, "envoyee")
    services.fastt.advance(no_return.id, "entretien_realise")
    with pytest.raises(TransitionError, match="retour de la synthèse"):
        services.fastt.advance(no_return.id, "synthese_recue", TODAY, "texte")
    assert services.fastt.advance(no_return.id, "cloturee").statut == "cloturee"


def test_step_dates_are_checked(services, jeune):
    r = walk(services, jeune, ["envoyee"])  # sent on 03/11/2026
    with pytest.raises(ValidationError, match="antérieure à l'étape précédente"):
        services.fastt.advance(r.id, "injoignable", date(2026, 11, 1))
    with pytest.raises(ValidationError, match="dans le futur"):
        services.fastt.advance(r.id, "injoignable", TODAY + timedelta(days=1))
    assert services.fastt.advance(r.id, "injoignable").date_injoignable == TODAY  # today by default


def test_sending_needs_a_way_to_reach_the_young_person(services):
    no_phone = make_jeune(services, "MARTIN", "Yanis", telephone=None)
    r = services.fastt.prepare(no_phone, referral_input(), CONSENT)
    with pytest.raises(ValidationError, match="téléphone du jeune"):
        services.fastt.advance(r.id, "envoyee")
    assert services.fastt.referral(r.id).statut == "preparee"


def test_stale_copy_is_refused(services, jeune):
    r = services.fastt.prepare(jeune, referral_input(), CONSENT)
    services.fastt.advance(r.id, "envoyee", version=r.version)
    with pytest.raises(ConflictError):
        services.fastt.update(r.id, r.as_input(), CONSENT, version=r.version)


def test_update_and_delete_only_while_prepared(services, jeune):
    r = services.fastt.prepare(jeune, referral_input(), CONSENT)
    r = services.fastt.update(r.id, referral_input(("logement.recherche", None), ("budget", "Dettes")),
                              CONSENT, version=r.version)
    assert r.besoins == (("logement.recherche", None), ("budget", "Dettes"))
    services.fastt.advance(r.id, "envoyee")
    with pytest.raises(DomainError, match="ne se modifie plus"):
        services.fastt.update(r.id, referral_input(), CONSENT)
    with pytest.raises(DomainError, match="encore « préparée »"):
        services.fastt.delete(r.id)
    other = services.fastt.prepare(jeune, referral_input(), CONSENT)
    services.fastt.delete(other.id)
    assert [x.id for x in services.fastt.for_jeune(jeune)] == [r.id]
    assert len(journal_notes(services, jeune)) == 2  # the deleted referral's line is gone


def test_reminder_after_n_days_without_news(services, jeune):
    sent = walk(services, jeune, ["envoyee"], start=date(2026, 11, 12))  # sent 13/11
    interviewed = walk(services, jeune, ["envoyee", "entretien_realise"], start=date(2026, 11, 10))  # 12/11
    walk(services, jeune, ["envoyee", "injoignable"], start=date(2026, 10, 1))  # waits for the adviser
    services.ctx.today = lambda: date(2026, 11, 22)
    assert [r.id for r in services.fastt.overdue()] == [interviewed.id]
    services.ctx.today = lambda: date(2026, 11, 23)
    assert {r.id for r in services.fastt.overdue()} == {sent.id, interviewed.id}
    assert services.fastt.overdue(relance_jours=30) == []
    services.settings.set("fastt.relance_jours", 20)
    assert services.fastt.overdue() == []
    assert len(services.fastt.in_progress()) == 3


def test_urgent_referral_is_overdue_after_48_hours(services, jeune):
    services.ctx.today = lambda: date(2026, 11, 20)
    r = services.fastt.prepare(jeune, referral_input(urgence_sos=True),
                               ft.Consent(True, date(2026, 11, 20), "A. D.", True, True))
    services.fastt.advance(r.id, "envoyee")
    services.ctx.today = lambda: date(2026, 11, 22)
    assert services.fastt.overdue() == []
    services.ctx.today = lambda: date(2026, 11, 23)
    late = services.fastt.overdue()
    assert [x.id for x in late] == [r.id] and late[0].sos_en_retard and not late[0].relance_due


def test_email_draft_is_an_eml_with_the_sheet_attached(services, jeune, tmp_path):
    r = services.fastt.prepare(jeune, referral_input(), CONSENT)
    with pytest.raises(DomainError, match="Adresse e-mail du FASTT"):
        services.fastt.email_draft(r.id, tmp_path / "brouillon.eml")
    services.settings.set("fastt.email", "pci@fastt.example.org")
    path = services.fastt.email_draft(r.id, tmp_path / "sous-dossier" / "brouillon")
    assert path.name == "brouillon.eml"
    msg = email.message_from_bytes(path.read_bytes(), policy=default_policy)
    assert msg["To"] == "pci@fastt.example.org" and msg["From"] == "alice@ml-test.fr"
    assert msg["X-Unsent"] == "1" and "Léa DUPONT" in msg["Subject"]
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_filename() == "orientation_fastt_dupont_lea.pdf"
    assert attachment.get_content().startswith(b"%PDF-")


def test_fastt_export_table(services, jeune):
    walk(services, jeune, ["envoyee"])
    services.fastt.prepare(jeune, referral_input(("garde_enfants.creche", "Secret détail")), ft.Consent())
    headers, rows = services.exports.table("fastt")
    assert headers[:8] == ["nom", "prenom", "statut", "consentement", "date_consentement", "besoins",
                           "urgence", "agence"]
    assert "date_envoi" in headers
    by_status = {row[2]: dict(zip(headers, row)) for row in rows}
    assert by_status["Envoyée"]["consentement"] == "oui"
    assert by_status["Envoyée"]["date_envoi"] == date(2026, 11, 3)
    assert by_status["Préparée"]["consentement"] == "non"
    assert by_status["Préparée"]["besoins"] == "Crèche"  # labels only, never the free detail
    assert by_status["Préparée"]["date_consentement"] is None


def test_export_fastt_command_writes_the_file(services, jeune, tmp_path):
    walk(services, jeune, ["envoyee"])
    result = services.exports.export("fastt", tmp_path / "fastt.csv")
    text = (tmp_path / "fastt.csv").read_text(encoding="utf-8-sig")
    assert result.rows == 1 and text.startswith("nom;prenom;statut;consentement")
    assert "DUPONT;Léa;Envoyée;oui;02/11/2026" in text


def test_figures_of_the_year(services, jeune):
    walk(services, jeune, ["envoyee", "entretien_realise", "synthese_recue"])
    services.fastt.prepare(jeune, referral_input(("mobilite.permis", None), ("budget", None)), ft.Consent())
    f = services.fastt.chiffres_annee(2026)
    assert (f.preparees, f.envoyees, f.entretiens, f.syntheses, f.cloturees) == (2, 1, 1, 1, 0)
    assert f.par_besoin == (("Permis de conduire", 2), ("Budget / crédit", 1))
    assert services.fastt.chiffres_annee(2025).preparees == 0
