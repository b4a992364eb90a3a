"""The « Jeunes » list: one SQL query for the ordered ids (search, filters, sort), one Core
query per block of visible rows. Search is accent-insensitive on the ``*_fold`` columns, by
prefix range (``col >= :p AND col < :p || U+FFFF``) so that SQLite uses the indexes.

A wide search (three characters or more) ORs index ranges on the name, first name, commune
(and identifier): SQLite runs it as a MULTI-INDEX OR, one range per index, then sorts the
matches. Each of the list's indexes (``ix_jeune_liste*``, see models/jeunes.py) holds the
columns of the list order and the id (nom_fold, prenom_fold, archive, id), so a matching row is
never read from the table: SQLite takes those columns from the index it found the row in. With
100 000 young people, « mar » (10 000 matches) went from ~16 ms to ~6 ms in sqlite3.

Ids are the stored 32-character hex strings, not ``uuid.UUID``: building 100 000 UUID objects
costs ~130 ms, and fetching them through SQLAlchemy rows another ~80 ms; they come back as one
string (see :func:`packed_ids` and ``benchmarks/bench_jeunes_list.py``). Use :func:`to_uuid`
before calling the service.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from functools import lru_cache

from sqlalchemy import String, and_, exists, func, or_, select, type_coerce
from sqlalchemy.orm import aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from ..domain import cotraitance as cot
from ..domain.dates import age_on, format_date
from ..domain.jeunes import PROGRAMMES, format_phone
from ..domain.text import fold
from ..persistence.models import Cotraitance, Jeune, Programme, Site, Utilisateur
from .context import AppContext
from .listing import Column, Filter, ListQuery, ListSource

SANS_REFERENT = "__aucun__"
MES_JEUNES = "__moi__"  # the référent filter set to whoever is working
ALERT_COLOUR = "#b00020"
LATE_COLOUR = "#b35900"
MIN_WIDE_SEARCH = 3

COLUMNS = (
    Column("nom", "Nom", width=150),
    Column("prenom", "Prénom", width=130),
    Column("date_naissance", "Né(e) le", "date", width=90),
    Column("age", "Âge", "int", width=50),
    Column("identifiant_ft", "Identifiant FT", width=100),
    Column("commune", "Commune", width=140),
    Column("code_postal", "Code postal", visible=False, width=80),
    Column("telephone", "Téléphone", visible=False, width=120),
    Column("email", "E-mail", visible=False, width=180),
    Column("referent", "Référent", width=140),
    Column("site", "Site", width=140),
    Column("programmes", "Programmes", sortable=False, width=110),
    Column("cotra_phase", "Cotraitance", width=190),
    Column("cotra_etat", "État", width=170),
    Column("date_fin_prevue", "Fin prévue", "date", width=90),
    Column("archive", "Archivée", "bool", visible=False, width=70),
)

# Sort whitelist: column key -> SQL expressions (the id always ends the order: stable lists).
SORTS = {
    "nom": (Jeune.nom_fold, Jeune.prenom_fold, Jeune.archive),
    "prenom": (Jeune.prenom_fold, Jeune.nom_fold),
    "date_naissance": (Jeune.date_naissance,),
    "identifiant_ft": (Jeune.identifiant_ft,),
    "commune": (Jeune.commune_fold,),
    "code_postal": (Jeune.code_postal,),
    "telephone": (Jeune.telephone,),
    "email": (Jeune.email,),
    "referent": (Utilisateur.nom, Utilisateur.prenom, Utilisateur.id),
    "site": (Site.nom, Site.id),
    "cotra_phase": (Jeune.cotra_phase,),
    "cotra_etat": (Jeune.cotra_etat,),
    "date_fin_prevue": (Jeune.date_fin_prevue,),
    "archive": (Jeune.archive,),
}
NULLABLE_SORTS = {"identifiant_ft", "commune", "code_postal", "telephone", "email", "referent",
                  "site", "cotra_phase", "cotra_etat", "date_fin_prevue"}
# After the sort key: the list order (models/jeunes.py: each ``ix_jeune_tri_*`` index is the
# sort column followed by these and the id, so a sort or a filter reads its index in order).
TAIL = (Jeune.nom_fold, Jeune.prenom_fold, Jeune.archive)
# Sorts on a column with few values (or on the référent's or site's name): read value by value,
# each value's rows in list order from its index (ORDER BY phase, nom would sort the table).
GROUPED_SORTS = {"referent": Jeune.referent_id, "site": Jeune.site_id,
                 "cotra_phase": Jeune.cotra_phase, "cotra_etat": Jeune.cotra_etat,
                 "archive": Jeune.archive}
# Sorts on a column that may be empty: its values in order, then the empty ones in list order
# (an index holds NULLs first: ``NULLS LAST`` in one query would sort the whole table).
SPLIT_SORTS = NULLABLE_SORTS - set(GROUPED_SORTS)

JEUNE_HEX = type_coerce(Jeune.id, String)
ROW_COLUMNS = (JEUNE_HEX.label("id"), Jeune.nom, Jeune.prenom, Jeune.date_naissance, Jeune.identifiant_ft,
               Jeune.commune, Jeune.code_postal, Jeune.telephone, Jeune.email,
               Jeune.cotra_phase, Jeune.cotra_etat, Jeune.date_fin_prevue, Jeune.archive)

PHASE_LABELS = dict(cot.PHASES)
ETAT_LABELS = dict(cot.ETATS)


def prefix(column, text: str):
    """``column`` starts with ``text``, written as a range so an index on it can be used."""
    return and_(column >= text, column < text + "\uffff")


def to_uuid(list_id) -> uuid.UUID:
    """A list id (hex string) as the UUID the service methods take."""
    return list_id if isinstance(list_id, uuid.UUID) else uuid.UUID(hex=list_id)


def _hex(value) -> str:
    return value.hex if isinstance(value, uuid.UUID) else str(value)


def search_condition(text: str):
    """What the search box finds, by prefix: digits alone are the start of a France Travail
    identifier; one or two letters, the start of a family name (a short prefix of first names
    and communes would flood the list and cost a scan); from three characters on, the family
    name, first name, commune or identifier, and two words also match « nom prénom » and
    « prénom nom »."""
    folded = fold(text)
    if not folded:
        return None
    compact = folded.replace(" ", "")
    if compact.isdigit():
        return prefix(Jeune.identifiant_ft, compact)
    if len(folded) < MIN_WIDE_SEARCH:
        return prefix(Jeune.nom_fold, folded)
    conds = [prefix(Jeune.nom_fold, folded), prefix(Jeune.prenom_fold, folded),
             prefix(Jeune.commune_fold, folded)]
    if compact.isalnum() and len(compact) <= 8 and any(c.isdigit() for c in compact):
        conds.append(prefix(Jeune.identifiant_ft, compact.upper()))
    if " " in folded:
        first, rest = folded.split(" ", 1)
        conds.append(and_(prefix(Jeune.nom_fold, first), prefix(Jeune.prenom_fold, rest)))
        conds.append(and_(prefix(Jeune.prenom_fold, first), prefix(Jeune.nom_fold, rest)))
    return or_(*conds)


def wide_search(text: str) -> bool:
    """True when the search ORs several index ranges (see search_condition)."""
    folded = fold(text)
    return len(folded) >= MIN_WIDE_SEARCH and not folded.replace(" ", "").isdigit()


def no_index(column):
    """``+column``: same value, but SQLite will not walk an index to produce this order (with a
    wide search it would rather scan the whole table in order than sort the few matches)."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _referent_condition(value):
    if value == SANS_REFERENT:
        return Jeune.referent_id.is_(None)
    return type_coerce(Jeune.referent_id, String) == _hex(value)


