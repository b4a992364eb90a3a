"""Export of 100 000 young people: CSV (target ≤ 2 s) and XLSX (≤ 15 s), beside raw ``sqlite3`` +
``csv`` doing the same work (the floor).

Measured, each three times (best and worst printed; the machine is shared):
- ``milo-desktop export jeunes`` (all 28 columns, archived included) to CSV and XLSX;
- the « Jeunes » list exported as shown from the GUI (all rows, the visible columns) to CSV
  and XLSX;
- the same XLSX written by the XlsxWriter fallback, for reference.

Usage: .venv/bin/python benchmarks/bench_exports.py [--data-dir DIR] [--young 100000]
The demo store is created once in DIR (default: a temp folder) and reused.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The floor: one plain statement for the 28 columns, dates turned into jj/mm/aaaa in Python.
RAW_SQL = """
SELECT j.nom, j.nom_usage, j.prenom, j.sexe, j.date_naissance, j.adresse, j.code_postal,
       j.commune, j.telephone, j.email, j.identifiant_ft, j.numero_imilo, j.niveau_formation,
       j.date_inscription_ft, j.indemnise, j.qpv, j.zrr, j.rqth, j.permis_b, j.vehicule,
       j.hebergement, u.prenom || ' ' || u.nom, s.nom, pg.codes, j.cotra_phase, j.cotra_etat,
       j.date_fin_prevue, j.archive
FROM jeune j
LEFT JOIN utilisateur u ON u.id = j.referent_id
LEFT JOIN site s ON s.id = j.site_id
LEFT JOIN (SELECT jeune_id, group_concat(code, ', ') AS codes FROM programme GROUP BY jeune_id) pg
       ON pg.jeune_id = j.id
ORDER BY j.nom_fold, j.prenom_fold, j.date_naissance
"""
DATE_COLUMNS = (4, 13, 26)
RUNS = 3


def raw_csv(db: Path, out: Path) -> int:
    con = sqlite3.connect(db)
    n = 0
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        for row in con.execute(RAW_SQL):
            row = list(row)
            for i in DATE_COLUMNS:
                d = row[i]
                row[i] = f"{d[8:10]}/{d[5:7]}/{d[:4]}" if d else ""
            writer.writerow(row)
            n += 1
    con.close()
    return n


def timed(label: str, target: float | None, job, runs: int = RUNS) -> None:
    times, rows = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        rows = job()
        times.append(time.perf_counter() - began)
    goal = f"cible ≤ {target:g} s" if target else "référence"
    print(f"{label:<48}: {min(times):6.2f} s (pire {max(times):5.2f} s) "
          f"{rows:>7} lignes, {goal}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "milo-bench-startup")
    parser.add_argument("--young", type=int, default=100_000)
    args = parser.parse_args()
    if not (args.data_dir / "milo.db").exists():
        subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(args.data_dir), "demo",
                        "--young", str(args.young)], check=True)
    from milo_desktop.exchange import writing
    from milo_desktop.gui.widgets.exporting import export_list
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services
    from milo_desktop.services.listing import ListQuery

    services = Services(AppContext(open_store(args.data_dir)))
    out = Path(tempfile.mkdtemp())
    db = services.ctx.store.path
    timed("sqlite3 + csv brut (plancher)", None, lambda: raw_csv(db, out / "raw.csv"))
    for ext, target in (("csv", 2), ("xlsx", 15)):
        timed(f"export jeunes .{ext} (28 colonnes)", target,
              lambda: services.exports.export("jeunes", out / f"jeunes.{ext}").rows)
    source = services.jeunes.source()
    everyone = ListQuery(filters={"archives": "inclus"})
    keys = [c.key for c in source.columns if c.visible]
    for ext, target in (("csv", 2), ("xlsx", 15)):
        timed(f"liste Jeunes telle qu'affichée .{ext} ({len(keys)} col.)", target,
              lambda: export_list(source, everyone, str(out / f"liste.{ext}"), keys=keys))
    writing.ENGINE = "xlsxwriter"
    timed("export jeunes .xlsx par XlsxWriter (repli)", None,
          lambda: services.exports.export("jeunes", out / "jeunes-xw.xlsx").rows, runs=1)


if __name__ == "__main__":
    main()
