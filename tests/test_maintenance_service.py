"""Backups on demand and anonymisation of the files past their keeping time."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from milo_desktop.domain import fastt as ft
from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.domain.journal import EventInput
from milo_desktop.persistence.models import (
    BesoinFastt, Cotraitance, CotraitanceEtat, Evenement, Jeune, OrientationFastt,
)

from .conftest import TODAY

LATER = date(2028, 12, 1)  # when the files of people born on 25/11/2000 have come due (28 on 25/11/2028)


def young(services, nom, born, programmes=(), ft_id=None):
    return services.jeunes.create(JeuneInput(nom=nom, prenom="Éloïse", sexe="F", date_naissance=born,
                                             telephone="06 12 34 56 78", email=f"{nom.lower()}@exemple.fr",
                                             commune="Foix", code_postal="09000", adresse="3 rue du Pont",
                                             identifiant_ft=ft_id),
                                  services.ctx.user.id, services.ctx.site_id, list(programmes))


@pytest.fixture
def files(services):
    """Three files made on 24/11/2026: one comes due on 25/11/2028 (28 that day) with a journal,
    an exited cotraitance and a FASTT referral; one is 21; one is 26 but in a programme."""
    due = young(services, "Dupont", "25/11/2000", ft_id="1234567A")
    services.journal.add(due.id, EventInput(date=TODAY, type="entretien_individuel", modalite="presentiel",
                                            note="Parle de sa santé et de sa famille"))
    c = services.cotraitance.affecter(due.id, "02/01/2026", [1])
    c = services.cotraitance.accepter(c.id, c.version, "05/01/2026")
    c = services.cotraitance.initialiser(c.id, c.version, "10/01/2026")
    c = services.cotraitance.changer_etat(c.id, c.version, 2, "01/06/2026", "Ne vient plus, situation familiale")
    services.cotraitance.sortir(c.id, c.version, "24/11/2026", "demenagement", "31000", "Toulouse")
    services.fastt.prepare(due.id, ft.ReferralInput(besoins=(("mobilite.permis", "Pas de permis"),),
                                                    preference_contact="telephone", disponibilites="Le soir"),
                           ft.Consent(True, TODAY, "Alice Durand", True, True))
    keep = young(services, "Martin", "01/02/2005")
    running = young(services, "Bernard", "26/11/2000", programmes=["CEJ"])
    return {"due": due, "keep": keep, "running": running}


def test_nothing_is_due_before_the_28th_birthday(services, files):
    assert services.maintenance.echus().count == 0
    assert services.maintenance.anonymiser().count == 0
    services.ctx.today = lambda: date(2028, 11, 24)  # the day before Dupont's 28th birthday
    assert services.maintenance.echus().count == 0
    services.ctx.today = lambda: date(2028, 11, 25)
    assert services.maintenance.echus().ids == (files["due"].id,)


def test_anonymise_removes_identity_and_free_texts_and_keeps_the_figures(services, files, store):
    services.ctx.today = lambda: LATER
    before = services.bilans.compute("bilan-partenariat", date(2026, 1, 1), date(2026, 12, 31))
    echus = services.maintenance.echus()
    assert set(echus.ids) == {files["due"].id}  # Bernard's CEJ has no end date: still running
    calls = []
    result = services.maintenance.anonymiser(progress=lambda done, total: calls.append((done, total)))
    assert result.count == 1 and calls == [(1, 1)]
    # the safety copy held exactly the erased person: gone once the result was verified
    assert result.backup is None and result.copie_effacee
    assert not [p for p in services.ctx.store.backups_dir.iterdir() if "anonymisation" in p.name]
    with store.read() as s:
        j = s.get(Jeune, files["due"].id)
        assert (j.nom, j.prenom, j.date_naissance, j.anonymise_le) == (
            "ANONYME", "Dossier anonymisé", date(2000, 11, 1), LATER)
        assert [j.adresse, j.telephone, j.email, j.identifiant_ft, j.commune, j.code_postal] == [None] * 6
        assert j.archive and (j.sexe, j.site_id, j.referent_id) == ("F", services.ctx.site_id, services.ctx.user.id)
        assert s.scalars(select(Evenement.note).where(Evenement.jeune_id == j.id)).all() == [None] * len(
            s.scalars(select(Evenement.id).where(Evenement.jeune_id == j.id)).all())
        assert s.scalar(select(Cotraitance.phase).where(Cotraitance.jeune_id == j.id)) == "sortie"
        motifs = s.scalars(select(CotraitanceEtat.motif).join(Cotraitance)
                           .where(Cotraitance.jeune_id == j.id)).all()
        assert motifs and all("situation familiale" not in m for m in motifs)
        assert s.scalar(select(OrientationFastt.disponibilites).where(OrientationFastt.jeune_id == j.id)) is None
        assert s.scalars(select(BesoinFastt.detail).join(OrientationFastt)
                         .where(OrientationFastt.jeune_id == j.id)).all() == [None]
        others = {s.get(Jeune, files[k].id).nom for k in ("keep", "running")}
    assert others == {"MARTIN", "BERNARD"}
    after = services.bilans.compute("bilan-partenariat", date(2026, 1, 1), date(2026, 12, 31))
    assert [t.rows for t in after.tables()] == [t.rows for t in before.tables()]  # the year still counts
    assert services.maintenance.echus().count == 0  # never twice
    assert young(services, "Durand", "01/01/2005", ft_id="1234567A").identifiant_ft == "1234567A"  # freed


def test_cancel_leaves_every_file_as_it_was(services, files, store):
    services.ctx.today = lambda: LATER
    from milo_desktop.exchange.writing import Cancelled
    with pytest.raises(Cancelled):
        services.maintenance.anonymiser(cancel=lambda: True)
    with store.read() as s:
        assert s.get(Jeune, files["due"].id).nom == "DUPONT"


def test_manual_backup(services):
    path = services.maintenance.backup()
    assert path.exists() and path.parent == services.ctx.store.backups_dir


# --- the window (Outils ▸ Anonymiser les dossiers échus…, Fichier ▸ Sauvegarder la base…) ------

def _answer_approval(qtbot, click: str, seen: list):
    """When the approval dialog opens, note its rows and click ``click`` (as a person does)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    from milo_desktop.gui.dialogs.anonymisation import ApprovalDialog

    def answer():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, ApprovalDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        t = dialog.table
        seen.append([[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())])
        button = next(b for b in dialog.findChildren(QPushButton) if b.text().startswith(click))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    from PySide6.QtCore import Qt
    QTimer.singleShot(0, answer)


