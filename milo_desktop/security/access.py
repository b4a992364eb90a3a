"""Applying the permission matrix to one call of a service method (see ``permissions``)."""

from __future__ import annotations

import contextvars
import functools
import inspect

from sqlalchemy import select

from ..domain.errors import PermissionDenied
from ..domain.referentiel import ROLES, label
from . import audit
from .permissions import AUCUN, MATRIX, METHODS, PUBLIC, SCOPE_LABELS, SITES, SIENS, TOUT, Rule, scope

DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("milo_service_depth", default=0)
BREAK_GLASS_ACTIONS = frozenset({"jeunes.lire", "notes.lire", "cotraitance.lire", "fastt.lire",
                                 "audit.lire"})
UNLOCK_ALLOWED = frozenset({"comptes.deverrouiller", "comptes.fermer_session", "comptes.login"})
NOT_LOGGED = "Connectez-vous d'abord : cette opération demande un compte."
LOCKED = "La session est verrouillée : saisissez votre mot de passe pour la reprendre."


def actor_of(ctx) -> audit.Actor:
    if ctx.unrestricted and not ctx.authenticated:
        return audit.Actor(ctx.user.id, "systeme" if ctx.user.id is None else ctx.user.role, ctx.site_id)
    return audit.Actor(ctx.user.id, ctx.user.role, ctx.site_id)


def _deny(service, key: str, rule: Rule, message: str, jeune_id=None):
    with service.store.write() as s:
        audit.record(s, "refus", objet=key, objet_id=jeune_id, jeune_id=jeune_id,
                     detail=f"action {rule.action}")
    raise PermissionDenied(message)


def role_label(role: str | None) -> str:
    return label(ROLES, role) if role else "aucun"


def check(service, key: str, rule: Rule, jeune_id) -> None:
    ctx = service.ctx
    if rule.action == PUBLIC:
        return
    if ctx.unrestricted:
        return
    if not ctx.authenticated:
        raise PermissionDenied(NOT_LOGGED)
    if ctx.locked and key not in UNLOCK_ALLOWED:
        raise PermissionDenied(LOCKED)
    role = ctx.user.role
    granted = scope(role, rule.action)
    if granted == AUCUN and ctx.break_glass and jeune_id in ctx.break_glass \
            and rule.action in BREAK_GLASS_ACTIONS:
        return
    if granted == AUCUN:
        _deny(service, key, rule, f"Votre rôle ({role_label(role)}) ne permet pas : "
              f"{MATRIX[rule.action][0][0].lower()}{MATRIX[rule.action][0][1:]}.", jeune_id)
    if jeune_id is None or granted == TOUT:
        return
    if not in_scope(service, granted, jeune_id):
        _deny(service, key, rule, "Ce dossier n'est pas dans votre périmètre "
              f"({SCOPE_LABELS[granted]}) : demandez à son référent ou à la direction.", jeune_id)


def in_scope(service, granted: str, jeune_id) -> bool:
    from ..persistence.models import Jeune
    ctx = service.ctx
    with service.store.read() as s:
        row = s.execute(select(Jeune.referent_id, Jeune.site_id).where(Jeune.id == jeune_id)).first()
    if row is None:
        return True  # the method says « n'existe plus »
    referent, site = row
    if referent is not None and referent == ctx.user.id:
        return True
    return granted == SITES and site is not None and site in ctx.user.site_ids


def guard(key: str, func, rule: Rule):
    """``func`` checked against the matrix when called from outside the services."""
    sig = inspect.signature(func)
    jeune_arg = rule.jeune if rule.jeune in sig.parameters else None

    @functools.wraps(func)
    def wrapper(self, *args, **kwargs):
        if DEPTH.get():
            return func(self, *args, **kwargs)
        jeune_id = None
        if jeune_arg:
            bound = sig.bind_partial(self, *args, **kwargs)
            jeune_id = bound.arguments.get(jeune_arg)
        depth = DEPTH.set(1)
        actor = audit.ACTOR.set(actor_of(self.ctx))
        try:
            check(self, key, rule, jeune_id)
            result = func(self, *args, **kwargs)
            if rule.audit:
                with self.store.write() as s:
                    audit.record(s, rule.audit, objet=key, objet_id=jeune_id, jeune_id=jeune_id)
            return result
        finally:
            audit.ACTOR.reset(actor)
            DEPTH.reset(depth)

    wrapper.milo_rule = rule
    return wrapper


def protect(cls, area: str) -> list[str]:
    """Wrap every public method of ``cls``; return those the matrix does not declare."""
    missing = []
    for name, func in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(func):
            continue
        rule = METHODS.get(f"{area}.{name}")
        if rule is None:
            missing.append(name)
            continue
        setattr(cls, name, guard(f"{area}.{name}", func, rule))
    return missing


__all__ = ["check", "guard", "protect", "in_scope", "SIENS"]
