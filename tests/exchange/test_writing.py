"""write_csv / write_xlsx: formats French Excel expects, formula neutralisation, atomic writes."""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from milo_desktop.domain.dates import format_date
from milo_desktop.domain.errors import DomainError
from milo_desktop.exchange import writing, xlsx_fast
from milo_desktop.exchange.reading import read_table
from milo_desktop.exchange.writing import (
    Cancelled,
    Sheet,
    csv_cell,
    export_path_kind,
    sheet_names,
    write_csv,
    write_export,
    write_xlsx,
)

HEADERS = ["Nom", "Prénom", "Naissance", "Heures", "QPV", "Solde", "Note"]
ROWS = [
    ["Œuvre", "Zoé", date(2005, 2, 1), Decimal("24.50"), True, -3, "=1+1"],
    ["Cœur", "Noël", date(2004, 12, 31), 5.26, False, 0, "+33 6 39 98 12 34"],
    ["Martin", "Anaïs", None, None, None, 1234567, "ligne 1\nligne 2; suite"],
]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- CSV ------------------------------------------------------------------------------------

def test_csv_bytes_bom_semicolon_crlf(tmp_path):
    path = tmp_path / "export.csv"
    assert write_csv(path, HEADERS, ROWS) == 3
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + "Nom;Prénom;Naissance".encode())
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == "Œuvre;Zoé;01/02/2005;24,50;oui;-3;'=1+1"
    assert lines[2] == "Cœur;Noël;31/12/2004;5,26;non;0;+33 6 39 98 12 34"
    assert lines[3] == 'Martin;Anaïs;;;;1234567;"ligne 1\nligne 2; suite"'
    assert files_in(tmp_path) == ["export.csv"]


@pytest.mark.parametrize("value, text", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "+1"), ("-1", "-1"), ("+44 20 7183 8750", "+44 20 7183 8750"),
    ("+1-800-555-0199", "+1-800-555-0199"), ("+33 Foix", "'+33 Foix"), ("-1+1", "'-1+1"),
    ("-", "'-"), ("+", "'+"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""),
    (-1, "-1"), (-2.5, "-2,5"), (Decimal("-0.10"), "-0,10"), (3.0, "3"), (True, "oui"),
    (None, ""), (datetime(2024, 5, 6, 14, 5), "06/05/2024 14:05"), (datetime(2024, 5, 6), "06/05/2024"),
    (float("nan"), ""),
])
def test_csv_cell(value, text):
    assert csv_cell(value) == text


@pytest.mark.parametrize("day", [date(1000, 1, 1), date(1900, 3, 4), date(2024, 2, 29), date(9999, 12, 31)])
def test_csv_dates_as_format_date(day):
    assert csv_cell(day) == format_date(day)


def test_csv_round_trip_with_accents(tmp_path):
    path = tmp_path / "aller-retour.csv"
    rows = [["Éloïse", "D'Œuvre", "Saint-Étienne", "€ 1 900"], ["Ægir", "Ñandú", "Çà", "«»"]]
    write_csv(path, ["Prénom", "Nom", "Commune", "Salaire"], rows)
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert [list(r.values.values()) for r in table.rows] == rows
    assert [r.line for r in table.rows] == [2, 3]


def test_csv_round_trip_undoes_neutralisation(tmp_path):
    path = tmp_path / "a.csv"
    write_csv(path, ["Note", "Tél"], [["=1+1", "+33 6 39 98 12 34"], ["'déjà cité'", "-"]])
    assert path.read_text(encoding="utf-8-sig").splitlines()[1] == "'=1+1;+33 6 39 98 12 34"
    assert [r.values for r in read_table(path).rows] == [
        {"Note": "=1+1", "Tél": "+33 6 39 98 12 34"}, {"Note": "'déjà cité'", "Tél": "-"}]


def test_csv_progress_and_generator(tmp_path):
    calls = []
    rows = ([i, f"n{i}"] for i in range(2500))
    count = write_csv(tmp_path / "a.csv", ["N", "Nom"], rows, progress=lambda d, t: calls.append((d, t)))
    assert count == 2500
    assert calls == [(1000, None), (2000, None), (2500, None)]


def test_csv_cancel_leaves_no_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("ancienne version")
    with pytest.raises(Cancelled):
        write_csv(path, ["N"], [[i] for i in range(5000)], cancel=lambda: True)
    assert files_in(tmp_path) == ["a.csv"]
    assert path.read_text() == "ancienne version"  # the previous export is untouched


