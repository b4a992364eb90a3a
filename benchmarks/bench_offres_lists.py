"""Offers and employers lists on demo stores (150 000 offers and 60 000 employers at 300 000
young people), beside raw ``sqlite3`` running the same SQL.

    .venv/bin/python benchmarks/bench_offres_lists.py [--sizes 10000,100000,300000] [--repeat 3]

Times each list operation the GUI performs — ``ids(query)`` (search, filter, sort in SQL) and
``rows()`` of a block of 200 — and the « offres à saisir » queue. List ids are rowids (see
``services/offres_list.py``).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_stores as ds  # noqa: E402

RAW_OFFRES_ROWS = """SELECT o.rowid, o.intitule, e.raison_sociale, o.code_rome, o.commune, o.type_contrat,
 o.nature_contrat, o.mrs, o.delegation, o.statut, o.date_fin, o.numero_ft, o.date_recueil,
 (SELECT count(*) FROM mise_en_relation m WHERE m.offre_id = o.id)
 FROM offre o LEFT JOIN entreprise e ON e.id = o.entreprise_id WHERE o.rowid IN ({marks})"""
RAW_ENTREPRISES_ROWS = """SELECT e.rowid, e.raison_sociale, e.siret, e.naf, e.effectif, e.commune, e.reseau,
 (SELECT count(*) FROM offre o WHERE o.entreprise_id = e.id),
 (SELECT count(*) FROM offre o JOIN mise_en_relation m ON m.offre_id = o.id WHERE o.entreprise_id = e.id)
 FROM entreprise e WHERE e.rowid IN ({marks})"""


OFFRES = (("tout, plus récentes d'abord", {}), ("recherche « vendeur »", {"search": "vendeur"}),
          ("recherche « agent entretien » + en cours", {"search": "agent entretien", "filters": {"statut": "ouvertes"}}),
          ("recherche code ROME « m16 »", {"search": "m16"}),
          ("filtre statut à saisir", {"filters": {"statut": "a_saisir"}}),
          ("filtre délégation + MRS", {"filters": {"delegation": True, "mrs": True}}),
          ("tri par entreprise (jointure)", {"sort": "entreprise"}),
          ("tri par intitulé décroissant", {"sort": "intitule", "descending": True}))
ENTREPRISES = (("tout, par raison sociale", {}), ("recherche « garage »", {"search": "garage"}),
               ("recherche SIRET « 100012 »", {"search": "100012"}),
               ("filtre réseau MEDEF, tri par commune", {"filters": {"reseau": "medef"}, "sort": "commune"}))


def main() -> None:
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services
    from milo_desktop.services.listing import ListQuery
    args = ds.parse_args(__doc__)
    results = ds.Results("bench_offres_lists.py")
    for size in args.sizes:
        folder = ds.store(size)
        store = open_store(folder)
        services = Services(AppContext(store, today=lambda: date(2026, 11, 24)))
        raw = ds.raw_connection(folder)
        for area, source, cases, rows_sql in (
                ("offres", services.offres.list_source(), OFFRES, RAW_OFFRES_ROWS),
                ("entreprises", services.entreprises.list_source(), ENTREPRISES, RAW_ENTREPRISES_ROWS)):
            for label, kw in cases:
                q = ListQuery(**kw)
                sql, params = ds.compiled(source.query(q), store.engine.dialect)
                results.add(size, f"{area} : {label}", ds.timings(lambda q=q: source.ids(q), args.repeat),
                            ds.raw_best(raw, sql, params, args.repeat), target="≤ 100 ms")
            ids = source.ids(ListQuery())
            block = ids[len(ids) // 2:len(ids) // 2 + 200]
            results.add(size, f"{area} : rows() d'un bloc de 200",
                        ds.timings(lambda: source.rows(block), args.repeat),
                        ds.raw_best(raw, rows_sql.format(marks=",".join("?" * len(block))), block, args.repeat))
        results.add(size, "file « offres à saisir » (queue())", ds.timings(services.offres.queue, args.repeat))
        raw.close()
        store.close()
    results.print()


if __name__ == "__main__":
    main()