def _phase_condition(value):
    if value == cot.PHASE_AUCUNE:
        return or_(Jeune.cotra_phase.is_(None), Jeune.cotra_phase == cot.PHASE_AUCUNE)
    return Jeune.cotra_phase == value


# Steps of the cotraitance a report counts in a period (services/bilans_queries/cotraitance.py):
# the list behind « Entrées en cotraitance », « Sorties »… of a period.
ETAPES = {
    "affectation": ("date_affectation", "Affectations reçues"),
    "entree": ("date_affectation", "Entrées en cotraitance"),  # an affectation not refused
    "acceptation": ("date_acceptation", "Acceptations"),
    "refus": ("date_refus", "Refus d'affectation"),
    "initialisation": ("date_initialisation", "Initialisations"),
    "sortie": ("date_sortie", "Sorties de cotraitance"),
}


def etape_filter(etape: str, du: date, au: date) -> tuple[str, str, str]:
    """The value of the ``cotra_etape`` filter: a step dated between two days (inclusive)."""
    if etape not in ETAPES:
        raise ValueError(f"étape inconnue : {etape}")
    return (etape, du.isoformat(), au.isoformat())


def etape_label(value: tuple[str, str, str]) -> str:
    """« Entrées en cotraitance du 01/01/2026 au 31/12/2026 »."""
    etape, du, au = value
    return (f"{ETAPES[etape][1]} du {format_date(date.fromisoformat(du))} "
            f"au {format_date(date.fromisoformat(au))}")


