"""The « Jeunes » list query against a plain Python reference: same ids, same order.

The SQL is shaped for speed (prefix ranges on covering indexes, ids packed by group_concat over
an ordered subquery); this checks, on a generated store with accents, homonyms, archived rows
and missing communes or identifiers, that it returns exactly what a naive filter and sort of
every row returns, for every kind of search, both directions and every archive choice.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date

import pytest

from milo_desktop.domain.text import fold
from milo_desktop.services.listing import ListQuery

NOMS = ("Martin", "MARTIN", "Martinez", "Martín", "Marie", "Lefèvre", "Lefebvre", "LEFEVRE",
        "Le Gall", "Le Goff", "Legrand", "Éluard", "Dupont", "Du Pont", "Dubois", "D'Artagnan",
        "Œuvrard", "Müller", "Saint-Pierre", "Zola", "Ng", "Lu")
PRENOMS = ("Marie", "Marion", "Martine", "Martin", "Léa", "Lea", "Éloïse", "Eloise", "Luc",
           "Lucie", "Gaëlle", "Jean-Luc", "Anne Marie", "Zoé", "Ma", "Le")
COMMUNES = ("Foix", "Pamiers", "Saint-Étienne", "Saint-Girons", "Le Mas-d'Azil", "Marseille",
            "Mar", "Lavelanet", "Martigues", None, None)


@dataclass(frozen=True)
class Row:
    id: str
    nom: str
    prenom: str
    commune: str | None
    identifiant: str | None
    archive: bool
    site: str | None


@pytest.fixture
def rows(services, ref_data):
    """420 young people inserted directly, with a seeded mix of names, communes and states."""
    from milo_desktop.persistence.models import Jeune
    rng = random.Random(20261124)
    sites = [None, ref_data["sites"]["siege"].id, ref_data["sites"]["antenne"].id]
    identifiants, out = set(), []
    with services.ctx.store.write() as s:
        for i in range(420):
            nom, prenom, commune = rng.choice(NOMS), rng.choice(PRENOMS), rng.choice(COMMUNES)
            ident = None
            if rng.random() < 0.7:
                while ident is None or ident in identifiants:
                    digits = f"{rng.randrange(10 ** 7):07d}"
                    ident = rng.choice((digits + rng.choice("ABZ"), "1" + digits, "AB1" + digits[:5]))
                identifiants.add(ident)
            jid, archive, site = uuid.uuid4(), rng.random() < 0.2, rng.choice(sites)
            s.add(Jeune(id=jid, nom=nom.upper(), prenom=prenom, sexe="F", date_naissance=date(2005, 1, 1),
                        commune=commune, identifiant_ft=ident, nom_fold=fold(nom),
                        prenom_fold=fold(prenom), commune_fold=fold(commune) or None,
                        archive=archive, site_id=site))
            out.append(Row(jid.hex, fold(nom), fold(prenom), fold(commune) or None, ident, archive,
                           site.hex if site else None))
    return out


def reference_match(row: Row, text: str) -> bool:
    """What the search box finds, stated plainly (see jeunes_list.search_condition)."""
    folded = fold(text)
    if not folded:
        return True
    compact = folded.replace(" ", "")

    def starts(value, start):
        return value is not None and value.startswith(start)
    if compact.isdigit():
        return starts(row.identifiant, compact)
    if len(folded) < 3:
        return starts(row.nom, folded)
    found = starts(row.nom, folded) or starts(row.prenom, folded) or starts(row.commune, folded)
    if compact.isalnum() and len(compact) <= 8 and any(c.isdigit() for c in compact):
        found = found or starts(row.identifiant, compact.upper())
    if " " in folded:
        first, rest = folded.split(" ", 1)
        found = found or (starts(row.nom, first) and starts(row.prenom, rest)) \
            or (starts(row.prenom, first) and starts(row.nom, rest))
    return found


def reference_order(rows: list[Row], sort: str, descending: bool) -> list[str]:
    """The list order by successive stable sorts, last key first; the id always ends it,
    ascending. Sorted by name: nom, prénom, archived; by first name: prénom, nom; by commune:
    empty communes last, then nom and prénom ascending."""
    if sort == "nom":
        keys = [(lambda r: r.nom, descending), (lambda r: r.prenom, descending),
                (lambda r: r.archive, descending)]
    elif sort == "prenom":
        keys = [(lambda r: r.prenom, descending), (lambda r: r.nom, descending)]
    else:
        keys = [(lambda r: r.commune is None, False), (lambda r: r.commune or "", descending),
                (lambda r: r.nom, False), (lambda r: r.prenom, False)]
    ordered = sorted(rows, key=lambda r: r.id)
    for key, reverse in reversed(keys):
        ordered.sort(key=key, reverse=reverse)
    return [r.id for r in ordered]


def reference(rows, search="", archives=None, sort="nom", descending=False, site=None) -> list[str]:
    wanted = {None: (False,), "inclus": (False, True), "seules": (True,)}[archives]
    kept = [r for r in rows if r.archive in wanted and reference_match(r, search)
            and (site is None or r.site == site)]
    return reference_order(kept, sort, descending)


SEARCHES = ("", "m", "M", "ma", "É", "le", "lé", "mar", "MAR", "Mart", "martin", "martín", "lef",
            "lefèvre", "le g", "le gall", "le m", "marie mar", "mar marie", "anne marie", "saint e",
            "saint-étienne", "1", "12", "123", "1234567", "12 34", "ab1", "AB12", "1a", "zz",
            "martin lu", "lu martin", "luc", "œuv", "oeuv", "d'art", "d art", "ng")


@pytest.mark.parametrize("archives", [None, "inclus", "seules"])
@pytest.mark.parametrize("descending", [False, True])
def test_search_sorted_by_name_matches_the_reference(services, rows, archives, descending):
    src = services.jeunes.source()
    filters = {"archives": archives} if archives else {}
    for search in SEARCHES:
        expected = reference(rows, search, archives, "nom", descending)
        query = ListQuery(search=search, filters=filters, sort="nom", descending=descending)
        assert src.ids(query) == expected, search
    assert any(reference(rows, s, archives) for s in SEARCHES if len(s) >= 3)  # the data matches


@pytest.mark.parametrize("sort", ["prenom", "commune"])
@pytest.mark.parametrize("descending", [False, True])
def test_other_sorts_and_filters_match_the_reference(services, rows, ref_data, sort, descending):
    src = services.jeunes.source()
    antenne = ref_data["sites"]["antenne"].id
    for search in ("", "mar", "le g", "1", "saint e", "ma"):
        assert src.ids(ListQuery(search=search, sort=sort, descending=descending)) \
            == reference(rows, search, None, sort, descending), search
        assert src.ids(ListQuery(search=search, filters={"site": antenne, "archives": "inclus"},
                                 descending=descending)) \
            == reference(rows, search, "inclus", "nom", descending, site=antenne.hex), search


def test_the_packed_ids_keep_the_order_of_the_query(services, rows):
    """ids() joins the ids in SQL (group_concat over the ordered query): same list as reading
    the ordered query row by row."""
    from milo_desktop.services.jeunes_list import packed_ids
    src = services.jeunes.source()
    for query in (ListQuery(), ListQuery(search="mar", descending=True), ListQuery(search="zz"),
                  ListQuery(sort="commune", filters={"archives": "inclus"})):
        with services.ctx.store.read() as s:
            plain = [r[0] for r in s.execute(src.select_ids(query))]
            packed = s.execute(packed_ids(src.select_ids(query))).scalar()
        assert src.ids(query) == plain == (packed.split(",") if packed else [])
