"""FASTT « Point Conseils Intérimaire » referral rules (convention 004, annex 5)."""

from __future__ import annotations

import email
from datetime import date, datetime, timedelta
from email import policy

import pytest

from milo_desktop.domain import fastt
from milo_desktop.domain.errors import DomainError, TransitionError, ValidationError
from milo_desktop.domain.fastt import (
    BESOINS, CATEGORIES, Consent, ReferralInput, check_transition, echeance_sos, email_draft,
    fiche_fastt_fields, fiche_lignes, relance_due, sos_en_retard, validate_consent, validate_referral,
)

TODAY = date(2025, 3, 10)
CONSENT = Consent(donne=True, date=date(2025, 3, 3), recueilli_par="Claire Martin",
                  contact_fastt=True, retour_synthese=True)
JEUNE = {
    "nom": "DURAND", "prenom": "Léa", "date_naissance": date(2005, 6, 1),
    "telephone": "+33612345678", "email": "lea.durand@exemple.fr", "commune": "ALBI",
    "adresse": "3 rue des Lilas", "notes": "SECRET note du journal", "journal": ["SECRET entretien"],
    "niveau_formation": "NV5", "rqth": True,
}
CONSEILLER = {"prenom": "Claire", "nom": "Martin", "telephone": "05 63 00 00 00",
              "email": "c.martin@ml81.fr", "mission_locale": "Mission Locale Tarn Nord",
              "notes": "SECRET"}
PDF = b"%PDF-1.4\n% fiche\n%%EOF\n"


def referral(**kw) -> ReferralInput:
    base = dict(besoins=[("mobilite.permis", "Code obtenu, pas de financement"), ("sante.mutuelle", None)],
                urgence_sos=False, preference_contact="telephone", disponibilites="Matins",
                agence="Interim Albi", date_debut_mission="17/03/2025")
    return ReferralInput(**(base | kw))


# ---------------------------------------------------------------- catalogue


def test_catalogue_has_the_annex_categories_in_order():
    assert [c.libelle for c in CATEGORIES] == [
        "Santé", "Logement", "Mobilité", "Garde d'enfants", "Budget / crédit", "Famille",
        "Difficultés sociales"]


def test_catalogue_sub_needs_follow_annex_5():
    labels = dict(BESOINS)
    assert labels["sante.mutuelle"] == "Mutuelle / complémentaire santé"
    assert labels["sante.prevention"] == "Prévention"
    assert labels["logement.recherche"] == "Recherche de logement"
    assert labels["logement.mission"] == "Logement pendant une mission loin du domicile"
    assert [c for c, _ in BESOINS if c.startswith("mobilite.")] == [
        "mobilite.location", "mobilite.permis", "mobilite.achat_vehicule", "mobilite.financement"]
    assert [c for c, _ in BESOINS if c.startswith("garde_enfants.")] == [
        "garde_enfants.urgence_domicile", "garde_enfants.creche"]
    assert labels["budget"] == "Budget / crédit"
    assert labels["famille"] == "Famille"
    assert labels["difficultes_sociales.service_social"] == "Service social"
    assert len(BESOINS) == 13


def test_codes_are_unique_and_fit_the_stored_column():
    codes = [c for c, _ in BESOINS]
    assert len(codes) == len(set(codes))
    assert all(len(c) <= 40 for c in codes)


def test_every_need_maps_to_its_category():
    assert fastt.categorie_of("mobilite.permis").libelle == "Mobilité"
    assert fastt.categorie_of("budget").libelle == "Budget / crédit"
    with pytest.raises(DomainError):
        fastt.categorie_of("sante_mentale.depression")


def test_health_needs_are_categories_not_diagnoses():
    assert "never diagnoses" in " ".join(fastt.__doc__.split())
    assert {c for c, _ in BESOINS if c.startswith("sante")} == {"sante.mutuelle", "sante.prevention"}


# ---------------------------------------------------------------- consent


def test_valid_consent_is_cleaned():
    got = validate_consent(Consent(True, "03/03/2025", "  Claire Martin ", True, False), TODAY)
    assert got == Consent(True, date(2025, 3, 3), "Claire Martin", True, False)


