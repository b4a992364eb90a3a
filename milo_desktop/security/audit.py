"""The audit trail: append-only, hash-chained events written in the same transaction as the
change they record. Ids and field names only — never a value.

- ``install(store)`` makes every unit of work of the store audited: an ORM flush records one
  event per created, modified or deleted record (which table, which id, which fields); a bulk
  ORM statement (``session.execute(update(M)…)``, ``insert(M)`` with rows) records one event per
  record it touches; any other write to an audited table (text SQL, ``exec_driver_sql``, Core on
  the connection) is refused unless wrapped in ``bulk(...)``, which records it.
- Each event's hash (SHA-256) covers its content and the previous event's hash; the head
  (last seq and hash) is kept in ``parametre`` so a truncated tail is detected too.
- ``seq`` is last + 1 inside the writing transaction: one number per store, monotonic (the
  change log of a replica can follow it).
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, event, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from ..persistence.models import AuditEvenement, Base, Parametre, utcnow

GENESIS = "0" * 64
HEAD_KEY, ANCHOR_KEY = "audit.tete", "audit.ancre"
SKIPPED_KEYS = ("audit.", "session.")  # parameters that are not settings
STAMPS = frozenset({"version", "updated_at", "updated_by", "created_at", "created_by"})
PASS = "milo_audit_pass"
AUDIT_TABLE = AuditEvenement.__table__
TABLE = AUDIT_TABLE.name
REFUSED = ("Écriture directe refusée sur la table « {table} » : toute modification passe par "
           "l'application, qui la trace dans le journal d'audit.")
_DML = re.compile(r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|'
                  r'REPLACE\s+INTO)\s+["`\[]?(\w+)', re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    role: str | None
    site_id: uuid.UUID | None


SYSTEM = Actor(None, "systeme", None)
ACTOR: contextvars.ContextVar[Actor] = contextvars.ContextVar("milo_actor", default=SYSTEM)


class AuditRefused(Exception):
    pass


# --- hashing ---------------------------------------------------------------------------
FIELDS = ("seq", "id", "horodatage", "utilisateur_id", "role", "site_id", "action", "objet",
          "objet_id", "jeune_id", "champs", "detail", "precedent")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return str(value)


def canonical(row) -> bytes:
    """The event's content as hashed: every field but the hash, in a fixed order, separated
    by a control character no field may hold."""
    return "\x1f".join(_text(row[f]) for f in FIELDS).encode("utf-8")


def digest(row) -> str:
    return hashlib.sha256(canonical(row)).hexdigest()


# --- appending ---------------------------------------------------------------------------
def _head(session: Session) -> tuple[int, str]:
    head = session.info.get("audit_head")
    if head is None:
        conn = session.connection()
        row = conn.execute(select(AUDIT_TABLE.c.seq, AUDIT_TABLE.c.empreinte)
                           .order_by(AUDIT_TABLE.c.seq.desc()).limit(1)).first()
        if row is None:
            anchor = _param(conn, ANCHOR_KEY)
            head = (anchor["seq"], anchor["empreinte"]) if anchor else (0, GENESIS)
        else:
            head = (row[0], row[1])
        session.info["audit_head"] = head
    return head


def _param(conn, key):
    text = conn.execute(select(Parametre.valeur).where(Parametre.cle == key)).scalar()
    return json.loads(text) if text else None


def _clean(value: str | None, limit: int = 2000) -> str | None:
    if value is None:
        return None
    return _CONTROL.sub(" ", str(value))[:limit]


def build(session: Session, action: str, objet: str | None = None, objet_id=None, jeune_id=None,
          champs=(), detail: str | None = None, actor: Actor | None = None, when: datetime | None = None) -> dict:
    """The next event of the chain (not yet written)."""
    actor = actor or ACTOR.get()
    seq, previous = _head(session)
    row = {"seq": seq + 1, "id": uuid.uuid4(), "horodatage": when or utcnow(),
           "utilisateur_id": actor.user_id, "role": actor.role, "site_id": actor.site_id,
           "action": action, "objet": objet, "objet_id": None if objet_id is None else _clean(str(objet_id), 40),
           "jeune_id": jeune_id, "champs": ",".join(sorted(champs)) or None if champs else None,
           "detail": _clean(detail), "precedent": previous}
    row["empreinte"] = digest(row)
    session.info["audit_head"] = (row["seq"], row["empreinte"])
    return row


def write(session: Session, rows: list[dict]) -> None:
    """Insert the events and move the recorded head of the chain (same transaction)."""
    if not rows:
        return
    conn = session.connection()
    conn.execute(insert(AUDIT_TABLE), rows)
    _set_param(conn, HEAD_KEY, {"seq": rows[-1]["seq"], "empreinte": rows[-1]["empreinte"]})


def _set_param(conn, key: str, value) -> None:
    text = json.dumps(value)
    conn.info[PASS] = conn.info.get(PASS, 0) + 1
    try:
        done = conn.execute(update(Parametre).where(Parametre.cle == key).values(valeur=text))
        if done.rowcount == 0:
            conn.execute(insert(Parametre).values(cle=key, valeur=text))
    finally:
        conn.info[PASS] -= 1


def record(session: Session, action: str, **fields) -> dict:
    """Append one event now, in the session's transaction."""
    row = build(session, action, **fields)
    write(session, [row])
    return row


