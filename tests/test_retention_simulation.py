"""Thirty years of a generated store of 3 000 young people: every file is anonymised on its due
date (the keeping times of the decree), never before, and the files something keeps (a programme
without an end, a cotraitance under way) never. ``today`` steps month by month, plus the exact
due date and the day before for a sample of people (their file must go exactly that day)."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from sqlalchemy import insert, select

from milo_desktop.domain.dates import add_months
from milo_desktop.persistence.models import Jeune, Programme

from .domain.test_retention import oracle_birthday, oracle_years_after

N = 3000
START = date(2026, 11, 1)
YEARS = 30


def oracle_due_date(birth, programmes, phase) -> date | None:
    """Independent of domain.retention: None when the file is kept without a date."""
    if phase in ("affectation", "acceptee", "accompagnement") or any(f is None for _c, f in programmes):
        return None
    last = oracle_birthday(birth, 28)
    for code, fin in programmes:
        last = max(last, oracle_years_after(fin, 10) if code == "CEJ" else fin + timedelta(days=1))
    return last


def generate(rng: random.Random):
    people, progs, due = [], [], {}
    for i in range(N):
        jid = uuid.uuid4()
        birth = date(1997, 1, 1) + timedelta(days=rng.randrange(16 * 365))
        if i < 40:  # leap-day births, whatever the draw
            birth = date(rng.choice((1996, 2000, 2004, 2008)), 2, 29)
        phase = rng.choices((None, "sortie", "accompagnement", "refusee"), (60, 25, 5, 10))[0]
        mine = []
        for code, p, longest in (("CEJ", 0.3, 400), ("PACEA", 0.25, 5000), ("AUTRE", 0.05, 300)):
            if rng.random() < p:
                debut = birth + timedelta(days=16 * 365 + rng.randrange(9 * 365))
                fin = None if rng.random() < 0.03 else debut + timedelta(days=rng.randrange(30, longest))
                mine.append((code, fin))
                progs.append({"id": uuid.uuid4(), "jeune_id": jid, "code": code, "date_debut": debut, "date_fin": fin})
        people.append({"id": jid, "nom": f"NOM{i}", "nom_fold": f"nom{i}", "prenom": "Camille",
                       "prenom_fold": "camille", "sexe": "F", "date_naissance": birth, "cotra_phase": phase,
                       "email": f"p{i}@exemple.fr", "telephone": "0612345678", "adresse": "1 rue"})
        due[jid] = oracle_due_date(birth, mine, phase)
    return people, progs, due


def test_thirty_years_every_file_goes_on_its_date_never_before(services, store):
    rng = random.Random(20261124)
    people, progs, due = generate(rng)
    with store.write() as s:
        s.execute(insert(Jeune), people)
        s.execute(insert(Programme), progs)
    end = add_months(START, 12 * YEARS)
    dated = [jid for jid, d in due.items() if d is not None and START < d - timedelta(days=1) and d <= end]
    sample = rng.sample(dated, 60)
    steps = {add_months(START, m) for m in range(12 * YEARS + 1)}
    steps |= {due[j] for j in sample} | {due[j] - timedelta(days=1) for j in sample}
    for today in sorted(steps):
        services.ctx.today = lambda today=today: today
        services.maintenance.anonymiser()
        with store.read() as s:
            gone = dict(s.execute(select(Jeune.id, Jeune.anonymise_le).where(Jeune.anonymise_le.is_not(None))).all())
        expected = {jid for jid, d in due.items() if d is not None and d <= today}
        assert set(gone) == expected, today  # on its date, never before
    assert all(gone[j] == due[j] for j in sample)  # exactly the due day
    late = [j for j in gone if due[j] > START]  # the others were due before the first run
    assert late and all(due[j] <= gone[j] <= add_months(due[j], 1) for j in late)
    kept = [jid for jid, d in due.items() if d is None]
    assert kept and not set(kept) & set(gone)  # a programme without an end, a cotraitance under way
    assert len(gone) > N * 0.8
