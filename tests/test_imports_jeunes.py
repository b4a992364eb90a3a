"""Import of young people: files as French Excel writes them, validation before any write,
duplicates, cotraitance built by the domain's transitions, all-or-nothing writes."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from milo_desktop.domain.errors import DomainError
from milo_desktop.exchange.reading import read_table
from milo_desktop.exchange.writing import Cancelled, Sheet, write_xlsx
from milo_desktop.persistence.models import Cotraitance, CotraitanceEtat, Evenement, Jeune
from milo_desktop.persistence.storefile import integrity_problems

from .conftest import TODAY

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Identifiant FT", "Téléphone",
           "Code postal", "Commune"]


def write(path: Path, rows, headers=HEADERS, encoding="cp1252", delimiter=";") -> Path:
    """A CSV as French Excel saves it (« CSV (point-virgule) » is cp1252)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def person(i: int, **changes) -> list[str]:
    """A valid row: distinct name (letters only), identifier and phone per ``i``."""
    suffix = "".join(chr(65 + int(d)) for d in str(i))
    row = {"Nom": f"MARTIN-{suffix}", "Prénom": "Zoé", "Date de naissance": "15/03/2006",
           "Sexe": "F", "Identifiant FT": f"{i:07d}A", "Téléphone": f"06{i:08d}",
           "Code postal": "09000", "Commune": "Foix"}
    row.update(changes)
    return [row[h] for h in HEADERS]


def count(services, model=Jeune) -> int:
    with services.ctx.store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def jeunes(services) -> list:
    with services.ctx.store.read() as s:
        return list(s.scalars(select(Jeune).order_by(Jeune.nom)))


# --- files as Excel writes them -------------------------------------------------------------

def test_cp1252_with_oe_ligature_and_accents(services, tmp_path):
    path = write(tmp_path / "j.csv", [person(1, Nom="ŒUVRARD", Prénom="élodie",
                                             Commune="Saint-Étienne", **{"Code postal": "42000"})])
    preview = services.imports.analyse("jeunes", path)
    assert "cp1252" in preview.source and preview.valid == 1 and not preview.rejected
    report = services.imports.run(preview)
    assert report.written and report.created == 1
    (j,) = jeunes(services)
    assert (j.nom, j.prenom, j.commune) == ("ŒUVRARD", "Élodie", "SAINT-ÉTIENNE")
    assert (j.nom_fold, j.prenom_fold, j.commune_fold) == ("oeuvrard", "elodie", "saint etienne")
    assert j.telephone == "+33600000001" and j.date_naissance == date(2006, 3, 15)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_utf8_with_or_without_bom_comma_or_semicolon(services, tmp_path, encoding, delimiter):
    path = write(tmp_path / "j.csv", [person(1, Nom="LÆTITIA"), person(2, Prénom="Anaïs")],
                 encoding=encoding, delimiter=delimiter)
    preview = services.imports.analyse("jeunes", path)
    assert preview.valid == 2 and preview.mapping.ok and not preview.unknown_columns
    services.imports.run(preview)
    assert {j.nom for j in jeunes(services)} == {"LÆTITIA", "MARTIN-C"}
    assert {j.prenom for j in jeunes(services)} == {"Zoé", "Anaïs"}


def test_quoted_fields_with_semicolons_and_line_breaks(services, tmp_path):
    headers = HEADERS + ["Adresse"]
    path = write(tmp_path / "j.csv", [person(1) + ["12 rue des Lilas; bât. B\nappartement 3"],
                                      person(2, **{"Date de naissance": "31/02/2006"}) + [""]],
                 headers=headers)
    preview = services.imports.analyse("jeunes", path)
    assert preview.valid == 1
    assert [r.line for r in preview.rejected] == [4]  # the quoted line break takes a line
    services.imports.run(preview, valid_only=True)
    assert jeunes(services)[0].adresse == "12 rue des Lilas; bât. B appartement 3"