@contextmanager
def passing(session: Session):
    """Writes on audited tables allowed for the block (the caller records them)."""
    conn = session.connection()
    conn.info[PASS] = conn.info.get(PASS, 0) + 1
    try:
        yield conn
    finally:
        conn.info[PASS] -= 1


@contextmanager
def bulk(session: Session, action: str, objet: str | None = None, ids=(), champs=(), detail=None):
    """Direct SQL on audited tables, recorded: one event per id (or one for the statement)."""
    ids = list(ids)
    rows = [build(session, action, objet, i, i if objet == "jeune" else None, champs, detail)
            for i in ids] or [build(session, action, objet, None, None, champs, detail)]
    write(session, rows)
    with passing(session) as conn:
        yield conn


def changes(session: Session, action: str, objet: str, items) -> None:
    """One event per ``(record id, field names)`` of ``items`` (bulk writes made by the caller
    inside ``passing``)."""
    jeune = objet == "jeune"
    write(session, [build(session, action, objet, i, i if jeune else None, fields) for i, fields in items])


# --- the session hooks -----------------------------------------------------------------
def _audited(table_name: str) -> bool:
    return table_name in AUDITED


def _jeune_of(obj):
    if obj.__tablename__ == "jeune":
        return obj.id
    return getattr(obj, "jeune_id", None)


def _changes(session: Session) -> list[dict]:
    rows = []
    for kind, objs in (("creation", session.new), ("modification", session.dirty),
                       ("suppression", session.deleted)):
        for obj in objs:
            table = getattr(obj, "__tablename__", None)
            if table is None or not _audited(table):
                continue
            state = inspect(obj)
            if table == "parametre":
                if obj.cle.startswith(SKIPPED_KEYS):
                    continue
                ident = obj.cle
            else:
                if kind == "creation" and getattr(obj, "id", 1) is None and "id" in state.mapper.columns:
                    obj.id = uuid.uuid4()
                ident = state.identity[0] if state.identity and len(state.identity) == 1 else getattr(obj, "id", None)
            if kind == "creation":
                fields = [a.key for a in state.mapper.column_attrs
                          if a.key not in STAMPS and getattr(obj, a.key, None) is not None]
            elif kind == "modification":
                fields = [a.key for a in state.mapper.column_attrs
                          if a.key not in STAMPS and state.attrs[a.key].history.has_changes()]
                if not fields:
                    continue
            else:
                fields = []
            rows.append(build(session, kind, table, ident, _jeune_of(obj), fields))
    return rows


def _before_flush(session, _flush_context, _instances):
    if session.info.get("audit_off"):
        return
    session.info.setdefault("audit_pending", []).extend(_changes(session))


def _after_flush(session, _flush_context):
    pending = session.info.pop("audit_pending", None)
    if pending:
        write(session, pending)


def _forget(session, *_args):
    for key in ("audit_head", "audit_pending"):
        session.info.pop(key, None)


