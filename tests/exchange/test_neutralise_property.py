"""Formula neutralisation: the SQL expression (csv_sql.text) and the writer agree on every
text, and what is written reads back unchanged (a foreign phone number keeps no apostrophe)."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings, strategies as st

from milo_desktop.exchange.reading import read_table
from milo_desktop.exchange.writing import neutralise, write_csv
from milo_desktop.services import csv_sql

PHONEISH = st.from_regex(r"[+\-=@][0-9 .()+\-A-Za-z]{0,12}", fullmatch=True)
TEXTS = st.one_of(PHONEISH, st.text(min_size=1, max_size=20))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_sql_and_python_neutralise_alike(text):
    con = sqlite3.connect(":memory:")
    (sql,) = con.execute(f"SELECT {csv_sql.text('?1')}", (text,)).fetchone()
    assert sql == neutralise(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(PHONEISH.filter(lambda t: t == t.strip()), min_size=1, max_size=5))
def test_written_cells_read_back_unchanged(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("csv") / "a.csv"
    write_csv(path, [f"C{i}" for i in range(len(cells))], [cells])
    (row,) = read_table(path).rows
    assert list(row.values.values()) == cells


def test_foreign_phone_has_no_apostrophe():
    assert neutralise("+44 20 7183 8750") == "+44 20 7183 8750"
    assert neutralise("+33 6 12 34 56 78") == "+33 6 12 34 56 78"
    assert neutralise("+44 20 7183 8750 (=HYPERLINK)") == "'+44 20 7183 8750 (=HYPERLINK)"
