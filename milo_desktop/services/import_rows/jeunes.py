"""Import of young people: one row -> ``validate_jeune`` (+ référent, site, cotraitance) ->
Core rows for ``jeune``, ``cotraitance`` and ``cotraitance_etat``.

A young person is already in the store when the France Travail identifier matches, or the
folded name, first name and birth date (``domain.jeunes.duplicate_key``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Any

from sqlalchemy import Date, func, select, type_coerce

from ...domain.errors import DomainError, Problems, ValidationError
from ...domain.jeunes import (
    JeuneInput, check_age_eligible, check_age_on_reception, duplicate_key, validate_jeune,
)
from ...domain.text import fold
from ...persistence.models import Cotraitance, Jeune
from ...persistence.models.base import utcnow
from . import cotraitance as cotra
from .common import (
    Directory, Outcome, Plan, Prepared, Ticker, chunks, given, in_chunks, insert_rows,
    signature, update_given,
)

KIND = "jeunes"
NOUN = "jeune"
# Every field of the fiche: the columns the import schema lacks stay empty (None).
IDENTITY = ("nom", "nom_usage", "prenom", "sexe", "date_naissance", "identifiant_ft",
            "numero_imilo", "telephone", "email", "adresse", "code_postal", "commune",
            "niveau_formation", "date_inscription_ft", "indemnise", "qpv", "zrr", "rqth",
            "permis_b", "vehicule", "hebergement", "date_premier_accueil")
FLAGS = ("indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule")
UPDATED = IDENTITY + ("referent_id", "site_id", "nom_fold", "prenom_fold", "commune_fold")
AMBIGUOUS = object()


@dataclass(frozen=True)
class Extra:
    birth: date
    state: Any  # CotraitanceState | None
    default_site: uuid.UUID | None
    accueil: date | None = None  # the reception date of a new file (given, affectation or today)


@dataclass(frozen=True)
class Existing:
    by_ft: dict[str, uuid.UUID]
    by_name: dict[tuple, Any]  # key -> (id, identifiant_ft) or AMBIGUOUS
    # id -> (birth, reception date[, first affectation, last affectation])
    reception: dict[uuid.UUID, tuple] | None = None


# --- before the rows ------------------------------------------------------------------------

def lookups(directory: Directory) -> Directory:
    return directory


def existing(session, rows: Sequence[Prepared]) -> Existing:
    """The stored young people the file's rows may describe: those with one of the file's
    identifiers, or one of its (name, first name, birth date) keys — matched in SQL, a chunk
    of keys at a time, never every stored key."""
    idents = sorted({r.record["identifiant_ft"] for r in rows if r.record["identifiant_ft"]})
    by_ft = dict(in_chunks(session, lambda part: select(Jeune.identifiant_ft, Jeune.id)
                           .where(Jeune.identifiant_ft.in_(part)), idents))
    wanted = {r.keys[-1][1:] for r in rows}
    # A file saved before the reception date existed counts from its creation (services.jeunes).
    accueil = type_coerce(func.coalesce(Jeune.date_premier_accueil, func.date(Jeune.created_at)), Date)
    found = []
    prenoms_of: dict[str, set[str]] = {}
    for nom, prenom, _ in wanted:
        prenoms_of.setdefault(nom, set()).add(prenom)
    for part in chunks(sorted(prenoms_of), 500):
        prenoms = sorted(set().union(*(prenoms_of[nom] for nom in part)))
        # two IN lists on the (nom_fold, prenom_fold, date_naissance) index: a search, where a
        # row-value IN would scan the table
        found += [r for r in session.execute(
            select(Jeune.nom_fold, Jeune.prenom_fold, Jeune.date_naissance, Jeune.id,
                   Jeune.identifiant_ft, accueil)
            .where(Jeune.nom_fold.in_(part), Jeune.prenom_fold.in_(prenoms)))
            if (r[0], r[1], r[2]) in wanted]
    by_name: dict[tuple, Any] = {}
    reception: dict[uuid.UUID, tuple] = {}
    for nom, prenom, born, id_, ident, received in found:
        name = (nom, prenom, born)
        by_name[name] = AMBIGUOUS if name in by_name else (id_, ident)
        reception[id_] = (born, received)
    missing = sorted(set(by_ft.values()) - set(reception), key=str)
    for id_, born, received in in_chunks(session, lambda part: select(
            Jeune.id, Jeune.date_naissance, accueil).where(Jeune.id.in_(part)), missing):
        reception[id_] = (born, received)
    # the entries in cotraitance are checked too
    for id_, first, last in in_chunks(session, lambda part: select(
            Cotraitance.jeune_id, func.min(Cotraitance.date_affectation),
            func.max(Cotraitance.date_affectation)).where(Cotraitance.jeune_id.in_(part))
            .group_by(Cotraitance.jeune_id), sorted(reception, key=str)):
        reception[id_] += (first, last)
    return Existing(by_ft, by_name, reception)


# --- one row --------------------------------------------------------------------------------

def prepare(values: dict[str, str], line: int, directory: Directory) -> Prepared:
    """Validate one row like the app's form does; ValidationError keyed by column name."""
    p = Problems()
    data = _validated(values, directory.today, p)
    people = _people(values, directory, p)
    born = data.date_naissance if data is not None else None
    state = cotra.build(values, born, directory.today, p)
    given_accueil = data.date_premier_accueil if data is not None else None
    if given_accueil is not None:  # a reception date written in the file: checked for every row
        p.check("date_naissance", check_age_on_reception, born, given_accueil, directory.today)
    p.raise_if_any()
    name_key = duplicate_key(data.nom, data.prenom, born)
    record = _record(data, people, name_key)
    keys = (("identifiant_ft", data.identifiant_ft),) if data.identifiant_ft else ()
    keys += (("nom",) + name_key,)
    label = f"{data.nom} {data.prenom} ({born.day:02d}/{born.month:02d}/{born.year})"
    default_site = people["site_id"] or people["referent_site"] or directory.site_id
    accueil = given_accueil or (state.date_affectation if state is not None else None) or directory.today
    extra = Extra(born, state, default_site, accueil)
    return Prepared(line, label, keys, record, signature(values), extra,
                    if_new=_age_problem(born, accueil, directory.today))