def test_given_consent_needs_a_date_and_a_collector():
    with pytest.raises(ValidationError) as err:
        validate_consent(Consent(donne=True, contact_fastt=True), TODAY)
    assert set(err.value.problems) == {"date", "recueilli_par"}
    assert "Date du consentement" in err.value.problems["date"]


def test_consent_date_not_in_the_future():
    with pytest.raises(ValidationError) as err:
        validate_consent(Consent(True, date(2025, 3, 11), "C. Martin", True, True), TODAY)
    assert "futur" in err.value.problems["date"]


def test_consent_date_must_exist():
    with pytest.raises(ValidationError) as err:
        validate_consent(Consent(True, "30/02/2025", "C. Martin", True, True), TODAY)
    assert "n'existe pas" in err.value.problems["date"]


def test_refused_consent_cannot_carry_a_scope():
    with pytest.raises(ValidationError) as err:
        validate_consent(Consent(donne=False, contact_fastt=True, retour_synthese=True), TODAY)
    assert set(err.value.problems) == {"contact_fastt", "retour_synthese"}


def test_refused_consent_without_scope_is_valid():
    assert validate_consent(Consent(donne=False), TODAY) == Consent(donne=False)


# ---------------------------------------------------------------- referral input


def test_valid_referral_is_cleaned():
    besoins = [("mobilite.permis", "  Code obtenu  "), ("famille", "")]
    got = validate_referral(referral(besoins=besoins), TODAY)
    assert got.besoins == (("mobilite.permis", "Code obtenu"), ("famille", None))
    assert got.date_debut_mission == date(2025, 3, 17)
    assert got.preference_contact == "telephone"


def test_referral_needs_at_least_one_need():
    with pytest.raises(ValidationError) as err:
        validate_referral(referral(besoins=[]), TODAY)
    assert err.value.problems["besoins"] == "Une orientation FASTT doit comporter au moins un besoin."


def test_unknown_need_code_is_refused():
    with pytest.raises(ValidationError) as err:
        validate_referral(referral(besoins=[("sante.mutuelle", None), ("sante.diagnostic", "x")]), TODAY)
    assert "sante.diagnostic" in err.value.problems["besoins[1]"]


def test_need_detail_is_bounded():
    ok = validate_referral(referral(besoins=[("famille", "x" * 300)]), TODAY)
    assert len(ok.besoins[0][1]) == 300
    with pytest.raises(ValidationError) as err:
        validate_referral(referral(besoins=[("famille", "x" * 301)]), TODAY)
    assert "300 caractères" in err.value.problems["besoins[0]"]
    assert "Famille" in err.value.problems["besoins[0]"]


def test_duplicate_need_is_refused():
    with pytest.raises(ValidationError) as err:
        validate_referral(referral(besoins=[("famille", None), ("famille", "bis")]), TODAY)
    assert "deux fois" in err.value.problems["besoins[1]"]


@pytest.mark.parametrize("pref", [None, "", "courrier"])
def test_contact_preference_required_and_known(pref):
    with pytest.raises(ValidationError) as err:
        validate_referral(referral(preference_contact=pref), TODAY)
    assert "Préférence de contact" in err.value.problems["preference_contact"]


@pytest.mark.parametrize("start, ok", [
    ("10/02/2025", True),   # one month ago: referral typed late
    ("09/02/2025", False),  # more than a month ago
    ("10/03/2026", True),   # one year ahead
    ("11/03/2026", False),
    (None, True),           # not known yet
])
def test_mission_start_date_is_sensible(start, ok):
    if ok:
        validate_referral(referral(date_debut_mission=start), TODAY)
    else:
        with pytest.raises(ValidationError) as err:
            validate_referral(referral(date_debut_mission=start), TODAY)
        assert "Date de début de mission" in err.value.problems["date_debut_mission"]