@pytest.mark.parametrize("text, reason", [
    ("31/02/2006", "« 31/02/2006 » : cette date n'existe pas"),
    ("12/31/2005", "« 12/31/2005 » : cette date n'existe pas"),
    ("2005", "« 2005 » : format non reconnu, saisissez jj/mm/aaaa"),
    ("15-03-2006", "format non reconnu"),
])
def test_dates_only_in_explicit_formats(services, tmp_path, text, reason):
    path = write(tmp_path / "j.csv", [person(1), person(2, **{"Date de naissance": text})])
    preview = services.imports.analyse("jeunes", path)
    (rejection,) = preview.rejected
    assert (rejection.line, rejection.column, rejection.value) == (3, "Date de naissance", text)
    assert reason in rejection.reason and rejection.reason.startswith("Date de naissance")


def test_iso_dates_and_xlsx_real_date_cells(services, tmp_path):
    path = tmp_path / "j.xlsx"
    rows = [["DUPONT", "Marie", date(2006, 3, 15), "F", "2006-04-01"]]
    write_xlsx(path, [Sheet("Jeunes", ["Nom", "Prénom", "Né(e) le", "Sexe", "Date d'affectation"],
                            rows)])
    preview = services.imports.analyse("jeunes", path)
    assert preview.source.startswith("classeur Excel")
    assert [r.reason for r in preview.rejected] == [
        "Critères d'affectation : au moins un critère est obligatoire."]
    rows[0][4] = None
    write_xlsx(path, [Sheet("Jeunes", ["Nom", "Prénom", "Né(e) le", "Sexe", "Date d'affectation"],
                            rows)])
    services.imports.run(services.imports.analyse("jeunes", path))
    assert jeunes(services)[0].date_naissance == date(2006, 3, 15)


def test_empty_lines_are_skipped_and_line_numbers_stay_physical(services, tmp_path):
    path = tmp_path / "j.csv"
    text = ";".join(HEADERS) + "\r\n\r\n" + ";".join(person(1)) + "\r\n;;;;;;;\r\n\r\n" + \
        ";".join(person(2, Sexe="X")) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    preview = services.imports.analyse("jeunes", path)
    assert preview.total == 2 and preview.valid == 1
    assert [(r.line, r.column, r.value) for r in preview.rejected] == [(6, "Sexe", "X")]


def test_template_comment_lines_are_not_rows(services, tmp_path):
    from milo_desktop.exchange.templates import template_text
    path = tmp_path / "modele.csv"
    path.write_bytes(template_text("jeunes").encode("cp1252"))
    preview = services.imports.analyse("jeunes", path)
    assert preview.total == 1  # the example row only; the « # » notes are skipped


# --- validation before anything is written -------------------------------------------------

def test_one_bad_row_among_1000_nothing_written_unless_valid_only(services, tmp_path):
    rows = [person(i) for i in range(1000)]
    rows[499][2] = "31/02/2006"
    path = write(tmp_path / "j.csv", rows)
    preview = services.imports.analyse("jeunes", path)
    assert (preview.total, preview.valid, preview.rejected_rows) == (1000, 999, 1)
    assert [(r.line, r.column, r.value) for r in preview.rejected] == [
        (501, "Date de naissance", "31/02/2006")]
    report = services.imports.run(preview)
    assert not report.written and "Rien n'a été importé" in report.summary()[0]
    assert count(services) == 0
    assert not services.ctx.store.backups_dir.exists() or not list(
        services.ctx.store.backups_dir.glob("*avant-import*"))
    report = services.imports.run(preview, valid_only=True)
    assert report.written and report.created == 999 and count(services) == 999


