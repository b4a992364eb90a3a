"""Import speed: 10 000 young people (a third in cotraitance) from a French Excel CSV.

Measured: ``ImportsService.analyse`` (read, match headers, validate every row with the domain,
pre-load the store's keys) and ``run`` (backup, re-match, Core bulk inserts in one
transaction), then the same file again (everything already there: nothing created). Beside
it, the floor: stdlib ``csv`` + ``sqlite3`` doing the same inserts with no validation.

    python benchmarks/bench_import.py [rows]
"""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from milo_desktop.domain.text import fold  # noqa: E402

TODAY = date(2026, 11, 24)
HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Identifiant France Travail",
           "Téléphone", "E-mail", "Code postal", "Commune", "Niveau de formation", "QPV",
           "Référent", "Site", "Date d'affectation", "Critères", "Date d'acceptation",
           "Date d'initialisation"]
NOMS = ["MARTIN", "BERNARD", "ŒILLET", "LEFÈVRE", "GARÇON", "DUBOIS", "N'DIAYE", "LE GOFF"]
PRENOMS = ["Zoé", "Chloé", "Léa", "Noël", "Anaïs", "Jérôme", "Maëlle", "Éloïse"]


def letters(n: int) -> str:
    """0 -> "A", 27 -> "BB"…: distinct names made of letters only."""
    text = ""
    while True:
        n, r = divmod(n, 26)
        text += chr(65 + r)
        if not n:
            return text


def make_rows(count: int) -> list[list[str]]:
    rows = []
    for i in range(count):
        born = date(2002, 1, 1) + timedelta(days=i % 2000)
        row = [f"{NOMS[i % 8]}-{letters(i)}", PRENOMS[i % 8], born.strftime("%d/%m/%Y"), "FM"[i % 2],
               f"{i:07d}A", f"06{i % 10**8:08d}", f"jeune{i}@exemple.org", "09000", "Foix",
               "NV4", "oui" if i % 5 == 0 else "non", "alice@ml-test.fr", "Siège", "", "", "", ""]
        if i % 3 == 0:
            row[13:] = ["02/09/2024", "1,3", "05/09/2024", "12/09/2024"]
        rows.append(row)
    return rows


def write_file(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))


def make_services(folder: Path):
    from milo_desktop.domain import referentiel as ref
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, CurrentUser, Services
    services = Services(AppContext(open_store(folder), today=lambda: TODAY))
    settings = services.settings
    site = settings.save_site(ref.SiteInput("Siège", "siege", commune="Foix"))
    user = settings.save_utilisateur(
        ref.UtilisateurInput("Durand", "Alice", "alice@ml-test.fr", "conseiller", site.id))
    services.set_user(CurrentUser(user.id, user.nom_complet), site.id)
    return services


def timed(label: str, func):
    """Wall time, and this process's CPU time (steadier on a busy machine)."""
    began, cpu = time.perf_counter(), time.process_time()
    result = func()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"  {label:<58} {elapsed:6.2f} s   (CPU {cpu:5.2f} s)")
    return result, elapsed


def raw_floor(source: Path, db: Path) -> int:
    """stdlib csv + sqlite3: decode, split, parse dates, fold names, insert. No validation."""
    con = sqlite3.connect(db)
    text = source.read_bytes().decode("cp1252")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    next(reader)
    now = datetime.now().isoformat(sep=" ")
    jeunes, episodes = [], []
    for r in reader:
        jid = uuid.uuid4().hex
        born = datetime.strptime(r[2], "%d/%m/%Y").date().isoformat()
        jeunes.append((jid, 1, now, now, r[0].upper(), r[1], r[3], born, r[7], r[8].upper(),
                       r[5], r[6], r[4], r[9], r[10] == "oui", fold(r[0]), fold(r[1]),
                       fold(r[8])))
        if r[13]:
            episodes.append((uuid.uuid4().hex, 1, now, now, jid, "accompagnement",
                             datetime.strptime(r[13], "%d/%m/%Y").date().isoformat(), 5))
    with con:
        con.executemany(
            "INSERT INTO jeune (id, version, created_at, updated_at, nom, prenom, sexe, "
            "date_naissance, code_postal, commune, telephone, email, identifiant_ft, "
            "niveau_formation, qpv, nom_fold, prenom_fold, commune_fold, zrr, rqth, indemnise, "
            "permis_b, vehicule, archive) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,0,0,0,0,0)",
            jeunes)
        con.executemany(
            "INSERT INTO cotraitance (id, version, created_at, updated_at, jeune_id, phase, "
            "date_affectation, criteres) VALUES (?,?,?,?,?,?,?,?)", episodes)
    con.close()
    return len(jeunes)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"Import de {count} jeunes (CSV Windows-1252, « ; », {len(HEADERS)} colonnes, "
          "un tiers en cotraitance)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "jeunes.csv"
        write_file(source, make_rows(count))
        services = make_services(folder / "base")
        imports = services.imports
        preview, t_analyse = timed("analyse (lecture, en-têtes, validation domaine)",
                                   lambda: imports.analyse("jeunes", source))
        assert preview.valid == count, preview.rejected[:3]
        report, t_run = timed("écriture (sauvegarde + inserts Core, une transaction)",
                              lambda: imports.run(preview))
        print(f"  {'total analyse + écriture':<58} {t_analyse + t_run:6.2f} s "
              f"({report.created} créés)")
        again, _ = timed("même fichier une 2e fois (analyse + écriture : rien de neuf)",
                         lambda: imports.run(imports.analyse("jeunes", source)))
        assert again.created == 0
        services.ctx.store.close()
        floor = make_services(folder / "plancher")
        db = floor.ctx.store.path
        floor.ctx.store.close()
        timed("plancher : csv + sqlite3 bruts (sans validation)", lambda: raw_floor(source, db))


if __name__ == "__main__":
    main()
