"""Exports for people (issue 19, item 10): Fichier ▸ Exporter writes French headers, the same
words as the list export and the import templates; the CLI keeps its technical names unless
``--entetes francais``."""

from __future__ import annotations

import csv

import pytest

from milo_desktop.services.export_labels import french_headers
from milo_desktop.services.exports import KINDS

from .test_jeunes_service import create as make


def _header(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f, delimiter=";"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_column_of_every_kind_has_a_distinct_french_header(services, kind):
    technical, _rows = services.exports.table(kind)
    french, _rows = services.exports.table(kind, french=True)
    assert len(french) == len(technical) == len(set(french)), french
    assert not [h for h in french if "_" in h], french  # none left technical
    assert french_headers(kind, ["colonne_ajoutee"]) == ["Colonne ajoutee"]  # never left out


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_gui_export_writes_french_headers(qtbot, services, tmp_path, monkeypatch, suffix):
    from milo_desktop.exchange.reading import read_table
    from milo_desktop.gui.imports.exporting import export_kind
    make(services)
    messages = []
    monkeypatch.setattr("milo_desktop.gui.imports.exporting.info", lambda *a: messages.append(a[2]))
    target = tmp_path / f"jeunes.{suffix}"
    export_kind(services, None, "jeunes", str(target))
    qtbot.waitUntil(lambda: bool(messages), timeout=120_000)
    headers = read_table(target).headers
    assert headers[:5] == ["Nom", "Nom d'usage", "Prénom", "Sexe", "Date de naissance"]
    assert "Référent" in headers and "Date de fin prévue" in headers


def test_a_french_export_imports_back(services, tmp_path):
    make(services)
    path = tmp_path / "jeunes.csv"
    services.exports.export("jeunes", path, french=True)
    analysis = services.imports.analyse("jeunes", path)
    mapped = set(analysis.mapping.mapping.values())
    assert analysis.ready and {"nom", "nom_usage", "prenom", "date_naissance", "referent"} <= mapped


def test_cli_keeps_technical_names_by_default_and_writes_french_on_request(services, tmp_path, capsys):
    from milo_desktop.cli.main import main
    make(services)
    data_dir = str(services.ctx.store.data_dir)
    services.ctx.store.close()
    plain, french = tmp_path / "j.csv", tmp_path / "jf.csv"
    assert main(["--data-dir", data_dir, "export", "jeunes", "--out", str(plain)]) == 0
    assert main(["--data-dir", data_dir, "export", "jeunes", "--out", str(french), "--entetes", "francais"]) == 0
    assert _header(plain)[:5] == ["nom", "nom_usage", "prenom", "sexe", "date_naissance"]
    assert _header(french)[:5] == ["Nom", "Nom d'usage", "Prénom", "Sexe", "Date de naissance"]
