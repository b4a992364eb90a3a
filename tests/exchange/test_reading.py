"""read_table: every fixture is generated here, byte for byte, as Excel (or a person) writes it."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path

import pytest

from milo_desktop.domain.errors import DomainError
from milo_desktop.exchange.reading import (
    cell_text,
    detect_delimiter,
    ends_inside_quotes,
    iter_table,
    read_table,
)

HEADER = "Nom;Prénom;Date de naissance;Commune"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def values(table) -> list[dict[str, str]]:
    return [r.values for r in table.rows]


# --- encodings ------------------------------------------------------------------------------

def test_cp1252_semicolon_as_french_excel_writes_it(tmp_path):
    text = f"{HEADER}\r\nŒUVRE;Zoé;01/02/2005;Saint-Étienne\r\nCœur;Noël;2004-12-31;Béziers\r\n"
    table = read_table(write(tmp_path, "jeunes.csv", text.encode("cp1252")))
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.kind == "csv"
    assert table.headers == ["Nom", "Prénom", "Date de naissance", "Commune"]
    assert values(table)[0] == {"Nom": "ŒUVRE", "Prénom": "Zoé",
                                "Date de naissance": "01/02/2005", "Commune": "Saint-Étienne"}
    assert values(table)[1]["Nom"] == "Cœur"
    assert [r.line for r in table.rows] == [2, 3]


def test_cp1252_is_not_read_as_latin1(tmp_path):
    """latin-1 would turn 0x8C into a control character instead of Œ, and € into U+0080."""
    text = "Nom;Salaire\nŒdipe;1 900 €\n"
    table = read_table(write(tmp_path, "a.csv", text.encode("cp1252")))
    assert values(table) == [{"Nom": "Œdipe", "Salaire": "1 900 €"}]


def test_utf8_with_bom(tmp_path):
    text = f"{HEADER}\r\nÉloïse;Anaïs;03/04/2006;Pézenas\r\n"
    table = read_table(write(tmp_path, "a.csv", codecs.BOM_UTF8 + text.encode("utf-8")))
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "Nom"  # no BOM glued to the first header
    assert values(table)[0]["Prénom"] == "Anaïs"


def test_utf8_without_bom_comma_separated(tmp_path):
    text = "Nom,Prénom,Commune\nDurand,Jérôme,Agde\n"
    table = read_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert values(table) == [{"Nom": "Durand", "Prénom": "Jérôme", "Commune": "Agde"}]


def test_tab_separated_utf16_unicode_text(tmp_path):
    """Excel's « Texte Unicode (*.txt) »: UTF-16 LE with BOM, tab-separated."""
    text = "Nom\tPrénom\r\nŒuvre\tZoé\r\n"
    table = read_table(write(tmp_path, "a.txt", text.encode("utf-16")))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert values(table) == [{"Nom": "Œuvre", "Prénom": "Zoé"}]


# --- delimiters, quotes, lines --------------------------------------------------------------

@pytest.mark.parametrize("header, expected", [
    ("Nom;Prénom;Adresse, complément", ";"),
    ('Nom;"Ville, code";Prénom', ";"),
    ('Nom,"Prénom;Nom",Commune', ","),
    ("Nom\tPrénom\tCommune", "\t"),
    ("Nom", ";"),
])
def test_detect_delimiter_from_header(header, expected):
    assert detect_delimiter(header + "\nA\n") == expected


def test_quoted_fields_keep_semicolons_and_line_breaks(tmp_path):
    text = ('Nom;Adresse;Commune\r\n'
            'Martin;"3 rue du Port; bât. B\r\nappartement 12";Sète\r\n'
            'Petit;"dit ""le grand""";Agde\r\n')
    table = read_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert values(table)[0]["Adresse"] == "3 rue du Port; bât. B\nappartement 12"
    assert values(table)[1]["Adresse"] == 'dit "le grand"'
    assert [r.line for r in table.rows] == [2, 4]  # the quoted line break takes a physical line


def test_empty_lines_skipped_and_lines_are_physical(tmp_path):
    text = "\r\n\r\nNom;Prénom\r\n\r\nA;B\r\n;\r\n   \r\nC;D\r\n\r\n"
    table = read_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert values(table) == [{"Nom": "A", "Prénom": "B"}, {"Nom": "C", "Prénom": "D"}]
    assert [r.line for r in table.rows] == [5, 8]


def test_short_rows_padded_and_trailing_empty_cells_ignored(tmp_path):
    text = "Nom;Prénom;Commune;;\nA\nB;C;D;;\n"
    table = read_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert table.headers == ["Nom", "Prénom", "Commune"]
    assert values(table) == [{"Nom": "A", "Prénom": "", "Commune": ""},
                             {"Nom": "B", "Prénom": "C", "Commune": "D"}]


def test_values_trimmed_and_blank_header_named(tmp_path):
    text = " Nom ;;Commune\n  Zoé ; x ; Agde \n"
    table = read_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert table.headers == ["Nom", "Colonne 2", "Commune"]
    assert values(table) == [{"Nom": "Zoé", "Colonne 2": "x", "Commune": "Agde"}]


def test_iter_table_streams_rows(tmp_path):
    text = "Nom\n" + "".join(f"N{i}\n" for i in range(5))
    stream = iter_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert stream.headers == ["Nom"]
    assert next(stream.rows).values == {"Nom": "N0"}
    assert len(list(stream.rows)) == 4


# --- errors ---------------------------------------------------------------------------------