def _validated(values: dict[str, str], today: date, p: Problems) -> JeuneInput | None:
    data = JeuneInput(**{name: given(values, name) for name in IDENTITY})
    try:
        return validate_jeune(data, today, creating=False)
    except ValidationError as err:
        for name, message in err.problems.items():
            p.add(name, message)
        return None


def _age_problem(born: date, accueil: date, today: date) -> tuple[str, str] | None:
    """A new file is refused outside 16-25 years old on its reception date: the « Date de
    premier accueil » column, else the affectation in cotraitance, else today (domain §2: a
    list of past years holds people who have turned 26 since). An existing file is checked
    in :func:`match`, when the row changes its birth date."""
    try:
        check_age_on_reception(born, accueil, today)
    except DomainError as err:
        return "date_naissance", err.message
    return None


def _people(values: dict[str, str], directory: Directory, p: Problems) -> dict[str, Any]:
    referent = p.check("referent", directory.referent, given(values, "referent"))
    return {"referent_id": referent[0] if referent else None,
            "referent_site": referent[1] if referent else None,
            "site_id": p.check("site", directory.site, given(values, "site"))}


def _record(data: JeuneInput, people: dict[str, Any], name_key: tuple) -> dict[str, Any]:
    record = {name: getattr(data, name) for name in IDENTITY}
    record.update(referent_id=people["referent_id"], site_id=people["site_id"],
                  nom_fold=name_key[0], prenom_fold=name_key[1],
                  commune_fold=_fold_commune(data.commune))
    return record


@lru_cache(maxsize=4096)
def _fold_commune(commune: str | None) -> str | None:
    return fold(commune) or None


def match(row: Prepared, known: Existing) -> uuid.UUID | None:
    """The stored young person this row describes; DomainError when it points at two."""
    ident = row.record["identifiant_ft"]
    by_ft = known.by_ft.get(ident) if ident else None
    by_name = known.by_name.get(row.keys[-1][1:])
    if by_name is AMBIGUOUS:
        if by_ft is not None:
            return by_ft
        raise DomainError(f"{row.label} : plusieurs fiches existantes portent ces nom, prénom et "
                          "date de naissance ; indiquez l'identifiant France Travail.", "nom")
    if by_name is not None and by_ft is not None and by_name[0] != by_ft:
        raise DomainError(f"{row.label} : l'identifiant France Travail {ident} est celui d'une "
                          "autre fiche que celle de ces nom, prénom et date de naissance.",
                          "identifiant_ft")
    if by_name is not None and ident and by_name[1] and by_name[1] != ident:
        raise DomainError(f"{row.label} : une fiche existe avec ces nom, prénom et date de "
                          f"naissance mais l'identifiant France Travail {by_name[1]}.",
                          "identifiant_ft")
    found = by_ft or (by_name[0] if by_name else None)
    if found is not None:
        _check_new_birth(row, known.reception.get(found) if known.reception else None)
    return found