def test_referral_reports_every_problem_at_once():
    with pytest.raises(ValidationError) as err:
        validate_referral(ReferralInput(besoins=[], preference_contact="fax",
                                        disponibilites="x" * 301, date_debut_mission="31/02/2025"), TODAY)
    assert set(err.value.problems) == {
        "besoins", "preference_contact", "disponibilites", "date_debut_mission"}


# ---------------------------------------------------------------- state machine

ALLOWED = [
    ("preparee", "envoyee"),
    ("envoyee", "entretien_realise"),
    ("envoyee", "injoignable"),
    ("envoyee", "cloturee"),  # issue 18: no news comes back without consent to the return
    ("entretien_realise", "synthese_recue"),
    ("entretien_realise", "cloturee"),
    ("injoignable", "cloturee"),
    ("synthese_recue", "cloturee"),
]
CODES = [c for c, _ in fastt.STATUTS]
REFUSED = [(a, b) for a in CODES for b in CODES if (a, b) not in ALLOWED]


def step(statut, cible, when=date(2025, 3, 8), **kw):
    kw.setdefault("date_precedente", date(2025, 3, 4))
    kw.setdefault("today", TODAY)
    kw.setdefault("consent", CONSENT)
    if cible == "synthese_recue":
        kw.setdefault("recommandations", "Mettre en place la complémentaire santé.")
    return check_transition(statut, cible, when, **kw)


def test_transition_table_matches_the_documented_flow():
    assert {(a, b) for a, nexts in fastt.TRANSITIONS.items() for b in nexts} == set(ALLOWED)


@pytest.mark.parametrize("statut, cible", ALLOWED)
def test_allowed_transitions(statut, cible):
    got = step(statut, cible)
    assert got.statut == cible and got.date == date(2025, 3, 8)


@pytest.mark.parametrize("statut, cible", REFUSED)
def test_every_other_transition_is_refused(statut, cible):
    with pytest.raises(TransitionError) as err:
        step(statut, cible)
    assert "ne peut pas passer" in str(err.value)


def test_unknown_status_is_refused():
    with pytest.raises(TransitionError):
        step("annulee", "cloturee")


def test_next_statuses_in_display_order():
    assert fastt.transitions_possibles("envoyee") == ("entretien_realise", "injoignable", "cloturee")
    assert fastt.transitions_possibles("cloturee") == ()


@pytest.mark.parametrize("consent", [
    None,
    Consent(donne=False),
    Consent(donne=True, date=date(2025, 3, 3), recueilli_par="C. M.", contact_fastt=False,
            retour_synthese=True),
    Consent(donne=True, date=None, recueilli_par="C. M.", contact_fastt=True),
])
def test_consent_gate_keeps_the_referral_prepared(consent):
    with pytest.raises(TransitionError) as err:
        step("preparee", "envoyee", consent=consent)
    assert str(err.value) == ("Sans le consentement du jeune, l'orientation ne peut pas quitter "
                              "l'état « préparée ».")
    assert fastt.peut_envoyer(consent) is False


def test_sending_cannot_predate_the_consent():
    with pytest.raises(ValidationError) as err:
        step("preparee", "envoyee", when=date(2025, 3, 2), date_precedente=date(2025, 3, 1))
    assert "antérieure au consentement" in err.value.problems["date"]


def test_synthesis_needs_consent_to_its_return():
    no_return = Consent(True, date(2025, 3, 3), "C. M.", True, False)
    with pytest.raises(TransitionError) as err:
        step("entretien_realise", "synthese_recue", consent=no_return)
    assert "retour de la synthèse" in str(err.value)
    # the referral can still be closed after the interview
    assert step("entretien_realise", "cloturee", consent=no_return).statut == "cloturee"


@pytest.mark.parametrize("text", [None, "", "   "])
def test_synthesis_needs_recommendations(text):
    with pytest.raises(ValidationError) as err:
        step("entretien_realise", "synthese_recue", recommandations=text)
    assert "Préconisations" in err.value.problems["recommandations"]


def test_synthesis_keeps_recommendations():
    got = step("entretien_realise", "synthese_recue", recommandations="  Mutuelle à mettre en place. ")
    assert got.recommandations == "Mutuelle à mettre en place."