def test_every_problem_of_a_row_is_listed_with_its_column(services, tmp_path):
    path = write(tmp_path / "j.csv", [person(1, Nom="DUP0NT", Sexe="H", Téléphone="0123",
                                             **{"Code postal": "900", "Identifiant FT": "12"})])
    preview = services.imports.analyse("jeunes", path)
    assert preview.rejected_rows == 1
    by_column = {r.column: r for r in preview.rejected}
    assert set(by_column) == {"Nom", "Sexe", "Téléphone", "Code postal", "Identifiant FT"}
    assert by_column["Code postal"].reason == "Code postal « 900 » : 5 chiffres attendus (ex. 31000, 97400)."
    assert by_column["Identifiant FT"].value == "12"


def test_age_rule_applies_to_new_files_only(services, tmp_path):
    old = person(1, **{"Date de naissance": "01/01/1995"})
    preview = services.imports.analyse("jeunes", write(tmp_path / "j.csv", [old]))
    (rejection,) = preview.rejected
    assert rejection.column == "Date de naissance" and "de 16 à 25 ans révolus" in rejection.reason
    with services.ctx.store.write() as s:  # a file created years ago, now 31
        s.add(Jeune(nom="MARTIN-B", prenom="Zoé", sexe="F", date_naissance=date(1995, 1, 1),
                    identifiant_ft="0000001A", nom_fold="martin b", prenom_fold="zoe"))
    preview = services.imports.analyse("jeunes", tmp_path / "j.csv")
    assert preview.valid == 1 and preview.existing == 1
    services.imports.run(preview, existing="update")
    assert jeunes(services)[0].telephone == "+33600000001"


def test_unknown_kind_and_existing_mode(services, tmp_path):
    path = write(tmp_path / "j.csv", [person(1)])
    with pytest.raises(DomainError, match="Type d'import inconnu"):
        services.imports.analyse("stages", path)
    with pytest.raises(DomainError, match="update .* ou skip"):
        services.imports.run(services.imports.analyse("jeunes", path), existing="remplacer")


def test_missing_required_column_then_mapped_by_the_user(services, tmp_path):
    headers = ["Nom", "Prénom", "Jour de naissance", "Sexe"]
    path = write(tmp_path / "j.csv", [["DUPONT", "Marie", "15/03/2006", "F"]], headers=headers)
    preview = services.imports.analyse("jeunes", path)
    assert not preview.ready and preview.needs_mapping
    assert preview.unknown_columns == ["Jour de naissance"]
    assert preview.summary() == ["Colonnes obligatoires absentes : Date de naissance."]
    with pytest.raises(DomainError, match="Colonnes obligatoires absentes"):
        services.imports.run(preview)
    preview = services.imports.analyse("jeunes", path, {"Jour de naissance": "date_naissance"})
    assert preview.ready and not preview.needs_mapping and preview.valid == 1
    assert preview.samples["Jour de naissance"] == "15/03/2006"


# --- référent, site --------------------------------------------------------------------------

def test_referent_by_email_or_name_and_site_by_name(services, ref_data, tmp_path):
    headers = HEADERS + ["Référent", "Site"]
    rows = [person(1) + ["bruno@ml-test.fr", ""], person(2) + ["Bruno PETIT", "siege"],
            person(3) + ["durand alice", "Antenne de Pamiers"], person(4) + ["", ""],
            person(5) + ["Inconnu Total", "Lune"]]
    preview = services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows, headers=headers))
    reasons = {r.column: r.reason for r in preview.rejected}
    assert set(reasons) == {"Référent", "Site"}
    assert reasons["Référent"].startswith("Référent « Inconnu Total » : aucun utilisateur")
    assert "« Siège »" in reasons["Site"] and "« Antenne de Pamiers »" in reasons["Site"]
    services.imports.run(preview, valid_only=True)
    users, sites = ref_data["users"], ref_data["sites"]
    got = {j.identifiant_ft: (j.referent_id, j.site_id) for j in jeunes(services)}
    assert got == {
        "0000001A": (users["conseiller2"].id, sites["antenne"].id),  # the référent's site
        "0000002A": (users["conseiller2"].id, sites["siege"].id),
        "0000003A": (users["conseiller"].id, sites["antenne"].id),
        "0000004A": (None, sites["siege"].id),  # the current site
    }


