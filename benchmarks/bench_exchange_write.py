"""Export speed: 100 000 rows x 12 columns through milo_desktop.exchange.writing.

Beside it: the stdlib ``csv`` module writing the same rows (no French formatting, no
neutralisation: the floor), and XlsxWriter's generic ``write_row`` in constant-memory mode (the
obvious way; slower than typed ``write_string``/``write_number`` calls).

    python benchmarks/bench_exchange_write.py [rows]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from milo_desktop.exchange.writing import Sheet, write_csv, write_xlsx  # noqa: E402

HEADERS = ["N°", "Nom", "Prénom", "Date de naissance", "Sexe", "Code postal", "Commune", "QPV",
           "Heures hebdo", "Salaire", "Date d'entrée", "Note"]


def make_rows(count: int) -> list[list]:
    start = date(2000, 1, 1)
    notes = ["RAS", "=A1+1", "-", "suivi en cours; relancer", "+33 6 39 98 12 34"]
    return [
        [i, f"NOM{i}", "Zoé", start + timedelta(days=i % 3650), "F" if i % 2 else "M",
         f"{31000 + i % 900:05d}", "Saint-Étienne", i % 3 == 0, Decimal("24.50"), 1800.5 + i % 7,
         date(2024, 1, 1) + timedelta(days=i % 365), notes[i % len(notes)]]
        for i in range(count)
    ]


def stdlib_csv(path: Path, rows: list[list]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)


def bare_xlsxwriter(path: Path, rows: list[list]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Export")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADERS)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row, date_format)
    workbook.close()


def timed(label: str, func: Callable[[], object], path: Path) -> float:
    began = time.perf_counter()
    func()
    elapsed = time.perf_counter() - began
    size = path.stat().st_size / 1_000_000
    print(f"  {label:<42} {elapsed:6.2f} s   {size:6.1f} Mo")
    return elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = make_rows(count)
    print(f"{count} lignes x {len(HEADERS)} colonnes")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        timed("stdlib csv (plancher)", lambda: stdlib_csv(out / "floor.csv", rows), out / "floor.csv")
        timed("exchange.write_csv", lambda: write_csv(out / "a.csv", HEADERS, rows), out / "a.csv")
        timed("XlsxWriter write_row, constant_memory",
              lambda: bare_xlsxwriter(out / "floor.xlsx", rows), out / "floor.xlsx")
        timed("exchange.write_xlsx", lambda: write_xlsx(out / "a.xlsx", [Sheet("Export", HEADERS, rows)]),
              out / "a.xlsx")


if __name__ == "__main__":
    main()
