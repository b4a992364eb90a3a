"""Rules of the young person's file (domain.md §2)."""

from dataclasses import replace
from datetime import date

import pytest

from milo_desktop.domain import jeunes as j
from milo_desktop.domain.errors import DomainError, ValidationError

TODAY = date(2026, 5, 15)


def valid_input(**changes) -> j.JeuneInput:
    base = j.JeuneInput(
        nom="dupont", prenom="léa", sexe="F", date_naissance="14/03/2004",
        code_postal="31000", commune="toulouse", telephone="06 12 34 56 78",
        email="Lea.Dupont@Example.fr", identifiant_ft="1234567a",
    )
    return replace(base, **changes)


# --- code lists -----------------------------------------------------------------------------

@pytest.mark.parametrize("codes", [j.SEXES, j.NIVEAUX_FORMATION, j.HEBERGEMENTS, j.PROGRAMMES,
                                   j.EVENEMENT_TYPES, j.MODALITES, j.STATUTS_RDV])
def test_code_lists_have_unique_codes_and_labels(codes):
    assert len({c for c, _ in codes}) == len(codes)
    assert all(isinstance(lbl, str) and lbl for _, lbl in codes)


def test_code_lists_contents():
    assert [c for c, _ in j.NIVEAUX_FORMATION] == [
        "AFS", "CP4", "CFG", "C3A", "C12", "NV5", "NV4", "NV3", "NV2", "NV1"]
    assert [c for c, _ in j.PROGRAMMES] == ["CEJ", "PACEA", "PPAE", "AUTRE"]
    assert len(j.HEBERGEMENTS) == 7 and len(j.EVENEMENT_TYPES) == 9
    assert [c for c, _ in j.STATUTS_RDV] == ["planifie", "present", "absent", "annule", "reporte"]


def test_label():
    assert j.label(j.NIVEAUX_FORMATION, "NV5") == "CAP, BEP"
    assert j.label(j.PROGRAMMES, "PPAE") == "Cotraitance PPAE"
    assert j.label(j.EVENEMENT_TYPES, "entretien_individuel") == "Entretien individuel"
    assert j.label(j.SEXES, None) == ""
    assert j.label(j.SEXES, "X") == "X"


def test_check_code():
    assert j.check_code(j.MODALITES, " visio ", "modalite", "Modalité") == "visio"
    assert j.check_code(j.MODALITES, "", "modalite", "Modalité") is None
    with pytest.raises(DomainError) as err:
        j.check_code(j.MODALITES, "fax", "modalite", "Modalité")
    assert err.value.field == "modalite" and "fax" in err.value.message


# --- identifiant France Travail -------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("1234567a", "1234567A"), (" 1234 567 A ", "1234567A"), ("ab12cd34", "AB12CD34"),
    ("12345678", "12345678"), (None, None), ("  ", None),
])
def test_identifiant_ft_valid(raw, expected):
    assert j.validate_identifiant_ft(raw) == expected


@pytest.mark.parametrize("raw", ["1234567", "123456789", "1234567-A", "1234567É"])
def test_identifiant_ft_invalid(raw):
    with pytest.raises(DomainError) as err:
        j.validate_identifiant_ft(raw)
    assert err.value.field == "identifiant_ft"
    assert "Identifiant France Travail" in err.value.message


# --- phone ----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("06 12 34 56 78", "+33612345678"),
    ("01.23.45.67.89", "+33123456789"),
    ("+33 6 12 34 56 78", "+33612345678"),
    ("0033612345678", "+33612345678"),
    ("0692 12 34 56", "+262692123456"),   # La Réunion: invalid for region FR
    ("0590 12 34 56", "+590590123456"),   # Guadeloupe
    ("0694 20 12 34", "+594694201234"),   # Guyane
    ("+32 470 12 34 56", "+32470123456"),  # abroad, international form
    ("", None),
])
def test_phone_valid(raw, expected):
    assert j.validate_phone(raw) == expected


@pytest.mark.parametrize("raw", ["0123", "06 12 34 56", "abc", "+33 6 12"])
def test_phone_invalid(raw):
    with pytest.raises(DomainError) as err:
        j.validate_phone(raw)
    assert err.value.field == "telephone" and "Téléphone" in err.value.message


def test_format_phone():
    assert j.format_phone("+33612345678") == "06 12 34 56 78"
    assert j.format_phone("+262692123456") == "0692 12 34 56"
    assert j.format_phone("+32470123456").startswith("+32")
    assert j.format_phone(None) == ""


