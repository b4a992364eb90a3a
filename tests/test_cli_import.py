"""``milo-desktop import``: French report, exit codes, --dry-run, --valid-only, --existing,
--rejects and --template."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import cli_password
from milo_desktop.cli.main import main
from milo_desktop.exchange.reading import read_table
from milo_desktop.persistence.models import Jeune

HEADERS = ["Nom", "Prénom", "Né(e) le", "Sexe", "IDE", "Tél", "Référent"]


def write(path: Path, rows, headers=HEADERS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


GOOD = [["DUPONT", "Marie", "15/03/2006", "F", "1234567A", "06 12 34 56 78", "alice@ml-test.fr"],
        ["ŒUVRARD", "Élodie", "01/07/2005", "F", "", "", "Bruno Petit"]]
BAD = ["MARTIN", "Léo", "31/02/2006", "M", "", "", ""]


CREDENTIALS: list[str] = []


@pytest.fixture(autouse=True)
def _logged_in(cli_login):
    CREDENTIALS[:] = cli_login("direction")


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *CREDENTIALS, "import", *args])


def count(services) -> int:
    with services.ctx.store.read() as s:
        return s.scalar(select(func.count()).select_from(Jeune))


def test_template_is_printed(data_dir, capsys):
    assert run(data_dir, "--template", "jeunes") == 0
    out = capsys.readouterr().out
    assert out.startswith("Nom;Prénom;Date de naissance;Sexe;")
    assert "# Modèle d'import MILO Desktop : jeunes (dossiers et cotraitance)." in out


def test_valid_file_is_imported(services, data_dir, tmp_path, capsys):
    code = run(data_dir, "jeunes", str(write(tmp_path / "j.csv", GOOD)))
    out = capsys.readouterr().out
    assert code == 0 and count(services) == 2
    assert "Import jeunes : « j.csv » (CSV, encodage cp1252, séparateur point-virgule)" in out
    assert "Colonnes reconnues : Nom, Prénom, Né(e) le → Date de naissance" in out
    assert "2 ligne(s) lue(s) : 2 valide(s), 0 rejetée(s)." in out
    assert "Import terminé : 2 créée(s), 0 mise(s) à jour, 0 ignorée(s)" in out
    assert "Sauvegarde de la base avant l'import" in out
    assert run(data_dir, "jeunes", str(tmp_path / "j.csv")) == 0  # again: nothing new
    assert "0 créée(s), 0 mise(s) à jour, 2 ignorée(s)" in capsys.readouterr().out
    assert count(services) == 2


def test_rejected_rows_exit_1_and_nothing_written(services, data_dir, tmp_path, capsys):
    path = write(tmp_path / "j.csv", GOOD + [BAD])
    assert run(data_dir, "jeunes", str(path)) == 1
    out = capsys.readouterr().out
    assert ("  ligne 4, colonne « Né(e) le », valeur « 31/02/2006 » : Date de naissance "
            "« 31/02/2006 » : cette date n'existe pas.") in out
    assert "Rien n'a été importé : 1 ligne(s) rejetée(s)." in out
    assert count(services) == 0


def test_valid_only_imports_the_valid_rows_and_still_exits_1(services, data_dir, tmp_path, capsys):
    path = write(tmp_path / "j.csv", GOOD + [BAD])
    assert run(data_dir, "jeunes", str(path), "--valid-only") == 1
    assert "Import terminé : 2 créée(s)" in capsys.readouterr().out
    assert count(services) == 2


def test_dry_run_writes_nothing(services, data_dir, tmp_path, capsys):
    assert run(data_dir, "jeunes", str(write(tmp_path / "j.csv", GOOD)), "--dry-run") == 0
    assert "Vérification seule (--dry-run) : rien n'a été enregistré." in capsys.readouterr().out
    assert count(services) == 0
    assert not list(services.ctx.store.backups_dir.glob("*avant-import*"))


def test_rejects_file_ready_to_fix(services, data_dir, tmp_path, capsys):
    rejects = tmp_path / "rejets.csv"
    path = write(tmp_path / "j.csv", GOOD + [BAD])
    assert run(data_dir, "jeunes", str(path), "--dry-run", "--rejects", str(rejects)) == 1
    assert f"Lignes rejetées enregistrées dans « {rejects} » (1 ligne(s))." in capsys.readouterr().out
    table = read_table(rejects)
    assert table.headers == HEADERS + ["motif du rejet"]
    assert table.rows[0].values["Nom"] == "MARTIN"
    assert "cette date n'existe pas" in table.rows[0].values["motif du rejet"]


def test_existing_update_or_skip(services, data_dir, tmp_path, capsys):
    run(data_dir, "jeunes", str(write(tmp_path / "j.csv", GOOD)))
    changed = [GOOD[0][:5] + ["06 99 88 77 66", ""]]
    path = write(tmp_path / "k.csv", changed)
    assert run(data_dir, "jeunes", str(path)) == 0
    assert run(data_dir, "jeunes", str(path), "--existing", "update") == 0
    assert "0 créée(s), 1 mise(s) à jour" in capsys.readouterr().out
    with services.ctx.store.read() as s:
        assert s.scalar(select(Jeune.telephone).where(Jeune.identifiant_ft == "1234567A")) \
            == "+33699887766"


def test_unusable_file_exits_2(data_dir, tmp_path, capsys):
    assert run(data_dir, "jeunes", str(tmp_path / "absent.csv")) == 2
    assert "est introuvable" in capsys.readouterr().err
    path = write(tmp_path / "j.csv", [["DUPONT", "15/03/2006"]], headers=["Nom", "Anniversaire"])
    assert run(data_dir, "jeunes", str(path)) == 2
    captured = capsys.readouterr()
    assert "Colonnes obligatoires absentes : Prénom, Date de naissance, Sexe." in captured.err
    assert "non reconnues : « Anniversaire »" in captured.err
    assert run(data_dir, "jeunes") == 2
    assert "Indiquez le type et le fichier" in capsys.readouterr().err
    assert run(data_dir, "stages", str(path)) == 2
    assert "Type d'import inconnu « stages »" in capsys.readouterr().err


def test_bad_choices_are_refused_in_french(data_dir, capsys):
    with pytest.raises(SystemExit) as exit_:
        run(data_dir, "jeunes", "x.csv", "--existing", "remplacer")
    assert exit_.value.code == 2 and "choix invalide" in capsys.readouterr().err


def test_help_mentions_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    for option in ("--dry-run", "--valid-only", "--existing", "--rejects", "--template"):
        assert option in out
    assert "Codes de sortie" in out


def test_console_command_in_a_real_process(services, data_dir, tmp_path):
    path = write(tmp_path / "j.csv", GOOD + [BAD])
    proc = subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(data_dir),
                           *CREDENTIALS, "import", "jeunes", str(path), "--valid-only"],
                          capture_output=True, text=True, timeout=120, input=cli_password())
    assert proc.returncode == 1, proc.stderr
    assert "Import terminé : 2 créée(s)" in proc.stdout
    assert count(services) == 2
