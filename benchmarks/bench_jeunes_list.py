"""« Jeunes » list and fiche with 100 000 young people and 1 000 000 events, beside raw sqlite3.

    python benchmarks/bench_jeunes_list.py [--young N] [--events M] [--data DIR]

The store is built once in DIR (default: a folder in the temp dir, reused between runs) by
``jeunes_data.py`` in a child process. Before measuring, its ``jeune`` indexes are made those of
the models (a store built by an older version is brought up to date, then ANALYZEd). Each
measurement pass runs in its own process so that its peak memory is that of the app with the
list open. Pass 1 uses the schema as shipped; if PROPOSED_INDEXES is not empty, pass 2 adds
those indexes (proposed to the lead, not shipped), then they are dropped again.
Targets come from the issue; the floor is the same SQL run through the ``sqlite3`` module.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Indexes to try beside the shipped schema ("CREATE INDEX IF NOT EXISTS name ON table (...)").
# The list's own (ix_jeune_liste and ix_jeune_liste_prenom/_commune/_identifiant) now ship.
PROPOSED_INDEXES: tuple[str, ...] = ()
TARGETS = {  # metric -> (target ms, or MB for memory)
    "Liste : premier affichage": 150, "Liste : aller à une ligne (max)": 100,
    "Recherche par frappe, SQL (max)": 10, "Recherche par frappe, SQL (médiane)": 10,
    "Changement de tri (max)": 500, "Ouvrir une fiche de 50 événements (service)": 50,
    "Ouvrir une fiche de 50 événements (fenêtre)": 50, "Enregistrer une modification": 20,
    "Mémoire maximale RSS, fichier mappé inclus (Mo)": 300,
    "Mémoire privée, liste ouverte (Mo, max des étapes)": 300,
}
TYPED = ("dubois", "lefebvre", "moreau", "eloise", "foix", "1234567", "martin lu", "le g")
SORTS = ("prenom", "date_naissance", "commune", "referent", "site", "cotra_phase",
         "date_fin_prevue", "identifiant_ft", "nom")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def timed(func) -> tuple[float, object]:
    began = time.perf_counter()
    result = func()
    return time.perf_counter() - began, result


def best(func, repeat: int = 3) -> tuple[float, object]:
    """Fastest of ``repeat`` runs: the machine is shared, the minimum is the least noisy figure."""
    runs = [timed(func) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


class Raw:
    """The floor: the service's own SQL, compiled once, run through the sqlite3 module."""

    def __init__(self, db: Path, dialect):
        self.conn = sqlite3.connect(db)
        self.conn.execute("PRAGMA cache_size=-65536")
        self.dialect = dialect

    def run(self, stmt, repeat: int = 3) -> float:
        """Best of ``repeat`` runs (the first one warms SQLite's page cache). A single text
        value (the ids packed by ``packed_ids``) is split, as the app does."""
        compiled = stmt.compile(dialect=self.dialect)
        params = compiled.construct_params()
        args = [self._plain(params[k]) for k in compiled.positiontup or ()]

        def fetch():
            rows = self.conn.execute(str(compiled), args).fetchall()
            if len(rows) == 1 and len(rows[0]) == 1 and isinstance(rows[0][0], str):
                return rows[0][0].split(",")
            return rows
        return min(timed(fetch)[0] for _ in range(repeat))

    @staticmethod
    def _plain(value):
        import uuid
        return value.hex if isinstance(value, uuid.UUID) else value

    def rows(self, ids: list[str]) -> float:
        marks = ",".join("?" * len(ids))
        sql = ("SELECT j.id, j.nom, j.prenom, j.date_naissance, j.identifiant_ft, j.commune, u.prenom,"
               " u.nom, s.nom, j.cotra_phase, j.cotra_etat, j.date_fin_prevue FROM jeune j"
               " LEFT JOIN utilisateur u ON u.id = j.referent_id LEFT JOIN site s ON s.id = j.site_id"
               f" WHERE j.id IN ({marks})")
        progs = f"SELECT jeune_id, code FROM programme WHERE jeune_id IN ({marks})"
        return min(timed(lambda: (self.conn.execute(sql, ids).fetchall(),
                                  self.conn.execute(progs, ids).fetchall()))[0] for _ in range(3))


# --- one measurement pass (child process) -------------------------------------------------------