def test_step_date_required():
    with pytest.raises(ValidationError) as err:
        step("envoyee", "injoignable", when=None)
    assert err.value.problems["date"] == "Date de l'étape : obligatoire."


def test_step_date_not_in_the_future():
    with pytest.raises(ValidationError) as err:
        step("envoyee", "injoignable", when=date(2025, 3, 11))
    assert "futur" in err.value.problems["date"]
    assert step("envoyee", "injoignable", when=TODAY).date == TODAY


def test_step_date_not_before_previous_step():
    with pytest.raises(ValidationError) as err:
        step("envoyee", "entretien_realise", when="03/03/2025", date_precedente=date(2025, 3, 4))
    assert "antérieure à l'étape précédente (04/03/2025)" in err.value.problems["date"]
    assert step("envoyee", "entretien_realise", when="04/03/2025").date == date(2025, 3, 4)


# ---------------------------------------------------------------- reminders and SOS


@pytest.mark.parametrize("statut, days, due", [
    ("envoyee", 9, False), ("envoyee", 10, True), ("entretien_realise", 15, True),
    ("preparee", 30, False), ("injoignable", 30, False), ("synthese_recue", 30, False),
    ("cloturee", 30, False),
])
def test_relance_due(statut, days, due):
    last = date(2025, 3, 1)
    assert relance_due(statut, last, last + timedelta(days=days)) is due


def test_relance_custom_delay_and_invalid_delay():
    assert relance_due("envoyee", date(2025, 3, 1), date(2025, 3, 4), jours=3)
    with pytest.raises(DomainError):
        relance_due("envoyee", date(2025, 3, 1), date(2025, 3, 4), jours=0)


def test_sos_deadline_is_48_hours():
    assert echeance_sos(datetime(2025, 3, 7, 16, 30)) == datetime(2025, 3, 9, 16, 30)
    assert echeance_sos(date(2025, 2, 27)) == date(2025, 3, 1)


def test_sos_late_only_for_urgent_referrals_still_sent():
    sent = date(2025, 3, 7)
    assert not sos_en_retard(True, "envoyee", sent, date(2025, 3, 9))
    assert sos_en_retard(True, "envoyee", sent, date(2025, 3, 10))
    assert not sos_en_retard(False, "envoyee", sent, date(2025, 3, 10))
    assert not sos_en_retard(True, "entretien_realise", sent, date(2025, 3, 10))


# ---------------------------------------------------------------- fiche and e-mail


def make_fiche(**kw):
    data = validate_referral(referral(**kw), TODAY)
    return fiche_fastt_fields(JEUNE, data, CONSENT, CONSEILLER)


def test_fiche_holds_only_what_fastt_needs():
    fiche = make_fiche()
    assert (fiche.nom, fiche.prenom, fiche.commune) == ("DURAND", "Léa", "ALBI")
    assert fiche.date_naissance == date(2005, 6, 1)
    assert fiche.conseiller_nom == "Claire Martin"
    assert [(b.categorie, b.besoin, b.detail) for b in fiche.besoins] == [
        ("Mobilité", "Permis de conduire", "Code obtenu, pas de financement"),
        ("Santé", "Mutuelle / complémentaire santé", None)]
    everything = repr(fiche) + repr(fiche_lignes(fiche))
    for secret in ("SECRET", "3 rue des Lilas", "NV5", "rqth"):
        assert secret not in everything
    assert not hasattr(fiche, "notes") and not hasattr(fiche, "adresse")


def test_fiche_refused_without_consent():
    data = validate_referral(referral(), TODAY)
    with pytest.raises(DomainError) as err:
        fiche_fastt_fields(JEUNE, data, Consent(donne=False), CONSEILLER)
    assert err.value.field == "consentement"


