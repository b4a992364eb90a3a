"""The audit trail: written with each change, ids and field names only, hash-chained (every kind
of tampering detected), bulk SQL audited or refused, pruning keeps the chain verifiable."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from faker import Faker
from sqlalchemy import select, text, update

from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.domain.journal import EventInput
from milo_desktop.persistence.models import AuditEvenement, Jeune
from milo_desktop.security import audit


def create(services, nom="Martin", prenom="Léa", **kw):
    return services.jeunes.create(JeuneInput(nom=nom, prenom=prenom, sexe="F", date_naissance=date(2005, 1, 2), **kw),
                                  services.ctx.user.id, services.ctx.site_id)


def events(store):
    with store.read() as s:
        return list(s.scalars(select(AuditEvenement).order_by(AuditEvenement.seq)))


def test_a_change_records_which_record_and_which_fields(services, store):
    j = create(services)
    services.jeunes.update(j.id, JeuneInput(nom="Martin", prenom="Léa", sexe="F", date_naissance=date(2005, 1, 2),
                                            commune="Foix"), j.referent_id, j.site_id, [], j.version)
    mine = [e for e in events(store) if e.objet == "jeune" and e.objet_id == str(j.id)]
    assert [e.action for e in mine] == ["creation", "modification"]
    assert "commune" in mine[1].champs.split(",") and "nom" not in mine[1].champs.split(",")
    assert mine[1].jeune_id == j.id and mine[1].utilisateur_id == services.ctx.user.id


def test_no_change_lands_without_its_event_and_no_event_without_its_change(services, store):
    j = create(services)
    before = len(events(store))
    with pytest.raises(RuntimeError):
        with store.write() as s:
            s.get(Jeune, j.id).commune = "Pamiers"
            s.flush()
            raise RuntimeError("coupure")
    assert len(events(store)) == before and services.jeunes.get(j.id).commune is None


def test_opening_a_file_is_recorded_and_shown_on_its_tab(services, as_role):
    j = create(services)
    as_role("conseiller")
    services.jeunes.get(j.id)
    rows = services.audit.pour_jeune(j.id)
    assert rows[0].action == "Ouverture du dossier" and rows[0].utilisateur == "Alice DURAND"
    assert any(r.action == "Création" for r in rows)


def test_generated_names_never_appear_in_any_event(services, store):
    fake = Faker("fr_FR")
    fake.seed_instance(11)
    secrets = []
    for _ in range(25):
        nom, prenom, commune = fake.last_name(), fake.first_name(), fake.city()
        email, note = fake.email(), fake.sentence(nb_words=8)
        secrets += [nom.upper(), prenom, commune, email, note]
        j = create(services, nom=nom, prenom=prenom, commune=commune, email=email)
        services.journal.add(j.id, EventInput(date=date(2026, 11, 20), type="entretien_individuel", modalite="presentiel",
                                              note=note))
        services.jeunes.get(j.id)
    with sqlite3.connect(store.path) as con:
        dump = "\n".join(repr(row) for row in con.execute("SELECT * FROM audit_evenement"))
    assert dump.count("creation") >= 50
    leaked = [s for s in secrets if s in dump or s.lower() in dump.lower()]
    assert leaked == []


def test_bulk_sql_is_audited_or_refused(services, store):
    a, b = create(services, nom="Un"), create(services, nom="Deux")
    with store.write() as s, pytest.raises(audit.AuditRefused, match="refusée"):
        s.execute(text("UPDATE jeune SET commune = 'X'"))
    with store.write() as s, pytest.raises(audit.AuditRefused):
        s.connection().exec_driver_sql("DELETE FROM evenement")
    with store.write() as s, pytest.raises(audit.AuditRefused):
        s.connection().execute(update(Jeune.__table__).values(commune="X"))
    with store.write() as s:  # the ORM's bulk statement: one event per record touched
        s.execute(update(Jeune).where(Jeune.id.in_([a.id, b.id])).values(commune="Foix"))
    bulk = [e for e in events(store) if e.action == "modification" and e.champs == "commune"]
    assert {e.objet_id for e in bulk} == {str(a.id), str(b.id)}
    with store.write() as s, pytest.raises(audit.AuditRefused):
        s.execute(text("DELETE FROM audit_evenement"))
    assert services.audit.verifier().ok


def tamper(store, sql):
    with sqlite3.connect(store.path) as con:
        con.execute(sql)


@pytest.mark.parametrize("kind, sql", [
    ("edit", "UPDATE audit_evenement SET champs = 'nom' WHERE seq = 3"),
    ("delete", "DELETE FROM audit_evenement WHERE seq = 3"),
    ("insert", "UPDATE audit_evenement SET seq = seq + 1000 WHERE seq >= 3"),
    ("swap", "UPDATE audit_evenement SET horodatage = (SELECT horodatage FROM audit_evenement WHERE seq = 4), "
             "action = (SELECT action FROM audit_evenement WHERE seq = 4) WHERE seq = 3"),
    ("truncate", "DELETE FROM audit_evenement WHERE seq >= (SELECT max(seq) - 1 FROM audit_evenement)"),
])
def test_each_kind_of_tampering_is_detected(services, store, kind, sql):
    for n in range(4):
        create(services, nom=f"Essai{'abcd'[n]}")
    assert services.audit.verifier().ok
    tamper(store, sql)
    if kind == "insert":  # an event slipped in between 2 and the rest, numbered 3
        with sqlite3.connect(store.path) as con:
            con.execute("INSERT INTO audit_evenement SELECT 3, 'f' || substr(id, 2), horodatage, utilisateur_id, "
                        "role, site_id, action, objet, objet_id, jeune_id, champs, detail, precedent, empreinte "
                        "FROM audit_evenement WHERE seq = 1004")
            con.execute("UPDATE audit_evenement SET seq = seq - 1000 + 1 WHERE seq > 1000")
    result = services.audit.verifier()
    assert not result.ok and result.broken_seq is not None
    assert "altéré" in result.message


def test_pruning_keeps_the_rest_verifiable(services, store):
    for n in range(3):
        create(services, nom=f"Vieux{'abc'[n]}")
    with sqlite3.connect(store.path) as con:  # make the first events old (as if months passed)
        old = con.execute("SELECT max(seq) FROM audit_evenement").fetchone()[0]
    count = len(events(store))
    import milo_desktop.services.audit as module
    real = module.utcnow
    module.utcnow = lambda: real() + timedelta(days=8 * 31)
    try:
        assert services.audit.purger() == count
    finally:
        module.utcnow = real
    create(services, nom="Recent")
    remaining = events(store)
    assert remaining[0].seq == old + 1 and remaining[0].action == "audit.purge"
    assert services.audit.verifier().ok


def test_cli_verifier_and_exporter(services, store, cli_login, capsys, tmp_path):
    from milo_desktop.cli.main import main
    create(services)
    login = cli_login("direction")
    data = ["--data-dir", str(store.data_dir)]
    assert main([*data, *login, "audit", "verifier"]) == 0
    assert "intègre" in capsys.readouterr().out
    assert main([*data, *login, "audit", "exporter", "--du", "01/01/2026", "--out", str(tmp_path / "a.csv")]) == 0
    assert "Création" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    tamper(store, "UPDATE audit_evenement SET action = 'x' WHERE seq = 2")
    assert main([*data, *login, "audit", "verifier"]) == 1
    assert "n° 2" in capsys.readouterr().out