class Floors:
    """Raw sqlite3 runs of the same SQL, done after the app's figures so that the floor's own
    connection (and its page cache) does not count in the app's peak memory."""

    def __init__(self):
        self.jobs: dict = {}  # metric -> (aggregate, [job(raw) -> seconds])

    def add(self, metric: str, aggregate, job) -> None:
        self.jobs.setdefault(metric, (aggregate, []))[1].append(job)

    def run(self, raw: Raw) -> dict:
        return {m: ms(agg([job(raw) for job in jobs])) for m, (agg, jobs) in self.jobs.items()}


def private_mb() -> int:
    """Anonymous resident memory (``RssAnon``): what the process holds itself. The peak RSS
    also counts the store's file pages that SQLite maps (mmap_size), which the system can
    drop at will and Windows' task manager does not show as the process's memory."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("RssAnon:"):
                return round(int(line.split()[1]) / 1024)
    return 0


def measure(data_dir: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from milo_desktop.persistence.store import Store
    from milo_desktop.services import AppContext, CurrentUser, Services
    app = QApplication.instance() or QApplication([])
    store = Store(data_dir / "milo.db", data_dir)
    services = Services(AppContext(store, today=lambda: date(2026, 11, 24)))
    users = services.settings.utilisateurs()
    services.set_user(CurrentUser(users[0].id, users[0].nom_complet), users[0].site_id)
    out, floors = {}, Floors()
    private = [private_mb()]
    page = _first_paint(app, services, out, floors)
    private.append(private_mb())
    _jumps(page, out, floors)
    private.append(private_mb())
    _search(services, out, floors)
    private.append(private_mb())
    _sorts(page, out, floors)
    private.append(private_mb())
    _open_and_save(services, out, floors)
    private.append(private_mb())
    out["Mémoire privée, liste ouverte (Mo, max des étapes)"] = max(private)
    memory = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    measured = floors.run(Raw(store.path, store.engine.dialect))
    result = {m: (v, measured.get(m)) for m, v in out.items() if not m.startswith("_")}
    result["Mémoire maximale RSS, fichier mappé inclus (Mo)"] = (memory, None)
    return result | {k: v for k, v in out.items() if k.startswith("_")}


def _first_paint(app, services, out: dict, floors: Floors):
    from milo_desktop.gui.pages.jeunes import JeunesPage
    from milo_desktop.services.listing import ListQuery
    services.jeunes.source().ids(ListQuery())  # store opened and read once: « once data is ready »
    _warm_qt()  # in the app the main window is already painted (fonts and styles loaded)
    times = []
    for attempt in range(3):  # three fresh pages (the machine is shared: keep the fastest)
        seconds, page = timed(lambda: _show_page(JeunesPage(services, None)))
        times.append(seconds)
        if attempt < 2:
            page.close()
            page.deleteLater()
            app.processEvents()
    stmt, first = page.list.source.ids_statement(ListQuery()), page.list.model.ids[:200]
    floors.add("Liste : premier affichage", min, lambda raw: raw.run(stmt) + raw.rows(first))
    floors.add("Liste : recharger (requête + affichage)", min, lambda raw: raw.run(stmt) + raw.rows(first))
    again, _ = best(lambda: (page.list.model.set_query(page.list.current_query()), page.grab()))
    out["Liste : premier affichage"] = ms(min(times))
    out["Liste : recharger (requête + affichage)"] = ms(again)
    return page


def _show_page(page):
    page.resize(1280, 800)
    page.show()
    page.grab()
    return page


def _warm_qt() -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QVBoxLayout, QWidget
    window = QWidget()
    layout = QVBoxLayout(window)
    model = QStandardItemModel(30, 5)
    for row in range(30):
        model.setItem(row, 0, QStandardItem("Éloïse DUPONT 01/02/2005"))
    view = QTableView()
    view.setModel(model)
    for widget in (QLineEdit("Recherche"), QComboBox(), view):
        layout.addWidget(widget)
    window.resize(1280, 800)
    window.show()
    window.grab()
    window.close()


def _jumps(page, out: dict, floors: Floors) -> None:
    from PySide6.QtWidgets import QAbstractItemView
    view, model = page.list.view, page.list.model
    rng = random.Random(7)
    times = []
    for _ in range(25):
        row = rng.randrange(model.rowCount())
        index = model.index(row, 0)
        times.append(timed(lambda: (view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter),
                                    view.viewport().grab()))[0])
        block = model.ids[row // 200 * 200:row // 200 * 200 + 200]
        for metric, agg in (("max", max), ("médiane", statistics.median)):
            floors.add(f"Liste : aller à une ligne ({metric})", agg, lambda raw, b=block: raw.rows(b))
    out["Liste : aller à une ligne (max)"] = ms(max(times))
    out["Liste : aller à une ligne (médiane)"] = ms(statistics.median(times))


def _search(services, out: dict, floors: Floors) -> None:
    from milo_desktop.services.listing import ListQuery
    source = services.jeunes.source()
    times, worst = [], ("", 0.0)
    for word in TYPED:
        for n in range(1, len(word) + 1):
            query = ListQuery(search=word[:n])
            seconds, _ = best(lambda: source.ids(query))
            times.append(seconds)
            stmt = source.ids_statement(query)
            for metric, agg in (("max", max), ("médiane", statistics.median)):
                floors.add(f"Recherche par frappe, SQL ({metric})", agg, lambda raw, q=stmt: raw.run(q))
            worst = max(worst, (word[:n], seconds), key=lambda w: w[1])
    out["Recherche par frappe, SQL (max)"] = ms(max(times))
    out["Recherche par frappe, SQL (médiane)"] = ms(statistics.median(times))
    out["_pire frappe"] = worst[0]


def _sorts(page, out: dict, floors: Floors) -> None:
    from PySide6.QtCore import Qt
    model = page.list.model
    keys = [c.key for c in model.columns]
    times = []
    for key in SORTS:
        column = keys.index(key)
        seconds, _ = best(lambda: (model.sort(column, Qt.SortOrder.DescendingOrder), page.grab()), 2)
        times.append(seconds)
        stmt = model.source.ids_statement(model.query)
        for metric, agg in (("max", max), ("médiane", statistics.median)):
            floors.add(f"Changement de tri ({metric})", agg, lambda raw, q=stmt: raw.run(q))
    out["Changement de tri (max)"] = ms(max(times))
    out["Changement de tri (médiane)"] = ms(statistics.median(times))


def _fifty_events_id(services) -> str:
    with services.ctx.store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT jeune_id FROM evenement GROUP BY jeune_id "
                                    "HAVING count(*) = 50 LIMIT 1").scalar()


def _raw_open(raw: Raw, jid) -> float:
    sql_j = "SELECT * FROM jeune WHERE id = ?"
    sql_e = ("SELECT e.*, u.prenom, u.nom FROM evenement e LEFT JOIN utilisateur u ON u.id = e.conseiller_id"
             " WHERE e.jeune_id = ? ORDER BY e.date DESC, e.created_at DESC")
    return min(timed(lambda: (raw.conn.execute(sql_j, (jid.hex,)).fetchall(),
                              raw.conn.execute(sql_e, (jid.hex,)).fetchall()))[0] for _ in range(10))


def _open_and_save(services, out: dict, floors: Floors) -> None:
    import uuid

    from milo_desktop.gui.jeunes.fiche import FicheJeuneDialog
    jid = uuid.UUID(hex=_fifty_events_id(services))
    opens = [timed(lambda: (services.jeunes.get(jid), services.journal.events(jid)))[0] for _ in range(10)]
    out["Ouvrir une fiche de 50 événements (service)"] = ms(statistics.median(opens))
    dialogs = []
    for _ in range(5):
        seconds, dialog = timed(lambda: _show(FicheJeuneDialog(services, jid)))
        dialogs.append(seconds)
        dialog.dirty = False
        dialog.close()
    out["Ouvrir une fiche de 50 événements (fenêtre)"] = ms(statistics.median(dialogs))
    out["Enregistrer une modification"] = _save(services, jid)
    for metric in ("Ouvrir une fiche de 50 événements (service)", "Ouvrir une fiche de 50 événements (fenêtre)"):
        floors.add(metric, min, lambda raw: _raw_open(raw, jid))
    floors.add("Enregistrer une modification", min, lambda raw: _raw_save(raw, jid))


def _show(dialog):
    dialog.show()
    dialog.grab()
    return dialog


def _save(services, jid) -> float:
    times = []
    for i in range(20):
        d = services.jeunes.get(jid)
        data = replace(d.as_input(), commune=f"FOIX {i % 2}")
        times.append(timed(lambda: services.jeunes.update(jid, data, d.referent_id, d.site_id,
                                                          d.programmes, d.version))[0])
    return ms(statistics.median(times))


def _raw_save(raw: Raw, jid) -> float:
    raw.conn.isolation_level = None
    times = []
    for i in range(20):
        def save():
            raw.conn.execute("BEGIN IMMEDIATE")
            raw.conn.execute("UPDATE jeune SET commune = ?, commune_fold = ?, version = version + 1 "
                             "WHERE id = ?", (f"FOIX {i % 2}", f"foix {i % 2}", jid.hex))
            raw.conn.execute("COMMIT")
        times.append(timed(save)[0])
    return statistics.median(times)


# --- orchestration ----------------------------------------------------------------------------

def ensure_store(data_dir: Path, young: int, events: int) -> Path:
    db = data_dir / "milo.db"
    if db.exists():
        count = sqlite3.connect(db).execute("SELECT count(*) FROM jeune").fetchone()[0]
        if count == young:
            return db
        raise SystemExit(f"{db} holds {count} young people, not {young}: choose another --data folder.")
    print(f"Construction de la base : {young} jeunes, {events} événements…", flush=True)
    seconds, _ = timed(lambda: subprocess.run([sys.executable, str(ROOT / "benchmarks" / "jeunes_data.py"),
                                               str(data_dir), str(young), str(events)], check=True))
    print(f"  prête en {seconds:.0f} s", flush=True)
    return db


def run_pass(data_dir: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--measure", str(data_dir)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def shipped_indexes() -> dict[str, tuple[tuple[str, ...], str]]:
    """The ``jeune`` indexes of the models: name -> (columns, CREATE INDEX statement)."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex

    from milo_desktop.persistence.models import Jeune
    return {ix.name: (tuple(c.name for c in ix.columns), str(CreateIndex(ix).compile(dialect=sqlite.dialect())))
            for ix in Jeune.__table__.indexes}


