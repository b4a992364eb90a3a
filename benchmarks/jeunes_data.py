"""Build a store with N young people and M journal events, fast (raw sqlite3 executemany).

Used by ``bench_jeunes_list.py``; run alone to build a store you can open in the app:

    python benchmarks/jeunes_data.py DATA_DIR [young] [events]
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from milo_desktop.domain.text import fold  # noqa: E402

_NOMS_SIMPLES = ("Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
        "Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
        "Rousseau Vincent Müller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
        "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
        "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun "
        "Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martínez Gérard Roche "
        "Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud "
        "Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Lopez Hoarau").split()
_PRENOMS_SIMPLES = ("Léa Emma Chloé Inès Jade Manon Lina Zoé Éloïse Anaïs Camille Sarah Maëlys Lou Noémie "
           "Lucas Hugo Enzo Louis Nathan Théo Mathis Noah Raphaël Gabriel Jules Adam Ethan Maël "
           "Yanis Ilyes Rayan Kylian Mohamed Bilal Sofiane Océane Clément Benoît Jérôme").split()


def _faker_names() -> tuple[list[str], list[str]]:
    """French family and first names from Faker (400 and ~200), else a short built-in list."""
    try:
        from faker.providers.person.fr_FR import Provider
    except ImportError:
        return _NOMS_SIMPLES, _PRENOMS_SIMPLES
    first = sorted(set(Provider.first_names_female) | set(Provider.first_names_male))
    return list(Provider.last_names), first


NOMS, PRENOMS = _faker_names()
COMMUNES = ("Foix Pamiers Saint-Girons Lavelanet Tarascon-sur-Ariège Mirepoix Saverdun Varilhes "
            "Ax-les-Thermes Le Mas-d'Azil Saint-Étienne Montréjeau Saint-Denis Le Port Saint-Pierre").split()
TYPES = ("entretien_individuel", "entretien_telephonique", "atelier", "mise_en_relation",
         "prescription", "email_sms", "autre")
MODALITES = ("presentiel", "telephone", "visio")
STATUTS = ("present", "present", "present", "absent", "planifie", "annule")
PHASES = (None, None, None, "affectation", "acceptee", "accompagnement", "accompagnement", "sortie")
NOW = "2026-11-20 10:00:00.000000"


def _hex() -> str:
    return uuid.uuid4().hex


def _reference(conn, rng) -> tuple[list[str], list[str]]:
    sites = [(_hex(), f"Site {i}", "siege" if i == 0 else "antenne") for i in range(6)]
    conn.executemany("INSERT INTO site (id, nom, type, actif, version, created_at, updated_at) "
                     "VALUES (?, ?, ?, 1, 1, ?, ?)", [(*s, NOW, NOW) for s in sites])
    users = [(_hex(), f"CONSEILLER{i}", rng.choice(PRENOMS), f"c{i}@ml.fr", sites[i % 6][0])
             for i in range(40)]
    conn.executemany("INSERT INTO utilisateur (id, nom, prenom, email, role, site_id, actif, version,"
                     " created_at, updated_at) VALUES (?, ?, ?, ?, 'conseiller', ?, 1, 1, ?, ?)",
                     [(*u, NOW, NOW) for u in users])
    return [s[0] for s in sites], [u[0] for u in users]


def _jeune(i: int, rng, sites, users, idents) -> tuple:
    nom, prenom, commune = rng.choice(NOMS).upper(), rng.choice(PRENOMS), rng.choice(COMMUNES).upper()
    born = date(1999, 1, 1) + timedelta(days=rng.randrange(3650))
    phase = rng.choice(PHASES)
    etat = rng.choice((1, 1, 1, 2, 3)) if phase == "accompagnement" else None
    fin = (born.replace(year=born.year + 26) if born.month != 2 or born.day != 29 else None) if phase else None
    ident = f"{idents[i]:07d}{chr(65 + i % 26)}" if i % 3 else None
    return (_hex(), nom, prenom, rng.choice("FM"), born.isoformat(), f"{9000 + i % 900:05d}", commune,
            f"+336{rng.randrange(10**8):08d}", ident, rng.choice(users), rng.choice(sites),
            int(i % 50 == 0), fold(nom), fold(prenom), fold(commune), phase, etat,
            fin.isoformat() if fin else None, NOW, NOW)


JEUNE_SQL = ("INSERT INTO jeune (id, nom, prenom, sexe, date_naissance, code_postal, commune, telephone,"
             " identifiant_ft, referent_id, site_id, archive, nom_fold, prenom_fold, commune_fold,"
             " cotra_phase, cotra_etat, date_fin_prevue, created_at, updated_at, indemnise, qpv, zrr,"
             " rqth, permis_b, vehicule, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
             " ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 1)")
EVENT_SQL = ("INSERT INTO evenement (id, jeune_id, date, type, modalite, statut, conseiller_id, note,"
             " version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")


def _events(jeune_ids, count, rng, users):
    """``count`` events: 50 for the first young person (the « file with 50 events »), the rest
    spread at random over the others."""
    start = date(2022, 1, 1)
    for i in range(count):
        owner = jeune_ids[0] if i < 50 else jeune_ids[1 + rng.randrange(len(jeune_ids) - 1)]
        yield (_hex(), owner, (start + timedelta(days=rng.randrange(1800))).isoformat(),
               rng.choice(TYPES), rng.choice(MODALITES), rng.choice(STATUTS), rng.choice(users),
               "Point sur la recherche d'emploi", NOW, NOW)


def fill(db_path: Path, young: int, events: int, seed: int = 1) -> list[str]:
    """Insert the data into an existing (migrated, empty) store; returns the young people's ids."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    conn.execute("BEGIN")
    sites, users = _reference(conn, rng)
    idents = rng.sample(range(10**7), young)  # France Travail numbers: 7 random digits + a letter
    rows = [_jeune(i, rng, sites, users, idents) for i in range(young)]
    conn.executemany(JEUNE_SQL, rows)
    ids = [r[0] for r in rows]
    progs = [(_hex(), ids[i], ("CEJ", "PACEA", "PPAE", "AUTRE")[i % 4]) for i in range(0, young, 2)]
    conn.executemany("INSERT INTO programme (id, jeune_id, code) VALUES (?, ?, ?)", progs)
    conn.executemany(EVENT_SQL, _events(ids, events, rng, users))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return ids


def build(data_dir: Path, young: int, events: int) -> Path:
    """A migrated store in ``data_dir`` filled with the data; returns the database path."""
    from milo_desktop.persistence.migrations import open_store
    store = open_store(data_dir)
    path = store.path
    store.close()
    fill(path, young, events)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    m = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    began = time.perf_counter()
    print(build(target, n, m), f"{time.perf_counter() - began:.1f} s")