# --- duplicates ------------------------------------------------------------------------------

def test_duplicates_inside_the_file(services, tmp_path):
    rows = [person(1), person(2), person(1),  # an exact repeat: ignored
            person(2, Téléphone="0611111111"),  # same identifier, other values: rejected
            person(3, **{"Identifiant FT": ""}), person(3, **{"Identifiant FT": ""})]
    preview = services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows))
    assert preview.duplicates_in_file == 2 and preview.valid == 3
    (rejection,) = preview.rejected
    assert rejection.line == 5 and rejection.column == "Identifiant FT"
    assert rejection.reason.startswith("Même jeune que la ligne 3 du fichier (MARTIN-C Zoé")
    services.imports.run(preview, valid_only=True)
    assert count(services) == 3


def test_already_in_store_is_skipped_or_updated_never_duplicated(services, tmp_path):
    services.imports.run(services.imports.analyse(
        "jeunes", write(tmp_path / "a.csv", [person(1), person(2, **{"Identifiant FT": ""})])))
    again = [person(1, Téléphone="0611111111"),  # same identifier
             person(2, **{"Identifiant FT": "", "Nom": "martin-c", "Commune": ""}),  # same name key
             person(3)]
    path = write(tmp_path / "b.csv", again)
    preview = services.imports.analyse("jeunes", path)
    assert (preview.new, preview.existing, preview.duplicates_in_store) == (1, 2, 2)
    report = services.imports.run(preview, existing="skip")
    assert (report.created, report.updated, report.skipped) == (1, 0, 2)
    assert jeunes(services)[0].telephone == "+33600000001"
    report = services.imports.run(services.imports.analyse("jeunes", path), existing="update")
    assert (report.created, report.updated) == (0, 3)
    stored = {j.nom: j for j in jeunes(services)}
    assert len(stored) == 3
    assert stored["MARTIN-B"].telephone == "+33611111111" and stored["MARTIN-B"].version == 2
    assert stored["MARTIN-C"].commune == "FOIX"  # an empty cell never erases


def test_conflicting_identifier_is_rejected(services, tmp_path):
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "a.csv", [person(1)])))
    other = person(1, **{"Identifiant FT": "7654321Z"})  # same name and birth, other identifier
    preview = services.imports.analyse("jeunes", write(tmp_path / "b.csv", [other]))
    (rejection,) = preview.rejected
    assert rejection.column == "Identifiant FT"
    assert "l'identifiant France Travail 0000001A" in rejection.reason


def test_same_file_twice_creates_nothing_new(services, tmp_path):
    headers = HEADERS + ["Date d'affectation", "Critères", "Date d'acceptation",
                         "Date d'initialisation"]
    rows = [person(i) + ["02/09/2024", "1,3", "05/09/2024", "12/09/2024"] for i in range(20)]
    path = write(tmp_path / "j.csv", rows, headers=headers)
    for mode in ("skip", "update", "skip"):
        services.imports.run(services.imports.analyse("jeunes", path), existing=mode)
        assert (count(services), count(services, Cotraitance), count(services, CotraitanceEtat)) \
            == (20, 20, 20)


# --- cotraitance ------------------------------------------------------------------------------

COTRA = HEADERS + ["Date d'affectation", "Critères", "Date d'acceptation",
                   "Date d'initialisation", "Date de radiation"]


def cotra_row(i: int, *steps: str, **changes) -> list[str]:
    return person(i, **changes) + list(steps) + [""] * (5 - len(steps))


