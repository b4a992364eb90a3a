"""``milo-desktop report …``: PDF and XLSX written, French errors, exit codes."""

from __future__ import annotations

import pytest

from milo_desktop.cli.main import main
from tests.bilans import dataset


@pytest.fixture
def data(services, ref_data):
    return dataset.build(services, ref_data)


CREDENTIALS: list[str] = []


@pytest.fixture(autouse=True)
def _logged_in(cli_login):
    CREDENTIALS[:] = cli_login("direction")


def run(data_dir, *args):
    return main(["--data-dir", str(data_dir), *CREDENTIALS, "report", *args])


def test_report_pdf_and_xlsx(data_dir, data, tmp_path, capsys):
    from openpyxl import load_workbook
    from pypdf import PdfReader
    code = run(data_dir, "mission-jeunes", "--year", "2026", "--out", str(tmp_path / "mj.pdf"),
               "--xlsx", str(tmp_path / "mj.xlsx"))
    out = capsys.readouterr().out
    assert code == 0
    assert "Bilan Mission Jeunes — année 2026 — Ensemble de la Mission Locale" in out
    assert f"PDF : {tmp_path / 'mj.pdf'}" in out
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "mj.pdf").pages)
    assert "Orientations FASTT" in text
    sheet = load_workbook(tmp_path / "mj.xlsx")["FASTT"]
    assert sheet["A2"].value == "Orientations préparées" and sheet["B2"].value == 3


def test_report_for_one_site_and_semester(data_dir, data, tmp_path, capsys):
    code = run(data_dir, "interim-semestre", "--year", "2026", "--semester", "2", "--site", "antenne de pamiers",
               "--out", str(tmp_path / "s.pdf"))
    assert code == 0
    assert "2e semestre 2026 — Site : Antenne de Pamiers" in capsys.readouterr().out


def test_free_period(data_dir, data, tmp_path, capsys):
    code = run(data_dir, "bilan-partenariat", "--from", "01/03/2026", "--to", "31/05/2026",
               "--out", str(tmp_path / "p.pdf"))
    assert code == 0
    assert "du 01/03/2026 au 31/05/2026" in capsys.readouterr().out


def test_empty_year_warns_and_writes_the_report(data_dir, store, tmp_path, capsys):
    assert run(data_dir, "repartition", "--year", "2030", "--out", str(tmp_path / "r.pdf")) == 0
    assert "aucune donnée" in capsys.readouterr().err
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("args", "message"), [
    (["bilan-partenariat", "--year", "2026", "--site", "Lune"], "Site « Lune » inconnu"),
    (["interim-semestre", "--year", "2026"], "Semestre : indiquez 1"),
    (["repartition", "--from", "31/12/2026", "--to", "01/01/2026"], "précède le début"),
    (["repartition", "--from", "31/13/2026", "--to", "01/01/2026"], "cette date n'existe pas"),
    (["repartition"], "Indiquez l'année"),
])
def test_french_errors(data_dir, store, tmp_path, capsys, args, message):
    assert run(data_dir, *args, "--out", str(tmp_path / "x.pdf")) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and message in err
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_report_is_an_argparse_error_in_french(data_dir, capsys):
    with pytest.raises(SystemExit):
        run(data_dir, "bilan-inconnu", "--year", "2026", "--out", "x.pdf")
    assert "choix invalide" in capsys.readouterr().err
