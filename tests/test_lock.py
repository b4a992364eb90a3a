"""requirements.lock covers pyproject.toml: every requirement is pinned, with hashes.

scripts/setup-env.sh and the packaged builds install only what the lock lists (pip
--require-hashes); a dependency added to pyproject.toml without rerunning scripts/lock.sh would
be missing from a fresh clone. This test says so before anything else breaks.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) read from requirements.lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9._\[\],-]+)==([^\s;\\]+)", block)
        if m:
            name = canonicalize_name(m.group(1).split("[")[0])
            pins[name] = (m.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return pins


def _requirements() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        reqs += extra
    reqs += data["build-system"]["requires"]
    return [Requirement(r) for r in reqs]


def test_every_requirement_is_pinned_with_hashes():
    pins = _pins()
    missing, wrong = [], []
    for req in _requirements():
        name = canonicalize_name(req.name)
        if name not in pins:
            missing.append(req.name)
        elif not req.specifier.contains(pins[name][0], prereleases=True):
            wrong.append(f"{req} (verrouillé : {pins[name][0]})")
    assert not missing and not wrong, (
        f"requirements.lock est en retard sur pyproject.toml — lancez « bash scripts/lock.sh ». "
        f"Absents : {missing} ; hors bornes : {wrong}")
    assert all(hashes for _version, hashes in pins.values()), "chaque paquet porte ses empreintes"



def test_lock_is_universal():
    # One resolution for every platform: Windows-only packages (PyInstaller's pywin32-ctypes)
    # carry an environment marker instead of being left out, so Windows installs the same lock.
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert re.search(r"^pywin32-ctypes==\S+ ; sys_platform == 'win32'", text, re.M)
