"""``milo-desktop objectifs --table FILE --total N``: the annex table reproduced on stdout."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal

import pytest

from milo_desktop.cli.main import build_parser, main

from .test_objectifs_service import ANNEX, TOTAL, annex_csv

HEADER = "mission_locale;defm;part_defm;cle_activite;cle_repartition;objectif"


def dec(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def run_cli(tmp_path, capsys, *args):
    code = main(["--data-dir", str(tmp_path / "base"), "objectifs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_annex_reproduced(tmp_path, capsys):
    code, out, err = run_cli(tmp_path, capsys, "--table", str(annex_csv(tmp_path / "a.csv")),
                             "--total", str(TOTAL))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == HEADER and len(lines) == len(ANNEX) + 1
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    for row, (name, defm, cle, share, key) in zip(rows, ANNEX):
        assert row["mission_locale"] == name and row["defm"] == str(defm)
        assert row["cle_activite"] == cle
        assert abs(dec(row["part_defm"]) - dec(share)) <= Decimal("0.01")
        assert abs(dec(row["cle_repartition"]) - dec(key)) <= Decimal("0.01")
        assert "," in row["cle_repartition"] and len(row["cle_repartition"].split(",")[1]) == 2
    assert sum(int(r["objectif"]) for r in rows) == TOTAL
    assert lines[1] == "MISSION LOCALE ARIEGE;11275;5,67;5,26;5,47;316"


def test_decimal_point_and_comma_separated_file(tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text("mission_locale,defm,cle_activite\nA,100,60.5\nB,100,39.5\n", encoding="utf-8")
    code, out, _ = run_cli(tmp_path, capsys, "--table", str(path), "--total", "10")
    assert code == 0
    assert out.splitlines()[1:] == ["A;100;50,00;60,50;55,25;6", "B;100;50,00;39,50;44,75;4"]


@pytest.mark.parametrize("content, total, text", [
    ("mission_locale;defm;cle_activite\nA;10;\nB;5;-1\n", "10",
     "ligne 2 : clé activité/résultat : valeur manquante. ; ligne 3 : clé activité/résultat : "
     "valeur négative (-1)."),
    ("mission_locale;defm\nA;10\n", "10", "colonne(s) cle_activite absente(s)"),
    ("mission_locale;defm;cle_activite\nA;10;100\n", "0",
     "Objectif régional : un nombre entier positif est attendu (reçu 0)."),
])
def test_bad_input_french_message_and_exit_code(tmp_path, capsys, content, total, text):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = run_cli(tmp_path, capsys, "--table", str(path), "--total", total)
    assert code == 2 and out == ""
    assert err.startswith("Erreur : ") and text in err


def test_missing_file(tmp_path, capsys):
    code, out, err = run_cli(tmp_path, capsys, "--table", str(tmp_path / "absent.csv"), "--total", "5")
    assert code == 2 and out == "" and "introuvable" in err


def test_total_must_be_a_number(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["objectifs", "--table", "x.csv", "--total", "beaucoup"])
    assert exit_.value.code == 2
    assert "valeur invalide : 'beaucoup'" in capsys.readouterr().err


def test_help_in_french(capsys):
    with pytest.raises(SystemExit):
        main(["objectifs", "--help"])
    out = capsys.readouterr().out
    assert "utilisation : milo-desktop objectifs" in out and "plus forts restes" in out
    assert "objectifs" in next(a for a in build_parser()._actions if a.dest == "command").choices


def test_as_a_process(tmp_path):
    path = annex_csv(tmp_path / "a.csv", encoding="cp1252")
    proc = subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(tmp_path / "b"),
                           "objectifs", "--table", str(path), "--total", str(TOTAL)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == HEADER and lines[-1] == "MISSION LOCALE TARN ET GNE;18339;9,23;8,98;9,10;527"
