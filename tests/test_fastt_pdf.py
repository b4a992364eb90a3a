"""The FASTT referral sheet: it carries the needs and what the FASTT needs, never the journal's
notes nor the young person's situation; partner logos from settings, text when missing."""

from __future__ import annotations

import io
from datetime import date

import pytest

from milo_desktop.domain import fastt as ft
from milo_desktop.domain.errors import DomainError

from .conftest import TODAY
from .test_fastt_service import journal_notes, make_agence, make_jeune

SECRET_NOTES = ("Confie des violences conjugales, suivi psychologique en cours",
                "Dette de loyer de 2 300 euros, expulsion envisagée")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def referral(services):
    jeune = make_jeune(services, adresse="12 rue des Secrets", hebergement="chrs_urgence", rqth=True)
    from milo_desktop.services.events import record_event
    with services.ctx.store.write() as s:
        for note in SECRET_NOTES:
            record_event(s, jeune_id=jeune, when=date(2026, 11, 2), type="entretien_individuel",
                         author="Alice DURAND", note=note)
    r = services.fastt.prepare(jeune, ft.ReferralInput(
        besoins=(("sante.mutuelle", "Plus couverte depuis la fin des études"),
                 ("mobilite.location", "Mission à 35 km sans transport en commun"),
                 ("garde_enfants.creche", None)),
        urgence_sos=True, preference_contact="telephone", disponibilites="En semaine après 17 h",
        date_debut_mission=date(2026, 12, 1)), ft.Consent(True, TODAY, "Alice Durand", True, True),
        agence_id=make_agence(services))
    return r


def test_sheet_carries_the_needs_and_what_fastt_needs(services, referral):
    text = pdf_text(services.fastt.sheet_pdf(referral.id))
    for expected in ("Orientation vers le Point Conseils Intérimaire du FASTT", "URGENT",
                     "Mutuelle / complémentaire santé", "Plus couverte depuis la fin des études",
                     "Location de voiture ou deux-roues", "Mission à 35 km sans transport en commun",
                     "Crèche", "Garde d'enfants", "DUPONT", "Léa", "02/03/2005", "06 12 34 56 78",
                     "Interim Services Foix", "01/12/2026", "En semaine après 17 h",
                     f"Accord donné le {TODAY:%d/%m/%Y}", "Alice DURAND", "alice@ml-test.fr",
                     "Mission Locale de Test"):
        assert expected in text, expected


def test_sheet_never_carries_the_journal_notes_nor_the_situation(services, referral):
    services.fastt.advance(referral.id, "envoyee")
    text = pdf_text(services.fastt.sheet_pdf(referral.id))
    journal = journal_notes(services, referral.jeune_id)
    assert len(journal) == 4  # two interviews, the referral prepared and sent
    for note in journal:
        assert note not in text
    for secret in ("violences", "psychologique", "Dette de loyer", "12 rue des Secrets", "CHRS", "RQTH"):
        assert secret not in text


def test_no_sheet_without_consent(services):
    jeune = make_jeune(services)
    r = services.fastt.prepare(jeune, ft.ReferralInput((("budget", None),), preference_contact="telephone"),
                               ft.Consent())
    with pytest.raises(DomainError, match="Sans le consentement du jeune"):
        services.fastt.sheet_pdf(r.id)


def _logo(path, colour):
    from PIL import Image
    Image.new("RGB", (300, 120), colour).save(path)
    return str(path)


def test_partner_logos_come_from_settings_with_text_fallback(services, referral, tmp_path):
    from pypdf import PdfReader
    plain = services.fastt.sheet_pdf(referral.id)
    assert len(PdfReader(io.BytesIO(plain)).pages[0].images) == 0
    assert "page 1 Mission Locale de Test FASTT Orientation" in pdf_text(plain)  # names, not logos
    services.settings.set("logo.fastt", _logo(tmp_path / "fastt.png", "#e8833a"))
    services.settings.set("logo.mission_locale", str(tmp_path / "absent.png"))  # missing file: text
    one = PdfReader(io.BytesIO(services.fastt.sheet_pdf(referral.id)))
    assert len(one.pages[0].images) == 1 and "Mission Locale de Test" in one.pages[0].extract_text()
    services.settings.set("logo.mission_locale", _logo(tmp_path / "ml.png", "#1f3b63"))
    assert len(PdfReader(io.BytesIO(services.fastt.sheet_pdf(referral.id))).pages[0].images) == 2
