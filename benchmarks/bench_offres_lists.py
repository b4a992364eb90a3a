"""Offers and employers lists at 50 000 offers and 20 000 employers.

Inserts the data with SQLAlchemy Core into a fresh store, then times each list operation the GUI
performs — ``ids(query)`` (search, filter, sort in SQL) and ``rows()`` of a block of 200 — beside
raw ``sqlite3`` running the same SQL (the floor: no session, no SQLAlchemy). List ids are
rowids (see ``services/offres_list.py``). Median of 7 runs.

    python benchmarks/bench_offres_lists.py [offers] [employers]
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from stdnum import luhn  # noqa: E402

from milo_desktop.domain.rome import load_referentiel  # noqa: E402
from milo_desktop.domain.text import fold  # noqa: E402
from milo_desktop.persistence.migrations import open_store  # noqa: E402
from milo_desktop.persistence.models import Entreprise, Jeune, MiseEnRelation, Offre  # noqa: E402
from milo_desktop.services import AppContext, Services  # noqa: E402
from milo_desktop.services.listing import ListQuery  # noqa: E402

TODAY = date(2026, 11, 24)
RUNS = 7
WORDS = ["Boulangerie", "Garage", "Transports", "Hôtel", "Restaurant", "Pharmacie", "Menuiserie",
         "Élec", "Atelier", "Société", "Bâti", "Services", "Nettoyage", "Clinique", "Ferme"]
NAMES = ["Dupain", "Élan", "du Centre", "Occitanie", "Martin", "des Pyrénées", "Lefèvre", "Æther",
         "Saint-Jean", "du Lac", "Bernard", "Garonne", "Ariège", "Moulin", "Roux"]
TOWNS = ["Foix", "Pamiers", "Toulouse", "Saint-Girons", "Lavelanet", "Mirepoix", "Tarascon-sur-Ariège"]
STATUTS = ["recueillie"] * 2 + ["a_saisir"] * 3 + ["saisie"] * 8 + ["pourvue"] * 5 + ["annulee", "expiree"]


def siret(n: int) -> str:
    siren = f"{n:08d}"
    siren += luhn.calc_check_digit(siren)
    base = siren + "0001"
    return base + luhn.calc_check_digit(base)


def employers(count: int, rnd: random.Random) -> list[dict]:
    rows = []
    for i in range(count):
        name = f"{rnd.choice(WORDS)} {rnd.choice(NAMES)} {i}"
        rows.append(dict(id=uuid.uuid4(), raison_sociale=name, raison_fold=fold(name), siret=siret(10_000_000 + i),
                         naf="47.24Z", effectif=rnd.choice(["1-9", "10-49", "50-249"]),
                         commune=rnd.choice(TOWNS), code_postal="09000",
                         reseau=rnd.choice(["prospection_ml", "medef", "ims", "agence_emploi"]),
                         version=1, created_by="bench", updated_by="bench"))
    return rows


def offers(count: int, employer_ids: list, rnd: random.Random) -> list[dict]:
    rome = list(load_referentiel().items())
    rows = []
    for i in range(count):
        code, label = rnd.choice(rome)
        statut = rnd.choice(STATUTS)
        title = label.split(" / ")[0] + (" H/F" if i % 3 else "")
        recueil = TODAY - timedelta(days=rnd.randrange(1100))
        rows.append(dict(
            id=uuid.uuid4(), entreprise_id=rnd.choice(employer_ids), intitule=title, intitule_fold=fold(title),
            code_rome=code, libelle_rome=label, type_contrat=rnd.choice(["CDI", "CDD", "MIS", "SAI"]),
            nature_contrat=rnd.choice(["E1", "E1", "E1", "E2", "FS", "FT"]), duree_mois=6, temps_plein=True,
            commune=rnd.choice(TOWNS), code_postal="09000", nb_postes=1, mrs=i % 17 == 0,
            source="prospection_ml", date_recueil=recueil, date_debut=recueil, date_fin=recueil + timedelta(days=60),
            statut=statut, date_statut=recueil, numero_ft=f"{i % 1000:03d}{i // 1000:04d}" if statut != "recueillie" else None,
            delegation=i % 3 == 0, version=1, created_by="bench", updated_by="bench"))
    return rows


def populate(store, n_offers: int, n_employers: int) -> None:
    rnd = random.Random(42)
    ents = employers(n_employers, rnd)
    offs = offers(n_offers, [e["id"] for e in ents], rnd)
    jeunes = [dict(id=uuid.uuid4(), nom=f"NOM{i}", prenom="Léa", sexe="F", date_naissance=date(2004, 1, 1),
                   nom_fold=f"nom{i}", prenom_fold="lea", version=1) for i in range(5000)]
    mer = [dict(id=uuid.uuid4(), offre_id=rnd.choice(offs)["id"], jeune_id=rnd.choice(jeunes)["id"],
                date=TODAY, resultat="en_attente", version=1) for _ in range(n_offers // 2)]
    began = time.perf_counter()
    with store.engine.begin() as conn:
        for model, rows in ((Entreprise, ents), (Offre, offs), (Jeune, jeunes), (MiseEnRelation, mer)):
            conn.execute(insert(model), rows)
    print(f"insertion Core : {len(ents)} entreprises, {len(offs)} offres, {len(mer)} mises en relation "
          f"en {time.perf_counter() - began:.1f} s")
    store.optimize()
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")


def median_ms(func) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        began = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def raw_sql(store, select_stmt) -> tuple[str, list]:
    compiled = select_stmt.compile(dialect=store.engine.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    return compiled.string, [params[k] for k in compiled.positiontup or ()]


def compare(label: str, source, query: ListQuery, store, raw: sqlite3.Connection) -> None:
    ms, ids = median_ms(lambda: source.ids(query))
    sql, params = raw_sql(store, source.query(query))
    raw_ms, raw_ids = median_ms(lambda: raw.execute(sql, params).fetchall())
    assert len(ids) == len(raw_ids)
    print(f"  {label:<46} {len(ids):>6} ids  {ms:7.1f} ms   sqlite3 {raw_ms:7.1f} ms")


def compare_rows(label: str, source, ids: list, raw: sqlite3.Connection, raw_sql_text: str) -> None:
    block = ids[len(ids) // 2:len(ids) // 2 + 200]
    ms, _ = median_ms(lambda: source.rows(block))
    sql = raw_sql_text.format(marks=",".join("?" * len(block)))
    raw_ms, _ = median_ms(lambda: raw.execute(sql, block).fetchall())
    print(f"  {label:<46} {len(block):>6} rows {ms:7.1f} ms   sqlite3 {raw_ms:7.1f} ms")


RAW_OFFRES_ROWS = """SELECT o.rowid, o.intitule, e.raison_sociale, o.code_rome, o.commune, o.type_contrat,
 o.nature_contrat, o.mrs, o.delegation, o.statut, o.date_fin, o.numero_ft, o.date_recueil,
 (SELECT count(*) FROM mise_en_relation m WHERE m.offre_id = o.id)
 FROM offre o LEFT JOIN entreprise e ON e.id = o.entreprise_id WHERE o.rowid IN ({marks})"""
RAW_ENTREPRISES_ROWS = """SELECT e.rowid, e.raison_sociale, e.siret, e.naf, e.effectif, e.commune, e.reseau,
 (SELECT count(*) FROM offre o WHERE o.entreprise_id = e.id),
 (SELECT count(*) FROM offre o JOIN mise_en_relation m ON m.offre_id = o.id WHERE o.entreprise_id = e.id)
 FROM entreprise e WHERE e.rowid IN ({marks})"""


def main() -> None:
    n_offers = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    n_employers = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        services = Services(AppContext(store, today=lambda: TODAY))
        populate(store, n_offers, n_employers)
        raw = sqlite3.connect(store.path)
        offres, entreprises = services.offres.list_source(), services.entreprises.list_source()
        print("Offres — ids(query)")
        for label, q in (
                ("tout, plus récentes d'abord", ListQuery()),
                ("recherche « vendeur »", ListQuery(search="vendeur")),
                ("recherche « agent entretien » + en cours", ListQuery(search="agent entretien", filters={"statut": "ouvertes"})),
                ("recherche code ROME « m16 »", ListQuery(search="m16")),
                ("filtre statut à saisir", ListQuery(filters={"statut": "a_saisir"})),
                ("filtre délégation + MRS", ListQuery(filters={"delegation": True, "mrs": True})),
                ("tri par entreprise (jointure)", ListQuery(sort="entreprise")),
                ("tri par intitulé décroissant", ListQuery(sort="intitule", descending=True)),
                ("recherche entreprise « garage » ", ListQuery(search="garage"))):
            compare(label, offres, q, store, raw)
        compare_rows("rows() d'un bloc", offres, offres.ids(ListQuery()), raw, RAW_OFFRES_ROWS)
        print("Entreprises — ids(query)")
        for label, q in (
                ("tout, par raison sociale", ListQuery()),
                ("recherche « garage »", ListQuery(search="garage")),
                ("recherche SIRET « 100012 »", ListQuery(search="100012")),
                ("filtre réseau MEDEF, tri par commune", ListQuery(filters={"reseau": "medef"}, sort="commune"))):
            compare(label, entreprises, q, store, raw)
        compare_rows("rows() d'un bloc", entreprises, entreprises.ids(ListQuery()), raw, RAW_ENTREPRISES_ROWS)
        print("Autres")
        ms, queue = median_ms(services.offres.queue)
        print(f"  {'file « offres à saisir » (queue())':<46} {len(queue):>6}      {ms:7.1f} ms")
        began = time.perf_counter()
        n = services.offres.expire_overdue()
        print(f"  {'expire_overdue(), 1er passage':<46} {n:>6}      {(time.perf_counter() - began) * 1000:7.1f} ms")
        ms, n = median_ms(services.offres.expire_overdue)
        print(f"  {'expire_overdue(), passages suivants':<46} {n:>6}      {ms:7.1f} ms")
        began = time.perf_counter()
        headers, rows = services.exports.table("offres")
        print(f"  {'table d’export offres':<46} {len(rows):>6} rows {(time.perf_counter() - began) * 1000:7.1f} ms")
        raw.close()
        store.close()


if __name__ == "__main__":
    main()