def test_fiche_needs_a_way_to_reach_the_young_person():
    data = validate_referral(referral(preference_contact="sms"), TODAY)
    with pytest.raises(ValidationError) as err:
        fiche_fastt_fields(JEUNE | {"telephone": None}, data, CONSENT, CONSEILLER)
    assert "SMS" in err.value.problems["telephone"]
    data = validate_referral(referral(preference_contact="email"), TODAY)
    with pytest.raises(ValidationError) as err:
        fiche_fastt_fields(JEUNE | {"email": ""}, data, CONSENT, CONSEILLER)
    assert "email" in err.value.problems


def test_fiche_needs_adviser_email_when_synthesis_comes_back():
    data = validate_referral(referral(), TODAY)
    with pytest.raises(ValidationError) as err:
        fiche_fastt_fields(JEUNE, data, CONSENT, CONSEILLER | {"email": None})
    assert "synthèse" in err.value.problems["conseiller_email"]


def test_fiche_lines_are_french_and_complete():
    rows = dict(fiche_lignes(make_fiche(urgence_sos=True)))
    assert rows["Date de naissance"] == "01/06/2005"
    assert rows["Début de mission prévu"] == "17/03/2025"
    assert rows["Urgence (logique SOS, 48 h)"] == "Oui"
    assert rows["Préférence de contact"] == "Téléphone"
    assert rows["Besoin — Mobilité"] == "Permis de conduire : Code obtenu, pas de financement"


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def test_email_draft_parses_back_with_the_pdf():
    raw = email_draft(make_fiche(), PDF, "Fiche FASTT Léa DURAND.pdf", "pci@fastt.org",
                      "Claire Martin <c.martin@ml81.fr>", date_message=datetime(2025, 3, 10, 9, 0))
    assert b"\r\n" in raw
    msg = parse(raw)
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == "pci@fastt.org"
    assert msg["From"].addresses[0].addr_spec == "c.martin@ml81.fr"
    assert msg["Subject"] == "Point Conseils Intérimaire – Mission Jeunes – Léa DURAND"
    assert msg["Date"].datetime == datetime(2025, 3, 10, 9, 0)
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Point Conseils Intérimaire de Léa DURAND" in body
    assert "03/03/2025" in body
    assert "SECRET" not in raw.decode("ascii", "replace")
    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1
    part = attachments[0]
    assert part.get_content_type() == "application/pdf"
    assert part.get_filename() == "Fiche FASTT Léa DURAND.pdf"
    assert part.get_content() == PDF


def test_email_draft_marks_sos_and_refused_synthesis():
    consent = Consent(True, date(2025, 3, 3), "C. Martin", True, False)
    data = validate_referral(referral(urgence_sos=True), TODAY)
    fiche = fiche_fastt_fields(JEUNE, data, consent, CONSEILLER)
    msg = parse(email_draft(fiche, PDF, "fiche", "pci@fastt.org", "c.martin@ml81.fr"))
    assert msg["Subject"].startswith("[SOS 48 h] ")
    assert msg["Date"] is None
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "48 heures" in body
    assert "pas donné son accord pour le retour de la synthèse" in body
    assert next(msg.iter_attachments()).get_filename() == "fiche.pdf"


@pytest.mark.parametrize("to, from_, field", [
    ("pas-une-adresse", "c.martin@ml81.fr", "to"),
    ("pci@fastt.org\r\nBcc: x@y.fr", "c.martin@ml81.fr", "to"),
    ("pci@fastt.org", "", "from_"),
])
def test_email_draft_refuses_bad_addresses(to, from_, field):
    with pytest.raises(DomainError) as err:
        email_draft(make_fiche(), PDF, "f.pdf", to, from_)
    assert err.value.field == field


def test_email_draft_refuses_a_non_pdf_attachment():
    with pytest.raises(DomainError) as err:
        email_draft(make_fiche(), b"<html>", "f.pdf", "pci@fastt.org", "c.martin@ml81.fr")
    assert err.value.field == "pdf"


def test_email_draft_strips_directories_from_the_attachment_name():
    msg = parse(email_draft(make_fiche(), PDF, "../../etc/fiche.pdf", "pci@fastt.org", "c.martin@ml81.fr"))
    assert next(msg.iter_attachments()).get_filename() == "fiche.pdf"
