"""Shared plumbing for services: units of work, authorship and optimistic locking."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import ConflictError, NotFoundError
from .context import AppContext

T = TypeVar("T")

CONFLICT_MESSAGE = ("Cette fiche a été modifiée par quelqu'un d'autre depuis son ouverture. "
                    "Vos changements n'ont pas été enregistrés : rouvrez la fiche et recommencez.")


class Service:
    """Every public method of a subclass registered in ``services.REGISTRY`` is checked against
    the permission matrix (``security.permissions.METHODS``) and audited as declared there."""

    undeclared: tuple[str, ...] = ()  # public methods the matrix misses (a test fails on them)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        from . import REGISTRY
        key = f"{cls.__module__.rsplit('.', 1)[-1]}:{cls.__name__}"
        area = next((a for a, target in REGISTRY.items() if target == key), None)
        if area is not None:
            from ..security.access import protect
            cls.undeclared = tuple(protect(cls, area))

    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    def may(self, action: str) -> bool:
        """Whether the current account's role grants ``action`` at any scope."""
        from ..security.permissions import AUCUN, scope
        return self.ctx.unrestricted or scope(self.ctx.user.role, action) != AUCUN

    @property
    def store(self):
        return self.ctx.store

    def today(self):
        return self.ctx.today()

    def stamp_new(self, obj) -> None:
        obj.created_by = obj.updated_by = self.ctx.author

    def stamp(self, obj) -> None:
        obj.updated_by = self.ctx.author

    def load_or_new(self, session: Session, model, obj_id, version: int | None, what: str, **new):
        """A new record (authored, built with ``new``), or the stored one checked against the
        version it was read at."""
        if obj_id is None:
            obj = model(**new)
            self.stamp_new(obj)
            session.add(obj)
            return obj
        obj = get_or_404(session, model, obj_id, what)
        check_version(obj, version)
        self.stamp(obj)
        return obj


def get_or_404(session: Session, model: type[T], id_: uuid.UUID, what: str = "La fiche") -> T:
    obj = session.get(model, id_)
    if obj is None:
        raise NotFoundError(f"{what} n'existe plus (elle a peut-être été supprimée).")
    return obj


def check_version(obj, expected: int | None) -> None:
    """Refuse a save made from a stale copy of the record."""
    if expected is not None and obj.version != expected:
        raise ConflictError(CONFLICT_MESSAGE)


def translate_stale(func):
    """Turn SQLAlchemy's StaleDataError (concurrent write) into a French ConflictError."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StaleDataError:
            raise ConflictError(CONFLICT_MESSAGE) from None
    return wrapper


def chunks(items, size: int = 500):
    """Consecutive slices of ``items`` of at most ``size`` (SQLite's bound-variable limit, and
    progress steps)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
