"""Export of the « Jeunes » list as shown: the one-statement paths give exactly what the generic
block-by-block export gives (same rows, same order, same cells), CSV formatted by SQLite included."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.exchange.writing import write_csv
from milo_desktop.services import jeunes_list_export as jx
from milo_desktop.services.jeunes_list import SANS_REFERENT
from milo_desktop.services.listing import ListQuery, ListSource


@pytest.fixture
def listed(services, ref_data, store):
    """Young people whose ages turn today or tomorrow (TODAY = 24/11/2026), leap-day births,
    accents, programmes, cotraitance states, an archived one, a hostile address."""
    from milo_desktop.persistence.models import Jeune
    alice, bruno = ref_data["users"]["conseiller"], ref_data["users"]["conseiller2"]
    siege, antenne = ref_data["sites"]["siege"], ref_data["sites"]["antenne"]
    people = [("Dupont", "Éloïse", "24/11/2005", alice, siege, ["CEJ", "PACEA"], "accompagnement", 2),
              ("Lefèvre", "Zoé", "25/11/2005", bruno, antenne, ["PPAE"], "accompagnement", 1),
              ("Martin", "Léa", "29/02/2008", alice, antenne, [], "affectation", None),
              ("Œuvre", "Hugo", "28/02/2004", None, None, ["CEJ"], "sortie", None),
              ("Durand", "Marc", "01/03/2004", bruno, siege, [], None, None)]
    made = []
    for nom, prenom, born, ref, site, progs, phase, etat in people:
        d = services.jeunes.create(JeuneInput(nom=nom, prenom=prenom, sexe="F", date_naissance=born,
                                              telephone="0692 12 34 56" if nom == "Martin" else "06 12 34 56 78",
                                              commune="Foix", code_postal="09000"),
                                   ref.id if ref else None, site.id if site else None, progs)
        made.append(d)
        with store.write() as s:
            j = s.get(Jeune, d.id)
            j.cotra_phase, j.cotra_etat = phase, etat
            j.date_fin_prevue = date(2026, 1, 1) if etat == 1 else None
    services.jeunes.archive(made[4].id, made[4].version)
    from milo_desktop.security import audit
    with store.write() as s, audit.bulk(s, "test", "jeune", [made[1].id]):
        s.execute(text("UPDATE jeune SET commune = '=1+1' WHERE id = :id"), {"id": made[1].id.hex})
    return made


QUERIES = [
    ListQuery(filters={"archives": "inclus"}),
    ListQuery(),
    ListQuery(search="foix", sort="age", descending=True),
    ListQuery(search="=1", filters={"archives": "inclus"}),
    ListQuery(filters={"referent": SANS_REFERENT, "archives": "inclus"}),
    ListQuery(filters={"cotra_phase": "accompagnement"}, sort="cotra_etat"),
    ListQuery(filters={"programme": "CEJ"}, sort="referent", descending=True),
    ListQuery(search="zzz"),
]


@pytest.mark.parametrize("query", QUERIES)
def test_one_statement_exports_equal_the_generic_export(services, listed, query, tmp_path):
    source = services.jeunes.source()
    keys = [c.key for c in source.columns]  # hidden columns too
    expected_headers, expected = ListSource.export_rows(source, query, keys)
    expected = list(expected)
    headers, rows = jx.export_rows(source, query, keys)
    assert (headers, rows) == (expected_headers, expected)
    generic, fast = tmp_path / "generic.csv", tmp_path / "fast.csv"
    write_csv(generic, expected_headers, expected)
    headers, cells = source.export_csv_rows(query, keys)
    write_csv(fast, headers, cells, formatted=True)
    assert fast.read_bytes() == generic.read_bytes()


def test_visible_columns_only_and_ages_on_birthdays(services, listed, tmp_path):
    source = services.jeunes.source()
    headers, cells = source.export_csv_rows(ListQuery(filters={"archives": "inclus"}),
                                            ["nom", "age", "programmes", "cotra_etat", "commune"])
    assert headers == ["Nom", "Âge", "Programmes", "État", "Commune"]
    by_name = {row[0]: row[1:] for row in cells}
    assert by_name["DUPONT"] == (21, "CEJ, PACEA", "Alerte de cotraitance", "FOIX")  # 21 today
    assert by_name["LEFÈVRE"] == (20, "PPAE", "Accompagnement actif", "'=1+1")  # 21 tomorrow
    assert by_name["MARTIN"][0] == 18 and by_name["ŒUVRE"][0] == 22 and by_name["DURAND"][0] == 22