def test_window_lists_the_due_files_then_anonymises_after_approval(qtbot, window, services, files,
                                                                  monkeypatch, store):
    from milo_desktop.gui.dialogs import anonymisation
    told = []
    monkeypatch.setattr(anonymisation, "info", lambda _p, _t, text: told.append(text))
    assert window.anonymise_due_files() is None  # nothing due on 24/11/2026
    assert told and told[0].startswith("Aucun dossier échu")
    services.ctx.today = lambda: LATER
    seen = []
    _answer_approval(qtbot, "Annuler", seen)
    assert window.anonymise_due_files() is None  # refused at the approval
    assert seen == [[["DUPONT", "Éloïse", "25/11/2000", "25/11/2028", "28 ans le 25/11/2028"]]]
    with store.read() as s:
        assert s.get(Jeune, files["due"].id).nom == "DUPONT"
    _answer_approval(qtbot, "Anonymiser 1 dossier", seen)
    task = window.anonymise_due_files()
    assert task is not None
    qtbot.waitUntil(lambda: len(told) == 2, timeout=10000)
    assert told[1].startswith("1 dossier anonymisé.") and "copie de sécurité" in told[1]
    with store.read() as s:
        assert s.get(Jeune, files["due"].id).nom == "ANONYME"
    from milo_desktop.gui.jeunes.fiche import FicheJeuneDialog
    fiche = FicheJeuneDialog(services, files["due"].id, window)
    qtbot.addWidget(fiche)
    assert fiche.archived_badge.text() == "Dossier anonymisé le 01/12/2028"
    assert not fiche.archived_badge.isHidden()