def error_of(path: Path) -> str:
    with pytest.raises(DomainError) as info:
        read_table(path)
    return info.value.message


def test_missing_file(tmp_path):
    assert "introuvable" in error_of(tmp_path / "absent.csv")


def test_directory_is_not_a_file(tmp_path):
    assert "dossier" in error_of(tmp_path)


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n  \r\n", codecs.BOM_UTF8, b";;;\r\n;;\r\n"])
def test_empty_file(tmp_path, data):
    assert "est vide" in error_of(write(tmp_path, "vide.csv", data))


def test_binary_file_is_not_a_table(tmp_path):
    message = error_of(write(tmp_path, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert message == "Le fichier « photo.csv » n'est pas un fichier CSV ou Excel lisible."


def test_bytes_invalid_in_cp1252_too(tmp_path):
    assert "n'est pas un fichier CSV ou Excel lisible" in error_of(
        write(tmp_path, "a.csv", b"Nom\n\x81\x8d\x8f\n"))


def test_old_xls_gets_a_hint(tmp_path):
    data = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 100
    assert ".xls" in error_of(write(tmp_path, "vieux.xls", data))
    assert "protégé par un mot de passe" in error_of(write(tmp_path, "chiffre.xlsx", data))


def test_fake_xlsx(tmp_path):
    assert "n'est pas un fichier CSV ou Excel lisible" in error_of(
        write(tmp_path, "a.xlsx", b"Nom;Prenom\n"))
    assert "n'est pas un fichier CSV ou Excel lisible" in error_of(
        write(tmp_path, "b.xlsx", b"PK\x03\x04 truncated zip"))


def test_header_missing(tmp_path):
    message = error_of(write(tmp_path, "a.csv", "Dupont;Zoé;01/02/2005\n".encode()))
    assert "en-tête est absente" in message and "ligne 1" in message


def test_duplicate_header(tmp_path):
    assert "apparaît deux fois" in error_of(write(tmp_path, "a.csv", b"Nom;nom\nA;B\n"))


def test_row_with_more_cells_than_headers_names_the_line(tmp_path):
    text = "Nom;Prénom\nA;B\n\nC;D;E;\n"
    message = error_of(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert "ligne 4" in message and "3 cellules pour 2 colonnes" in message


def test_unclosed_quote_at_the_end_is_not_swallowed(tmp_path):
    text = 'Nom;Adresse\nA;"3 rue du Port\nB;C\nD;E\n'
    message = error_of(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert "ligne 2" in message and "guillemet" in message


def test_unclosed_quote_in_a_big_file(tmp_path):
    text = 'Nom;Adresse\nA;B\nC;"rue\n' + "D;E\n" * 40_000
    message = error_of(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert "ligne 3" in message and "guillemet" in message


def test_quotes_inside_unquoted_fields_are_kept(tmp_path):
    text = 'Nom;Surnom\nA;dit "le grand"\nB;12"\n'
    table = read_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert values(table) == [{"Nom": "A", "Surnom": 'dit "le grand"'}, {"Nom": "B", "Surnom": '12"'}]


@pytest.mark.parametrize("text, open_", [
    ('a;"b\nc', True), ('a;"b""\nc', True), ('a;"b"";c"', False), ('a;b"c\n', False),
    ('"x"y;"', True), ('"a\nb"\n', False),
])
def test_ends_inside_quotes(text, open_):
    assert ends_inside_quotes(text, ";") is open_


# --- XLSX -----------------------------------------------------------------------------------

def make_xlsx(path: Path, rows: list[list], sheets: int = 1) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        workbook.create_sheet(f"Autre {n}").append(["Ignorée"])
    workbook.save(path)
    return path


def test_xlsx_first_sheet_dates_and_numbers(tmp_path):
    path = make_xlsx(tmp_path / "jeunes.xlsx", [
        ["Nom", "Date de naissance", "Code postal", "Heures", "Postes", "QPV"],
        ["Œuvre", date(2005, 2, 1), 31000, 24.5, 3.0, True],
        [None, None, None, None, None, None],
        ["Zoé", datetime(2004, 12, 31, 0, 0), "01000", 0.1 + 0.2, -2, False],
    ], sheets=2)
    table = read_table(path)
    assert (table.kind, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert values(table) == [
        {"Nom": "Œuvre", "Date de naissance": "2005-02-01", "Code postal": "31000",
         "Heures": "24.5", "Postes": "3", "QPV": "oui"},
        {"Nom": "Zoé", "Date de naissance": "2004-12-31", "Code postal": "01000",
         "Heures": "0.3", "Postes": "-2", "QPV": "non"},
    ]
    assert [r.line for r in table.rows] == [2, 4]


def test_xlsx_header_after_blank_rows_and_extra_cells(tmp_path):
    path = make_xlsx(tmp_path / "a.xlsx", [[None], ["Nom", "Prénom"], ["A", "B", "surplus"]])
    message = error_of(path)
    assert "ligne 3" in message


def test_xlsx_empty_sheet(tmp_path):
    assert "est vide" in error_of(make_xlsx(tmp_path / "a.xlsx", []))


@pytest.mark.parametrize("value, text", [
    (None, ""), (12.0, "12"), (1e16, "1e+16"), (5.26, "5.26"), (7, "7"),
    (date(2024, 1, 2), "2024-01-02"), (datetime(2024, 1, 2, 15, 30), "2024-01-02"),
    ("  texte ", "texte"), (False, "non"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text
