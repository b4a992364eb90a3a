"""Bounded imports (hostile files refused quickly, with flat memory) and text read as written
(encodings, names, lengths, control characters, merged and formula cells)."""

from __future__ import annotations

import csv
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from milo_desktop.cli.main import main
from milo_desktop.domain.errors import DomainError
from milo_desktop.exchange.bounds import Limits
from milo_desktop.exchange.reading import read_table

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe"]
NNBSP = "\u202f"

_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
          'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
          'worksheet+xml"/></Types>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
             '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships"><sheets><sheet name="Feuille1" sheetId="1" '
             'r:id="rId1"/></sheets></workbook>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
         'Target="worksheets/sheet1.xml"/></Relationships>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
              'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
              '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
              'Target="xl/workbook.xml"/></Relationships>')


def hand_made_xlsx(path: Path, sheet_chunks) -> Path:
    """An .xlsx written by hand: the sheet's XML streamed from ``sheet_chunks`` (bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                        b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for chunk in sheet_chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def header_row() -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                    for i, h in enumerate(HEADERS))
    return f'<row r="1">{cells}</row>'.encode()


def refused(services, path) -> str:
    with pytest.raises(DomainError) as err:
        services.imports.analyse("jeunes", path)
    return err.value.message


def peak_mb(func) -> float:
    tracemalloc.start()
    try:
        func()
    except DomainError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1e6


# --- hostile files ----------------------------------------------------------------------------

def test_zip_bomb_with_one_huge_cell_is_refused_before_decompressing(services, tmp_path):
    def chunks():
        yield header_row() + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = b"A" * (1024 * 1024)
        for _ in range(64):  # one cell of 64 MB, a few tens of KB compressed
            yield block
        yield b"</t></is></c></row>"
    path = hand_made_xlsx(tmp_path / "bombe.xlsx", chunks())
    assert path.stat().st_size < 1024 * 1024
    message = refused(services, path)
    assert "se décompresse en bien plus de données" in message
    assert peak_mb(lambda: services.imports.analyse("jeunes", path)) < 20


def test_one_cell_longer_than_excel_allows_is_refused_while_scanning(services, tmp_path):
    cell = b"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>" + b"x" * 200_000 + b"</t></is></c></row>"
    path = hand_made_xlsx(tmp_path / "long.xlsx", [header_row(), cell])
    message = refused(services, path)
    assert f"cellule de plus de 32{NNBSP}767 caractères" in message
    assert "xxxxxxxxxxxxxxxxxxxx" not in message  # the value is not echoed


def test_three_million_rows_refused_with_the_limit_named(services, tmp_path):
    def chunks():
        yield header_row()
        for start in range(2, 3_000_002, 100_000):
            yield "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>X</t></is></c></row>'
                          for n in range(start, start + 100_000)).encode()
    path = hand_made_xlsx(tmp_path / "lignes.xlsx", chunks())
    assert path.stat().st_size < 40 * 1024 * 1024
    message = refused(services, path)
    assert f"plus de 100{NNBSP}000 lignes" in message and "Paramètres" in message
    assert peak_mb(lambda: services.imports.analyse("jeunes", path)) < 50


def test_dev_zero_is_not_a_file(services):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert "n'est pas un fichier ordinaire" in refused(services, "/dev/zero")


def test_dev_zero_through_the_cli(data_dir, capsys):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert main(["--data-dir", str(data_dir), "import", "jeunes", "/dev/zero"]) == 2
    assert "n'est pas un fichier ordinaire" in capsys.readouterr().err


def test_file_larger_than_the_limit(tmp_path):
    path = tmp_path / "gros.csv"
    path.write_bytes(b"Nom\n" + b"A\n" * 600_000)
    with pytest.raises(DomainError, match="fait 1 Mo : un import accepte 1 Mo au plus"):
        read_table(path, Limits(file_bytes=1024 * 1024))


def test_row_limit_is_a_setting(services, tmp_path):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows([[f"NOM-{chr(65 + i % 26)}", "Zoé", "15/03/2006", "F"] for i in range(1500)])
    path = tmp_path / "j.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert services.imports.analyse("jeunes", path).total == 1500
    services.settings.save_preferences({"imports.lignes_max": 1000})
    assert f"plus de 1{NNBSP}000 lignes" in refused(services, path)


def test_csv_cell_too_long_is_quoted_short(services, tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("Nom;Prénom\n\"" + "é" * 40_000 + "\";Zoé\n", encoding="utf-8")
    message = refused(services, path)
    assert "ligne 2" in message and f"40{NNBSP}000 caractères" in message
    assert len(message) < 400


# --- text read as written ---------------------------------------------------------------------

def write_csv(path: Path, rows, encoding: str, headers=HEADERS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def test_iso_8859_15_with_oe_is_read_right(services, tmp_path):
    path = write_csv(tmp_path / "j.csv", [["ŒUVRARD", "Zoé", "15/03/2006", "F"],
                                          ["CŒUR", "Chloé", "15/03/2006", "F"]], "iso-8859-15")
    assert b"\xbc" in path.read_bytes()  # Œ in ISO-8859-15, « ¼ » in cp1252
    preview = services.imports.analyse("jeunes", path)
    assert "iso-8859-15" in preview.source and preview.valid == 2
    assert {r.label.split()[0] for r in preview.rows} == {"ŒUVRARD", "CŒUR"}


def test_cp1252_with_oe_still_cp1252(tmp_path):
    path = write_csv(tmp_path / "j.csv", [["ŒUVRARD", "Zoé", "15/03/2006", "F"]], "cp1252")
    assert read_table(path).encoding == "cp1252"


def test_iso_8859_15_euro_sign(tmp_path):
    path = write_csv(tmp_path / "o.csv", [["Cariste", "1 900 €"]], "iso-8859-15",
                     headers=["Intitulé", "Salaire"])
    assert read_table(path).rows[0].values["Salaire"] == "1 900 €"


def test_ambiguous_eight_bit_file_is_refused_naming_the_encodings(services, tmp_path):
    # 0xBC between letters (Œ in ISO-8859-15) and 0xBD between digits (½ in cp1252)
    path = tmp_path / "j.csv"
    path.write_bytes(b"Nom;Pr\xe9nom;Date de naissance;Sexe\r\n\xbcUVRE;1 \xbd;15/03/2006;F\r\n")
    message = refused(services, path)
    assert "sans ambiguïté" in message
    assert "UTF-8, Windows-1252" in message and "ISO-8859-15" in message


def test_mixed_utf8_and_cp1252_is_refused_naming_the_encodings(services, tmp_path):
    path = tmp_path / "j.csv"
    path.write_bytes("Nom;Prénom;Date de naissance;Sexe\r\n".encode("utf-8")
                     + "DUPONT;Zoé;15/03/2006;F\r\n".encode("cp1252"))
    message = refused(services, path)
    assert "UTF-8" in message and "Windows-1252" in message and "CSV UTF-8" in message


@pytest.mark.parametrize("name, reason", [
    ("X¼", "lettres, espaces, tirets et apostrophes uniquement"),
    ("A" * 10_000, f"100 caractères au plus (10{NNBSP}000 reçus)"),
])
def test_names_refuse_what_is_not_a_letter_and_too_long(services, tmp_path, name, reason):
    path = write_csv(tmp_path / "j.csv", [[name, "Zoé", "15/03/2006", "F"]], "utf-8")
    (rejection,) = services.imports.analyse("jeunes", path).rejected
    assert rejection.column == "Nom" and reason in rejection.reason
    assert len(rejection.reason) < 200


def test_company_name_length_limit(services, tmp_path):
    path = write_csv(tmp_path / "e.csv", [["E" * 10_000]], "utf-8", headers=["Raison sociale"])
    (rejection,) = services.imports.analyse("entreprises", path).rejected
    assert f"200 caractères au plus (10{NNBSP}000 reçus)" in rejection.reason
    path = write_csv(tmp_path / "e.csv", [["E" * 100_000]], "utf-8", headers=["Raison sociale"])
    with pytest.raises(DomainError, match="dépasse la limite d'une cellule"):
        services.imports.analyse("entreprises", path)


def test_control_characters_are_escaped_in_messages(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "j.csv", [["DUP\x1b[31mONT\x07", "Zoé", "15/03/2006", "F"]],
                     "utf-8")
    assert main(["--data-dir", str(data_dir), "import", "jeunes", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "DUP\\x1b[31mONT\\x07" in out


def test_merged_and_formula_cells_get_their_own_explanation(services, tmp_path):
    path = tmp_path / "j.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["DUPONT", "Zoé", "15/03/2006", "F"])
    sheet.append(["DUPONT", "Léa", "15/03/2006", "F"])
    sheet.append(["MARTIN", "Léo", "15/03/2006", '=IF(1,"M","F")'])  # no result stored
    sheet.merge_cells("A2:A3")  # « DUPONT » written once for two rows
    book.save(path)
    preview = services.imports.analyse("jeunes", path)
    reasons = {r.line: r.reason for r in preview.rejected}
    assert set(reasons) == {3, 4}
    assert "fait partie de cellules fusionnées (A2 à A3)" in reasons[3]
    assert "A3" in reasons[3] and "annulez la fusion" in reasons[3]
    assert "D4 est calculée par une formule" in reasons[4]
