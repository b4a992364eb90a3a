"""Reference data: validation in French, uniqueness, optimistic locking."""

from __future__ import annotations

import pytest
from datetime import date

from milo_desktop.domain import referentiel as ref
from milo_desktop.domain.errors import ConflictError, ValidationError


def test_organisation_defaults_to_france_travail(bare_services):
    saved = bare_services.settings.save_organisation(ref.OrganisationInput(nom="ML du Lot"), None)
    assert saved.fields.libelle_service_emploi == "France Travail"
    assert bare_services.settings.service_emploi_label() == "France Travail"


def test_organisation_validation_names_each_field(bare_services):
    with pytest.raises(ValidationError) as err:
        bare_services.settings.save_organisation(
            ref.OrganisationInput(nom=" ", code_postal="9100", email="pas-un-mail", departement="999"), None)
    assert set(err.value.problems) == {"nom", "code_postal", "email", "departement"}
    assert "5 chiffres" in err.value.problems["code_postal"]
    assert bare_services.settings.organisation().id is None  # nothing saved


def test_conflicting_concurrent_edit_is_refused(bare_services):
    s = bare_services.settings
    first = s.save_organisation(ref.OrganisationInput(nom="ML A"), None)
    s.save_organisation(ref.OrganisationInput(nom="ML B"), first.version)  # someone else saved
    with pytest.raises(ConflictError, match="modifiée par quelqu'un d'autre"):
        s.save_organisation(ref.OrganisationInput(nom="ML C"), first.version)
    assert s.organisation().fields.nom == "ML B"


def test_records_carry_author_and_timestamps(services, store):
    from sqlalchemy import select
    from milo_desktop.persistence.models import Site
    services.settings.save_site(ref.SiteInput("Point d'accueil de Lavelanet", "point_accueil"))
    with store.read() as s:
        site = s.scalars(select(Site).where(Site.nom.like("Point%"))).one()
        assert site.created_by == "Alice DURAND"
        assert site.created_at is not None and site.version == 1


def test_site_name_unique_case_insensitive(services):
    with pytest.raises(ValidationError, match="déjà"):
        services.settings.save_site(ref.SiteInput("siège", "siege"))


def test_user_email_unique_and_role_checked(services):
    with pytest.raises(ValidationError, match="déjà utilisée"):
        services.settings.save_utilisateur(ref.UtilisateurInput("X", "Y", "alice@ml-test.fr"))
    with pytest.raises(ValidationError) as err:
        services.settings.save_utilisateur(ref.UtilisateurInput("X", "Y", "x@ml.fr", role="pirate"))
    assert "role" in err.value.problems


def test_user_update_with_stale_version_is_refused(services, ref_data):
    bruno = ref_data["users"]["conseiller2"]
    data = ref.UtilisateurInput("Petit", "Bruno", "bruno@ml-test.fr", "direction")
    services.settings.save_utilisateur(data, bruno.id, bruno.version)
    with pytest.raises(ConflictError):
        services.settings.save_utilisateur(data, bruno.id, bruno.version)


def test_parameters_round_trip(bare_services):
    bare_services.settings.set("cotraitance.relance_jours", 9)
    assert bare_services.settings.get("cotraitance.relance_jours") == 9
    assert bare_services.settings.get("absent", "défaut") == "défaut"


def test_preferences_have_defaults_and_are_validated_together(bare_services):
    s = bare_services.settings
    assert s.preferences()["cotraitance.relance_jours"] == 7
    assert s.preferences()["fastt.relance_jours"] == 10
    with pytest.raises(ValidationError) as err:
        s.save_preferences({"cotraitance.relance_jours": "0", "fastt.email": "pas-une-adresse",
                            "fastt.relance_jours": "12"})
    assert set(err.value.problems) == {"cotraitance.relance_jours", "fastt.email"}
    assert s.preferences()["fastt.relance_jours"] == 10  # nothing saved
    s.save_preferences({"cotraitance.relance_jours": " 9 ", "fastt.email": "pci@fastt.example.org"})
    assert s.preferences()["cotraitance.relance_jours"] == 9
    assert s.get("fastt.email") == "pci@fastt.example.org"


def test_keeping_times_default_to_the_decree_and_a_low_one_is_warned(services):
    from milo_desktop.domain.retention import Durees
    from milo_desktop.domain.jeunes import JeuneInput
    s = services.settings
    assert s.durees() == Durees(28, 10, 1, 7)
    assert s.save_preferences({"conservation.age_jeune": "28", "conservation.audit_mois": "12"}) == ()
    warnings = s.save_preferences({"conservation.age_jeune": "26"})
    assert len(warnings) == 1 and "en dessous du minimum légal (28)" in warnings[0]
    assert s.durees().age_jeune == 26  # saved all the same: the DPO decides
    # the job follows the setting
    j = services.jeunes.create(JeuneInput(nom="Roux", prenom="Léa", sexe="F", date_naissance="25/11/2000"))
    services.ctx.today = lambda: date(2026, 11, 25)
    assert services.maintenance.echus().ids == (j.id,)
    s.save_preferences({"conservation.age_jeune": "28"})
    assert services.maintenance.echus().count == 0
