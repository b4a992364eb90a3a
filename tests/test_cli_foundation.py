"""The command line: French help, version, self-check and its failure paths."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from milo_desktop import __version__
from milo_desktop.cli.main import build_parser, main
from milo_desktop.cli.selfcheck import run_self_check


def test_help_is_in_french(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "utilisation : milo-desktop" in out
    assert "affiche cette aide et quitte" in out
    assert "--data-dir" in out and "demo" in out and "export" in out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_unknown_command_error_in_french(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["nimporte"])
    assert exit_.value.code == 2
    assert "choix invalide" in capsys.readouterr().err


def test_self_check_succeeds_on_a_fresh_store(tmp_path):
    out = io.StringIO()
    assert run_self_check(tmp_path / "neuf", out=out) == 0
    text = out.getvalue()
    assert "[OK] Base de données" in text and "[OK] Rapports PDF" in text
    assert "[OK] Exports Excel" in text
    assert "Tout est en ordre." in text


def test_self_check_fails_on_a_file_that_is_not_a_store(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "milo.db").write_text("pas une base")
    out = io.StringIO()
    assert run_self_check(folder, out=out) == 1
    assert "[ÉCHEC] Base de données" in out.getvalue()
    assert "n'est pas une base" in out.getvalue()


def test_self_check_fails_when_the_folder_cannot_be_written(tmp_path):
    blocker = tmp_path / "f"
    blocker.write_text("x")
    out = io.StringIO()
    assert run_self_check(blocker / "x", out=out) == 1
    assert "ne peut pas être utilisé" in out.getvalue()


def test_self_check_fails_when_pdf_cannot_be_built(tmp_path, monkeypatch):
    import milo_desktop.reports.pdfbase as pdfbase
    monkeypatch.setattr(pdfbase, "tiny_pdf", lambda title: (_ for _ in ()).throw(OSError("police absente")))
    out = io.StringIO()
    assert run_self_check(tmp_path / "s", out=out) == 1
    assert "[ÉCHEC] Rapports PDF" in out.getvalue() and "police absente" in out.getvalue()


def test_self_check_as_a_process_exits_zero(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(tmp_path / "p"),
                           "--self-check"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Tout est en ordre." in proc.stdout


def test_one_parser_registers_every_command():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"demo", "export"} <= set(sub.choices)
