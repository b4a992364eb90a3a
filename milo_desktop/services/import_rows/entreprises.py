"""Import of employers: one row -> ``validate_entreprise`` (+ ``validate_contact``) -> Core rows
for ``entreprise`` and ``contact``.

An employer is already in the store when its SIRET matches, or — for a row without SIRET, or
a stored employer without one — its folded raison sociale and postcode.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ...domain.entreprises import (
    RESEAUX, TRANCHES_EFFECTIF, ContactInput, EntrepriseInput, validate_contact,
    validate_entreprise,
)
from ...domain.errors import DomainError, Problems, ValidationError
from ...domain.text import fold
from ...persistence.models import Contact, Entreprise
from ...persistence.models.base import utcnow
from .common import (
    Directory, Outcome, Plan, Prepared, Ticker, chunks, given, in_chunks, insert_rows,
    resolve_code, signature, stamps, update_given,
)

KIND = "entreprises"
NOUN = "entreprise"
FIELDS = ("raison_sociale", "siret", "naf", "effectif", "adresse", "code_postal", "commune",
          "reseau")
UPDATED = FIELDS + ("raison_fold",)
CONTACT_COLUMNS = {"nom": "contact_nom", "telephone": "contact_telephone",
                   "email": "contact_email"}
RESEAU_ALIASES = {"prospection": "prospection_ml", "mission locale": "prospection_ml",
                  "ft": "france_travail", "pole emploi": "france_travail",
                  "agence d'interim": "agence_emploi", "interim": "agence_emploi"}
_NUMBERS = re.compile(r"^(\d+)(?:-(\d+)|(\+))?$")
_BOUNDS = ((0, 0, "0"), (1, 9, "1-9"), (10, 49, "10-49"), (50, 249, "50-249"),
           (250, 999, "250-999"), (1000, 10**9, "1000+"))
AMBIGUOUS = object()


@dataclass(frozen=True)
class Existing:
    by_siret: dict[str, Any]  # siret -> id or AMBIGUOUS
    by_name: dict[tuple, Any]  # (raison_fold, code postal) -> (id, siret) or AMBIGUOUS
    rows: tuple = ()  # the ``(id, siret, raison_fold, code_postal)`` rows indexed


def lookups(directory: Directory) -> Directory:
    return directory


def existing(session, rows: Sequence[Prepared]) -> Existing:
    """The stored employers with one of the rows' SIRETs or raisons sociales (SQL, by chunks)."""
    return stored(session, {r.record["siret"] for r in rows if r.record["siret"]},
                  {r.record["raison_fold"] for r in rows})


def stored(session, sirets, raisons) -> Existing:
    """The stored employers with one of ``sirets`` or one of the folded ``raisons``."""
    columns = (Entreprise.id, Entreprise.siret, Entreprise.raison_fold, Entreprise.code_postal)
    found = {r[0]: r for r in in_chunks(session, lambda part: select(*columns)
                                        .where(Entreprise.siret.in_(part)), sorted(sirets))}
    found.update((r[0], r) for r in in_chunks(session, lambda part: select(*columns)
                                              .where(Entreprise.raison_fold.in_(part)),
                                              sorted(raisons)))
    return index(found.values())


def index(rows) -> Existing:
    """The stored employers by SIRET and by (name, postcode), from ``(id, siret, raison_fold,
    code_postal)`` rows."""
    by_siret: dict[str, Any] = {}
    by_name: dict[tuple, Any] = {}
    rows = tuple(tuple(r) for r in rows)
    for id_, siret, raison, cp in rows:
        if siret:
            by_siret[siret] = AMBIGUOUS if siret in by_siret else id_
        key = (raison, cp or "")
        by_name[key] = AMBIGUOUS if key in by_name else (id_, siret)
    return Existing(by_siret, by_name, rows)


# --- values ---------------------------------------------------------------------------------

def effectif_code(text: str | None) -> str | None:
    """A tranche code from a headcount (``12``), a range (``10-19``, ``10 à 19``, ``1000+``)
    or a code/libellé of the list."""
    raw = (text or "").strip()
    compact = re.sub(r"[\s\u00a0\u202f]", "", raw).replace("à", "-")
    m = _NUMBERS.match(compact)
    if not m:
        return resolve_code(TRANCHES_EFFECTIF, raw, "Effectif", "effectif")
    low = int(m.group(1))
    high = int(m.group(2)) if m.group(2) else (10**9 if m.group(3) else low)
    for lo, hi, code in _BOUNDS:
        if lo <= low <= hi and low <= high <= hi:
            return code
    tranches = ", ".join(code for code, _ in TRANCHES_EFFECTIF)
    raise DomainError(f"Effectif « {raw} » : indiquez un nombre de salariés ou une tranche "
                      f"parmi {tranches}.", "effectif")


def reseau_code(text: str | None) -> str | None:
    return resolve_code(RESEAUX, text, "Réseau", "reseau", RESEAU_ALIASES)


