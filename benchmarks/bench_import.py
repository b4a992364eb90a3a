"""Import speed on the stores users have: 10 000 young people (a third in cotraitance) from a
French Excel CSV into stores made by ``milo-desktop demo`` (100 000 and 300 000 young people).

Each store is built once with the ``demo`` command (the user's code path) and cached in the
folder ``MILO_BENCH_DIR`` (default: a temporary folder, removed at the end). Each run works
on a fresh copy of the cached store: ``ImportsService.analyse`` (read, validate, match the
file's keys in SQL) then ``run`` (safety copy, re-match, Core bulk inserts, one transaction),
as ``milo-desktop import`` does. Beside it, the floor: stdlib ``csv`` + ``sqlite3`` doing the
same inserts into a copy of the same store, no validation, no safety copy.

    MILO_BENCH_DIR=~/.cache/milo-bench python benchmarks/bench_import.py [--runs 3]
        [--sizes 100000,300000] [--rows 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from milo_desktop.domain.text import fold  # noqa: E402

HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Identifiant France Travail",
           "Téléphone", "E-mail", "Code postal", "Commune", "Niveau de formation", "QPV",
           "Date d'affectation", "Critères", "Date d'acceptation", "Date d'initialisation"]
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


def make_rows(count: int, today: date) -> list[list[str]]:
    """Young people aged 17 to 22 on ``today``; identifiers « Z » + 7 digits (the demo's
    are 7 digits + a letter: no collision)."""
    first = date(today.year - 22, 1, 1)
    rows = []
    for i in range(count):
        born = first + timedelta(days=i % 1800)
        row = [f"BENCH-{NOMS[i % 8]}-{letters(i)}", PRENOMS[i % 8], born.strftime("%d/%m/%Y"),
               "FM"[i % 2], f"Z{i:07d}", f"06{i % 10**8:08d}", f"jeune{i}@exemple.org",
               "09000", "Foix", "NV4", "oui" if i % 5 == 0 else "non", "", "", "", ""]
        if i % 3 == 0:
            start = today - timedelta(days=60)
            row[11:] = [start.strftime("%d/%m/%Y"), "1,3",
                        (start + timedelta(days=3)).strftime("%d/%m/%Y"),
                        (start + timedelta(days=10)).strftime("%d/%m/%Y")]
        rows.append(row)
    return rows


def write_file(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))


# --- stores ---------------------------------------------------------------------------------

def demo_store(cache: Path, young: int) -> Path:
    """The data folder of a ``demo --young N --seed 1`` store, built once by the CLI."""
    folder = cache / f"demo-{young}"
    if (folder / "DONE").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  construction de la base de démonstration ({young} jeunes, commande demo)…",
          flush=True)
    subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(folder), "demo",
                    "--young", str(young), "--seed", "1"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    (folder / "DONE").touch()
    return folder


def fresh_copy(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for part in source.glob("milo.db*"):  # the store and its WAL, if any
        shutil.copy2(part, target / part.name)
    return target


def open_services(folder: Path):
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, CurrentUser, Services
    services = Services(AppContext(open_store(folder), CurrentUser(None, "Banc d'essai")))
    user = services.settings.utilisateurs()[0]
    services.set_user(CurrentUser(user.id, user.nom_complet), user.site_id)
    return services


# --- measured work --------------------------------------------------------------------------

def milo_import(folder: Path, source: Path, count: int) -> tuple[float, float, float]:
    """(analyse, write, total) seconds of one import as ``milo-desktop import`` does it."""
    services = open_services(folder)
    began = time.perf_counter()
    preview = services.imports.analyse("jeunes", source)
    analysed = time.perf_counter()
    assert preview.valid == count, preview.rejected[:3]
    report = services.imports.run(preview)
    done = time.perf_counter()
    assert report.created == count
    services.ctx.store.close()
    return analysed - began, done - analysed, done - began


def raw_floor(folder: Path, source: Path) -> float:
    """stdlib csv + sqlite3: decode, split, parse dates, fold names, insert the same rows the
    import writes (young people, cotraitance episodes, their first state, the three journal
    events of each episode). No validation, no safety copy."""
    began = time.perf_counter()
    con = sqlite3.connect(folder / "milo.db")
    text = source.read_bytes().decode("cp1252")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    next(reader)
    now = datetime.now().isoformat(sep=" ")
    jeunes, episodes, etats, events = [], [], [], []
    for r in reader:
        jid = uuid.uuid4().hex
        born = datetime.strptime(r[2], "%d/%m/%Y").date().isoformat()
        jeunes.append((jid, 1, now, now, r[0].upper(), r[1], r[3], born, r[7], r[8].upper(),
                       r[5], r[6], r[4], r[9], r[10] == "oui", fold(r[0]), fold(r[1]),
                       fold(r[8])))
        if r[11]:
            eid = uuid.uuid4().hex
            days = [datetime.strptime(d, "%d/%m/%Y").date().isoformat() for d in r[11:14]
                    if d and "/" in d]
            episodes.append((eid, 1, now, now, jid, "accompagnement", days[0], 5))
            etats.append((uuid.uuid4().hex, eid, days[-1], 1, "initialisation", "banc", now))
            events += [(uuid.uuid4().hex, 1, now, now, jid, day, "autre", "present",
                        "Cotraitance", "cotraitance", eid) for day in days]
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
        con.executemany(
            "INSERT INTO cotraitance_etat (id, cotraitance_id, date, etat, motif, auteur, "
            "created_at) VALUES (?,?,?,?,?,?,?)", etats)
        con.executemany(
            "INSERT INTO evenement (id, version, created_at, updated_at, jeune_id, date, type, "
            "statut, note, source_type, source_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)", events)
    con.close()
    return time.perf_counter() - began


def spread(values: list[float]) -> str:
    return (f"min {min(values):5.2f}  médiane {statistics.median(values):5.2f}  "
            f"max {max(values):5.2f} s")


def bench(cache: Path, work: Path, young: int, count: int, runs: int) -> float:
    store = demo_store(cache, young)
    source = work / "jeunes.csv"
    write_file(source, make_rows(count, date.today()))
    analyses, writes, totals, floors = [], [], [], []
    for _ in range(runs):
        a, w, t = milo_import(fresh_copy(store, work / "base"), source, count)
        analyses.append(a), writes.append(w), totals.append(t)
        floors.append(raw_floor(fresh_copy(store, work / "plancher"), source))
    shutil.rmtree(work / "base", ignore_errors=True)
    shutil.rmtree(work / "plancher", ignore_errors=True)
    print(f"base de {young} jeunes, import de {count} lignes ({runs} essais) :")
    print(f"  analyse (lecture, validation, clés du fichier en SQL)  {spread(analyses)}")
    print(f"  écriture (copie de sûreté + inserts, une transaction)   {spread(writes)}")
    print(f"  total milo-desktop import                              {spread(totals)}")
    print(f"  plancher csv + sqlite3 bruts (mêmes inserts)           {spread(floors)}")
    print(f"  rapport à ce plancher (médianes)                        "
          f"x{statistics.median(totals) / statistics.median(floors):.1f}")
    return statistics.median(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sizes", default="100000,300000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    given = os.environ.get("MILO_BENCH_DIR")
    cache = Path(given).expanduser() if given else Path(tempfile.mkdtemp(prefix="bench-import-"))
    cache.mkdir(parents=True, exist_ok=True)
    medians = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-import-work-", dir=cache) as work:
            for young in sizes:
                medians[young] = bench(cache, Path(work), young, args.rows, args.runs)
    finally:
        if not given:
            shutil.rmtree(cache, ignore_errors=True)
    if len(sizes) > 1:
        low, high = sizes[0], sizes[-1]
        print(f"croissance {low} -> {high} jeunes (x{high / low:.0f} de données) : import "
              f"x{medians[high] / medians[low]:.2f} ({medians[low]:.2f} s -> {medians[high]:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
