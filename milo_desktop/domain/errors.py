"""Errors raised by the business rules, always with a French message meant for the user."""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """A rule refused an operation. ``str(err)`` is a French sentence for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class ValidationError(DomainError):
    """One or several fields are invalid. ``problems`` maps field name -> French message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        text = " ; ".join(self.problems.values())
        first = next(iter(self.problems), None)
        super().__init__(text, first)


class TransitionError(DomainError):
    """A state change the agreements do not allow."""


class ConflictError(DomainError):
    """Someone else saved the same record since it was read (optimistic locking)."""


class NotFoundError(DomainError):
    """The record no longer exists."""


class DuplicateWarning(DomainError):
    """A probable duplicate exists; the caller may confirm and retry with ``force``."""

    def __init__(self, message: str, matches: list[str] | None = None):
        super().__init__(message)
        self.matches = list(matches or [])


@dataclass
class Problems:
    """Collects field problems, then raises one ValidationError listing them all."""

    items: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.items.setdefault(name, message)

    def check(self, name: str, func, *args):
        """Run ``func(*args)``; record its DomainError under ``name`` and return None."""
        try:
            return func(*args)
        except DomainError as err:
            self.add(name, err.message)
            return None

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


class PermissionDenied(DomainError):
    """The account's role (or scope) does not allow the operation: nothing was done."""


class AuthenticationError(DomainError):
    """Login refused (the message never says whether the identifier or the password was wrong)."""