def test_cotraitance_built_by_the_transitions(services, tmp_path):
    rows = [cotra_row(1, "02/09/2024", "1 et 3", "05/09/2024", "12/09/2024", "10/01/2025"),
            cotra_row(2, "02/09/2024", "2"),
            cotra_row(3, "10/01/2026", "4", "13/01/2026",
                      **{"Date de naissance": "01/12/2000"})]  # 25 at entry: one year at most
    report = services.imports.run(services.imports.analyse(
        "jeunes", write(tmp_path / "j.csv", rows, headers=COTRA)))
    assert dict(report.details) == {"cotraitances créées": 3}
    with services.ctx.store.read() as s:
        episodes = {j.identifiant_ft: (j, c) for j, c in s.execute(
            select(Jeune, Cotraitance).join(Cotraitance, Cotraitance.jeune_id == Jeune.id))}
        etats = s.execute(select(CotraitanceEtat.date, CotraitanceEtat.etat)).all()
    j, c = episodes["0000001A"]
    assert (c.phase, c.criteres, c.etat, c.date_etat) == ("accompagnement", 0b101, 1, date(2024, 9, 12))
    assert (c.date_fin_prevue, c.motif_fin_prevue) == (date(2025, 7, 10), "radiation")
    assert (j.cotra_phase, j.cotra_etat, j.date_fin_prevue) == ("accompagnement", 1, date(2025, 7, 10))
    j, c = episodes["0000002A"]
    assert (c.phase, j.cotra_phase, j.cotra_etat) == ("affectation", "affectation", None)
    assert c.date_fin_prevue == date(2032, 3, 15) == j.date_fin_prevue  # 26th birthday
    j, c = episodes["0000003A"]
    assert (c.phase, c.date_fin_prevue, c.motif_fin_prevue) == ("acceptee", date(2027, 1, 10), "un_an")
    assert etats == [(date(2024, 9, 12), 1)]
    with services.ctx.store.read() as s:
        notes = s.scalars(select(Evenement.note).where(Evenement.source_type == "cotraitance")
                          .order_by(Evenement.date)).all()
    assert notes[:4] == ["Cotraitance : affectation par France Travail (critères 1, 3).",
                         "Cotraitance : affectation par France Travail (critères 2).",
                         "Cotraitance : affectation acceptée.",
                         "Cotraitance : initialisation du parcours (accompagnement actif)."]
    assert len(notes) == 4 + 1 + 2  # one journal event per step, as the cotraitance screens write


@pytest.mark.parametrize("steps, column, reason", [
    (("02/09/2024", "1", "01/09/2024"), "Date d'acceptation",
     "Date d'acceptation 01/09/2024 : antérieure à l'affectation du 02/09/2024."),
    (("02/09/2024", "1", "", "12/09/2024"), "Date d'initialisation",
     "Impossible d'initialiser le parcours : le dossier est à l'étape « Affecté, en attente d'acceptation »."),
    (("", "", "05/09/2024"), "Date d'acceptation", "la date d'affectation est absente"),
    (("02/09/2024", "5"), "Critères", "Critère d'affectation « 5 » inconnu (1 à 4)."),
    (("02/09/2024", "un"), "Critères", "numéros de 1 à 4"),
    (("02/09/2024", ""), "Critères", "au moins un critère est obligatoire"),
    (("02/09/2027", "1"), "Date d'affectation", "elle est dans le futur"),
    (("02/09/2024", "1", "", "", "01/08/2024"), "Date de radiation", "antérieure à l'affectation"),
])
def test_cotraitance_rules_reject_the_row(services, tmp_path, steps, column, reason):
    path = write(tmp_path / "j.csv", [cotra_row(1, *steps)], headers=COTRA)
    (rejection,) = services.imports.analyse("jeunes", path).rejected
    assert rejection.column == column and reason in rejection.reason


