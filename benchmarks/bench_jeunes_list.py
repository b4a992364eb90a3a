"""« Jeunes » list on demo stores (10 000, 100 000, 300 000 young people), beside raw sqlite3.

    .venv/bin/python benchmarks/bench_jeunes_list.py [--sizes 10000,100000,300000] [--repeat 3]

Stores come from ``demo_stores`` (``milo-desktop demo``, cached in $MILO_BENCH_DIR). Each size is
measured in its own process (its peak memory is the app's with the list open): first paint of
the page, every filter and every sort (the service's ids, as the model loads them), each
keystroke of typed searches (SQL side), a save of a file with its row updated in the list
(on a scratch copy of the store). The raw figure runs the same SQL through ``sqlite3`` (for a
list read value by value, the same statements one after the other).
Targets (issue 20): first paint ≤ 80 ms; filter and sort ≤ 100 ms (≤ 300 ms at 300 000) and
within 2× of raw; keystroke ≤ 10 ms; save with the list updated ≤ 20 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_stores as ds  # noqa: E402

TYPED = ("dubois", "lefebvre", "moreau", "eloise", "foix", "1234567", "martin lu", "le g")
SORTS = ("nom", "prenom", "date_naissance", "age", "identifiant_ft", "commune", "code_postal",
         "telephone", "email", "referent", "site", "cotra_phase", "cotra_etat", "date_fin_prevue")


def measure(folder: Path, repeat: int) -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, CurrentUser, Services
    from milo_desktop.services.listing import ListQuery
    app = QApplication.instance() or QApplication([])
    store = open_store(folder)
    services = Services(AppContext(store, today=lambda: date(2026, 11, 24)))
    user = services.settings.utilisateurs()[0]
    services.set_user(CurrentUser(user.id, user.nom_complet), user.site_id)
    source = services.jeunes.source()
    raw, dialect = ds.raw_connection(folder), store.engine.dialect
    out: list[dict] = []

    def add(action, seconds, raw_seconds=None, target=""):
        out.append({"action": action, "values": seconds, "raw": raw_seconds, "target": target})

    def raw_of(query) -> float:
        with store.read() as s:
            statements = [ds.compiled(st, dialect) for st in source.segments(s, query)]
        ds.raw_best(raw, statements[0][0], statements[0][1])
        return min(ds.timings(lambda: [raw.execute(q, a).fetchall() for q, a in statements], repeat, False))

    # first paint: a fresh page each time (the main window is already up in the app)
    from milo_desktop.gui.pages.jeunes import JeunesPage
    source.ids(ListQuery())
    pages = []

    def paint():
        page = JeunesPage(services, None)
        page.resize(1280, 800)
        page.show()
        page.grab()
        pages.append(page)
    add("liste : premier affichage", ds.timings(paint, repeat), raw_of(ListQuery()), "≤ 80 ms")
    page = pages[-1]
    # filters (default order) and sorts
    for f in source.filters():
        for value, label in f.choices[:4]:
            q = ListQuery(filters={f.key: value})
            add(f"filtre {f.key} = {label}"[:58], ds.timings(lambda q=q: source.ids(q), repeat), raw_of(q),
                "≤ 100 ms")
    for key in SORTS:
        for descending in (False, True):
            q = ListQuery(sort=key, descending=descending)
            add(f"tri {key}{' décroissant' if descending else ''}",
                ds.timings(lambda q=q: source.ids(q), repeat), raw_of(q), "≤ 100 ms")
    # typed searches: every prefix of each word, SQL side
    per_key, raw_per_key = [], []
    for word in TYPED:
        for n in range(1, len(word) + 1):
            q = ListQuery(search=word[:n])
            per_key.append(min(ds.timings(lambda q=q: source.ids(q), repeat)))
            raw_per_key.append(raw_of(q))
    add("recherche, une frappe (médiane des préfixes)", [statistics.median(per_key)],
        statistics.median(raw_per_key), "≤ 10 ms")
    add("recherche, une frappe (pire préfixe)", [max(per_key)], max(raw_per_key), "≤ 10 ms")
    # save a file, then its row updated in the list (in place)
    model = page.list.model
    jid = model.ids[len(model.ids) // 2]
    from milo_desktop.services.jeunes_list import to_uuid

    def save_and_update():
        d = services.jeunes.get(to_uuid(jid))
        data = replace(d.as_input(), commune="FOIX" if d.commune != "FOIX" else "PAMIERS")
        services.jeunes.update(d.id, data, d.referent_id, d.site_id, d.programmes, d.version)
        page.list.update_row(jid)
    saves = ds.timings(save_and_update, max(repeat, 10))
    add("enregistrer une fiche + ligne mise à jour", saves, None, "≤ 20 ms")
    import resource
    add("mémoire maximale (liste ouverte)", [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024],
        None, "≤ 300 MB")
    out[-1]["unit"] = "MB"
    for p in pages:
        p.close()
    app.processEvents()
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(measure(Path(sys.argv[2]), int(sys.argv[3]))))
        return
    args = ds.parse_args(__doc__)
    results = ds.Results("bench_jeunes_list.py")
    for size in args.sizes:
        folder = ds.scratch(ds.store(size), f"liste-{size}")  # the save writes
        proc = subprocess.run([sys.executable, __file__, "--child", str(folder), str(args.repeat)],
                              capture_output=True, text=True, cwd=ds.ROOT)
        if proc.returncode:
            raise SystemExit(proc.stderr)
        for row in json.loads(proc.stdout.strip().splitlines()[-1]):
            unit = row.get("unit", "ms")
            values = row["values"] if unit == "ms" else row["values"]
            results.add(size, row["action"], values, row["raw"], unit=unit, target=row["target"])
    results.print()


if __name__ == "__main__":
    main()