def ship_schema(db: Path) -> None:
    """Give the store's ``jeune`` table the indexes of the models (a store built by an older
    version keeps its data), then ANALYZE as ``jeunes_data.py`` does, if anything changed."""
    wanted = shipped_indexes()
    conn = sqlite3.connect(db)
    present = {name: tuple(row[2] for row in conn.execute(f"PRAGMA index_info({name})"))
               for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                           "AND tbl_name = 'jeune' AND sql IS NOT NULL")}
    stale = sorted(name for name, cols in present.items() if wanted.get(name, ((),))[0] != cols)
    changes = [f"DROP INDEX {name}" for name in stale]
    changes += [sql for name, (_, sql) in sorted(wanted.items()) if name not in present or name in stale]
    for sql in changes:
        print(f"  {sql}", flush=True)
        conn.execute(sql)
    if changes:
        conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def set_indexes(db: Path, create: bool) -> None:
    conn = sqlite3.connect(db)
    for sql in PROPOSED_INDEXES:
        conn.execute(sql if create else f"DROP INDEX IF EXISTS {sql.split()[5]}")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def report(before: dict, after: dict | None) -> None:
    extra = f"{'+ index':>10}" if after else ""
    print(f"\n{'mesure':<48}{'cible':>8}{'mesuré':>10}{extra}{'sqlite3':>10}{extra}")
    for metric, values in before.items():
        if metric.startswith("_"):
            continue
        value, floor = values
        unit = "" if "Mo" in metric else " ms"
        target = TARGETS.get(metric)
        cells = [f"{target}{unit}" if target else "–", value]
        cells += [after[metric][0], floor or "–", after[metric][1] or "–"] if after else [floor or "–"]
        print(f"{metric:<48}" + "".join(f"{c!s:>10}" if i else f"{c!s:>8}" for i, c in enumerate(cells)))
    if after:
        print(f"\nFrappe la plus lente : « {before['_pire frappe']} » (schéma livré) / "
              f"« {after['_pire frappe']} » (+ index proposés)")
        print("Index proposés :\n  " + ";\n  ".join(PROPOSED_INDEXES))
    else:
        print(f"\nFrappe la plus lente : « {before['_pire frappe']} »")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--young", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    data_dir = args.data or Path(tempfile.gettempdir()) / f"milo_bench_jeunes_{args.young}_{args.events}"
    db = ensure_store(data_dir, args.young, args.events)
    ship_schema(db)
    before = run_pass(data_dir)
    after = None
    if PROPOSED_INDEXES:
        set_indexes(db, create=True)
        try:
            after = run_pass(data_dir)
        finally:
            set_indexes(db, create=False)
    report(before, after)


if __name__ == "__main__":
    main()
