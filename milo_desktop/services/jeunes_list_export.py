"""Export of the « Jeunes » list as shown (search, filters, sort, visible columns), at the scale
of 100 000 rows.

The generic ``ListSource.export_rows`` reads the rows by blocks of 1 000 ids, as the screen does
(about 6 s for 100 000 rows). Here the ordered ids come from the list's own query and the rows
from one more statement restricted by it (``id IN (…)``), put back in the list's order:

- :func:`export_rows`: the values the screen shows (for XLSX);
- :func:`export_csv_rows`: each cell already as ``csv_cell`` writes it, formatted by SQLite
  (``csv_sql``), for ``write_csv(..., formatted=True)``.
"""

from __future__ import annotations


from sqlalchemy import literal_column, select

from ..persistence.models import Jeune, Site, Utilisateur
from . import csv_sql
from .jeunes_list import ETAT_LABELS, JEUNE_HEX, PHASE_LABELS, ROW_COLUMNS, all_programmes
from .listing import ListQuery

PROGRAMMES_FUNCTION = "milo_programmes"
REFERENT = "(SELECT u.prenom || ' ' || u.nom FROM utilisateur u WHERE u.id = jeune.referent_id)"
SITE = "(SELECT s.nom FROM site s WHERE s.id = jeune.site_id)"


def _csv_expressions(today) -> dict[str, str]:
    """Column key -> SQL giving the text the generic export writes for that column."""
    text = csv_sql.text
    return {
        "nom": text("jeune.nom"), "prenom": text("jeune.prenom"),
        "date_naissance": csv_sql.day("jeune.date_naissance"),
        "age": csv_sql.age("jeune.date_naissance", today),
        "identifiant_ft": text("jeune.identifiant_ft"), "commune": text("jeune.commune"),
        "code_postal": text("jeune.code_postal"), "telephone": csv_sql.phone("jeune.telephone"),
        "email": text("jeune.email"), "referent": text(REFERENT), "site": text(SITE),
        "programmes": f"{PROGRAMMES_FUNCTION}(jeune.id)",
        "cotra_phase": csv_sql.labels("jeune.cotra_phase", PHASE_LABELS),
        "cotra_etat": csv_sql.labels("jeune.cotra_etat", ETAT_LABELS),
        "date_fin_prevue": csv_sql.day("jeune.date_fin_prevue"),
        "archive": csv_sql.flag("jeune.archive"),
    }


def _in_list(source, query: ListQuery):
    """The condition « is in the list as shown » (the list's query, without its order)."""
    return JEUNE_HEX.in_(source.select_ids(query).order_by(None))


def _raw_rows(session, stmt):
    """All rows of a Core statement through the DBAPI cursor (bound values are plain)."""
    compiled = stmt.compile(dialect=session.get_bind().dialect)
    params = compiled.construct_params()
    args = [params[name] for name in compiled.positiontup or ()]
    return session.connection().connection.dbapi_connection.execute(str(compiled), args)


def export_csv_rows(source, query: ListQuery, keys: list[str] | None = None):
    """(headers, rows of CSV-ready cells) for the list as shown."""
    columns = source.export_columns(keys)
    expressions = _csv_expressions(source.ctx.today())
    ids = source.ids(query)
    with source.ctx.store.read() as s:
        dbapi = s.connection().connection.dbapi_connection
        csv_sql.register(dbapi)
        if any(c.key == "programmes" for c in columns):
            dbapi.create_function(PROGRAMMES_FUNCTION, 1, all_programmes(s).get, deterministic=True)
        stmt = (select(JEUNE_HEX, *[literal_column(expressions[c.key]) for c in columns])
                .select_from(Jeune).where(_in_list(source, query)))
        by_id = {row[0]: row[1:] for row in _raw_rows(s, stmt)}
    return [c.label for c in columns], [by_id[i] for i in ids if i in by_id]


def export_rows(source, query: ListQuery, keys: list[str] | None = None):
    """(headers, rows of the values the screen shows) for the list as shown."""
    columns = source.export_columns(keys)
    ids = source.ids(query)
    today = source.ctx.today()
    referent = (select(Utilisateur.prenom, Utilisateur.nom)
                .where(Utilisateur.id == Jeune.referent_id).correlate(Jeune))
    site = select(Site.nom).where(Site.id == Jeune.site_id).correlate(Jeune)
    with source.ctx.store.read() as s:
        programmes = all_programmes(s)
        stmt = (select(*ROW_COLUMNS,
                       referent.with_only_columns(Utilisateur.prenom).scalar_subquery().label("ref_prenom"),
                       referent.with_only_columns(Utilisateur.nom).scalar_subquery().label("ref_nom"),
                       site.scalar_subquery().label("site_nom"))
                .where(_in_list(source, query)))
        by_id = {r.id: source.row_values(r, programmes.get(r.id, ""), today) for r in s.execute(stmt)}
    keys = [c.key for c in columns]
    return [c.label for c in columns], [[row.get(k) for k in keys]
                                         for row in (by_id.get(i) for i in ids) if row is not None]

