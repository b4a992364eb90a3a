"""The command line authenticates: --utilisateur and the password on standard input; refusals
in French, non-zero, nothing read or written; the role applies as in the window."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from milo_desktop.cli.main import main

from .conftest import TEST_PASSWORD, cli_password


def run(data_dir, *args, stdin=""):
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--data-dir", str(data_dir), *args])
    finally:
        sys.stdin = sys.__stdin__


def test_without_or_with_wrong_credentials_nothing_is_written(services, cli_login, data_dir, tmp_path, capsys):
    cli_login("direction")
    out = tmp_path / "x.csv"
    assert run(data_dir, "export", "jeunes", "--out", str(out)) == 2
    assert "--utilisateur" in capsys.readouterr().err and not out.exists()
    assert run(data_dir, "--utilisateur", "test-direction", "export", "jeunes", "--out", str(out),
               stdin="mauvais\n") == 2
    assert "Identifiant ou mot de passe incorrect" in capsys.readouterr().err and not out.exists()
    assert run(data_dir, "--utilisateur", "inconnu", "export", "jeunes", "--out", str(out),
               stdin=TEST_PASSWORD + "\n") == 2
    assert not out.exists()
    assert run(data_dir, "--utilisateur", "test-direction", "export", "jeunes", "--out", str(out),
               stdin=TEST_PASSWORD + "\n") == 0
    assert out.exists()


def test_the_role_applies_as_in_the_window(services, cli_login, data_dir, tmp_path, capsys):
    login = cli_login("agent_ft")
    out = tmp_path / "x.csv"
    assert main(["--data-dir", str(data_dir), *login, "export", "jeunes", "--out", str(out)]) == 2
    assert "ne permet pas" in capsys.readouterr().err and not out.exists()


def test_commands_that_need_no_login(data_dir, capsys):
    assert run(data_dir, "import", "--template", "jeunes") == 0
    assert run(data_dir, "demo", "--young", "20", "--mot-de-passe", "Autre-mot-de-passe-1") == 0
    out = capsys.readouterr().out
    assert "Mot de passe de tous ces comptes : Autre-mot-de-passe-1" in out
    assert run(data_dir, "demo", "--young", "20", "--force") == 2  # no longer empty: an account
    assert "--utilisateur" in capsys.readouterr().err
    assert run(data_dir, "--utilisateur", "admin", "comptes", "lister", stdin="Autre-mot-de-passe-1\n") == 0
    listing = capsys.readouterr().out
    for ident in ("admin;", "direction;", "conseiller;", "agent;"):
        assert ident in listing


def test_demo_default_password_is_the_documented_one(data_dir, capsys):
    from pathlib import Path
    from milo_desktop.services.demo import DEMO_PASSWORD
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"`{DEMO_PASSWORD}`" in readme
    assert run(data_dir, "demo", "--young", "10") == 0
    assert DEMO_PASSWORD in capsys.readouterr().out
    assert run(data_dir, "--utilisateur", "conseiller", "audit", "verifier", stdin=DEMO_PASSWORD + "\n") == 2


def test_comptes_commands_for_the_administrator(services, cli_login, data_dir, capsys):
    login = cli_login("admin")
    base = ["--data-dir", str(data_dir), *login, "comptes"]
    sys.stdin = io.StringIO(f"{TEST_PASSWORD}\nNouveau-compte-2026!\n")
    assert main([*base, "creer", "ines", "--nom", "Roux", "--prenom", "Inès", "--email", "ines@ml-test.fr",
                 "--role", "conseiller", "--site", "Siège", "--fin", "30/06/2027"]) == 0
    sys.stdin = io.StringIO(f"{TEST_PASSWORD}\n")
    assert main([*base, "desactiver", "ines"]) == 0
    sys.stdin = io.StringIO(f"{TEST_PASSWORD}\n")
    assert main([*base, "reactiver", "ines"]) == 0
    sys.stdin = io.StringIO(f"{TEST_PASSWORD}\nEncore-un-autre-2026!\n")
    assert main([*base, "reinitialiser", "ines"]) == 0
    sys.stdin = io.StringIO(f"{TEST_PASSWORD}\n")
    assert main([*base, "desactiver", "test-admin"]) == 2
    assert "dernier compte administrateur" in capsys.readouterr().err
    sys.stdin = sys.__stdin__
    assert services.comptes.login("ines", "Encore-un-autre-2026!").changer_mot_de_passe


def test_conseiller_may_not_manage_accounts(services, cli_login, data_dir, capsys):
    login = cli_login("conseiller")
    assert main(["--data-dir", str(data_dir), *login, "comptes", "lister"]) == 2
    assert "ne permet pas" in capsys.readouterr().err


def test_password_from_a_pipe_in_a_real_process(services, cli_login, data_dir, tmp_path):
    login = cli_login("direction")
    proc = subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(data_dir), *login,
                           "export", "jeunes", "--out", str(tmp_path / "j.csv")],
                          capture_output=True, text=True, timeout=120, input=cli_password())
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(data_dir), *login,
                           "export", "jeunes", "--out", str(tmp_path / "k.csv")],
                          capture_output=True, text=True, timeout=120, input="faux\n")
    assert proc.returncode == 2 and "incorrect" in proc.stderr and not (tmp_path / "k.csv").exists()
