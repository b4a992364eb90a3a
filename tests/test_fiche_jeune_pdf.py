"""The printable fiche jeune: one A4 page whose text holds identity, référent, cotraitance,
date de fin prévue, the last events and the next steps."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.domain.journal import EventInput
from milo_desktop.reports.fiche_jeune import FicheEvenement, FicheJeune, build_fiche_jeune


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def jeune(services, ref_data, store):
    from milo_desktop.persistence.models import Cotraitance, Jeune
    alice, siege = ref_data["users"]["conseiller"], ref_data["sites"]["siege"]
    d = services.jeunes.create(JeuneInput(nom="Lefèvre", prenom="Zoé", sexe="F", date_naissance="03/04/2001",
                                          telephone="0612345678", identifiant_ft="1234567A",
                                          commune="Foix", code_postal="09000", qpv=True),
                               alice.id, siege.id, ["PPAE"])
    with store.write() as s:
        j = s.get(Jeune, d.id)
        j.cotra_phase, j.cotra_etat, j.date_fin_prevue = "accompagnement", 2, date(2027, 3, 2)
        s.add(Cotraitance(jeune_id=d.id, phase="accompagnement", date_affectation=date(2026, 3, 2), criteres=1,
                          date_acceptation=date(2026, 3, 10), date_initialisation=date(2026, 3, 20),
                          etat=2, date_etat=date(2026, 10, 5), motif_fin_prevue="un_an"))
    for month in range(1, 12):
        services.journal.add(d.id, EventInput(date(2026, month, 3), "entretien_individuel", "presentiel",
                                              "present", None, f"Entretien numéro {month}"))
    services.journal.add(d.id, EventInput("02/12/2026", "atelier", "visio", "planifie", None, "Atelier CV"))
    return d


def test_fiche_pdf_from_the_store(services, jeune):
    reader, text = read(services.jeunes.fiche_pdf(jeune.id))
    flat = squash(text)
    assert len(reader.pages) == 1
    assert "LEFÈVRE Zoé" in flat and "Mission Locale de Test" in flat
    assert "03/04/2001 (25 ans)" in flat and "1234567A" in flat and "06 12 34 56 78" in flat
    assert "Alice DURAND" in flat and "Siège" in flat and "Cotraitance PPAE" in flat
    assert "Accompagnement (phase 2)" in flat and "Alerte de cotraitance depuis le 05/10/2026" in flat
    assert "02/03/2026" in flat and "10/03/2026" in flat and "20/03/2026" in flat
    assert "02/03/2027 (Un an après l'entrée (entré à 25 ans))" in flat
    assert "Entretien numéro 11" in flat and "Entretien numéro 2" in flat
    assert "Entretien numéro 1 " not in flat + " "  # only the 10 latest events
    assert "02/12/2026 : Atelier / information collective (visio) avec Alice DURAND" in flat
    assert "Fin de cotraitance prévue le 02/03/2027" in flat
    assert "Résidence QPV" in flat
    assert "Édité le 24/11/2026" in flat
    assert "Premier accueil 24/11/2026" in flat  # the day the 16-25 rule is measured on (issue 18)


def test_dejavu_is_embedded_and_used(services, jeune):
    reader, _ = read(services.jeunes.fiche_pdf(jeune.id))
    page = reader.pages[0]
    fonts = {str(f.get_object()["/BaseFont"]): (key, f.get_object()) for key, f in page["/Resources"]["/Font"].items()}
    dejavu = [name for name in fonts if name.endswith("+DejaVuSans")]
    assert dejavu, fonts.keys()
    key, font = fonts[dejavu[0]]
    assert "/FontFile2" in font["/FontDescriptor"].get_object()  # the TrueType program is embedded
    assert f"{key} ".encode() in page.get_contents().get_data()


def test_a_full_fiche_still_fits_on_one_page():
    long_note = "Très long compte rendu d'entretien " * 30
    data = FicheJeune(
        organisation="Mission Locale du Grand Territoire de l'Ariège et des Pyrénées", nom="DE LA TOUR D'AUVERGNE",
        prenom="Marie-Éléonore Geneviève", date_naissance=date(2001, 1, 1), age=25, edition=date(2026, 11, 24),
        nom_usage="MARTIN-DUPONT", adresse="Résidence les Glycines, bâtiment C, 12 chemin de la Grande Fontaine",
        reperes=("Indemnisé", "Résidence QPV", "RQTH", "Permis B", "Véhicule"), referent="Alice DURAND",
        programmes=("Contrat d'engagement jeune", "PACEA", "Cotraitance PPAE", "Autre programme"),
        cotraitance=(("Cotraitance", "Accompagnement (phase 2)"), ("État", "Alerte depuis le 01/10/2026"),
                     ("Affectation", "02/03/2026"), ("Acceptation", "10/03/2026"),
                     ("Initialisation du parcours", "20/03/2026"), ("Cessation / radiation", "01/09/2026")),
        date_fin_prevue=date(2027, 3, 1), motif_fin_prevue="6 mois après la cessation d'inscription ou la radiation",
        evenements=tuple(FicheEvenement(date(2026, 1, i + 1), "Atelier / information collective", "Présentiel",
                                        "Présent", "Bruno PETIT", long_note) for i in range(25)),
        prochaines_etapes=tuple(f"Étape numéro {i} à faire avant la fin du mois" for i in range(20)))
    reader, text = read(build_fiche_jeune(data))
    assert len(reader.pages) == 1
    flat = squash(text)
    assert "Étape numéro 5" in flat and "Étape numéro 6" not in flat
    assert "…" in flat  # long notes are shortened


def test_empty_journal_and_archived_file(services):
    d = services.jeunes.create(JeuneInput(nom="Martin", prenom="Léa", sexe="F", date_naissance="05/06/2004"))
    d = services.jeunes.archive(d.id, d.version)
    _, text = read(services.jeunes.fiche_pdf(d.id))
    flat = squash(text)
    assert "MARTIN Léa — fiche archivée" in flat
    assert "Aucun événement dans le journal." in flat
    assert "Pas en cotraitance" in flat and "Désigner un référent pour ce jeune." in flat