def test_csv_unwritable_folder_french_error(tmp_path):
    with pytest.raises(DomainError, match="Impossible d'écrire le fichier .* disque plein ou dossier protégé"):
        write_csv(tmp_path / "absent" / "a.csv", ["N"], [[1]])


def test_csv_disk_full_leaves_no_file(tmp_path, monkeypatch):
    def full(writer, rows, ticker):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writing, "_write_csv_rows", full)
    with pytest.raises(DomainError, match="disque plein"):
        write_csv(tmp_path / "a.csv", ["N"], [[1]])
    assert files_in(tmp_path) == []


def test_replace_refused_mentions_excel(tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writing.os, "replace", locked)
    with pytest.raises(DomainError, match="ouvert dans Excel"):
        write_csv(tmp_path / "a.csv", ["N"], [[1]])
    assert files_in(tmp_path) == []


# --- XLSX -----------------------------------------------------------------------------------

@pytest.fixture(params=["auto", "xlsxwriter"])
def engine(request, monkeypatch):
    """Every XLSX test runs on both writers: rustpy-xlsxwriter (shipped) and the fallback."""
    monkeypatch.setattr(writing, "ENGINE", request.param)
    if request.param == "auto":
        assert xlsx_fast.available(), "rustpy-xlsxwriter doit être installé (pyproject.toml)"
    return request.param


def load(path: Path):
    import openpyxl

    return openpyxl.load_workbook(path)


