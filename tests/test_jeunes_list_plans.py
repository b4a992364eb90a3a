"""Every filter and sort of the Jeunes list is served by an index (EXPLAIN QUERY PLAN on a demo
store): no scan of the table and no temporary B-tree sorting the whole list; and the list read
value by value (grouped and split sorts) is exactly the one ordered query's list.

``MILO_PLAN_STORE=/path/to/data-dir`` runs the plan checks on a bigger store too (read only).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from milo_desktop.persistence.migrations import open_store
from milo_desktop.persistence.store import Store
from milo_desktop.services import AppContext, Services
from milo_desktop.services.jeunes_list import SORTS
from milo_desktop.services.listing import ListQuery

TODAY = date(2026, 11, 24)
# Filters selecting most of the list: read in list order from the list index (no sort), the
# state or phase checked per row — an index search would return most rows and then sort them.
BROAD = {("cotra_phase", "aucune"), ("alerte", False), ("programme", None)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    services = Services(AppContext(open_store(folder), today=lambda: TODAY))
    services.demo.generate(1500, seed=3, now=datetime(2026, 11, 24, 8, 30))
    yield services
    services.ctx.store.close()


def stores(demo):
    yield demo
    extra = os.environ.get("MILO_PLAN_STORE")
    if extra:
        folder = Path(extra)
        yield Services(AppContext(Store(folder / "milo.db", folder), today=lambda: TODAY))


def queries(services):
    """(label, query, broad or "tri") for each filter value (default sort) and each sort, both ways."""
    source = services.jeunes.source()
    for f in source.filters():
        for value, label in f.choices:
            broad = (f.key, value) in BROAD or (f.key == "programme" and ("programme", None) in BROAD)
            yield f"{f.key}={label}", ListQuery(filters={f.key: value}), broad
    for key in [*SORTS, "age"]:
        for descending in (False, True):
            yield f"tri {key} {'desc' if descending else 'asc'}", ListQuery(sort=key, descending=descending), "tri"


def plan(services, stmt) -> list[str]:
    compiled = stmt.compile(dialect=services.ctx.store.engine.dialect,
                            compile_kwargs={"literal_binds": True})
    with services.ctx.store.engine.connect() as conn:
        return [r[3] for r in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]


def test_every_filter_and_sort_reads_an_index_in_order(demo):
    for services in stores(demo):
        source = services.jeunes.source()
        for label, query, broad in queries(services):
            with services.ctx.store.read() as s:
                segments = source.segments(s, query)
            for stmt in segments:
                steps = plan(services, stmt)
                assert "USE TEMP B-TREE FOR ORDER BY" not in steps, (label, steps)
                scans = [st for st in steps if st.startswith("SCAN jeune")]
                assert all(" INDEX " in st for st in scans), (label, steps)  # never the table
                if broad == "tri":  # the whole list: one index read in order, never the table
                    assert all("COVERING INDEX" in st for st in scans), (label, steps)
                elif broad:
                    assert all("ix_jeune_liste" in st for st in scans), (label, steps)
                else:  # a selective filter: a search on its index
                    assert not scans and any(st.startswith("SEARCH jeune") for st in steps), (label, steps)


def test_the_list_read_by_segments_is_the_ordered_query(demo):
    """Nothing lost, nothing moved: for every sort, both ways, with and without filters, the
    ids read value by value equal the single ordered query's rows."""
    source = demo.jeunes.source()
    site = source.filters()[1].choices[1][0]
    for key in [*SORTS, "age"]:
        for descending in (False, True):
            for filters in ({}, {"archives": "inclus"}, {"site": site}, {"alerte": False}):
                query = ListQuery(sort=key, descending=descending, filters=filters)
                with demo.ctx.store.read() as s:
                    plain = [r[0] for r in s.execute(source.select_ids(query))]
                assert source.ids(query) == plain, (key, descending, filters)
                assert len(set(plain)) == len(plain)