def _do_orm_execute(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    stmt = state.statement
    table = getattr(stmt, "table", None)
    name = getattr(table, "name", None)
    if name is None or not _audited(name):
        return None
    session = state.session
    if session.connection().info.get(PASS):
        return None  # inside ``bulk``: the caller recorded it
    kind = "creation" if state.is_insert else "modification" if state.is_update else "suppression"
    params = state.parameters
    plist = params if isinstance(params, list) else [params] if params else []
    champs = []
    if getattr(stmt, "_values", None):
        champs = [getattr(k, "key", str(k)) for k in stmt._values]
    elif plist:
        champs = [k for k in plist[0] if k not in STAMPS and k != "id"]
    champs = [c for c in champs if c not in STAMPS]
    ids = []
    if plist and all("id" in p for p in plist):
        ids = [p["id"] for p in plist]
    elif not state.is_insert and "id" in table.c:
        where = stmt.whereclause
        q = select(table.c.id)
        if where is not None:
            q = q.where(where)
        ids = list(session.connection().execute(q).scalars())
        if not ids:
            return None
    jeune = name == "jeune"
    rows = [build(session, kind, name, i, i if jeune else None, champs) for i in ids] or \
        [build(session, kind, name, None, None, champs)]
    write(session, rows)
    with passing(session):
        return state.invoke_statement()


def _guard(conn, _cursor, statement, _params, _context, _executemany):
    m = _DML.match(statement)
    if m is None or conn.info.get(PASS):
        return
    table = m.group(1).lower()
    if table == TABLE:
        if statement.lstrip()[:6].upper() == "INSERT":
            return
        raise AuditRefused(REFUSED.format(table=table))
    if _audited(table):
        raise AuditRefused(REFUSED.format(table=table))


AUDITED = frozenset(t for t in Base.metadata.tables if t != TABLE)


class AuditedSession(Session):
    def flush(self, objects=None):
        if not (self.new or self.dirty or self.deleted):
            return super().flush(objects)
        with passing(self):
            return super().flush(objects)


_installed = False


def install(store) -> None:
    """Audit every unit of work of ``store`` (idempotent)."""
    global _installed
    if not _installed:
        event.listen(AuditedSession, "before_flush", _before_flush)
        event.listen(AuditedSession, "after_flush", _after_flush)
        event.listen(AuditedSession, "after_commit", _forget)
        event.listen(AuditedSession, "after_rollback", _forget)
        event.listen(AuditedSession, "do_orm_execute", _do_orm_execute)
        _installed = True
    if getattr(store, "session_class", None) is not AuditedSession:
        store.session_class = AuditedSession
        event.listen(store.engine, "before_cursor_execute", _guard)


@contextmanager
def acting(actor: Actor):
    token = ACTOR.set(actor)
    try:
        yield
    finally:
        ACTOR.reset(token)


# --- verification, pruning ---------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"Journal d'audit intègre : {self.count} événement(s) vérifié(s)."
        return f"Journal d'audit altéré à l'événement n° {self.broken_seq} : {self.reason}"


def verify(session: Session, progress=None) -> Verification:
    conn = session.connection()
    anchor = _param(conn, ANCHOR_KEY)
    head = _param(conn, HEAD_KEY)
    expected_seq, previous = (anchor["seq"], anchor["empreinte"]) if anchor else (0, GENESIS)
    cols = [AUDIT_TABLE.c[f] for f in FIELDS] + [AUDIT_TABLE.c.empreinte]
    result = conn.execution_options(yield_per=20000).execute(select(*cols).order_by(AUDIT_TABLE.c.seq))
    count = 0
    sha = hashlib.sha256
    for row in result.mappings():
        seq = row["seq"]
        if seq != expected_seq + 1:
            what = "un événement manque avant lui" if seq > expected_seq + 1 else "numéro en double"
            return Verification(False, count, seq, f"la suite des numéros est rompue ({what}).")
        if row["precedent"] != previous:
            return Verification(False, count, seq, "il ne suit pas l'événement précédent "
                                "(événement supprimé, inséré ou déplacé).")
        if sha(canonical(row)).hexdigest() != row["empreinte"]:
            return Verification(False, count, seq, "son contenu a été modifié.")
        expected_seq, previous = seq, row["empreinte"]
        count += 1
    if head and (head["seq"] != expected_seq or head["empreinte"] != previous):
        return Verification(False, count, expected_seq + 1,
                            f"les événements qui suivent le n° {expected_seq} ont disparu "
                            f"(le dernier enregistré était le n° {head['seq']}).")
    return Verification(True, count)


def prune(session: Session, before: datetime) -> int:
    """Delete the events older than ``before``; the chain stays verifiable from an anchor (the
    last deleted event's number and hash). Records its own event."""
    conn = session.connection()
    last = conn.execute(select(func.max(AUDIT_TABLE.c.seq), func.count())
                        .where(AUDIT_TABLE.c.horodatage < before)).first()
    if not last or not last[0]:
        return 0
    seq, count = last
    head = conn.execute(select(AUDIT_TABLE.c.empreinte).where(AUDIT_TABLE.c.seq == seq)).scalar()
    _head(session)  # known before the deletion
    with passing(session):
        conn.execute(delete(AUDIT_TABLE).where(AUDIT_TABLE.c.seq <= seq))
    _set_param(conn, ANCHOR_KEY, {"seq": seq, "empreinte": head})
    record(session, "audit.purge", detail=f"{count} événement(s) antérieur(s) au "
           f"{before:%d/%m/%Y} supprimé(s) (durée de conservation)")
    return count