def _etape_condition(value):
    etape, du, au = value
    day = type_coerce(getattr(Cotraitance, ETAPES[etape][0]), String)
    conds = [Cotraitance.jeune_id == Jeune.id, day >= du, day <= au]
    if etape == "entree":
        conds.append(Cotraitance.date_refus.is_(None))
    return exists().where(*conds)


def _alerte_condition(value):
    if value:
        return Jeune.cotra_etat == cot.ETAT_ALERTE
    # « not among the few in alert » (an index search) rather than reading every row's state:
    # the list index is then scanned in order without visiting the table (2x faster).
    in_alert = aliased(Jeune)
    return Jeune.id.not_in(select(in_alert.id).where(in_alert.cotra_etat == cot.ETAT_ALERTE))


# Filter key -> condition.
FILTERS = {
    "referent": _referent_condition,
    "site": lambda v: type_coerce(Jeune.site_id, String) == _hex(v),
    "programme": lambda v: exists().where(Programme.jeune_id == Jeune.id, Programme.code == str(v)),
    "cotra_phase": _phase_condition,
    "cotra_etat": lambda v: Jeune.cotra_etat == int(v),
    "alerte": _alerte_condition,
    "cotra_etape": _etape_condition,  # set from a report's figure, not offered as a choice
}
# ``+archive``: SQLite otherwise re-sorts the rows it reads in order from ix_jeune_liste.
ARCHIVES = {None: no_index(Jeune.archive).is_(False), "inclus": None,
            "seules": no_index(Jeune.archive).is_(True)}


def packed_ids(stmt):
    """``stmt``, an ordered SELECT of hex ids, as one row: its ids joined by commas, in its
    order. Each row the sqlite3 module returns costs ~0.25 µs (2.5 ms for 10 000 ids, 25 ms for
    the whole list); one string and a ``split`` cost about a third of that.

    The order is kept: SQLite neither flattens a FROM subquery with an ORDER BY into an
    aggregate query nor drops that ORDER BY when the aggregate is order-sensitive like
    ``group_concat`` (see its select.c); tests/test_jeunes_list_search.py checks the order."""
    ids = stmt.subquery("ids")
    return select(func.group_concat(ids.c.id, ","))


def fetch_ids(session, stmt) -> list[str]:
    """The ids ``stmt`` selects, in order (see :func:`packed_ids`). Executed through
    SQLAlchemy, whose statement cache spares compiling it at each keystroke."""
    packed = session.connection().execute(packed_ids(stmt)).scalar()
    return packed.split(",") if packed else []


def all_programmes(session) -> dict[str, str]:
    """Every young person's programme codes, ``{hex id: "CEJ, PACEA"}`` (alphabetical), read
    through the driver (half the time of a SQLAlchemy result) — for exports of 100 000 rows."""
    codes: dict[str, str] = {}
    dbapi = session.connection().connection.dbapi_connection
    for jeune_id, code in dbapi.execute("SELECT jeune_id, code FROM programme ORDER BY jeune_id, code"):
        codes[jeune_id] = f"{codes[jeune_id]}, {code}" if jeune_id in codes else code
    return codes


@lru_cache(maxsize=4096)
def phone_display(e164: str | None) -> str:
    """``+33612345678`` -> ``06 12 34 56 78`` quickly; other numbers through phonenumbers."""
    if not e164:
        return ""
    if e164.startswith("+33") and len(e164) == 12 and e164[1:].isdigit():
        digits = "0" + e164[3:]
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    try:
        return format_phone(e164)
    except Exception:  # noqa: BLE001 - a stored oddity is shown as stored
        return e164