# --- e-mail, postcode -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    (" Lea.Dupont@Example.FR ", "lea.dupont@example.fr"),
    ("a+b@sub.domaine-x.org", "a+b@sub.domaine-x.org"), (None, None),
])
def test_email_valid(raw, expected):
    assert j.validate_email(raw) == expected


@pytest.mark.parametrize("raw", ["lea", "lea@", "@x.fr", "lea@x", "lea dupont@x.fr", "a..b@x.fr",
                                 "lea@-x.fr", "lea@x.f"])
def test_email_invalid(raw):
    with pytest.raises(DomainError) as err:
        j.validate_email(raw)
    assert err.value.field == "email"


@pytest.mark.parametrize("raw, expected", [
    ("31000", "31000"), (" 09 000 ", "09000"), ("20000", "20000"), ("97400", "97400"),
    ("97600", "97600"), ("98800", "98800"), ("01000", "01000"), (None, None),
])
def test_code_postal_valid(raw, expected):
    assert j.validate_code_postal(raw) == expected


@pytest.mark.parametrize("raw", ["3100", "310000", "2A000", "3I000"])
def test_code_postal_invalid(raw):
    with pytest.raises(DomainError) as err:
        j.validate_code_postal(raw)
    assert err.value.field == "code_postal" and "5 chiffres" in err.value.message


@pytest.mark.parametrize("raw", ["00100", "96000", "99000", "20700", "97800", "98000"])
def test_code_postal_of_no_commune(raw):
    """Five digits no commune has: refused, and the message does not ask for 5 digits."""
    with pytest.raises(DomainError) as err:
        j.validate_code_postal(raw)
    assert err.value.field == "code_postal"
    assert "5 chiffres" not in err.value.message and "aucune commune" in err.value.message


# --- birth date and eligibility -------------------------------------------------------------

def test_naissance_parsed_and_checked():
    assert j.validate_naissance("14/03/2004", TODAY) == date(2004, 3, 14)
    assert j.validate_naissance(date(2004, 3, 14), TODAY) == date(2004, 3, 14)
    assert j.validate_naissance(TODAY, TODAY) == TODAY


@pytest.mark.parametrize("raw, words", [
    (None, "obligatoire"), ("16/05/2026", "futur"), ("01/01/1900", "invraisemblable"),
    ("31/02/2004", "n'existe pas"), ("2004", "format"),
])
def test_naissance_refused(raw, words):
    with pytest.raises(DomainError) as err:
        j.validate_naissance(raw, TODAY)
    assert words in err.value.message


def test_age_eligible_bounds():
    born = date(2000, 6, 15)
    assert j.check_age_eligible(born, date(2016, 6, 15)) == 16
    assert j.check_age_eligible(born, date(2026, 6, 14)) == 25  # day before the 26th birthday


def test_age_too_young_gives_age_and_date():
    with pytest.raises(DomainError) as err:
        j.check_age_eligible(date(2000, 6, 15), date(2016, 6, 14))
    assert "15 ans le 14/06/2016" in err.value.message
    assert "15/06/2016" in err.value.message and err.value.field == "date_naissance"


def test_age_26_refused_on_birthday():
    with pytest.raises(DomainError) as err:
        j.check_age_eligible(date(2000, 6, 15), date(2026, 6, 15))
    assert "26 ans le 15/06/2026" in err.value.message and "16 à 25 ans révolus" in err.value.message


def test_age_leap_day_birth():
    born = date(2000, 2, 29)
    assert j.check_age_eligible(born, date(2026, 2, 28)) == 25
    with pytest.raises(DomainError) as err:
        j.check_age_eligible(born, date(2026, 3, 1))
    assert "01/03/2026" in err.value.message


# --- names and duplicates -------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("  de la   tour ", "DE LA TOUR"), ("Lefèvre", "LEFÈVRE"), ("d'Artois-Martin", "D'ARTOIS-MARTIN"),
])
def test_normalize_nom(raw, expected):
    assert j.normalize_nom(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("jean-pierre", "Jean-Pierre"), ("MARIE ÉLODIE", "Marie Élodie"), ("o'neil", "O'Neil"),
    ("McKenzie", "McKenzie"), ("  léa  ", "Léa"),
])
def test_normalize_prenom(raw, expected):
    assert j.normalize_prenom(raw) == expected


