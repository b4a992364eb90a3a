"""Employers: SIRET/SIREN/NAF checks, code lists, validation of an employer and a contact."""

from __future__ import annotations

import pytest
from stdnum import luhn

from milo_desktop.domain.entreprises import (
    RESEAUX,
    TRANCHES_EFFECTIF,
    ContactInput,
    EntrepriseInput,
    check_code,
    format_siret,
    format_telephone,
    libelle,
    normalize_telephone,
    siren_of,
    validate_code_postal,
    validate_contact,
    validate_email,
    validate_entreprise,
    validate_naf,
    validate_siret,
)
from milo_desktop.domain.errors import DomainError, ValidationError


def make_siret(siren8: str, nic4: str) -> str:
    """A SIRET built the way INSEE does: a Luhn-valid SIREN, then the NIC and a Luhn key."""
    siren = siren8 + luhn.calc_check_digit(siren8)
    return siren + nic4 + luhn.calc_check_digit(siren + nic4)


# ---------------------------------------------------------------- SIRET


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("73282932000074", "73282932000074"),
        ("732 829 320 00074", "73282932000074"),
        ("  73282932000074 ", "73282932000074"),
        ("35600000000048", "35600000000048"),  # La Poste: its own rule, not Luhn
        (make_siret("12345678", "0001"), make_siret("12345678", "0001")),
        (make_siret("44282973", "0002"), make_siret("44282973", "0002")),
    ],
)
def test_valid_siret_is_returned_compact(raw, expected):
    assert validate_siret(raw) == expected


def test_generated_sirets_really_are_luhn_valid():
    number = make_siret("55242570", "0001")
    assert luhn.is_valid(number) and luhn.is_valid(number[:9])
    assert validate_siret(number) == number
    assert siren_of(number) == number[:9]


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("73282932000079", "clé de contrôle incorrecte"),
        ("73282932000075", "clé de contrôle incorrecte"),
        ("7328293200007", "14 chiffres attendus, 13 saisi(s)"),
        ("732829320000744", "14 chiffres attendus, 15 saisi(s)"),
        ("7328293200007A", "seuls des chiffres"),
        ("", "vide"),
        ("   ", "vide"),
    ],
)
def test_invalid_siret_is_refused_in_french(raw, fragment):
    with pytest.raises(DomainError) as err:
        validate_siret(raw)
    assert fragment in err.value.message
    assert err.value.message.startswith("SIRET")
    assert err.value.field == "siret"


def test_siren_is_the_first_nine_digits_of_a_valid_siret():
    assert siren_of("732 829 320 00074") == "732829320"
    with pytest.raises(DomainError):
        siren_of("73282932000079")


def test_format_siret_groups_digits():
    assert format_siret("73282932000074") == "732 829 320 00074"


# ---------------------------------------------------------------- NAF


@pytest.mark.parametrize("raw", ["6201Z", "62.01Z", "62.01z", " 62 01 Z ", "6201z"])
def test_naf_is_normalised(raw):
    assert validate_naf(raw) == "62.01Z"


def test_naf_keeps_other_codes():
    assert validate_naf("5610A") == "56.10A"
    assert validate_naf("01.11Z") == "01.11Z"


@pytest.mark.parametrize("raw", ["620Z", "62.011", "ABCDE", "62-01Z", "62.01ZZ", "", "6201"])
def test_bad_naf_is_refused_with_the_expected_format(raw):
    with pytest.raises(DomainError) as err:
        validate_naf(raw)
    assert "62.01Z" in err.value.message
    assert err.value.message.startswith("Code NAF")
    assert err.value.field == "naf"


# ---------------------------------------------------------------- code lists


def test_tranches_effectif_codes_in_order():
    assert [c for c, _ in TRANCHES_EFFECTIF] == ["0", "1-9", "10-49", "50-249", "250-999", "1000+"]
    assert libelle(TRANCHES_EFFECTIF, "10-49") == "10 à 49 salariés"


def test_reseaux_cover_the_convention_networks():
    codes = [c for c, _ in RESEAUX]
    assert codes == ["prospection_ml", "medef", "ims", "agence_emploi", "france_travail", "autre"]
    assert len(set(codes)) == len(codes)
    assert libelle(RESEAUX, "ims") == "Entreprise partenaire IMS"


def test_libelle_of_unknown_and_empty_codes():
    assert libelle(RESEAUX, None) == ""
    assert libelle(RESEAUX, "zzz") == "zzz"


def test_check_code_accepts_listed_codes_and_refuses_others():
    assert check_code(RESEAUX, " medef ", "Réseau", "reseau") == "medef"
    assert check_code(RESEAUX, None, "Réseau", "reseau") is None
    with pytest.raises(DomainError) as err:
        check_code(RESEAUX, "syndicat", "Réseau", "reseau")
    assert "Réseau « syndicat »" in err.value.message
    assert "prospection_ml" in err.value.message
    assert err.value.field == "reseau"


# ---------------------------------------------------------------- address and contact parts