def test_xlsx_real_dates_numbers_and_layout(engine, tmp_path):
    path = tmp_path / "export.xlsx"
    assert write_xlsx(path, [Sheet("Jeunes", HEADERS, ROWS)]) == 3
    ws = load(path)["Jeunes"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G4"
    assert ws["C2"].value == datetime(2005, 2, 1) and ws["C2"].number_format == "dd/mm/yyyy"
    assert ws["D2"].value == 24.5 and ws["D3"].value == 5.26
    assert ws["F2"].value == -3 and ws["F2"].data_type == "n"
    assert ws["E2"].value == "oui"
    assert ws["C4"].value is None
    assert ws.column_dimensions["A"].width == pytest.approx(12, abs=1)
    assert ws.column_dimensions["C"].width == pytest.approx(13, abs=1)


def test_xlsx_formula_like_text_stays_text(engine, tmp_path):
    path = tmp_path / "a.xlsx"
    write_xlsx(path, [Sheet("S", ["Note"], [["=1+1"], ["=HYPERLINK(\"http://x\",\"y\")"], ["http://x"]])])
    ws = load(path)["S"]
    assert [ws["A2"].data_type, ws["A3"].data_type, ws["A4"].data_type] == ["s", "s", "s"]
    assert ws["A2"].value == "=1+1"  # shown as typed, never evaluated
    assert not ws["A4"].hyperlink


def test_xlsx_several_sheets_names_sanitised_widths(engine, tmp_path):
    path = tmp_path / "bilan.xlsx"
    long = "Répartition des entrées en cotraitance par mission locale"
    sheets = [Sheet(long, ["A"], [[1]], widths=[40]), Sheet("Flux [2024]/T1", ["B"], []),
              Sheet(long, ["C"], [[2]])]
    write_xlsx(path, sheets)
    workbook = load(path)
    assert workbook.sheetnames == [long[:31].rstrip(), "Flux 2024 T1", long[:27].rstrip() + " (2)"]
    first = workbook.worksheets[0]
    assert first.column_dimensions["A"].width == pytest.approx(40, abs=1)
    empty = workbook.worksheets[1]
    assert [c.value for c in empty[1]] == ["B"]
    assert all(c.value is None for row in empty.iter_rows(min_row=2) for c in row)
    assert empty.auto_filter.ref in (None, "A1", "A1:A1")  # never over a phantom row


def test_sheet_names_rules():
    assert sheet_names(["", "'Bilan'", "history", "a:b", "A:B"]) == [
        "Feuille 1", "Bilan", "History_", "a b", "A B (2)"]
    assert all(len(n) <= 31 for n in sheet_names(["x" * 40, "x" * 40]))


def test_xlsx_progress_cancel_leaves_no_file(engine, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # XlsxWriter's constant-memory files
    monkeypatch.setenv("TMPDIR", str(scratch))  # rust_xlsxwriter's
    calls = []
    rows = [[i, "x"] for i in range(3000)]
    with pytest.raises(Cancelled):
        write_xlsx(tmp_path / "a.xlsx", [Sheet("S", ["N", "X"], rows)],
                   progress=lambda d, t: calls.append((d, t)), cancel=lambda: len(calls) >= 2)
    assert calls == [(1000, 3000), (2000, 3000)]
    assert files_in(tmp_path) == ["scratch"]
    assert files_in(scratch) == []


def test_xlsx_unwritable_folder_french_error(engine, tmp_path):
    with pytest.raises(DomainError, match="Impossible d'écrire le fichier"):
        write_xlsx(tmp_path / "absent" / "a.xlsx", [Sheet("S", ["N"], [[1]])])
    assert files_in(tmp_path) == []


def test_xlsx_row_limit(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(writing, "EXCEL_MAX_ROWS", 3)
    with pytest.raises(DomainError, match="Trop de lignes .* exportez en CSV"):
        write_xlsx(tmp_path / "a.xlsx", [Sheet("S", ["N"], [[1], [2], [3]])])
    assert files_in(tmp_path) == []


def test_xlsx_read_back_by_read_table(engine, tmp_path):
    path = tmp_path / "a.xlsx"
    write_xlsx(path, [Sheet("S", ["Nom", "Né le", "Heures"], [["Zoé", date(2005, 2, 1), Decimal("24.5")]])])
    table = read_table(path)
    assert table.rows[0].values == {"Nom": "Zoé", "Né le": "2005-02-01", "Heures": "24.5"}


# --- dispatch -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, kind", [("a.csv", "csv"), ("A.CSV", "csv"), ("b.xlsx", "xlsx"),
                                        ("dossier.v2/b.XLSX", "xlsx")])
def test_export_path_kind(name, kind):
    assert export_path_kind(name) == kind


@pytest.mark.parametrize("name, words", [("a.xls", ".xls"), ("a.txt", "« .txt »"), ("export", "absente")])
def test_export_path_kind_refuses(name, words):
    with pytest.raises(DomainError, match="en charge") as info:
        export_path_kind(name)
    assert words in info.value.message


def test_write_export_dispatches(tmp_path):
    assert write_export(tmp_path / "a.csv", ["N"], [[1]]) == 1
    assert write_export(tmp_path / "a.xlsx", ["N"], [[1]], sheet_name="Offres") == 1
    assert load(tmp_path / "a.xlsx").sheetnames == ["Offres"]
    assert sorted(os.listdir(tmp_path)) == ["a.csv", "a.xlsx"]


def test_xlsx_edge_values(engine, tmp_path):
    path = tmp_path / "a.xlsx"
    headers = ["Nom", "Nom", "Rendez-vous", "Note", "Taux"]
    rows = [["A", "B", datetime(2026, 3, 2, 14, 30), "x" * 40_000, float("nan")],
            ["C", "D", None, "\u202fÉ", Decimal("0.125")]]
    write_xlsx(path, [Sheet("S", headers, rows)])
    ws = load(path)["S"]
    assert [c.value for c in ws[1]][:2] in (["Nom", "Nom"], ["Nom", "Nom (2)"])  # both columns kept
    assert [ws["A2"].value, ws["B2"].value] == ["A", "B"]
    assert ws["C2"].value == datetime(2026, 3, 2, 14, 30) and ws["C2"].number_format == "dd/mm/yyyy hh:mm"
    assert len(ws["D2"].value) == 32_767  # Excel's cell limit: cut, never refused
    assert ws["E2"].value is None and ws["E3"].value == 0.125
    assert ws["D3"].value == "\u202fÉ"


def test_csv_formatted_rows_written_untouched(tmp_path):
    path = tmp_path / "a.csv"
    rows = writing.CountedRows(iter([("'=1+1", None, 3), ("a;b", "é", None)]), 2)
    calls = []
    assert write_csv(path, ["N", "P", "Q"], rows, formatted=True,
                     progress=lambda d, t: calls.append((d, t))) == 2
    assert path.read_bytes().decode("utf-8-sig") == "N;P;Q\r\n'=1+1;;3\r\n\"a;b\";é;\r\n"
    assert calls == [(2, 2)]


def test_xlsx_column_mixing_dates_and_numbers(engine, tmp_path):
    """A report's « Informations » sheet: dates and counts in one column, each shown as itself."""
    path = tmp_path / "a.xlsx"
    rows = [["Du", date(2026, 1, 1)], ["Entrées", 7], ["Taux", 12.5], ["Période", "année 2026"]]
    write_xlsx(path, [Sheet("Informations", ["Rubrique", "Valeur"], rows)])
    ws = load(path)["Informations"]
    assert ws["B2"].value == datetime(2026, 1, 1) and ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["B3"].value == 7 and ws["B3"].data_type == "n" and ws["B3"].number_format == "General"
    assert ws["B4"].value == 12.5 and ws["B5"].value == "année 2026"
