"""Argon2id password hashing (argon2-cffi), PHC strings, rehash when the parameters change.

The password is only ever held for the duration of one call: it is hashed or verified and
dropped (key slots of an encrypted store will derive their key in the same call).
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults (RFC 9106 low-memory profile: m=64 MiB, t=3, p=4): 0.08 s per verify
# on the 2-core development machine (benchmarks/bench_accounts.py).
DEFAULT = dict(time_cost=3, memory_cost=65536, parallelism=4)
_hasher = PasswordHasher(type=Type.ID, **DEFAULT)


def configure(**params) -> None:
    """Change the parameters (tests use cheap ones); stored hashes are rehashed at next login."""
    global _hasher
    _hasher = PasswordHasher(type=Type.ID, **{**DEFAULT, **params})


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(phc: str | None, password: str) -> bool:
    if not phc:
        # Same cost as a real check: timing does not tell an unknown identifier.
        try:
            _hasher.verify(_DUMMY(), password + "x")
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return _hasher.verify(phc, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(phc: str) -> bool:
    try:
        return _hasher.check_needs_rehash(phc)
    except InvalidHashError:
        return True


_dummy_cache: dict[tuple, str] = {}


def _DUMMY() -> str:  # noqa: N802
    key = (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism)
    if key not in _dummy_cache:
        _dummy_cache[key] = _hasher.hash("milo-desktop: aucun compte")
    return _dummy_cache[key]
