"""Bilans at scale: a Mission Locale of 30 000 young people with 1 000 000 journal events.

Builds the store (Core inserts), then times, for the current year beside the previous one:
- the SQL aggregation of the Bilan du partenariat renforcé through SQLAlchemy, and the very
  same SQL through raw ``sqlite3`` beside it;
- the whole ``compute`` (SQL + assembly of the tables and charts);
- the PDF (pages, charts) and the XLSX;
- the GUI event loop while the report is generated in the worker thread (largest gap).

    python benchmarks/bench_bilans.py [--young 30000] [--events 1000000] [--keep DIR] [--no-gui]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert  # noqa: E402

from milo_desktop.persistence import models as m  # noqa: E402
from milo_desktop.persistence.migrations import open_store  # noqa: E402

YEAR = 2026
TODAY = date(2026, 11, 24)
START = date(2024, 1, 1)
SPAN = (TODAY - START).days
rnd = random.Random(7)


def day(lo: date = START, span: int = SPAN) -> date:
    return lo + timedelta(days=rnd.randrange(span))


def ids(n: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(n)]


def core(conn, model, rows: list[dict]) -> None:
    for i in range(0, len(rows), 20000):
        conn.execute(insert(model.__table__), rows[i:i + 20000])


def reference(conn) -> dict:
    sites, users = ids(8), ids(40)
    core(conn, m.Organisation, [dict(id=uuid.uuid4(), nom="Mission Locale du Banc d'Essai", commune="Foix",
                                     libelle_service_emploi="France Travail", version=1)])
    core(conn, m.Site, [dict(id=s, nom=f"Site {i}", type="antenne" if i else "siege", version=1, actif=True)
                        for i, s in enumerate(sites)])
    core(conn, m.Utilisateur, [dict(id=u, nom=f"Conseiller{i}", prenom="Camille", email=f"c{i}@ml.fr",
                                    role="conseiller", site_id=sites[i % 8], version=1, actif=True)
                               for i, u in enumerate(users)])
    return {"sites": sites, "users": users}


NIVEAUX = ("AFS", "CFG", "C3A", "C12", "NV5", "NV4", "NV3", "NV2", None)


def jeunes(conn, ref: dict, count: int) -> list[uuid.UUID]:
    people = ids(count)
    rows = [dict(id=j, nom=f"NOM{i}", prenom="Prénom", sexe="F" if i % 2 else "M",
                 date_naissance=date(1999, 1, 1) + timedelta(days=rnd.randrange(3650)),
                 niveau_formation=rnd.choice(NIVEAUX), qpv=i % 7 == 0, zrr=i % 11 == 0,
                 referent_id=ref["users"][i % 40], site_id=ref["sites"][i % 8], nom_fold=f"nom{i}",
                 prenom_fold="prenom", version=1, archive=False, indemnise=False, rqth=False,
                 permis_b=False, vehicule=False) for i, j in enumerate(people)]
    core(conn, m.Jeune, rows)
    return people


OPTIONAL = ("date_refus", "motif_refus", "date_acceptation", "date_initialisation", "etat", "date_sortie",
            "motif_sortie")


def cotraitance(conn, people: list[uuid.UUID]) -> None:
    rows, etats = [], []
    for j in rnd.sample(people, 12000):
        affect = day()
        row = dict(id=uuid.uuid4(), jeune_id=j, phase="affectation", date_affectation=affect,
                   criteres=rnd.randrange(1, 16), version=1, **dict.fromkeys(OPTIONAL))
        if rnd.random() < 0.06:
            row.update(date_refus=affect + timedelta(days=rnd.randrange(1, 10)), phase="refusee", motif_refus="x")
        elif affect + timedelta(days=40) < TODAY:
            accept = affect + timedelta(days=rnd.randrange(0, 30))
            init = accept + timedelta(days=rnd.randrange(1, 45))
            row.update(date_acceptation=accept, date_initialisation=init, etat=1, phase="accompagnement")
            if rnd.random() < 0.25:
                etats.append(dict(id=uuid.uuid4(), cotraitance_id=row["id"], date=init + timedelta(days=60),
                                  etat=rnd.choice((2, 3)), motif="x"))
            sortie = init + timedelta(days=rnd.randrange(90, 600))
            if sortie < TODAY:
                row.update(date_sortie=sortie, motif_sortie=rnd.choice(("radiation", "demenagement", "age")),
                           phase="sortie")
        rows.append(row)
    core(conn, m.Cotraitance, rows)
    core(conn, m.CotraitanceEtat, etats)


TYPES = ("entretien_individuel", "entretien_telephonique", "atelier", "mise_en_relation", "email_sms", "autre")


def evenements(path: Path, people: list[uuid.UUID], count: int) -> None:
    """1M journal rows through one executemany (the Core path costs ~10x for this size)."""
    hexes = [j.hex for j in people]
    statuts = ("present",) * 8 + ("absent", "annule")
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO evenement (id, jeune_id, date, type, statut, version, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        ((uuid.uuid4().hex, hexes[i % len(hexes)], day().isoformat(), TYPES[i % 6], statuts[i % 10])
         for i in range(count)))
    conn.commit()
    conn.close()


def offres(conn, ref: dict, people: list[uuid.UUID]) -> None:
    plateformes = ids(6)
    core(conn, m.PlateformeVocation, [dict(id=p, nom=f"Plateforme {i}", version=1) for i, p in enumerate(plateformes)])
    entreprises = ids(3000)
    core(conn, m.Entreprise, [dict(id=e, raison_sociale=f"Entreprise {i}", raison_fold=f"entreprise {i}",
                                   reseau=("medef", "ims", "prospection_ml", None)[i % 4], version=1)
                              for i, e in enumerate(entreprises)])
    offers, natures = ids(18000), ("E1", "E1", "E1", "E2", "FS", "FU", "FT")
    rows = []
    for i, o in enumerate(offers):
        recueil = day()
        statut = ("recueillie", "a_saisir", "saisie", "pourvue", "annulee", "expiree")[i % 6]
        rows.append(dict(id=o, intitule=f"Offre {i}", intitule_fold=f"offre {i}", type_contrat="CDD",
                         nature_contrat=natures[i % 7], nb_postes=1 + i % 3, delegation=i % 4 == 0,
                         source=("prospection_ml", "medef", "ims", "plateforme_vocation")[i % 4],
                         date_recueil=recueil, statut=statut, date_statut=recueil + timedelta(days=20),
                         date_saisie_ft=recueil + timedelta(days=2) if i % 6 >= 2 else None,
                         entreprise_id=entreprises[i % 3000], site_id=ref["sites"][i % 8],
                         plateforme_id=plateformes[i % 6] if i % 4 == 3 else None, version=1,
                         mrs=False, temps_plein=True))
    core(conn, m.Offre, rows)
    core(conn, m.MiseEnRelation, [dict(id=uuid.uuid4(), offre_id=rnd.choice(offers), jeune_id=rnd.choice(people),
                                       date=day(), resultat=rnd.choice(("en_attente", "retenu", "non_retenu", "abandon")),
                                       version=1) for _ in range(60000)])
    core(conn, m.EvaluationMrs, [dict(id=uuid.uuid4(), plateforme_id=rnd.choice(plateformes), jeune_id=rnd.choice(people),
                                      date=day(), reussie=rnd.random() < 0.6, version=1) for _ in range(9000)])
    core(conn, m.TransmissionCv, [dict(id=uuid.uuid4(), jeune_id=rnd.choice(people), entreprise_id=rnd.choice(entreprises),
                                       date=(d := day()), date_consentement=d, version=1) for _ in range(4500)])
    core(conn, m.EvenementPartenaire, [dict(id=uuid.uuid4(), reseau=("medef", "ims")[i % 2], type="forum",
                                            titre=f"Forum {i}", date=day(), nb_jeunes=20, nb_entreprises=8, version=1)
                                       for i in range(180)])


def mission_jeunes(conn, people: list[uuid.UUID]) -> None:
    agences = ids(12)
    core(conn, m.AgenceEmploi, [dict(id=a, nom=f"Agence {i}", version=1) for i, a in enumerate(agences)])
    core(conn, m.ConventionAgence, [dict(id=uuid.uuid4(), agence_id=a, date_signature=date(2023, 1 + i % 12, 1),
                                         duree_annees=3, version=1) for i, a in enumerate(agences)])
    core(conn, m.OrientationAgence, [dict(id=uuid.uuid4(), jeune_id=rnd.choice(people), agence_id=rnd.choice(agences),
                                          date=day(), version=1) for _ in range(6000)])
    core(conn, m.DelegationInterim, [dict(id=uuid.uuid4(), jeune_id=rnd.choice(people), agence_id=rnd.choice(agences),
                                          type_contrat="mission", date_debut=(d := day()),
                                          date_fin=d + timedelta(days=30), heures=140, version=1)
                                     for _ in range(9000)])
    fastt = ids(2400)
    core(conn, m.OrientationFastt, [dict(id=f, jeune_id=rnd.choice(people), statut="envoyee", date_preparation=day(),
                                         consentement=True, urgence_sos=False, version=1) for f in fastt])
    core(conn, m.BesoinFastt, [dict(id=uuid.uuid4(), orientation_id=f, code=rnd.choice(("sante.mutuelle", "mobilite.permis",
                                                                                         "logement.recherche", "budget")))
                               for f in fastt for _ in range(2)])


def objectifs(conn) -> None:
    for annee in (YEAR - 1, YEAR):
        oid = uuid.uuid4()
        core(conn, m.ObjectifAnnee, [dict(id=oid, annee=annee, total_regional=5787, seuil_alerte_pct=10, version=1)])
        core(conn, m.ObjectifLigne, [dict(id=uuid.uuid4(), objectif_id=oid, ordre=i, mission_locale=f"ML {i}",
                                          defm=1000 + 97 * i, cle_activite=10, est_nous=i == 0) for i in range(10)])


def build(folder: Path, young: int, events: int):
    began = time.perf_counter()
    store = open_store(folder)
    with store.engine.begin() as conn:
        ref = reference(conn)
        people = jeunes(conn, ref, young)
        cotraitance(conn, people)
        offres(conn, ref, people)
        mission_jeunes(conn, people)
        objectifs(conn)
    evenements(store.path, people, events)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"Base construite en {time.perf_counter() - began:.1f} s : {young} jeunes, {events} événements "
          f"({store.path.stat().st_size / 1e6:.0f} Mo)")
    return store


def partnership_queries(runner, cur, prev) -> None:
    """Every SQL aggregation of the Bilan du partenariat renforcé, current and previous year."""
    from milo_desktop.services.bilans_queries import cotraitance as qc
    from milo_desktop.services.bilans_queries import offres as qo
    from milo_desktop.services.bilans_queries.objectifs import objectifs as qobj
    for scope in (cur, prev):
        for func in (qc.flux, qc.delai_acceptation, qc.delai_initialisation, qc.entrees_par_mois, qc.situation,
                     qc.sorties_par_motif, qc.profil_entrees, qc.journal, qo.offres_flux, qo.mises_en_relation,
                     qo.plateformes):
            func(runner, scope)
        for column in ("statut", "nature_contrat", "source"):
            qo.offres_par(runner, scope, column)
    qo.offres_deleguees(runner, cur)
    qobj(runner, YEAR)
    runner.all("SELECT id, prenom || ' ' || nom FROM utilisateur", {})
    runner.all("SELECT id, nom FROM site", {})


def best_of(label: str, func, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    print(f"  {label:<58} {min(times):6.3f} s (meilleur de {runs})")
    return min(times)


def bench_sql(store) -> None:
    from milo_desktop.services.bilans_queries.common import Scope, SessionRunner, SqliteRunner
    cur = Scope(date(YEAR, 1, 1), date(YEAR, 12, 31), None, TODAY)
    prev = Scope(date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31), None, TODAY)
    print("Agrégation SQL du bilan du partenariat renforcé (2026 et 2025) :")

    def via_sqlalchemy():
        with store.read() as s:
            partnership_queries(SessionRunner(s), cur, prev)

    raw = sqlite3.connect(store.path)
    for pragma in ("cache_size=-65536", "temp_store=MEMORY"):  # as persistence/engine.py does
        raw.execute(f"PRAGMA {pragma}")

    def via_sqlite3():
        partnership_queries(SqliteRunner(raw), cur, prev)

    best_of("SQLAlchemy (session, text())", via_sqlalchemy)
    best_of("sqlite3 brut, mêmes requêtes, mêmes PRAGMA", via_sqlite3)
    site = Scope(cur.start, cur.end, uuid.UUID(hex=raw.execute("SELECT id FROM site LIMIT 1").fetchone()[0]), TODAY)
    best_of("SQLAlchemy, un seul site", lambda: _on_site(store, site))
    journal = lambda: _journal(SqliteRunner(raw), cur)  # noqa: E731
    best_of("  dont journal des jeunes suivis (index jeune_id, date)", journal)
    began = time.perf_counter()
    raw.execute(f"CREATE INDEX {TEMP_INDEX} ON evenement (jeune_id, date, statut, type)")
    raw.execute("ANALYZE")
    print(f"  [index temporaire couvrant créé en {time.perf_counter() - began:.1f} s]")
    best_of("  dont journal (index couvrant jeune_id, date, statut, type)", journal)
    best_of("SQLAlchemy avec l'index couvrant", via_sqlalchemy)
    raw.execute(f"DROP INDEX {TEMP_INDEX}")
    raw.execute("ANALYZE")
    raw.commit()
    raw.close()


TEMP_INDEX = "ix_tmp_evenement_couvrant"


def _journal(runner, scope) -> None:
    from milo_desktop.services.bilans_queries import cotraitance as qc
    qc.journal(runner, scope)


def _on_site(store, site) -> None:
    from milo_desktop.services.bilans_queries.common import SessionRunner
    with store.read() as s:
        partnership_queries(SessionRunner(s), site, site)


def bench_outputs(services, folder: Path) -> None:
    from milo_desktop.reports.pdf_report import build_pdf
    bilans = services.bilans
    print("Bilan du partenariat renforcé complet :")
    report = None

    def compute():
        nonlocal report
        report = bilans.compute("bilan-partenariat", date(YEAR, 1, 1), date(YEAR, 12, 31))
    best_of("compute (SQL + tableaux + graphiques)", compute)
    pdf = b""

    def render():
        nonlocal pdf
        pdf = build_pdf(report)
    best_of("PDF (ReportLab, deux passes pour le sommaire)", render)
    from pypdf import PdfReader
    import io
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"  -> {pages} pages, {len(report.figures())} graphiques, {len(report.tables())} tableaux, "
          f"{len(pdf) / 1e6:.1f} Mo")
    best_of("XLSX (un onglet par tableau)", lambda: bilans.export(report, folder / "bilan.xlsx"), runs=1)
    best_of("generate() : calcul + PDF + fichiers", lambda: bilans.generate(
        "bilan-partenariat", year=YEAR, out_pdf=folder / "bilan.pdf", out_xlsx=folder / "bilan.xlsx"), runs=1)
    for code in ("mission-jeunes", "partenariats-entreprises", "repartition"):
        best_of(f"generate({code})", lambda c=code: bilans.generate(c, year=YEAR), runs=1)
    best_of("generate(interim-semestre S1)", lambda: bilans.generate("interim-semestre", year=YEAR, semester=1), runs=1)
    best_of("tableau de bord (chiffres + 4 graphiques SVG)", lambda: services.tableau_de_bord.compute(), runs=1)


def bench_gui(services) -> None:
    """Largest pause of the GUI event loop while the worker thread generates the report."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication
    from milo_desktop.gui.worker import Task, start
    app = QApplication.instance() or QApplication([])
    gaps, clock, last = [], QElapsedTimer(), [0]
    clock.start()

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    done = []
    task = Task(lambda progress, cancelled: services.bilans.generate("bilan-partenariat", year=YEAR,
                                                                     progress=progress, cancel=cancelled))
    task.signals.succeeded.connect(lambda r: done.append(r))
    began = time.perf_counter()
    start(task)
    while not done:
        app.processEvents()
        time.sleep(0.002)
    timer.stop()
    print(f"Interface pendant la génération en tâche de fond ({time.perf_counter() - began:.2f} s) : "
          f"pause la plus longue de la boucle d'événements {max(gaps[1:] or [0])} ms "
          f"(minuterie de 10 ms, {len(gaps)} tops)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--young", type=int, default=30000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="dossier où garder (ou réutiliser) la base construite")
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-bilans-"))
    if args.keep and (folder / "milo.db").exists():
        store = open_store(folder)
        print(f"Base réutilisée : {store.path}")
    else:
        store = build(folder, args.young, args.events)
    from milo_desktop.services import AppContext, Services
    services = Services(AppContext(store, today=lambda: TODAY))
    bench_sql(store)
    bench_outputs(services, folder)
    if not args.no_gui:
        bench_gui(services)


if __name__ == "__main__":
    main()
