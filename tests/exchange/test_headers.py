"""Header matching, the user's overrides, French value parsers, and the import templates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from milo_desktop.domain.dates import parse_date
from milo_desktop.domain.errors import DomainError
from milo_desktop.exchange.headers import (
    ColumnSpec,
    apply_mapping,
    header_index,
    mapped_values,
    match_headers,
    normalise,
    parse_bool_fr,
    parse_decimal_fr,
    parse_int_fr,
)
from milo_desktop.exchange.reading import read_table
from milo_desktop.exchange.templates import (
    SCHEMAS,
    schema,
    template_rows,
    template_sheets,
    template_text,
)

JEUNES = SCHEMAS["jeunes"]


@pytest.mark.parametrize("header, key", [
    ("Date de naissance", "datedenaissance"),
    (" date_naissance ", "datenaissance"),
    ("Né(e) le", "neele"),
    ("PRÉNOM", "prenom"),
    ("Identifiant Pôle-emploi", "identifiantpoleemploi"),
    ("N° SIRET", "nsiret"),
    ("Œuvre", "oeuvre"),
])
def test_normalise(header, key):
    assert normalise(header) == key


@pytest.mark.parametrize("header, name", [
    ("Date de naissance", "date_naissance"),
    ("date_naissance", "date_naissance"),
    ("DN", "date_naissance"),
    ("Né(e) le", "date_naissance"),
    ("NÉE LE", "date_naissance"),
    ("Date de naissance (jj/mm/aaaa)", "date_naissance"),
    ("Identifiant FT", "identifiant_ft"),
    ("identifiant France Travail", "identifiant_ft"),
    ("IDE", "identifiant_ft"),
    ("Identifiant Pôle emploi", "identifiant_ft"),
    ("identifiant pole-emploi", "identifiant_ft"),
    ("Code postal", "code_postal"),
    ("CP", "code_postal"),
    ("code_postal", "code_postal"),
    ("Prénom", "prenom"),
    ("prenom", "prenom"),
    ("  PRÉNOMS ", "prenom"),
    ("Prénom(s)", "prenom"),
    ("E-mail", "email"),
    ("Courriel", "email"),
    ("Nom *", "nom"),
])
def test_aliases_ignore_accents_case_spaces(header, name):
    assert match_headers([header], JEUNES).mapping == {header: name}


def test_match_reports_unknown_and_missing_required():
    result = match_headers(["NOM", "Couleur préférée", "ddn", "Prénoms", "Prénom"], JEUNES)
    assert result.mapping == {"NOM": "nom", "ddn": "date_naissance", "Prénoms": "prenom"}
    assert result.unknown == ["Couleur préférée", "Prénom"]  # a second header for one column
    assert result.missing_required == ["sexe"]
    assert not result.ok


def test_overrides_assign_ignore_and_release():
    result = match_headers(["Nom", "Prénom", "Naissance", "Genre", "Ville"], JEUNES)
    assert result.ok
    changed = apply_mapping(result, {"Ville": "adresse", "Naissance": None})
    assert changed.mapping == {"Nom": "nom", "Prénom": "prenom", "Genre": "sexe", "Ville": "adresse"}
    assert changed.unknown == ["Naissance"]
    assert changed.missing_required == ["date_naissance"]
    moved = apply_mapping(result, {"Ville": "nom"})  # "Nom" loses the column to "Ville"
    assert moved.mapping["Ville"] == "nom" and "Nom" in moved.unknown


def test_override_errors_are_french():
    result = match_headers(["Nom", "Surnom", "Alias"], JEUNES)
    with pytest.raises(DomainError, match="n'existe pas dans le fichier"):
        apply_mapping(result, {"Absente": "nom"})
    with pytest.raises(DomainError, match="n'est pas une colonne"):
        apply_mapping(result, {"Surnom": "pointure"})
    with pytest.raises(DomainError, match="associée à deux colonnes"):
        apply_mapping(result, {"Surnom": "prenom", "Alias": "prenom"})


def test_mapped_values():
    result = match_headers(["NOM", "Autre"], JEUNES)
    assert mapped_values({"NOM": "Zoé", "Autre": "x"}, result) == {"nom": "Zoé"}


def test_column_spec_kind_checked():
    with pytest.raises(ValueError):
        ColumnSpec("x", "X", kind="float")  # type: ignore[arg-type]


def test_header_index_refuses_a_key_claimed_twice():
    with pytest.raises(ValueError):
        header_index([ColumnSpec("a", "A", ("CP",)), ColumnSpec("b", "B", ("cp",))])


# --- values ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("oui", True), ("OUI", True), ("o", True), ("Vrai", True), ("1", True), ("x", True),
    ("X", True), ("yes", True), ("non", False), ("N", False), ("faux", False), ("0", False),
    ("no", False), ("", None), ("  ", None), (None, None),
])
def test_parse_bool_fr(text, value):
    assert parse_bool_fr(text) is value


def test_parse_bool_fr_refuses():
    with pytest.raises(DomainError, match="QPV « peut-être » : répondez oui ou non") as info:
        parse_bool_fr("peut-être", "QPV")
    assert info.value.field == "QPV"


@pytest.mark.parametrize("text, value", [
    ("1234", 1234), ("1 234", 1234), ("1\u00a0234", 1234), ("1\u202f234", 1234),
    ("-12", -12), ("\u221212", -12), ("+3", 3), ("12,0", 12), ("12.00", 12), ("", None),
])
def test_parse_int_fr(text, value):
    assert parse_int_fr(text) == value


@pytest.mark.parametrize("text", ["12,5", "douze", "1.234.567", "1e3", "--1"])
def test_parse_int_fr_refuses(text):
    with pytest.raises(DomainError, match="nombre entier attendu"):
        parse_int_fr(text, "durée")


@pytest.mark.parametrize("text, value", [
    ("5,26", "5.26"), ("5.26", "5.26"), ("5,26 %", "5.26"), ("5,26%", "5.26"),
    ("1 234,5", "1234.5"), ("1\u202f234,50", "1234.50"), ("1.234,56", "1234.56"),
    ("1,234.56", "1234.56"), ("-0,5", "-0.5"), (",5", "0.5"), ("1 900 €", "1900"), ("7", "7"),
])
def test_parse_decimal_fr(text, value):
    assert parse_decimal_fr(text) == Decimal(value)


@pytest.mark.parametrize("text", ["5,2,6", "1.234.567", "cinq", "NaN", "Infinity", "1,23.4.5", "%"])
def test_parse_decimal_fr_refuses(text):
    with pytest.raises(DomainError, match="nombre attendu"):
        parse_decimal_fr(text, "heures")


def test_parse_decimal_empty():
    assert parse_decimal_fr(" ") is None


# --- templates ------------------------------------------------------------------------------

def test_schemas_have_the_expected_columns():
    names = {kind: [c.name for c in cols] for kind, cols in SCHEMAS.items()}
    assert names["jeunes"][:3] == ["nom", "prenom", "date_naissance"]
    assert {"identifiant_ft", "criteres", "date_radiation", "referent"} <= set(names["jeunes"])
    assert {"raison_sociale", "siret", "naf", "contact_email"} <= set(names["entreprises"])
    assert {"intitule", "code_rome", "mrs", "siret", "entreprise"} <= set(names["offres"])
    for cols in SCHEMAS.values():
        header_index(cols)  # no alias claimed by two columns
        assert len({c.name for c in cols}) == len(cols)


@pytest.mark.parametrize("kind", ["jeunes", "entreprises", "offres"])
def test_template_reads_back_matches_and_parses(tmp_path, kind):
    """The printed template's first two lines, saved as a file, import cleanly."""
    text = template_text(kind)
    head = "".join(text.splitlines(keepends=True)[:2])
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(head.encode("cp1252"))  # as if saved by French Excel
    table = read_table(path)
    result = match_headers(table.headers, SCHEMAS[kind])
    assert result.ok and not result.unknown
    assert len(result.mapping) == len(SCHEMAS[kind])
    row = mapped_values(table.rows[0].values, result)
    for spec in SCHEMAS[kind]:
        assert _parse(spec.kind, row[spec.name]) is not None or not spec.required


def _parse(kind: str, text: str):
    parsers = {"date": parse_date, "int": parse_int_fr, "decimal": parse_decimal_fr,
               "bool": parse_bool_fr}
    return parsers.get(kind, lambda t: t or None)(text)


def test_template_text_documents_every_column():
    text = template_text("jeunes")
    assert text.splitlines()[0].startswith("Nom;Prénom;Date de naissance;")
    assert "#   Date de naissance — obligatoire — date au format jj/mm/aaaa" in text
    assert "#   Code postal — facultatif — 5 chiffres" in text
    assert "EXEMPLE" in text.splitlines()[1]
    for spec in SCHEMAS["jeunes"]:
        assert f"#   {spec.label} — " in text


def test_template_sheets_and_rows():
    headers, example = template_rows("offres")
    sheets = template_sheets("offres")
    assert sheets[0].headers == headers and list(sheets[0].rows) == [example]
    assert len(list(sheets[1].rows)) == len(SCHEMAS["offres"])


def test_unknown_kind():
    with pytest.raises(DomainError, match="Type d'import inconnu « stages »"):
        schema("stages")
