"""Domain §2 (corrected): 16-25 years old **on the day of reception** — the first reception
(``date_premier_accueil``) or the affectation in cotraitance — in the fiche (creation and
edition), the jeunes import (with its cotraitance columns) and the CLI."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from milo_desktop.cli.main import main
from milo_desktop.domain import jeunes as j
from milo_desktop.domain.dates import add_years, format_date
from milo_desktop.domain.errors import ValidationError
from milo_desktop.persistence.models import Cotraitance, Jeune

from .conftest import TODAY  # 24/11/2026

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Identifiant FT", "Date de premier accueil",
           "Date d'affectation", "Critères", "Date d'acceptation", "Date d'initialisation",
           "Date de radiation"]


def write(path: Path, rows, headers=HEADERS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


def row(i: int, born: str, accueil: str = "", *cotra: str) -> list[str]:
    suffix = "".join(chr(65 + int(d)) for d in str(i))
    return [f"MARTIN-{suffix}", "Zoé", born, "F", f"{i:07d}A", accueil, *cotra] + [""] * (5 - len(cotra))


def stored(services) -> dict[str, Jeune]:
    with services.ctx.store.read() as s:
        return {x.identifiant_ft: x for x in s.scalars(select(Jeune))}


def ident(**changes) -> j.JeuneInput:
    return j.JeuneInput(**(dict(nom="Dupont", prenom="Zoé", sexe="F", date_naissance="01/02/2005")
                           | changes))


# --- domain ------------------------------------------------------------------------------------

def test_new_file_is_checked_today_unless_received_earlier():
    old = ident(date_naissance="01/01/1999")  # 27 today, 25 on 01/06/2024
    with pytest.raises(ValidationError) as err:
        j.validate_jeune(old, TODAY, creating=True)
    assert "27 ans le 24/11/2026 ;" in err.value.problems["date_naissance"]
    out = j.validate_jeune(replace_accueil(old, "01/06/2024"), TODAY, creating=True)
    assert out.date_premier_accueil == date(2024, 6, 1)
    assert j.validate_jeune(ident(), TODAY, creating=True).date_premier_accueil == TODAY


def replace_accueil(data, accueil):
    from dataclasses import replace
    return replace(data, date_premier_accueil=accueil)


def test_reception_date_on_the_day_before_the_26th_birthday_and_on_it():
    data = ident(date_naissance="15/06/2000")
    assert j.validate_jeune(replace_accueil(data, "14/06/2026"), TODAY, creating=True)
    with pytest.raises(ValidationError) as err:
        j.validate_jeune(replace_accueil(data, "15/06/2026"), TODAY, creating=True)
    assert err.value.problems["date_naissance"] == (
        "Date de naissance : 26 ans le 15/06/2026 (premier accueil) ; la Mission Locale accueille "
        "les jeunes de 16 à 25 ans révolus (26 ans depuis le 15/06/2026).")


def test_reception_date_not_in_the_future_nor_before_the_birth():
    with pytest.raises(ValidationError) as err:
        j.validate_jeune(replace_accueil(ident(), "25/11/2026"), TODAY, creating=True)
    assert "futur" in err.value.problems["date_premier_accueil"]
    with pytest.raises(ValidationError) as err:
        j.validate_jeune(replace_accueil(ident(), "01/01/2004"), TODAY, creating=True)
    assert "antérieure à la naissance" in err.value.problems["date_premier_accueil"]


def test_edition_checks_the_age_only_when_a_date_changes():
    stored_ = (date(1999, 1, 1), date(2024, 6, 1))  # received at 25, 27 today
    assert j.validate_jeune(ident(date_naissance="01/01/1999"), TODAY, False, stored_)
    with pytest.raises(ValidationError) as err:  # 11 years old on the reception date
        j.validate_jeune(ident(date_naissance="01/01/2013"), TODAY, False, stored_)
    assert "11 ans le 01/06/2024 (premier accueil)" in err.value.problems["date_naissance"]
    with pytest.raises(ValidationError):  # a reception date moved to when they were 26
        j.validate_jeune(replace_accueil(ident(date_naissance="01/01/1999"), "02/01/2025"),
                         TODAY, False, stored_)


# --- service: creation and edition ------------------------------------------------------------

def test_service_creates_a_file_received_last_year_and_refuses_it_received_today(services):
    data = ident(date_naissance="01/01/2000")  # 26 on 01/01/2026
    with pytest.raises(ValidationError) as err:
        services.jeunes.create(data)
    assert "26 ans le 24/11/2026" in err.value.problems["date_naissance"]
    d = services.jeunes.create(replace_accueil(data, "15/09/2025"))
    assert d.date_premier_accueil == date(2025, 9, 15) and d.age == 26
    assert services.jeunes.get(d.id).date_premier_accueil == date(2025, 9, 15)


def test_service_refuses_an_edited_birth_date_that_makes_the_file_ineligible(services):
    d = services.jeunes.create(ident())
    assert d.date_premier_accueil == TODAY
    with pytest.raises(ValidationError) as err:
        services.jeunes.update(d.id, ident(date_naissance="01/01/2015"), None, None, (), d.version)
    assert "11 ans le 24/11/2026" in err.value.problems["date_naissance"]
    assert services.jeunes.get(d.id).date_naissance == date(2005, 2, 1)
    saved = services.jeunes.update(d.id, ident(date_naissance="01/03/2005"), None, None, (), d.version)
    assert saved.date_naissance == date(2005, 3, 1)


def test_service_edition_of_a_file_received_at_25_and_26_today(services):
    d = services.jeunes.create(replace_accueil(ident(date_naissance="01/01/2000"), "02/09/2025"))
    later = services.jeunes.update(d.id, replace_accueil(ident(date_naissance="01/01/2000", commune="Foix"),
                                                         None), None, None, (), d.version)
    assert later.commune == "FOIX" and later.date_premier_accueil == date(2025, 9, 2)
    with pytest.raises(ValidationError):  # born a year earlier: 26 on the reception date
        services.jeunes.update(d.id, ident(date_naissance="01/01/1999"), None, None, (), later.version)


def test_service_edition_keeps_the_age_at_each_affectation(services):
    d = services.jeunes.create(replace_accueil(ident(date_naissance="01/01/2001"), "01/09/2024"))
    services.cotraitance.affecter(d.id, date(2025, 12, 1), [1])  # 24 on the affectation
    d = services.jeunes.get(d.id)
    with pytest.raises(ValidationError) as err:  # 26 on the affectation, 25 on the reception
        services.jeunes.update(d.id, replace_accueil(ident(date_naissance="15/11/1999"), "01/09/2024"),
                               None, None, (), d.version)
    assert "(affectation en cotraitance)" in err.value.problems["date_naissance"]


def test_a_file_saved_before_the_reception_date_existed_counts_from_its_creation(services):
    with services.ctx.store.write() as s:
        s.add(Jeune(nom="MARTIN", prenom="Zoé", sexe="F", date_naissance=date(2005, 1, 1),
                    nom_fold="martin", prenom_fold="zoe"))
    (old,) = stored(services).values()
    d = services.jeunes.get(old.id)
    assert d.date_premier_accueil is None
    with pytest.raises(ValidationError):
        services.jeunes.update(d.id, ident(date_naissance="01/01/2015"), None, None, (), d.version)


# --- import ------------------------------------------------------------------------------------

def test_past_years_list_imports_people_26_today(services, tmp_path):
    rows = [
        row(1, "01/06/2000", "", "02/09/2025", "1"),  # 25 at entry, 26 today: the one-year rule
        row(2, "10/01/2000", "", "02/09/2024", "1", "05/09/2024", "12/09/2024", "15/01/2026"),
        row(3, "01/01/1999", "15/06/2024"),  # received at 25, 27 today
        row(4, "01/01/1999"),  # no reception date: checked today (27)
        row(5, "01/01/1999", "", "02/09/2024", "1"),  # affected at 25, 27 today: one year over
    ]
    preview = services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows))
    (rejection,) = preview.rejected
    assert rejection.line == 5 and rejection.column == "Date de naissance"
    assert "27 ans le 24/11/2026 ;" in rejection.reason
    report = services.imports.run(preview, valid_only=True)
    assert report.created == 4
    files = stored(services)
    assert files["0000001A"].date_premier_accueil == date(2025, 9, 2)  # the affectation
    assert files["0000001A"].date_fin_prevue == date(2026, 9, 2)  # one year after entry
    assert files["0000002A"].date_fin_prevue == date(2026, 1, 10)  # 26th birthday before radiation+6
    assert files["0000003A"].date_premier_accueil == date(2024, 6, 15)
    assert files["0000005A"].date_premier_accueil == date(2024, 9, 2)


def test_radiation_after_the_26th_birthday_imports(services, tmp_path):
    rows = [row(1, "01/03/2000", "", "02/09/2024", "1", "05/09/2024", "12/09/2024", "15/04/2026")]
    report = services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows)))
    assert report.created == 1
    with services.ctx.store.read() as s:
        c = s.scalars(select(Cotraitance)).one()
    assert c.date_radiation == date(2026, 4, 15) and c.motif_fin_prevue == "anniversaire_26"


@pytest.mark.parametrize("today, due", [(date(2026, 11, 24), False), (date(2026, 11, 25), False),
                                        (date(2026, 11, 26), True)])
def test_entry_at_25_imported_on_its_last_day_and_the_day_after(services, tmp_path, today, due):
    """Affected at 25 on 25/11/2025: followed until 25/11/2026 (one year), 26 since 01/06/2026."""
    services.ctx.today = lambda: today
    rows = [row(1, "01/06/2000", "", "25/11/2025", "1", "26/11/2025", "01/12/2025")]
    report = services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows)))
    assert report.created == 1
    (jeune,) = stored(services).values()
    assert jeune.date_fin_prevue == date(2026, 11, 25) and (jeune.date_fin_prevue < today) is due


@pytest.mark.parametrize("affectation, ok", [("31/05/2026", True), ("01/06/2026", False)])
def test_affectation_on_the_day_before_the_26th_birthday_and_on_it(services, tmp_path, affectation, ok):
    rows = [row(1, "01/06/2000", "", affectation, "1")]
    preview = services.imports.analyse("jeunes", write(tmp_path / "j.csv", rows))
    assert preview.valid == (1 if ok else 0)
    if not ok:
        assert preview.rejected[0].column == "Date d'affectation"


def test_reception_column_is_checked_for_existing_files_too(services, tmp_path):
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "a.csv",
                                                                  [row(1, "01/01/2005")])))
    preview = services.imports.analyse("jeunes", write(tmp_path / "b.csv",
                                                       [row(1, "01/01/2005", "01/01/2020")]))
    assert preview.rejected[0].column == "Date de naissance"
    assert "15 ans le 01/01/2020 (premier accueil)" in preview.rejected[0].reason


def test_import_update_refuses_a_birth_date_that_makes_the_file_ineligible(services, tmp_path):
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "a.csv",
                                                                  [row(1, "01/01/2005")])))
    preview = services.imports.analyse("jeunes", write(tmp_path / "b.csv", [row(1, "01/01/2015"),
                                                                           row(2, "01/01/2006")]))
    (rejection,) = preview.rejected
    assert rejection.line == 2 and "11 ans le 24/11/2026" in rejection.reason
    services.imports.run(preview, existing="update", valid_only=True)
    assert stored(services)["0000001A"].date_naissance == date(2005, 1, 1)
    fine = services.imports.analyse("jeunes", write(tmp_path / "c.csv", [row(1, "01/02/2005")]))
    services.imports.run(fine, existing="update")
    assert stored(services)["0000001A"].date_naissance == date(2005, 2, 1)


# --- the command line (the real today) ---------------------------------------------------------

def test_cli_imports_last_years_list_and_refuses_an_ineligible_update(data_dir, services, tmp_path, capsys):
    today = date.today()
    born = add_years(today, -26) - timedelta(days=30)  # 26 since a month
    entry = add_years(today, -1) + timedelta(days=10)  # aged 25 then
    path = write(tmp_path / "j.csv", [row(1, format_date(born), "", format_date(entry), "2")])
    assert main(["--data-dir", str(data_dir), "import", "jeunes", str(path)]) == 0
    assert "1 créée(s)" in capsys.readouterr().out
    young = add_years(entry, -11)  # 11 on the reception date
    path = write(tmp_path / "k.csv", [row(1, format_date(young))])
    assert main(["--data-dir", str(data_dir), "import", "jeunes", str(path), "--existing", "update"]) == 1
    out = capsys.readouterr().out
    assert f"11 ans le {format_date(entry)} (premier accueil)" in out and "Rien n'a été importé" in out
    assert stored(services)["0000001A"].date_naissance == born


def test_cli_template_documents_the_reception_column(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "import", "--template", "jeunes"]) == 0
    assert "Date de premier accueil" in capsys.readouterr().out


# --- migration -----------------------------------------------------------------------------------

def test_migration_gives_existing_files_their_earliest_known_reception(tmp_path):
    import milo_desktop.persistence.migrations as mig
    folder = tmp_path / "base"
    folder.mkdir()
    path = folder / "milo.db"
    mig.upgrade(path, "0002")
    con = sqlite3.connect(path)
    for n, jid in enumerate(("a" * 32, "b" * 32)):
        con.execute("""INSERT INTO jeune (id, nom, prenom, sexe, date_naissance, indemnise, qpv, zrr,
                       rqth, permis_b, vehicule, archive, nom_fold, prenom_fold, version, created_at,
                       updated_at) VALUES (?, 'DUPONT', 'Zoé', 'F', '2005-02-01', 0, 0, 0, 0, 0, 0, 0,
                       'dupont', 'zoe', 1, '2026-03-01 10:00:00', '2026-03-01 10:00:00')""", (jid,))
    con.execute("""INSERT INTO evenement (id, jeune_id, date, type, statut, version, created_at,
                   updated_at) VALUES (?, ?, '2025-10-02', 'autre', 'present', 1, '2026-03-01',
                   '2026-03-01')""", ("c" * 32, "a" * 32))
    con.commit()
    con.close()
    mig.open_store(folder).close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT id, date_premier_accueil FROM jeune ORDER BY id").fetchall() == [
        ("a" * 32, "2025-10-02"), ("b" * 32, "2026-03-01")]


def test_export_carries_the_reception_day_and_the_import_reads_it_back(services, tmp_path):
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services
    services.jeunes.create(replace_accueil(ident(date_naissance="01/01/2000"), "15/09/2025"))  # 26 today
    out = tmp_path / "jeunes.csv"
    services.exports.export("jeunes", out)
    other_dir = tmp_path / "autre"
    other_dir.mkdir()
    other = Services(AppContext(open_store(other_dir), today=lambda: TODAY))
    try:
        report = other.imports.run(other.imports.analyse("jeunes", out))
        assert report.created == 1
        (copy,) = stored(other).values()
        assert copy.date_premier_accueil == date(2025, 9, 15)
    finally:
        other.ctx.store.close()


def test_import_update_of_a_file_without_reception_date_counts_from_its_creation(services, tmp_path):
    with services.ctx.store.write() as s:  # saved before 0003: no reception date recorded
        s.add(Jeune(nom="MARTIN-B", prenom="Zoé", sexe="F", date_naissance=date(2005, 1, 1),
                    identifiant_ft="0000001A", nom_fold="martin b", prenom_fold="zoe"))
    preview = services.imports.analyse("jeunes", write(tmp_path / "b.csv", [row(1, "01/01/2015")]))
    (rejection,) = preview.rejected
    assert "11 ans le" in rejection.reason and "(premier accueil)" in rejection.reason  # its creation day


def test_import_update_keeps_the_age_at_the_stored_affectation(services, tmp_path):
    services.imports.run(services.imports.analyse("jeunes", write(tmp_path / "a.csv", [
        row(1, "01/01/2001", "01/09/2024", "01/12/2025", "1")])))  # 24 at the affectation
    preview = services.imports.analyse("jeunes", write(tmp_path / "b.csv", [
        row(1, "15/11/1999", "01/09/2024")]))  # 24 on the reception, 26 on the affectation
    (rejection,) = preview.rejected
    assert "26 ans le 01/12/2025 (affectation en cotraitance)" in rejection.reason
