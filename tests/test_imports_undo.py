"""The safety copy of an import is the journal of what it created and changed: an import is
undone from it (CLI ``import --annuler``), and refused once the records have moved on."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from milo_desktop.cli.main import main
from milo_desktop.domain.errors import DomainError
from milo_desktop.persistence.models import Cotraitance, Entreprise, Evenement, Jeune, Offre
from milo_desktop.services.events import record_event

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Identifiant FT", "Téléphone",
           "Date d'affectation", "Critères"]


def write(path: Path, rows, headers=HEADERS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def person(i: int, phone: str | None = None, cotra: bool = False) -> list[str]:
    name = "MARTIN-" + "".join(chr(65 + int(d)) for d in str(i))
    return [name, "Zoé", "15/03/2006", "F", f"{i:07d}A", phone or f"06{i:08d}",
            "02/11/2026" if cotra else "", "1,3" if cotra else ""]


def count(services, model) -> int:
    with services.ctx.store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def imported(services, path, **options):
    return services.imports.run(services.imports.analyse("jeunes", path), **options)


def test_undo_removes_what_the_import_created(services, data_dir, tmp_path, capsys):
    imported(services, write(tmp_path / "a.csv", [person(1)]))
    before = (count(services, Jeune), count(services, Cotraitance), count(services, Evenement))
    report = imported(services, write(tmp_path / "b.csv",
                                      [person(i, cotra=i % 2 == 0) for i in range(2, 40)]))
    assert report.created == 38 and count(services, Cotraitance) > before[1]
    journal = report.backup
    assert journal.name.startswith("annulation-avant-import-")
    assert journal.stat().st_size < services.ctx.store.path.stat().st_size
    assert main(["--data-dir", str(data_dir), "import", "--annuler", str(journal)]) == 0
    assert "Import annulé" in capsys.readouterr().out
    assert (count(services, Jeune), count(services, Cotraitance),
            count(services, Evenement)) == before
    assert not journal.exists()  # used once: renamed « …-annule.db »
    assert list(journal.parent.glob("annule-avant-import-*.db"))


def test_undo_puts_updated_records_back(services, tmp_path):
    imported(services, write(tmp_path / "a.csv", [person(1, "0612345678")]))
    report = imported(services, write(tmp_path / "b.csv", [person(1, "0699999999"), person(2)]),
                      existing="update")
    assert (report.created, report.updated) == (1, 1)
    with services.ctx.store.read() as s:
        assert s.scalar(select(Jeune.telephone).where(Jeune.nom == "MARTIN-B")) == "+33699999999"
    assert services.imports.undo(report.backup) == (1, 1)
    with services.ctx.store.read() as s:
        assert s.scalars(select(Jeune.telephone)).all() == ["+33612345678"]


def test_undo_refused_once_an_imported_file_was_completed(services, tmp_path):
    report = imported(services, write(tmp_path / "a.csv", [person(1), person(2)]))
    with services.ctx.store.write() as s:
        jeune = s.scalars(select(Jeune)).first()
        record_event(s, jeune_id=jeune.id, when=date(2026, 11, 20),
                     type="entretien_individuel", author="Alice")
    with pytest.raises(DomainError, match="ne peut plus être annulé"):
        services.imports.undo(report.backup)
    assert count(services, Jeune) == 2 and count(services, Evenement) >= 1
    assert report.backup.exists()


def test_undo_refused_once_an_imported_file_was_edited(services, tmp_path):
    report = imported(services, write(tmp_path / "a.csv", [person(1)]))
    with services.ctx.store.write() as s:
        jeune = s.scalars(select(Jeune)).one()
        jeune.telephone = "+33611111111"
    with pytest.raises(DomainError, match="changées depuis"):
        services.imports.undo(report.backup)
    assert count(services, Jeune) == 1


def test_offers_and_the_employers_they_created_are_undone(services, tmp_path):
    headers = ["Intitulé", "Code ROME", "Type de contrat", "Durée (mois)", "Entreprise"]
    path = write(tmp_path / "o.csv", [["Cariste", "N1101", "CDD", "6", "Logistique Exemple"],
                                      ["Magasinier", "N1103", "CDI", "", "Logistique Exemple"]],
                 headers)
    report = services.imports.run(services.imports.analyse("offres", path))
    assert count(services, Offre) == 2 and count(services, Entreprise) == 1
    services.imports.undo(report.backup)
    assert count(services, Offre) == 0 and count(services, Entreprise) == 0


def test_a_failed_import_leaves_no_safety_copy(services, tmp_path):
    preview = services.imports.analyse("jeunes", write(tmp_path / "a.csv",
                                                       [person(i) for i in range(2500)]))

    def progress(done, total, message=""):
        raise RuntimeError("panne")

    with pytest.raises(RuntimeError):
        services.imports.run(preview, progress=progress)
    assert not list(services.ctx.store.backups_dir.glob("annulation-*"))