@pytest.mark.parametrize("raw", ["Dupont2", "Du_pont", "-Dupont", "x" * 101])
def test_name_refused(raw):
    with pytest.raises(DomainError) as err:
        j.normalize_nom(raw)
    assert err.value.field == "nom"


def test_name_required_or_optional():
    with pytest.raises(DomainError, match="Nom : obligatoire"):
        j.normalize_nom("  ")
    assert j.normalize_nom(None, "nom_usage", "Nom d'usage", required=False) is None


def test_duplicate_key_folds_accents_case_and_separators():
    born = date(2004, 3, 14)
    assert j.duplicate_key("Lefèvre", "Jean-Pierre", born) == j.duplicate_key("LEFEVRE", "jean pierre", born)
    assert j.duplicate_key("Lefèvre", "Léa", born) != j.duplicate_key("Lefèvre", "Léa", date(2004, 3, 15))
    assert j.duplicate_key("Œuvre", "Zoé", born) == ("oeuvre", "zoe", born)


# --- flags ----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    (True, True), (False, False), (None, None), ("oui", True), ("NON", False), ("1", True),
    ("0", False), ("", None),
])
def test_parse_flag(raw, expected):
    assert j.parse_flag(raw, "qpv", "Résidence QPV") is expected


def test_parse_flag_refused():
    with pytest.raises(DomainError, match="Résidence QPV « peut-être »"):
        j.parse_flag("peut-être", "qpv", "Résidence QPV")


# --- the whole file -------------------------------------------------------------------------

def test_validate_jeune_normalises_everything():
    data = valid_input(nom_usage="martin", adresse="  3  rue des Lilas ", niveau_formation="NV4",
                       hebergement="parents", date_inscription_ft="2025-09-01", qpv="oui", rqth=False,
                       sexe="f", numero_imilo=" 12345 ")
    out = j.validate_jeune(data, TODAY, creating=True)
    assert (out.nom, out.nom_usage, out.prenom, out.sexe) == ("DUPONT", "MARTIN", "Léa", "F")
    assert out.date_naissance == date(2004, 3, 14)
    assert out.date_inscription_ft == date(2025, 9, 1)
    assert (out.adresse, out.commune, out.code_postal) == ("3 rue des Lilas", "TOULOUSE", "31000")
    assert (out.telephone, out.email) == ("+33612345678", "lea.dupont@example.fr")
    assert (out.identifiant_ft, out.numero_imilo) == ("1234567A", "12345")
    assert (out.qpv, out.rqth, out.zrr) == (True, False, None)
    assert (out.niveau_formation, out.hebergement) == ("NV4", "parents")


def test_validate_jeune_collects_all_problems():
    data = valid_input(nom="", prenom="L3a", sexe="X", date_naissance="2030-01-01", code_postal="123",
                       telephone="0123", email="nope", identifiant_ft="123", niveau_formation="NV9",
                       hebergement="chateau", date_inscription_ft="01/01/2027", vehicule="bof")
    with pytest.raises(ValidationError) as err:
        j.validate_jeune(data, TODAY, creating=True)
    problems = err.value.problems
    assert set(problems) == {"nom", "prenom", "sexe", "date_naissance", "code_postal", "telephone",
                             "email", "identifiant_ft", "niveau_formation", "hebergement",
                             "date_inscription_ft", "vehicule"}
    assert problems["nom"] == "Nom : obligatoire."
    assert "futur" in problems["date_naissance"]


def test_validate_jeune_age_only_when_creating():
    old = valid_input(date_naissance="01/01/1995")
    with pytest.raises(ValidationError) as err:
        j.validate_jeune(old, TODAY, creating=True)
    assert "31 ans le 15/05/2026" in err.value.problems["date_naissance"]
    assert j.validate_jeune(old, TODAY, creating=False).date_naissance == date(1995, 1, 1)


def test_validate_jeune_inscription_before_birth():
    data = valid_input(date_inscription_ft="01/01/2000")
    with pytest.raises(ValidationError) as err:
        j.validate_jeune(data, TODAY, creating=False)
    assert "antérieure à la naissance" in err.value.problems["date_inscription_ft"]


def test_validate_jeune_minimal():
    data = j.JeuneInput(nom="Ba", prenom="Awa", sexe="F", date_naissance=date(2008, 1, 1))
    out = j.validate_jeune(data, TODAY, creating=True)
    assert out.telephone is None and out.identifiant_ft is None and out.nom == "BA"