def test_cotraitance_refused_at_26(services, tmp_path):
    row = cotra_row(1, "02/09/2024", "1", **{"Date de naissance": "01/01/1998"})
    with services.ctx.store.write() as s:  # the file exists (a new one would be refused: 28)
        s.add(Jeune(nom="MARTIN-B", prenom="Zoé", sexe="F", date_naissance=date(1998, 1, 1),
                    identifiant_ft="0000001A", nom_fold="martin b", prenom_fold="zoe"))
    (rejection,) = services.imports.analyse(
        "jeunes", write(tmp_path / "j.csv", [row], headers=COTRA)).rejected
    assert rejection.column == "Date d'affectation"
    assert rejection.reason.startswith("Affectation refusée : le jeune a 26 ans le 02/09/2024")


def test_existing_episode_gets_the_missing_steps_only(services, tmp_path):
    first = write(tmp_path / "a.csv", [cotra_row(1, "02/09/2024", "1"), cotra_row(2, "02/09/2024", "1")],
                  headers=COTRA)
    services.imports.run(services.imports.analyse("jeunes", first))
    later = write(tmp_path / "b.csv", [
        cotra_row(1, "02/09/2024", "1", "05/09/2024", "12/09/2024"),
        cotra_row(2, "03/10/2024", "2"),  # another affectation while one is open: left alone
    ], headers=COTRA)
    report = services.imports.run(services.imports.analyse("jeunes", later), existing="skip")
    assert report.skipped == 2 and count(services, CotraitanceEtat) == 0
    report = services.imports.run(services.imports.analyse("jeunes", later), existing="update")
    assert dict(report.details) == {"cotraitances complétées": 1}
    (note,) = report.notes
    assert note.startswith("ligne 3 (MARTIN-C Zoé (15/03/2006)) : une autre cotraitance est "
                           "enregistrée (affectation du 02/09/2024)")
    with services.ctx.store.read() as s:
        rows = s.execute(select(Jeune.identifiant_ft, Jeune.cotra_phase, Jeune.cotra_etat,
                                Cotraitance.phase, Cotraitance.version)
                         .join(Cotraitance, Cotraitance.jeune_id == Jeune.id)
                         .order_by(Jeune.identifiant_ft)).all()
    assert rows == [("0000001A", "accompagnement", 1, "accompagnement", 2),
                    ("0000002A", "affectation", None, "affectation", 1)]
    assert count(services, CotraitanceEtat) == 1


# --- rejects file, backups, all or nothing ---------------------------------------------------

def test_rejects_saved_fixed_in_excel_and_imported_again(services, tmp_path):
    rows = [person(1), person(2, **{"Date de naissance": "31/02/2006"}), person(3, Sexe="X")]
    preview = services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows))
    rejects = tmp_path / "rejets.csv"
    assert services.imports.save_rejects(preview, rejects) == 2
    table = read_table(rejects)
    assert table.headers == HEADERS + ["motif du rejet"]
    assert [r.values["Date de naissance"] for r in table.rows] == ["31/02/2006", "15/03/2006"]
    assert "cette date n'existe pas" in table.rows[0].values["motif du rejet"]
    with pytest.raises(DomainError, match="en CSV"):
        services.imports.save_rejects(preview, tmp_path / "rejets.xlsx")
    fixed = [[r.values[h] for h in HEADERS] for r in table.rows]
    fixed[0][2], fixed[1][3] = "28/02/2006", "M"
    write(rejects, [row + ["motif"] for row in fixed], headers=HEADERS + ["motif du rejet"])
    again = services.imports.analyse("jeunes", rejects)
    assert not again.needs_mapping and again.valid == 2
    services.imports.run(preview, valid_only=True)
    services.imports.run(again)
    assert count(services) == 3


def test_backup_made_before_writing(services, tmp_path):
    report = services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "j.csv", [person(1)])))
    assert report.backup is not None and report.backup.exists()
    assert "avant-import" in report.backup.name and report.backup.parent == services.ctx.store.backups_dir
    assert any("Copie de sûreté de l'import" in line for line in report.summary())


