"""The CLI's exit codes: distinct, documented in --help and the README, one mapping from errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from milo_desktop.cli import exitcodes
from milo_desktop.cli.exitcodes import Exit
from milo_desktop.cli.main import main

README = Path(__file__).resolve().parents[2] / "README.md"


def test_codes_are_distinct_and_documented_in_help(capsys):
    assert len({int(c) for c in Exit}) == len(Exit)
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "Codes de sortie" in out
    for code in Exit:
        assert re.search(rf"^\s+{int(code)}\s+\S", out, re.M), code


def test_codes_are_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for code in Exit:
        assert f"| {int(code)} | {exitcodes.MEANINGS[code].split(' (')[0].split(' :')[0]}" in \
            text.replace("`", ""), code


def _failing_export(monkeypatch, err):
    from milo_desktop.cli.commands import export

    def run(args, services):
        raise err
    monkeypatch.setattr(export, "run", run)


@pytest.mark.parametrize("err, code", [
    ("access", Exit.ACCES_REFUSE),
    ("store", Exit.BASE_INDISPONIBLE),
    ("domain", Exit.ARGUMENTS),
    ("interrupt", Exit.INTERROMPU),
    ("cancel", Exit.INTERROMPU),
    ("bug", Exit.ERREUR_INTERNE),
])
def test_each_kind_of_failure_has_its_code_and_no_traceback(tmp_path, monkeypatch, capsys, err, code):
    from milo_desktop.domain.errors import AccessDenied, DomainError
    from milo_desktop.exchange.writing import Cancelled
    from milo_desktop.persistence.storefile import StoreError
    error = {"access": AccessDenied("Accès refusé."), "store": StoreError("Base occupée."),
             "domain": DomainError("Fichier absent."), "interrupt": KeyboardInterrupt(),
             "cancel": Cancelled(), "bug": ZeroDivisionError("division by zero, ligne DUPONT")}[err]
    _failing_export(monkeypatch, error)
    assert main(["--data-dir", str(tmp_path / "d"), "export", "jeunes", "--out",
                 str(tmp_path / "x.csv")]) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "DUPONT" not in captured.err  # an unexpected error's text may hold row data: log only
    if code == Exit.ERREUR_INTERNE:
        assert "Erreur inattendue (ZeroDivisionError)" in captured.err and "journal" in captured.err


def test_argument_errors_are_two(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export"])
    assert exit_.value.code == Exit.ARGUMENTS
