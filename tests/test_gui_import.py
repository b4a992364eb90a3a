"""The import wizard, driven as a user would: file, mapping step, preview, import, summary."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select

from milo_desktop.exchange.reading import read_table
from milo_desktop.gui.imports import open_import_wizard
from milo_desktop.gui.imports.wizard import IMPORT, MAPPING, PREVIEW, SOURCE, ImportWizard
from milo_desktop.persistence.models import Jeune

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Identifiant FT", "Code postal"]


def person(i: int, **changes) -> list[str]:
    suffix = "".join(chr(65 + int(d)) for d in str(i))
    row = dict(zip(HEADERS, [f"MARTIN-{suffix}", "Zoé", "15/03/2006", "F", f"{i:07d}A", "09000"]))
    row.update(changes)
    return list(row.values())


def write(path: Path, rows, headers=HEADERS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


def count(services) -> int:
    with services.ctx.store.read() as s:
        return s.scalar(select(func.count()).select_from(Jeune))


@pytest.fixture
def wizard(qtbot, services):
    wiz = ImportWizard(services, None, "jeunes")
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz


def choose_file(qtbot, wiz, path: Path, page: int) -> None:
    wiz.page(SOURCE).path_edit.setText(str(path))
    wiz.next()
    qtbot.waitUntil(lambda: wiz.currentId() == page, timeout=20000)


def commit(qtbot, wiz) -> None:
    wiz.next()
    assert wiz.currentId() == IMPORT
    qtbot.waitUntil(lambda: wiz.page(IMPORT).done, timeout=30000)


def test_known_headers_go_straight_to_the_preview(qtbot, wizard, services, tmp_path):
    rows = [person(1), person(2, **{"Date de naissance": "31/02/2006"}), person(3, Sexe="X")]
    assert not wizard.page(SOURCE).isComplete()
    choose_file(qtbot, wizard, write(tmp_path / "j.csv", rows), PREVIEW)
    page = wizard.page(PREVIEW)
    assert "3 ligne(s) lue(s) : 1 valide(s), 2 rejetée(s)." in page.summary.text()
    model = page.model
    assert model.rowCount() == 2
    assert [model.index(0, c).data() for c in range(4)] == [
        "3", "Date de naissance", "31/02/2006",
        "Date de naissance « 31/02/2006 » : cette date n'existe pas."]
    assert page.fix.isChecked() and page.buttonText(QWizard.WizardButton.CommitButton) == \
        "Terminer sans importer"
    assert not page.existing_box.isEnabled()
    page.valid_only.setChecked(True)
    assert page.buttonText(QWizard.WizardButton.CommitButton) == "Importer"
    with qtbot.waitSignal(wizard.imported, timeout=30000) as signal:
        commit(qtbot, wizard)
    assert signal.args[0].created == 1 and count(services) == 1
    result = wizard.page(IMPORT).result.text()
    assert "Import terminé : 1 créée(s)" in result and "2 ligne(s) rejetée(s)" in result
    assert wizard.page(IMPORT).isComplete()


def test_fix_the_file_imports_nothing(qtbot, wizard, services, tmp_path):
    rows = [person(1), person(2, Sexe="X")]
    choose_file(qtbot, wizard, write(tmp_path / "j.csv", rows), PREVIEW)
    commit(qtbot, wizard)
    assert "Rien n'a été importé" in wizard.page(IMPORT).status.text()
    assert count(services) == 0 and wizard.report is None


def test_unknown_header_shows_the_mapping_step(qtbot, wizard, services, tmp_path):
    headers = HEADERS[:4] + ["N° de dossier FT", "Code postal"]
    choose_file(qtbot, wizard, write(tmp_path / "j.csv", [person(1)], headers), MAPPING)
    page = wizard.page(MAPPING)
    assert not page.problem.isVisible()
    assert page.table.item(4, 0).text() == "N° de dossier FT"
    assert page.table.item(4, 0).toolTip().startswith("Colonne non reconnue")
    assert page.table.item(4, 1).text() == "0000001A"
    assert page.combos["Nom"].currentData() == "nom"
    combo = page.combos["N° de dossier FT"]
    assert combo.currentData() is None
    combo.setCurrentIndex(combo.findData("identifiant_ft"))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PREVIEW, timeout=20000)
    commit(qtbot, wizard)
    with services.ctx.store.read() as s:
        assert s.scalar(select(Jeune.identifiant_ft)) == "0000001A"


def test_missing_required_column_keeps_the_user_on_the_mapping_step(qtbot, wizard, tmp_path):
    headers = ["Nom", "Prénom", "Jour J", "Sexe"]
    path = write(tmp_path / "j.csv", [["DUPONT", "Marie", "15/03/2006", "F"]], headers)
    choose_file(qtbot, wizard, path, MAPPING)
    page = wizard.page(MAPPING)
    assert page.problem.isVisible()
    assert page.problem.text() == "Données obligatoires sans colonne : Date de naissance."
    first = wizard.preview
    wizard.next()  # still nothing for the birth date: checked again, the page stays
    qtbot.waitUntil(lambda: wizard.preview is not first, timeout=20000)
    qtbot.wait(50)
    assert wizard.currentId() == MAPPING and page.problem.isVisible()
    page.combos["Jour J"].setCurrentIndex(page.combos["Jour J"].findData("date_naissance"))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PREVIEW, timeout=20000)
    assert wizard.preview.valid == 1


def test_save_rejects_from_the_preview(qtbot, wizard, tmp_path, monkeypatch):
    rows = [person(1), person(2, Sexe="X")]
    choose_file(qtbot, wizard, write(tmp_path / "j.csv", rows), PREVIEW)
    target = tmp_path / "rejets.csv"
    messages = []
    monkeypatch.setattr("milo_desktop.gui.dialogs.files.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    monkeypatch.setattr("milo_desktop.gui.imports.pages.info", lambda *a: messages.append(a[2]))
    wizard.page(PREVIEW).save_button.click()
    table = read_table(target)
    assert table.headers[-1] == "motif du rejet" and len(table.rows) == 1
    assert messages and messages[0].startswith("1 ligne(s) enregistrée(s)")


def test_existing_rows_updated_when_chosen(qtbot, wizard, services, tmp_path):
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "a.csv", [person(1)])))
    path = write(tmp_path / "b.csv", [person(1, **{"Code postal": "09100"}), person(2)])
    choose_file(qtbot, wizard, path, PREVIEW)
    page = wizard.page(PREVIEW)
    assert page.existing_box.isEnabled() and page.existing_box.title() == "Fiches déjà dans la base (1)"
    assert not page.rejects_box.isVisible() and page.skip.isChecked()
    page.update.setChecked(True)
    commit(qtbot, wizard)
    assert (wizard.report.created, wizard.report.updated) == (1, 1)
    with services.ctx.store.read() as s:
        assert s.scalar(select(Jeune.code_postal).where(Jeune.identifiant_ft == "0000001A")) == "09100"


def test_cancel_during_the_import_writes_nothing(qtbot, wizard, services, tmp_path):
    path = write(tmp_path / "j.csv", [person(i) for i in range(3000)])
    choose_file(qtbot, wizard, path, PREVIEW)
    wizard.next()
    import_page = wizard.page(IMPORT)
    assert import_page.running() and import_page.cancel_button.isVisible()
    wizard.reject()  # closing while writing asks the import to stop first
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: import_page.done, timeout=30000)
    assert import_page.status.text().startswith("Import annulé : rien n'a été enregistré")
    assert count(services) == 0


def test_unreadable_file_is_reported(qtbot, wizard, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr("milo_desktop.gui.imports.wizard.show_error",
                        lambda parent, err, title="": errors.append(err.message))
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    wizard.page(SOURCE).path_edit.setText(str(path))
    wizard.next()
    qtbot.waitUntil(lambda: bool(errors), timeout=20000)
    assert errors == ["Le fichier « vide.csv » est vide."] and wizard.currentId() == SOURCE


def test_entry_point_preselects_the_kind_and_pages_render(qtbot, services, tmp_path):
    wiz = open_import_wizard(services, None, "offres")
    qtbot.addWidget(wiz)
    assert wiz.isVisible() and wiz.page(SOURCE).kind() == "offres"
    assert [k for k, _ in services.imports.kinds()] == ["jeunes", "entreprises", "offres"]
    image = wiz.grab()
    assert image.width() > 600 and image.height() > 400
    wiz.close()


def test_export_by_kind_runs_in_a_worker(qtbot, services, tmp_path, monkeypatch):
    from milo_desktop.gui.imports.exporting import EXPORT_LABELS, export_kind
    from milo_desktop.services.exports import KINDS
    assert set(EXPORT_LABELS) == set(KINDS)
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "j.csv",
                                                                    [person(1), person(2)])))
    messages = []
    monkeypatch.setattr("milo_desktop.gui.imports.exporting.info", lambda *a: messages.append(a[2]))
    target = tmp_path / "jeunes.csv"
    task = export_kind(services, None, "jeunes", str(target))
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert task is not None and messages[0].startswith("2 ligne(s) exportée(s)")
    assert len(read_table(target).rows) == 2
    monkeypatch.setattr("milo_desktop.gui.dialogs.files.getSaveFileName",
                        lambda *a, **k: ("", ""))
    assert export_kind(services, None, "offres") is None  # no file chosen: nothing happens
