"""The offline communes / postcodes referential (domain.communes)."""

from __future__ import annotations

import gzip

import pytest

from milo_desktop.domain import communes
from milo_desktop.domain.errors import DomainError

REF = communes.referentiel()


@pytest.mark.parametrize("code, commune", [
    ("20000", "Ajaccio"), ("20200", "Bastia"), ("97400", "Saint-Denis"), ("97600", "Mamoudzou"),
    ("97100", "Basse-Terre"), ("97300", "Cayenne"), ("97200", "Fort-de-France"),
    ("09000", "Foix"), ("01000", "Bourg-en-Bresse"), ("75011", "Paris"), ("13001", "Marseille"),
])
def test_real_postcodes_and_their_communes(code, commune):
    assert communes.validate_code_postal(code) == code
    assert REF.pair_exists(code, commune)
    assert commune in REF.noms(code)


@pytest.mark.parametrize("code", ["20700", "97800", "98000", "00000", "96000", "99999"])
def test_postcodes_no_commune_has_are_refused_without_asking_for_five_digits(code):
    with pytest.raises(DomainError) as err:
        communes.validate_code_postal(code)
    assert "5 chiffres" not in err.value.message
    assert "aucune commune" in err.value.message and err.value.field == "code_postal"


@pytest.mark.parametrize("code", ["9000", "310000", "2A004", "AB123"])
def test_malformed_postcodes_ask_for_five_digits(code):
    with pytest.raises(DomainError) as err:
        communes.validate_code_postal(code)
    assert "5 chiffres" in err.value.message


@pytest.mark.parametrize("written", [
    "SAINT-JEAN-DU-FALGA", "St Jean du Falga", "saint jean du falga", "St-Jean-Du-Falga",
    "Saint Jean du Falga ", "ST JEAN DU FALGA CEDEX",
])
def test_pair_ignores_accents_case_hyphens_and_saint(written):
    assert REF.pair_exists("09100", written)
    assert communes.pair_warning("09100", written) is None


def test_pair_with_accents_and_trailing_article():
    assert REF.pair_exists("09210", "LEZAT SUR LEZE")
    assert REF.pair_exists("09130", "Fossat (Le)")
    assert REF.pair_exists("50100", "Cherbourg-Octeville")  # a commune déléguée's name


def test_pair_that_does_not_exist_is_a_warning_naming_the_postcode_communes():
    warning = communes.pair_warning("09000", "Pamiers")
    assert warning is not None and "09000" in warning and "Foix" in warning
    assert communes.pair_warning("09000", "") is None
    assert communes.pair_warning("20700", "Ajaccio") is None  # the postcode itself is refused


def test_search_by_department_postcode_and_name():
    ariege = REF.search("09")
    assert len(ariege) > 300 and {c.departement for c in ariege} == {"09"}
    assert {c.departement for c in REF.search("2A")} == {"2A"}
    assert "Pamiers" in [c.nom for c in REF.search("09100")]
    assert [c.nom for c in REF.search("pamie")] == ["Pamiers"]
    assert REF.resolve("09122", "insee") == ["09122"] and REF.resolve("2A004") == ["2A004"]
    assert "09225" in REF.resolve("09100") and REF.resolve("09100", "insee") == ["09100"]
    assert REF.resolve("20700") == [] and REF.resolve("09122", "postal") == []


def test_territory():
    territoire = frozenset(c.code_insee for c in REF.search("09"))
    assert REF.hors_territoire(territoire, "09100", "PAMIERS") is False
    assert REF.hors_territoire(territoire, "31000", "TOULOUSE") is True
    assert REF.hors_territoire(territoire, None, "TOULOUSE") is None
    assert REF.hors_territoire(frozenset(), "31000", "TOULOUSE") is None
    # a postcode shared by two departments: the commune named decides
    assert REF.hors_territoire(frozenset({"09185"}), "09270", "Mazères") is False


def test_data_file_is_small_and_sorted():
    path = communes.DATA_DIR / "communes.tsv.gz"
    assert path.stat().st_size < 1_500_000
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    codes = [line[:5] for line in lines]
    assert codes == sorted(codes) and all(len(line.split("\t")) == 5 for line in lines)
    assert (communes.DATA_DIR / "README.md").exists()


# --- every pair of the list, however it is written ----------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from milo_desktop.domain.text import fold  # noqa: E402

LINES = [c for found in REF.by_cp.values() for c in found]


def _as_written(nom: str, how: int) -> str:
    """How an adviser or a spreadsheet writes a commune: capitals, no accents, « St », spaces."""
    if how & 1:
        nom = nom.upper()
    if how & 2:
        nom = fold(nom)
    if how & 4:
        nom = nom.replace("-", " ").replace("'", " ")
    if how & 8:
        nom = " ".join("St" if w.lower() == "saint" else "Ste" if w.lower() == "sainte" else w
                       for w in nom.replace("-", " - ").split()).replace(" - ", "-")
    return nom


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(LINES), st.integers(0, 15))
def test_every_pair_of_the_list_is_found_however_written(line, how):
    written = _as_written(line.nom, how)
    assert REF.pair_exists(line.code_postal, written), written
    assert communes.pair_warning(line.code_postal, written) is None
    assert communes.validate_code_postal(line.code_postal) == line.code_postal


def test_every_postcode_field_uses_the_list():
    """Young people, employers and agencies, offers' work place, the Mission Locale's sites."""
    from milo_desktop.domain import entreprises, jeunes, referentiel
    for check in (jeunes.validate_code_postal, entreprises.validate_code_postal,
                  referentiel.check_code_postal):
        assert check("97600") == "97600"
        with pytest.raises(DomainError) as err:
            check("97800")
        assert "aucune commune" in err.value.message
