"""Offers need their employer (art. 3.3: « module entreprise » always filled); the shared
action plan is a column of the offer import, export and template; the templates say exactly
which columns are required."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from milo_desktop.cli.main import main
from milo_desktop.domain.offres import RAISON_PLAN_ACTION
from milo_desktop.exchange.reading import read_table
from milo_desktop.exchange.templates import SCHEMAS, template_sheets, template_text
from milo_desktop.persistence.models import Offre

HEADERS = ["Intitulé", "Code ROME", "Type de contrat", "Durée (mois)", "Date de recueil",
           "SIRET", "Entreprise", "Plan d'action partagé"]


def write(path: Path, rows) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


def offer(**values) -> list[str]:
    base = {"Intitulé": "Cariste", "Code ROME": "N1101", "Type de contrat": "CDD",
            "Durée (mois)": "6", "Date de recueil": "03/11/2026", "SIRET": "",
            "Entreprise": "Logistique Exemple", "Plan d'action partagé": ""}
    base.update(values)
    return [base[h] for h in HEADERS]


def test_offer_without_employer_is_rejected_with_its_line(services, tmp_path):
    path = write(tmp_path / "o.csv", [offer(), offer(Intitulé="Magasinier", Entreprise="")])
    preview = services.imports.analyse("offres", path)
    (rejection,) = preview.rejected
    assert (rejection.line, rejection.column) == (3, "Entreprise")
    assert "Employeur absent" in rejection.reason and "SIRET" in rejection.reason


def test_offer_without_employer_through_the_cli(data_dir, tmp_path, capsys):
    path = write(tmp_path / "o.csv", [offer(Entreprise="")])
    assert main(["--data-dir", str(data_dir), "import", "offres", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ligne 2, colonne « Entreprise » : Employeur absent" in out


def test_shared_action_plan_is_imported_and_exported(services, tmp_path):
    path = write(tmp_path / "o.csv", [offer(**{"Plan d'action partagé": "oui"}),
                                      offer(Intitulé="Magasinier")])
    services.imports.run(services.imports.analyse("offres", path))
    with services.ctx.store.read() as s:
        offers = {o.intitule: o for o in s.scalars(select(Offre))}
    assert (offers["Cariste"].delegation, offers["Cariste"].motif_delegation) == (
        True, RAISON_PLAN_ACTION)
    assert not offers["Magasinier"].delegation
    out = tmp_path / "export.csv"
    assert main(["--data-dir", str(services.ctx.store.path.parent), "export", "offres",
                 "--out", str(out)]) == 0
    table = read_table(out)
    flags = {r.values["intitule"]: r.values["plan_action"] for r in table.rows}
    assert flags == {"Cariste": "oui", "Magasinier": "non"}
    again = services.imports.analyse("offres", out)  # the export reads back as an import
    assert "plan_action" in again.mapping.mapping.values() and again.existing == 2


def test_offers_template_says_rome_and_employer_are_required():
    text = template_text("offres")
    assert "Code ROME — obligatoire" in text
    assert "SIRET — obligatoire : SIRET ou Entreprise" in text
    assert "Plan d'action partagé — facultatif" in text
    doc = {row[0]: row[1] for row in template_sheets("offres")[1].rows}
    assert doc["Code ROME"] == "oui" and doc["Entreprise"].startswith("obligatoire")


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_each_column_said_required_is_required(services, tmp_path, kind):
    """The template's example imports; without any column the template calls « obligatoire »
    the file is refused or its row rejected — never accepted."""
    from milo_desktop.exchange.templates import template_rows
    headers, example = template_rows(kind)
    required = [s.label for s in SCHEMAS[kind] if s.required]
    for label in required:
        keep = [i for i, h in enumerate(headers) if h != label]
        path = tmp_path / f"{kind}-{len(label)}.csv"
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([headers[i] for i in keep])
        writer.writerow([example[i] for i in keep])
        path.write_bytes(out.getvalue().encode("utf-8-sig"))
        preview = services.imports.analyse(kind, path)
        assert not preview.ready or preview.rejected_rows == 1, label
