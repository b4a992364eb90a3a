"""Files as spreadsheet programs really write them: numbers that ate leading zeros, repeated
rows, .ods and .xls workbooks, merged and formula cells."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from milo_desktop.cli.main import main
from milo_desktop.persistence.models import Jeune

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Identifiant FT", "Téléphone",
           "Code postal", "Commune"]
# Departments 01 to 09: Ain to Ariège, the postcodes a spreadsheet turns into 4-digit numbers
PREFECTURES = [(1000, "Bourg-en-Bresse"), (2000, "Laon"), (3000, "Moulins"), (4000, "Digne-les-Bains"),
               (5000, "Gap"), (6000, "Nice"), (7000, "Privas"), (8000, "Charleville-Mézières"),
               (9000, "Foix"), (1100, "Oyonnax"), (6100, "Nice"), (9100, "Pamiers")]


def letters(i: int) -> str:
    return "".join(chr(65 + int(d)) for d in str(i))


def numeric_rows(n: int = len(PREFECTURES)) -> list[list]:
    """Rows as Excel stores them once typed: postcodes, phones and all-digit identifiers are
    numbers (the leading zeros are gone)."""
    rows = []
    for i in range(n):
        postcode, commune = PREFECTURES[i % len(PREFECTURES)]
        rows.append([f"MARTIN-{letters(i)}", "Zoé", date(2006, 3, 15), "F",
                     1234560 + i,              # 01234560 typed -> 1234560
                     612345600 + i,            # 0612345600 typed -> 612345600
                     postcode, commune])
    return rows


def make_xlsx(path: Path, rows, headers=HEADERS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def stored(services) -> list[Jeune]:
    with services.ctx.store.read() as s:
        return list(s.scalars(select(Jeune).order_by(Jeune.nom)))


# --- zeros put back before validation --------------------------------------------------------

def test_numeric_postcodes_phones_and_identifiers_are_repaired(services, tmp_path):
    path = make_xlsx(tmp_path / "jeunes.xlsx", numeric_rows())
    sheet = openpyxl.load_workbook(path).active
    assert sheet["G2"].value == 1000 and sheet["F2"].value == 612345600  # real number cells
    preview = services.imports.analyse("jeunes", path)
    assert not preview.rejected and preview.valid == len(PREFECTURES)
    assert len(preview.repairs) == 3 * len(PREFECTURES)
    first = [r for r in preview.repairs if r.line == 2]
    assert {(r.column, r.value) for r in first} == {
        ("Code postal", "1000"), ("Téléphone", "612345600"), ("Identifiant FT", "1234560")}
    assert any("« 1000 » lu comme « 01000 »" in r.reason for r in first)
    assert any("valeur(s) réparée(s)" in line for line in preview.summary())
    services.imports.run(preview)
    people = {j.nom: j for j in stored(services)}
    first = people["MARTIN-A"]
    assert (first.code_postal, first.telephone, first.identifiant_ft) == (
        "01000", "+33612345600", "01234560")
    assert people[f"MARTIN-{letters(8)}"].code_postal == "09000"


@pytest.mark.parametrize("postcode", range(1000, 10000, 1111))
def test_every_four_digit_postcode_gets_its_zero(postcode):
    from milo_desktop.exchange.repairs import repair
    values, done = repair({"code_postal": str(postcode)})
    assert values["code_postal"] == f"0{postcode}" and len(done) == 1


@pytest.mark.parametrize("text", ["31000", "97400", "123", "0612345678", "+33612345678", "A1234"])
def test_what_is_not_damaged_is_left_alone(text):
    from milo_desktop.exchange.repairs import repair
    assert repair({"code_postal": text, "telephone": text}) == (
        {"code_postal": text, "telephone": text}, ())


def test_rejection_report_says_the_value_was_repaired(services, tmp_path):
    rows = numeric_rows(2)
    rows[1][2] = "31/02/2006"  # rejected for its date; its postcode was repaired
    path = make_xlsx(tmp_path / "jeunes.xlsx", rows)
    preview = services.imports.analyse("jeunes", path)
    (bad,) = preview.rejected_raw
    assert bad.line == 3
    assert any("valeur réparée — Code postal « 2000 » lu comme « 02000 »" in reason
               for reason in bad.reasons)
    rejects = tmp_path / "rejets.csv"
    services.imports.save_rejects(preview, rejects)
    assert "lu comme « 02000 »" in rejects.read_text("utf-8-sig")


def test_repeated_row_names_the_earlier_row(services, tmp_path):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    row = ["DUPONT", "Zoé", "15/03/2006", "F", "1234567A", "0612345678", "09000", "Foix"]
    other = ["MARTIN", "Léa", "15/03/2006", "F", "7654321B", "0612345679", "09000", "Foix"]
    writer.writerows([row, other, row, other, row])
    path = tmp_path / "j.csv"
    path.write_bytes(out.getvalue().encode("cp1252"))
    preview = services.imports.analyse("jeunes", path)
    assert preview.repeats == ((4, 2), (5, 3), (6, 2))
    line = next(s for s in preview.summary() if "en double" in s)
    assert "ligne 4 = ligne 2, ligne 5 = ligne 3, ligne 6 = ligne 2" in line


# --- LibreOffice (.ods) and Excel 97-2003 (.xls) ---------------------------------------------

def make_ods(path: Path, rows, headers=HEADERS) -> Path:
    from milo_desktop.exchange.writing import Sheet, write_xlsx
    write_xlsx(path, [Sheet("Jeunes", headers, rows), Sheet("Autre", ["Ignorée"], [["x"]])])
    return path


def make_xls(path: Path, rows, headers=HEADERS) -> Path:
    import xlwt
    book = xlwt.Workbook()
    sheet = book.add_sheet("Jeunes")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for col, header in enumerate(headers):
        sheet.write(0, col, header)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(r, col, value, dates)
            elif value is not None:
                sheet.write(r, col, value)
    book.add_sheet("Autre").write(0, 0, "Ignorée")
    book.save(str(path))
    return path


@pytest.mark.parametrize("make, suffix, source", [
    (make_ods, ".ods", "classeur LibreOffice (.ods)"),
    (make_xls, ".xls", "classeur Excel 97-2003 (.xls)"),
    (make_xlsx, ".xlsx", "classeur Excel (.xlsx)"),
])
def test_workbooks_of_every_format_import_alike(services, tmp_path, make, suffix, source):
    path = make(tmp_path / f"jeunes{suffix}", numeric_rows())
    preview = services.imports.analyse("jeunes", path)
    assert preview.source == f"{source}, première feuille"
    assert not preview.rejected and preview.valid == len(PREFECTURES)
    assert len(preview.repairs) == 3 * len(PREFECTURES)  # numbers there too
    services.imports.run(preview)
    people = {j.nom: j for j in stored(services)}
    assert people["MARTIN-A"].date_naissance == date(2006, 3, 15)
    assert people["MARTIN-A"].code_postal == "01000"


def test_ods_is_a_real_opendocument_file(tmp_path):
    import zipfile
    path = make_ods(tmp_path / "a.ods", [["DUPONT", "Zoé", date(2006, 3, 15), "F", None,
                                          "+44 20 7183 8750", "=1+1", "Foix & <Ariège>"]])
    with zipfile.ZipFile(path) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        content = archive.read("content.xml").decode()
    assert 'office:date-value="2006-03-15"' in content and "Foix &amp; &lt;Ariège&gt;" in content
    from milo_desktop.exchange.reading import read_table
    table = read_table(path)
    assert table.kind == "ods"
    assert table.rows[0].values["Commune"] == "Foix & <Ariège>"
    assert table.rows[0].values["Code postal"] == "=1+1"  # a text, never a formula
    assert table.rows[0].values["Date de naissance"] == "2006-03-15"


def test_cli_export_to_ods_reads_back(services, data_dir, tmp_path):
    path = make_xlsx(tmp_path / "jeunes.xlsx", numeric_rows(3))
    services.imports.run(services.imports.analyse("jeunes", path))
    out = tmp_path / "jeunes.ods"
    assert main(["--data-dir", str(data_dir), "export", "jeunes", "--out", str(out)]) == 0
    from milo_desktop.exchange.reading import read_table
    table = read_table(out)
    assert table.kind == "ods" and len(table.rows) == 3
    assert {r.values["code_postal"] for r in table.rows} == {"01000", "02000", "03000"}


def test_template_as_ods(services, tmp_path):
    path = services.imports.save_template("offres", tmp_path / "modele.ods")
    from milo_desktop.exchange.reading import read_table
    table = read_table(path)
    assert table.kind == "ods" and "Code ROME" in table.headers
    assert services.imports.analyse("offres", path).valid == 1