def entreprise_input(values: dict[str, str], p: Problems) -> EntrepriseInput:
    """The employer part of a row, codes resolved (effectif, réseau); problems go to ``p``."""
    return EntrepriseInput(
        raison_sociale=given(values, "raison_sociale"), siret=given(values, "siret"),
        naf=given(values, "naf"),
        effectif=p.check("effectif", effectif_code, given(values, "effectif")),
        adresse=given(values, "adresse"), code_postal=given(values, "code_postal"),
        commune=given(values, "commune"),
        reseau=p.check("reseau", reseau_code, given(values, "reseau")))


def validated(data: EntrepriseInput, p: Problems, rename: dict[str, str] | None = None):
    try:
        return validate_entreprise(data)
    except ValidationError as err:
        for name, message in err.problems.items():
            p.add((rename or {}).get(name, name), message)
        return None


def contact_of(values: dict[str, str], p: Problems) -> ContactInput | None:
    data = ContactInput(**{f: given(values, col) for f, col in CONTACT_COLUMNS.items()})
    if not any((data.nom, data.telephone, data.email)):
        return None
    try:
        return validate_contact(data)
    except ValidationError as err:
        for name, message in err.problems.items():
            p.add(CONTACT_COLUMNS.get(name, "contact_nom"), message)
        return None


# --- one row --------------------------------------------------------------------------------

def prepare(values: dict[str, str], line: int, directory: Directory) -> Prepared:
    p = Problems()
    data = validated(entreprise_input(values, p), p)
    contact = contact_of(values, p)
    p.raise_if_any()
    record = {f: getattr(data, f) for f in FIELDS}
    record["raison_fold"] = fold(data.raison_sociale)
    keys = (("siret", data.siret),) if data.siret else (
        ("raison_sociale", record["raison_fold"], data.code_postal or ""),)
    label = data.raison_sociale + (f" (SIRET {data.siret})" if data.siret else "")
    return Prepared(line, label, keys, record, signature(values), contact)


def match(row: Prepared, known: Existing) -> uuid.UUID | None:
    return find(known, row.record["siret"], row.record["raison_fold"], row.record["code_postal"])


def find(known: Existing, siret: str | None, raison_fold: str, code_postal: str | None):
    """The stored employer with this SIRET, else with this name and postcode (and no other
    SIRET); DomainError when several match."""
    if siret:
        found = known.by_siret.get(siret)
        if found is AMBIGUOUS:
            raise DomainError(f"SIRET {siret} : plusieurs entreprises de la base l'ont déjà ; "
                              "fusionnez-les d'abord.", "siret")
        if found is not None:
            return found
    named = known.by_name.get((raison_fold, code_postal or ""))
    if named is AMBIGUOUS:
        raise DomainError("Plusieurs entreprises de la base ont cette raison sociale et ce code "
                          "postal : indiquez le SIRET.", "raison_sociale")
    if named is not None and (not siret or not named[1]):
        return named[0]
    return None


# --- writing --------------------------------------------------------------------------------

def write(session, ctx, plan: Plan, ticker: Ticker) -> Outcome:
    outcome = Outcome()
    now = utcnow()
    base = stamps(plan.author, now)
    for part in chunks(plan.new):
        rows, contacts = [], []
        for row in part:
            id_ = uuid.uuid4()
            rows.append({**base, **row.record, "id": id_, "notes": None})
            if row.extra is not None:
                contacts.append(contact_row(id_, row.extra, base))
        insert_rows(session, Entreprise.__table__, rows)
        insert_rows(session, Contact.__table__, contacts)
        outcome.count("contacts créés", len(contacts))
        ticker.step(len(part))
    if plan.mode == "update":
        for part in chunks(plan.updates):
            update_given(session, Entreprise.__table__, UPDATED,
                         [(id_, row.record) for id_, row in part], plan.author)
            _add_new_contacts(session, part, base, outcome)
            ticker.step(len(part))
    return outcome


def contact_row(entreprise_id: uuid.UUID, contact: ContactInput, base: dict) -> dict:
    return {**base, "id": uuid.uuid4(), "entreprise_id": entreprise_id, "nom": contact.nom,
            "fonction": contact.fonction, "telephone": contact.telephone, "email": contact.email}


def _add_new_contacts(session, pairs, base: dict, outcome: Outcome) -> None:
    """A contact is added to an existing employer unless one of the same name is there."""
    wanted = [(id_, row.extra) for id_, row in pairs if row.extra is not None]
    if not wanted:
        return
    rows = in_chunks(session, lambda ids: select(Contact.entreprise_id, Contact.nom)
                     .where(Contact.entreprise_id.in_(ids)), [id_ for id_, _ in wanted])
    names = defaultdict(set)
    for entreprise_id, nom in rows:
        names[entreprise_id].add(fold(nom))
    new = []
    for entreprise_id, contact in wanted:
        if fold(contact.nom) not in names[entreprise_id]:
            names[entreprise_id].add(fold(contact.nom))
            new.append(contact_row(entreprise_id, contact, base))
    insert_rows(session, Contact.__table__, new)
    outcome.count("contacts créés", len(new))