def test_error_half_way_leaves_the_store_as_it_was(services, tmp_path):
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "a.csv", [person(0)])))
    path = write(tmp_path / "j.csv", [person(i) for i in range(1, 3001)])
    preview = services.imports.analyse("jeunes", path)

    def progress(done, total, message=""):
        if done >= total // 2:
            raise RuntimeError("panne au milieu de l'import")

    with pytest.raises(RuntimeError):
        services.imports.run(preview, progress=progress)
    assert count(services) == 1
    cancel_after = iter([False, False, True])
    with pytest.raises(Cancelled):
        services.imports.run(preview, cancel=lambda: next(cancel_after))
    assert count(services) == 1 and integrity_problems(services.ctx.store.path) == []


KILLER = textwrap.dedent("""
    import os, signal, sys
    from datetime import date
    from pathlib import Path
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services
    services = Services(AppContext(open_store(Path(sys.argv[1])), today=lambda: date(2026, 11, 24)))
    preview = services.imports.analyse("jeunes", sys.argv[2])
    def progress(done, total, message=""):
        if done >= total // 2:
            print("KILL", done, total, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
    services.imports.run(preview, progress=progress)
    print("not killed")
""")


def test_import_killed_half_way_leaves_the_store_intact(services, data_dir, tmp_path):
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "a.csv", [person(0)])))
    path = write(tmp_path / "j.csv", [person(i) for i in range(1, 4001)])
    proc = subprocess.run([sys.executable, "-c", KILLER, str(data_dir), str(path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.startswith("KILL 2000 4000")
    assert integrity_problems(services.ctx.store.path, quick=False) == []
    assert count(services) == 1 and count(services, Cotraitance) == 0


# --- round trip ------------------------------------------------------------------------------

def _export_jeunes(services, path: Path) -> None:
    """Through the export service when the jeunes export exists, else written here."""
    try:
        services.exports.export("jeunes", path)
        return
    except (ModuleNotFoundError, AttributeError):
        pass
    columns = (Jeune.nom, Jeune.prenom, Jeune.date_naissance, Jeune.sexe, Jeune.identifiant_ft,
               Jeune.telephone, Jeune.email, Jeune.code_postal, Jeune.commune, Jeune.qpv)
    with services.ctx.store.read() as s:
        rows = [list(r) for r in s.execute(select(*columns))]
    write_xlsx(path, [Sheet("Jeunes", [c.key for c in columns], rows)])


def _other_store(folder: Path, services):
    """A second store with the same sites and users (référent and site are exported by name)."""
    from milo_desktop.domain import referentiel as ref
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services
    other = Services(AppContext(open_store(folder), today=lambda: TODAY))
    for site in services.settings.sites():
        other.settings.save_site(ref.SiteInput(site.nom, site.type, commune=site.commune))
    for u in services.settings.utilisateurs():
        other.settings.save_utilisateur(ref.UtilisateurInput(u.nom, u.prenom, u.email, u.role))
    return other


def test_export_then_import_round_trip(services, bare_services, tmp_path):
    rows = [person(i, Nom=n, Prénom=p) for i, (n, p) in
            enumerate([("ŒUVRARD", "Élodie"), ("N'DIAYE", "Moussa"), ("LE GOFF", "Maëlle")])]
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows)))
    exported = tmp_path / "export.xlsx"
    _export_jeunes(services, exported)
    preview = services.imports.analyse("jeunes", exported)
    assert (preview.valid, preview.new, preview.existing) == (3, 0, 3)
    other = _other_store(tmp_path / "autre", services)
    try:
        other.imports.run(other.imports.analyse("jeunes", exported))
        fields = ("nom", "prenom", "date_naissance", "sexe", "identifiant_ft", "telephone",
                  "code_postal", "commune", "nom_fold")
        assert [[getattr(j, f) for f in fields] for j in jeunes(other)] == \
            [[getattr(j, f) for f in fields] for j in jeunes(services)]
    finally:
        other.ctx.store.close()