def test_fiche_badge_says_until_when_the_file_is_kept(qtbot, services, files):
    from milo_desktop.gui.jeunes.fiche import FicheJeuneDialog
    fiche = FicheJeuneDialog(services, files["due"].id)
    qtbot.addWidget(fiche)
    assert fiche.conservation_badge.text() == "Conservé jusqu'au 24/11/2028 (28 ans le 25/11/2028)"
    running = FicheJeuneDialog(services, files["running"].id)
    qtbot.addWidget(running)
    assert "programme CEJ en cours" in running.conservation_badge.text()
    # the CEJ's end typed on the fiche: kept 10 years after it
    qtbot.keyClicks(running.identite.cej_fin, "31/12/2026")
    assert running.save()
    assert running.detail.cej_fin == date(2026, 12, 31)
    assert running.conservation_badge.text() == (
        "Conservé jusqu'au 30/12/2036 (10 ans après la fin du CEJ le 31/12/2026)")


def test_window_backup_goes_through_the_service(window, services, monkeypatch):
    import milo_desktop.gui.dialogs.messages as messages
    told = []
    monkeypatch.setattr(messages, "info", lambda _p, _t, text: told.append(text))
    window.backup_store()
    assert told and str(services.ctx.store.backups_dir) in told[0]


def test_command_line(services, files, data_dir, capsys, store):
    """The command runs on the real date: Dupont is made two years older (28 since 25/11/2026)."""
    from sqlalchemy import update

    from milo_desktop.cli.main import main
    with store.write() as s:
        s.execute(update(Jeune).where(Jeune.id == files["due"].id).values(date_naissance=date(1998, 11, 25)))
    assert main(["--data-dir", str(data_dir), "anonymiser", "--dry-run"]) == 0
    assert capsys.readouterr().out == (
        "1 dossier échu à anonymiser. (aucune modification)\n"
        "  DUPONT Éloïse, né(e) le 25/11/1998 — échu depuis le 25/11/2026 (28 ans le 25/11/2026)\n")
    with store.read() as s:
        assert s.get(Jeune, files["due"].id).nom == "DUPONT"
    assert main(["--data-dir", str(data_dir), "anonymiser"]) == 0
    assert capsys.readouterr().out == "1 dossier anonymisé ; copie de sécurité effacée après vérification\n"
    with store.read() as s:
        assert s.get(Jeune, files["due"].id).nom == "ANONYME"


def test_dashboard_and_settings_page_say_how_many_files_are_due(qtbot, window, services, files, monkeypatch):
    board = services.tableau_de_bord.compute(with_charts=False)
    assert "anonymiser" not in {c.figure.key for c in board.a_traiter}  # nothing due on 24/11/2026
    services.ctx.today = lambda: LATER
    board = services.tableau_de_bord.compute(with_charts=False)
    item = next(c.figure for c in board.a_traiter if c.figure.key == "anonymiser")
    assert item.value == 1 and item.label == "Dossiers échus à anonymiser"
    page = window.show_area("parametres")
    assert "1 dossier échu" in page.echus.text()
    from milo_desktop.gui.dialogs import anonymisation
    asked = []
    monkeypatch.setattr(anonymisation, "approve", lambda _p, echus, _rule: asked.append(echus) or False)
    window.open_item(item.link.area, item.link.kind, item.link.payload)  # the dashboard's click
    assert asked and asked[0].count == 1 and asked[0].dossiers[0].nom == "DUPONT"
    page.anonymise_button.click()
    assert len(asked) == 2