def _check_new_birth(row: Prepared, stored: tuple | None) -> None:
    """A row that changes a stored file's birth date keeps it 16-25 on its reception date, as
    the fiche does (a row giving a reception date was checked on it in :func:`prepare`)."""
    born = row.record["date_naissance"]
    if stored is None or stored[0] == born:
        return
    try:
        if stored[1] and not row.record.get("date_premier_accueil"):
            check_age_on_reception(born, stored[1], None)
        for when in stored[2:]:  # first and last affectation in cotraitance
            check_age_eligible(born, when, " (affectation en cotraitance)")
    except DomainError as err:
        raise DomainError(f"{row.label} : {err.message}", "date_naissance") from None


# --- writing --------------------------------------------------------------------------------

def write(session, ctx, plan: Plan, ticker: Ticker) -> Outcome:
    outcome = Outcome()
    episodes = cotra.Episodes(plan.author, ctx.user.id, utcnow())
    for part in chunks(plan.new):
        _insert(session, part, episodes)
        outcome.count("cotraitances créées", len(episodes.created))
        episodes.write(session)
        ticker.step(len(part))
    if plan.mode == "update":
        for part in chunks(plan.updates):
            update_given(session, Jeune.__table__, UPDATED,
                         [(id_, row.record) for id_, row in part], plan.author)
            _update_cotraitance(session, part, episodes, outcome, ctx.today())
            ticker.step(len(part))
    return outcome


def _insert(session, rows, episodes: cotra.Episodes) -> None:
    jeunes = []
    for row in rows:
        jeune_id = uuid.uuid4()
        state, birth = row.extra.state, row.extra.birth
        record = {k: (False if v is None and k in FLAGS else v) for k, v in row.record.items()}
        record["site_id"] = record["site_id"] or row.extra.default_site
        record["date_premier_accueil"] = record["date_premier_accueil"] or row.extra.accueil
        jeunes.append({**episodes.base, **record, "id": jeune_id, "archive": False,
                       **cotra.summary(state, birth)})
        if state is not None:
            episodes.create(jeune_id, state, birth)
    insert_rows(session, Jeune.__table__, jeunes)


def _update_cotraitance(session, pairs, episodes: cotra.Episodes, outcome: Outcome,
                        today: date) -> None:
    """A young person already followed gets the steps the store lacks; a conflict is noted."""
    pairs = [(id_, row) for id_, row in pairs if row.extra.state is not None]
    stored = _latest_episodes(session, [id_ for id_, _ in pairs])
    created = completed = 0
    for jeune_id, row in pairs:
        episode = stored.get(jeune_id)
        before = cotra.snapshot(episode) if episode is not None else None
        action, state, why = cotra.plan_for_existing(before, row.extra.state, today)
        if action == "create":
            episodes.create(jeune_id, state, row.extra.birth, existing=True)
            created += 1
        elif action == "advance":
            episodes.advance(jeune_id, episode.id, before, state, row.extra.birth)
            completed += 1
        elif why:
            outcome.notes.append(f"ligne {row.line} ({row.label}) : {why}")
    episodes.write(session)
    outcome.count("cotraitances créées", created)
    outcome.count("cotraitances complétées", completed)


def _latest_episodes(session, jeune_ids) -> dict[uuid.UUID, Any]:
    """Each young person's current episode (latest affectation), one query per chunk of ids."""
    rows = in_chunks(session, lambda ids: select(Cotraitance).where(Cotraitance.jeune_id.in_(ids)),
                     jeune_ids)
    latest: dict[uuid.UUID, Any] = {}
    for (episode,) in rows:
        held = latest.get(episode.jeune_id)
        if held is None or episode.date_affectation > held.date_affectation:
            latest[episode.jeune_id] = episode
    return latest
