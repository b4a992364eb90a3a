"""Reports on demo stores: the partnership report (compute + PDF + XLSX), as the CLI runs it.

    .venv/bin/python benchmarks/bench_bilans.py [--sizes 10000,100000,300000] [--repeat 3]

For each size, in one process: ``BilansService.generate("bilan-partenariat", year=2026)`` with
the PDF and the XLSX written (the CLI's ``report bilan-partenariat --year 2026 --out … --xlsx
…``), its parts (compute, PDF, files), the same PDF with its row-level annexes
(``--annexes``: 160 pages at 100 000), and the other reports. The raw figure of the
computation replays every SQL statement it ran through ``sqlite3`` (no session, no assembly).
Target (issue 20): compute + PDF + XLSX ≤ 5 s at 100 000 (≤ 15 s at 300 000), growing linearly.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_stores as ds  # noqa: E402


def measure(folder: Path, repeat: int) -> list[dict]:
    from datetime import date

    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services
    from milo_desktop.services.bilans_queries import common
    services = Services(AppContext(open_store(folder), today=lambda: date(2026, 11, 24)))
    out: list[dict] = []
    tmp = Path(tempfile.mkdtemp())

    def add(action, seconds, raw=None, target=""):
        out.append({"action": action, "values": seconds, "raw": raw, "target": target})

    parts: dict[str, list[float]] = {"calcul": [], "pdf": [], "fichiers": []}

    def full(annexes=False):
        result = services.bilans.generate("bilan-partenariat", year=2026, out_pdf=tmp / "b.pdf",
                                          out_xlsx=tmp / "b.xlsx", annexes=annexes)
        if not annexes:
            for k in parts:
                parts[k].append(result.seconds[k])
        return result
    totals = ds.timings(full, repeat)
    # the SQL the computation ran, replayed through sqlite3
    seen: list[tuple[str, dict]] = []
    real = common.SessionRunner.all
    common.SessionRunner.all = lambda self, sql, params: (seen.append((sql, dict(params))),
                                                          real(self, sql, params))[1]
    services.bilans.compute("bilan-partenariat", date(2026, 1, 1), date(2026, 12, 31))
    common.SessionRunner.all = real
    raw = ds.raw_connection(folder)
    raw_compute = min(ds.timings(lambda: [raw.execute(q, p).fetchall() for q, p in seen], repeat))
    add("bilan du partenariat : calcul + PDF + XLSX", totals, None, "≤ 5 s (15 s à 300 000)")
    add("  dont calcul (requêtes et tableaux)", parts["calcul"][-repeat:], raw_compute)
    add("  dont PDF", parts["pdf"][-repeat:])
    add("  dont écriture PDF et XLSX", parts["fichiers"][-repeat:])
    add("bilan du partenariat avec annexes détaillées (--annexes)",
        ds.timings(lambda: full(True), repeat, warm=False))
    for code, kw in (("mission-jeunes", {}), ("partenariats-entreprises", {}), ("repartition", {}),
                     ("interim-semestre", {"semester": 1})):
        add(f"bilan {code} : calcul + PDF", ds.timings(
            lambda code=code, kw=kw: services.bilans.generate(code, year=2026, **kw), repeat))
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(measure(Path(sys.argv[2]), int(sys.argv[3]))))
        return
    args = ds.parse_args(__doc__)
    results = ds.Results("bench_bilans.py")
    for size in args.sizes:
        folder = ds.store(size)
        began = time.perf_counter()
        proc = subprocess.run([sys.executable, __file__, "--child", str(folder), str(args.repeat)],
                              capture_output=True, text=True, cwd=ds.ROOT)
        if proc.returncode:
            raise SystemExit(proc.stderr)
        for row in json.loads(proc.stdout.strip().splitlines()[-1]):
            results.add(size, row["action"], row["values"], row["raw"], unit="s", target=row["target"])
        print(f"  ({time.perf_counter() - began:.0f} s pour cette taille)")
    results.print()


if __name__ == "__main__":
    main()