class JeunesListSource(ListSource):
    columns = COLUMNS

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.suspended = False  # while a list page is being built: no query (it would be thrown away)

    # --- filters --------------------------------------------------------------------------
    def filters(self) -> tuple[Filter, ...]:
        with self.ctx.store.read() as s:
            users = s.execute(select(Utilisateur.id, Utilisateur.prenom, Utilisateur.nom)
                              .where(Utilisateur.actif.is_(True))
                              .order_by(Utilisateur.nom, Utilisateur.prenom)).all()
            sites = s.execute(select(Site.id, Site.nom).order_by(Site.type != "siege", Site.nom)).all()
        mine = ((MES_JEUNES, "Mes jeunes"),) if self.ctx.user.id is not None else ()
        return (
            Filter("referent", "Référent", mine + tuple((u.id, f"{u.prenom} {u.nom}") for u in users)
                   + ((SANS_REFERENT, "Sans référent"),)),
            Filter("site", "Site", tuple((x.id, x.nom) for x in sites)),
            Filter("programme", "Programme", tuple((c, c if c != "AUTRE" else lbl) for c, lbl in PROGRAMMES)),
            Filter("cotra_phase", "Phase", cot.PHASES),
            Filter("cotra_etat", "État", cot.ETATS),
            Filter("alerte", "Alerte", ((True, "En alerte de cotraitance"), (False, "Sans alerte"))),
        )

    # --- ids ------------------------------------------------------------------------------
    def select_ids(self, query: ListQuery):
        """The one SELECT of ordered ids for ``query`` (exposed for benchmarks and tests)."""
        stmt = select(JEUNE_HEX.label("id"))
        filters = dict(query.filters)
        if filters.get("referent") == MES_JEUNES:
            filters["referent"] = self.ctx.user.id or SANS_REFERENT
        conds = [FILTERS[k](v) for k, v in filters.items() if k in FILTERS and v is not None]
        archived = ARCHIVES.get(query.filters.get("archives"), ARCHIVES[None])
        search = search_condition(query.search or "")
        conds += [c for c in (archived, search) if c is not None]
        if conds:
            stmt = stmt.where(*conds)
        return self._ordered(stmt, query)

    @staticmethod
    def _sort_key(query: ListQuery) -> tuple[str, bool]:
        key = query.sort if query.sort in SORTS or query.sort == "age" else "nom"
        descending = query.descending != (key == "age")  # older first = earlier birth date
        return ("date_naissance" if key == "age" else key), descending

    def _ordered(self, stmt, query: ListQuery):
        key, descending = self._sort_key(query)
        if key == "referent":
            stmt = stmt.outerjoin(Utilisateur, Utilisateur.id == Jeune.referent_id)
        elif key == "site":
            stmt = stmt.outerjoin(Site, Site.id == Jeune.site_id)
        keys = [no_index(e) for e in SORTS[key]] if wide_search(query.search or "") else SORTS[key]
        exprs = [e.desc() if descending else e.asc() for e in keys]
        if key in NULLABLE_SORTS:
            exprs = [e.nulls_last() for e in exprs]
        tail = () if key in ("nom", "prenom") else TAIL
        return stmt.order_by(*exprs, *tail, Jeune.id)

    def segments(self, session, query: ListQuery) -> list:
        """The statements whose ids, one after the other, are :meth:`select_ids`'s list, each
        read in order from one index (see GROUPED_SORTS and SPLIT_SORTS); a search keeps the
        one statement (its few matches are sorted)."""
        key, descending = self._sort_key(query)
        if (key not in GROUPED_SORTS and key not in SPLIT_SORTS) or fold(query.search or ""):
            return [self.select_ids(query)]
        base = self.select_ids(query.with_(sort="nom", descending=False)).order_by(None)
        in_order = (*TAIL, Jeune.id)
        column = GROUPED_SORTS.get(key) or SORTS[key][0]
        empty = base.where(column.is_(None)).order_by(*in_order)
        if key in SPLIT_SORTS:
            direction = column.desc() if descending else column.asc()
            return [base.where(column.is_not(None)).order_by(direction, *in_order), empty]
        match = (lambda v: type_coerce(column, String) == v) if key in ("referent", "site") \
            else (lambda v: column == v)
        return [base.where(match(v)).order_by(*in_order)
                for v in self._values(session, key, column, descending)] + [empty]

    @staticmethod
    def _values(session, key: str, column, descending: bool) -> list:
        """The stored values of a grouped sort's column, in the list's order (référents and
        sites by name, as the single query orders them)."""
        if key in ("referent", "site"):
            model = Utilisateur if key == "referent" else Site
            order = [e.desc() if descending else e.asc() for e in SORTS[key]]
            return [r[0] for r in session.execute(
                select(type_coerce(model.id, String)).order_by(*order))]
        values = [v for v in session.execute(select(column).distinct()).scalars() if v is not None]
        return sorted(values, reverse=descending)

    def ids_statement(self, query: ListQuery):
        """What :meth:`ids` runs: :meth:`select_ids` packed into one row (for benchmarks)."""
        return packed_ids(self.select_ids(query))

    def ids(self, query: ListQuery) -> list:
        if self.suspended:
            return []
        with self.ctx.store.read() as s:
            ids: list[str] = []
            for stmt in self.segments(s, query):
                ids += fetch_ids(s, stmt)
            return ids

    def order_of(self, query: ListQuery, ids: list) -> list:
        """The list's query restricted to a few ids (the primary key): one row's place."""
        if not ids:
            return []
        with self.ctx.store.read() as s:
            stmt = self.select_ids(query).where(JEUNE_HEX.in_([_hex(i) for i in ids]))
            return [r[0] for r in s.execute(stmt)]

    # --- exports of the list as shown (one statement instead of blocks of ids) --------------
    def export_rows(self, query: ListQuery, keys: list[str] | None = None):
        from .jeunes_list_export import export_rows
        return export_rows(self, query, keys)

    def export_csv_rows(self, query: ListQuery, keys: list[str] | None = None):
        from .jeunes_list_export import export_csv_rows
        return export_csv_rows(self, query, keys)

    # --- rows -----------------------------------------------------------------------------
    def rows(self, ids: list) -> dict:
        if not ids:
            return {}
        with self.ctx.store.read() as s:
            data = s.execute(
                select(*ROW_COLUMNS, Utilisateur.prenom.label("ref_prenom"),
                       Utilisateur.nom.label("ref_nom"), Site.nom.label("site_nom"))
                .outerjoin(Utilisateur, Utilisateur.id == Jeune.referent_id)
                .outerjoin(Site, Site.id == Jeune.site_id)
                .where(JEUNE_HEX.in_(ids))).all()
            progs = defaultdict(list)
            prog_jeune = type_coerce(Programme.jeune_id, String)
            for jid, code in s.execute(select(prog_jeune, Programme.code)
                                       .where(prog_jeune.in_(ids)).order_by(Programme.code)):
                progs[jid].append(code)
        today = self.ctx.today()
        return {r.id: self.row_values(r, ", ".join(progs.get(r.id, ())), today) for r in data}

    @staticmethod
    def row_values(r, programmes: str, today: date) -> dict:
        """What the screen shows for one stored row (``ROW_COLUMNS`` with the référent and site
        names), with its programme codes (``CEJ, PACEA``), on ``today``."""
        row = {
            "nom": r.nom, "prenom": r.prenom, "date_naissance": r.date_naissance,
            "age": age_on(r.date_naissance, today), "identifiant_ft": r.identifiant_ft,
            "commune": r.commune, "code_postal": r.code_postal,
            "telephone": phone_display(r.telephone), "email": r.email,
            "referent": f"{r.ref_prenom} {r.ref_nom}" if r.ref_nom else "",
            "site": r.site_nom or "", "programmes": programmes,
            "cotra_phase": PHASE_LABELS.get(r.cotra_phase, "") if r.cotra_phase != cot.PHASE_AUCUNE else "",
            "cotra_etat": ETAT_LABELS.get(r.cotra_etat, ""), "date_fin_prevue": r.date_fin_prevue,
            "archive": bool(r.archive),
        }
        if r.cotra_etat == cot.ETAT_ALERTE:
            row["_couleur"] = ALERT_COLOUR
        elif r.date_fin_prevue and r.date_fin_prevue < today and r.cotra_phase != cot.PHASE_SORTIE:
            row["_couleur"] = LATE_COLOUR
        return row
