"""Agences d'emploi, conventions (renewal arithmetic surfaced by the service) and orientations."""

from __future__ import annotations

import io
from datetime import date

import pytest

from milo_desktop.domain.errors import DomainError, ValidationError
from milo_desktop.domain.interim import DelegationInput
from milo_desktop.services.agences import AgenceInput

from .test_fastt_service import journal_notes, make_jeune


def agence(services, nom="Interim Services Foix", **kw):
    return services.agences.save_agence(AgenceInput(nom=nom, **kw))


def test_agency_is_validated_in_french_and_nothing_saved(services):
    with pytest.raises(ValidationError) as err:
        services.agences.save_agence(AgenceInput(nom=" ", siret="73282932000075", code_postal="9000",
                                                 contact_telephone="12", contact_email="pas-un-mail"))
    assert set(err.value.problems) == {"nom", "siret", "code_postal", "contact_telephone", "contact_email"}
    assert "clé de contrôle" in err.value.problems["siret"]
    assert services.agences.agences() == []


def test_agency_is_normalised_and_carries_its_referent(services, ref_data):
    alice = ref_data["users"]["conseiller"]
    a = agence(services, reseau="Adecco", siret="732 829 320 00074", contact_telephone="06 12 34 56 78",
               contact_email="Foix@Agence.FR", referent_id=alice.id)
    assert (a.siret, a.contact_telephone, a.contact_email) == ("73282932000074", "+33612345678", "Foix@agence.fr")
    assert a.referent_nom == "Alice DURAND" and a.convention is None
    edited = services.agences.save_agence(AgenceInput(nom="Interim Services Pamiers"), a.id, a.version)
    assert [x.nom for x in services.agences.agences()] == ["Interim Services Pamiers"]
    assert edited.referent_id is None


def test_siret_is_unique(services):
    agence(services, siret="73282932000074")
    with pytest.raises(ValidationError, match="déjà utilisé par l'agence « Interim Services Foix »"):
        agence(services, "Autre agence", siret="73282932000074")


def test_renewal_arithmetic_is_surfaced(services):
    """Signed 15/01/2024 for 2 years: initial term ends 15/01/2026, tacitly renewed, next anniversary
    15/01/2027, last day to denounce 15/12/2026 — within the 45-day warning on 24/11/2026."""
    a = agence(services)
    c = services.agences.save_convention(a.id, "15/01/2024", 2)
    assert (c.echeance_initiale, c.prochain_anniversaire, c.date_limite_denonciation) == (
        date(2026, 1, 15), date(2027, 1, 15), date(2026, 12, 15))
    assert c.active and c.alerte and c.date_fin is None
    assert c.etat == "À renouveler : dénonciation possible jusqu'au 15/12/2026"
    assert [x.id for x in services.agences.renouvellements()] == [c.id]
    assert services.agences.agence(a.id).convention == c


def test_no_warning_during_the_initial_term_or_out_of_the_window(services):
    a = agence(services)
    initial = services.agences.save_convention(a.id, "01/06/2025", 3)
    assert initial.etat == "En cours jusqu'au 01/06/2028" and not initial.alerte
    leap = services.agences.save_convention(a.id, "29/02/2024", 1)
    assert (leap.prochain_anniversaire, leap.date_limite_denonciation) == (date(2027, 2, 28), date(2027, 1, 28))
    assert not leap.alerte and leap.etat.startswith("Reconduite tacitement")
    services.ctx.today = lambda: date(2026, 12, 14)
    assert [c.id for c in services.agences.renouvellements()] == [leap.id]
    services.settings.set("conventions.alerte_jours", 30)
    assert services.agences.renouvellements() == []


def test_a_renewal_date_that_cannot_exist_is_refused(services):
    a = agence(services)
    with pytest.raises(ValidationError) as err:
        services.agences.save_convention(a.id, "31/02/2026", "0")
    assert "cette date n'existe pas" in err.value.problems["date_signature"]
    assert "de 1 à 10" in err.value.problems["duree_annees"]
    with pytest.raises(ValidationError, match="dans le futur"):
        services.agences.save_convention(a.id, "01/12/2026", 3)
    assert services.agences.conventions(a.id) == []


def test_denunciation_ends_the_convention_at_the_right_anniversary(services):
    a = agence(services)
    c = services.agences.save_convention(a.id, "15/01/2024", 2)
    c = services.agences.denoncer(c.id)  # 24/11/2026: in time for 15/01/2027
    assert (c.date_denonciation, c.date_fin) == (date(2026, 11, 24), date(2027, 1, 15))
    assert c.active and not c.alerte and c.etat == "Dénoncée : fin le 15/01/2027"
    assert services.agences.renouvellements() == []
    with pytest.raises(DomainError, match="déjà dénoncée"):
        services.agences.denoncer(c.id)
    late = services.agences.save_convention(a.id, "01/12/2023", 1, "15/11/2026")  # notice missed for 01/12/2026
    assert late.date_fin == date(2027, 12, 1)
    services.ctx.today = lambda: date(2027, 1, 15)
    assert services.agences.convention(c.id).etat == "Terminée le 15/01/2027"


def test_agency_in_use_cannot_be_deleted(services):
    a, b = agence(services), agence(services, "Agence sans historique")
    services.agences.save_convention(b.id, "01/01/2025", 2)
    jeune = make_jeune(services)
    services.interim.save_delegation(jeune, a.id, DelegationInput("02/03/2026", "06/03/2026", "35", "mission"))
    with pytest.raises(DomainError, match="ne peut pas être supprimée"):
        services.agences.delete_agence(a.id)
    services.agences.delete_agence(b.id)
    assert [x.nom for x in services.agences.agences()] == ["Interim Services Foix"]
    assert services.agences.conventions() == []


def test_orientation_is_written_in_the_journal(services):
    a, jeune = agence(services), make_jeune(services)
    o = services.agences.orienter(jeune, a.id, "10/11/2026")
    assert (o.date, o.agence_nom) == (date(2026, 11, 10), "Interim Services Foix")
    assert journal_notes(services, jeune) == ["Orientation vers l'agence d'emploi Interim Services Foix"]
    with pytest.raises(ValidationError, match="dans le futur"):
        services.agences.orienter(jeune, a.id, "25/11/2026")
    services.agences.delete_orientation(o.id)
    assert services.agences.orientations(jeune) == [] and journal_notes(services, jeune) == []


def test_convention_pdf_is_filled_with_both_parties(services, ref_data):
    from pypdf import PdfReader
    services.settings.set("organisation.representant", "Mme Claire Dubois, présidente")
    a = agence(services, reseau="Adecco", siret="73282932000074", adresse="3 rue du Pont",
               code_postal="09000", commune="Foix", contact_nom="M. Paul Martin, directeur d'agence",
               referent_id=ref_data["users"]["conseiller"].id)
    c = services.agences.save_convention(a.id, "15/01/2024", 3)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(services.agences.convention_pdf(c.id))).pages)
    text = " ".join(text.split())
    for expected in ("CONVENTION DE PARTENARIAT", "La Mission Locale de Test", "Mme Claire Dubois, présidente",
                     "Référent emploi-alternance : Alice DURAND", "L'agence d'emploi Interim Services Foix (Adecco)",
                     "SIRET : 732 829 320 00074", "3 rue du Pont, 09000 Foix", "M. Paul Martin, directeur d'agence",
                     "pour une durée de 3 ans", "tacite reconduction", "Fait à Foix, le 15 janvier 2024"):
        assert expected in text, expected
