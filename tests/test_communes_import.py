"""Postcodes and communes checked against the official list on import: an unknown postcode
rejects the row, a commune the postcode lacks is a warning (service, CLI)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from milo_desktop.cli.main import main

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Code postal", "Commune"]


def write(path: Path, rows, headers=HEADERS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


ROWS = [["DUPONT", "Marie", "15/03/2006", "F", "20000", "Ajaccio"],
        ["MARTIN", "Léa", "15/03/2006", "F", "97600", "MAMOUDZOU"],
        ["BERNARD", "Léo", "15/03/2006", "M", "09100", "St Jean du Falga"],
        ["PETIT", "Zoé", "15/03/2006", "F", "09000", "Pamiers"],
        ["ROUX", "Max", "15/03/2006", "M", "20700", "Ajaccio"],
        ["BLANC", "Inès", "15/03/2006", "F", "98000", "Monaco"]]


def test_unknown_postcodes_rejected_unknown_pairs_warned(services, tmp_path):
    preview = services.imports.analyse("jeunes", write(tmp_path / "j.csv", ROWS))
    assert (preview.valid, preview.rejected_rows) == (4, 2)
    assert [(r.line, r.column) for r in preview.rejected] == [(6, "Code postal"), (7, "Code postal")]
    assert all("aucune commune" in r.reason and "5 chiffres" not in r.reason
               for r in preview.rejected)
    (warning,) = preview.warnings
    assert (warning.line, warning.column, warning.value) == (5, "Commune", "Pamiers")
    assert "09000" in warning.reason and "Foix" in warning.reason
    assert any("1 avertissement" in line for line in preview.summary())
    report = services.imports.run(preview, valid_only=True)
    assert report.created == 4  # the warned row is imported as it is
    assert any("1 ligne(s) importée(s) avec un avertissement" in line and "ligne(s) 5." in line
               for line in report.summary())


def test_cli_prints_the_warnings(services, data_dir, tmp_path, capsys):
    code = main(["--data-dir", str(data_dir), "import", "jeunes",
                 str(write(tmp_path / "j.csv", ROWS[:4])), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Avertissements (lignes importées telles quelles, à vérifier) :" in out
    assert "  ligne 5 : Commune « Pamiers » : elle n'a pas le code postal 09000" in out