def test_code_postal_five_digits():
    assert validate_code_postal(" 31000 ") == "31000"
    assert validate_code_postal("97400") == "97400"
    for bad in ("3100", "310000", "31 000", "AB123"):
        with pytest.raises(DomainError) as err:
            validate_code_postal(bad)
        assert "5 chiffres" in err.value.message
    for unknown in ("20700", "97800", "98000"):
        with pytest.raises(DomainError) as err:
            validate_code_postal(unknown)
        assert "aucune commune" in err.value.message and "5 chiffres" not in err.value.message


@pytest.mark.parametrize(
    "raw, e164",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("05.61.12.34.56", "+33561123456"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0692 12 34 56", "+262692123456"),  # La Réunion: refused by region FR alone
        ("0590 12 34 56", "+590590123456"),  # Guadeloupe
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_telephone_is_stored_in_e164(raw, e164):
    assert normalize_telephone(raw) == e164


@pytest.mark.parametrize("raw", ["12", "abc", "06 12 34", "+33 1"])
def test_bad_telephone_is_refused(raw):
    with pytest.raises(DomainError) as err:
        normalize_telephone(raw, "contact_telephone")
    assert err.value.message.startswith("Téléphone")
    assert err.value.field == "contact_telephone"


def test_telephone_display():
    assert format_telephone("+33612345678") == "06 12 34 56 78"
    assert format_telephone("+262692123456") == "0692 12 34 56"
    assert format_telephone("+442079460958") == "+44 20 7946 0958"
    assert format_telephone(None) == ""


def test_email():
    assert validate_email(" Rh@Entreprise.FR ") == "Rh@entreprise.fr"
    for bad in ("rh", "rh@", "rh@entreprise", "r h@x.fr", "a@b@c.fr"):
        with pytest.raises(DomainError) as err:
            validate_email(bad)
        assert err.value.message.startswith("E-mail")


# ---------------------------------------------------------------- employer


def test_valid_employer_is_cleaned_and_normalised():
    data = EntrepriseInput(
        raison_sociale="  Boulangerie Dupont ", siret="732 829 320 00074", naf="1071c",
        effectif="1-9", adresse=" 3 rue des Lilas ", code_postal="31000", commune="Toulouse",
        reseau="prospection_ml", notes="  ",
    )
    result = validate_entreprise(data)
    assert result == EntrepriseInput(
        raison_sociale="Boulangerie Dupont", siret="73282932000074", naf="10.71C",
        effectif="1-9", adresse="3 rue des Lilas", code_postal="31000", commune="Toulouse",
        reseau="prospection_ml", notes=None,
    )


def test_siret_and_other_fields_are_optional():
    result = validate_entreprise(EntrepriseInput(raison_sociale="Garage Martin", siret="  "))
    assert result.siret is None and result.naf is None and result.code_postal is None


def test_all_employer_problems_are_reported_at_once():
    data = EntrepriseInput(
        raison_sociale=" ", siret="73282932000079", naf="62-01", effectif="5000",
        code_postal="3100", reseau="club",
    )
    with pytest.raises(ValidationError) as err:
        validate_entreprise(data)
    problems = err.value.problems
    assert set(problems) == {"raison_sociale", "siret", "naf", "effectif", "code_postal", "reseau"}
    assert problems["raison_sociale"] == "Raison sociale : champ obligatoire."
    assert "clé de contrôle" in problems["siret"]
    assert "Code NAF" in problems["naf"]
    assert "Tranche d'effectif « 5000 »" in problems["effectif"]
    assert "Code postal « 3100 »" in problems["code_postal"]
    assert err.value.field == "raison_sociale"


def test_employer_is_frozen():
    data = EntrepriseInput(raison_sociale="X")
    with pytest.raises(AttributeError):
        data.raison_sociale = "Y"  # type: ignore[misc]


# ---------------------------------------------------------------- contact


def test_valid_contact():
    result = validate_contact(ContactInput(nom=" Mme Durand ", fonction="DRH",
                                           telephone="06 12 34 56 78", email=" "))
    assert result == ContactInput(nom="Mme Durand", fonction="DRH",
                                  telephone="+33612345678", email=None)


def test_contact_needs_a_name_and_a_way_to_reach_them():
    with pytest.raises(ValidationError) as err:
        validate_contact(ContactInput(nom="", fonction="Gérant"))
    assert set(err.value.problems) == {"nom", "telephone"}
    assert "au moins un téléphone ou un e-mail" in err.value.problems["telephone"]


def test_contact_reports_bad_phone_and_email():
    with pytest.raises(ValidationError) as err:
        validate_contact(ContactInput(nom="Durand", telephone="12", email="durand"))
    assert set(err.value.problems) == {"telephone", "email"}


def test_siret_whose_siren_key_is_wrong_is_refused():
    siren = "12345678" + str((int(luhn.calc_check_digit("12345678")) + 1) % 10)
    number = siren + "0001" + luhn.calc_check_digit(siren + "0001")
    assert luhn.is_valid(number) and not luhn.is_valid(siren)
    with pytest.raises(DomainError) as err:
        validate_siret(number)
    assert "clé de contrôle" in err.value.message
