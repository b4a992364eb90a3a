"""What the reports look like outside: the PDF's text (pypdf), the XLSX cells (openpyxl), CSV,
logos (image or label), long tables split with their header repeated, the cancel."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from milo_desktop.exchange.writing import Cancelled
from milo_desktop.reports.model import Identity, Logo, Period, Report, Section, Table
from milo_desktop.reports.pdf_report import build_pdf
from tests.bilans import dataset

NNBSP = "\u202f"


@pytest.fixture
def data(services, ref_data):
    return dataset.build(services, ref_data)


def pdf_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader
    # one space between cells; U+202F (a Unicode space for str.split) is kept
    return [re.sub(r"[ \n]+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def generate(services, code, tmp_path, year=2026, semester=None, suffix="xlsx"):
    return services.bilans.generate(code, year=year, semester=semester, out_pdf=tmp_path / f"{code}.pdf",
                                    out_xlsx=tmp_path / f"{code}.{suffix}")


def test_partnership_pdf_text(services, data, tmp_path):
    result = generate(services, "bilan-partenariat", tmp_path)
    assert result.pdf_path.read_bytes() == result.pdf and result.pdf.startswith(b"%PDF")
    pages = pdf_pages(result.pdf)
    cover, contents, text = pages[0], pages[1], " ".join(pages)
    assert "Bilan annuel du partenariat renforcé" in cover and "Mission Locale de Test" in cover
    assert "Année 2026" in cover and "Ensemble de la Mission Locale" in cover
    assert "France Travail" in cover and "Préfet de région" in cover  # logos missing: labels
    assert "Édité le 24 novembre 2026" in cover
    assert "Sommaire" in contents and "Entrées mensuelles et objectif" in contents
    assert f"page 2 sur {len(pages)}" in contents
    assert "Affectations reçues 8 3 +166,7" + NNBSP + "%" in text
    assert "Entrées (affectations non refusées) 7 3" in text
    assert "Délai affectation → acceptation : moyen (jours) 9,3 12,5" in text
    assert "Janvier 2 2 2,5 −20,0" + NNBSP + "% oui 1" in text
    assert "Novembre 1 7 27,5 −74,5" + NNBSP + "% oui 0" in text
    assert "Déménagement hors du territoire de la Mission Locale 1 50,0" in text
    assert "Phase 2 — Alerte de cotraitance 1 0" in text
    assert "Offres recueillies 5 1 +400,0" in text
    assert "Mises en relation positives (MER+) 2 0" in text
    assert "Plateforme de vocation de Foix 2 1 50,0" in text
    assert "Offre O2" in text and "Boulangerie Martin" in text
    assert "Édité le 24/11/2026" in pages[-1]


def test_partnership_xlsx_cells(services, data, tmp_path):
    from openpyxl import load_workbook
    result = generate(services, "bilan-partenariat", tmp_path)
    book = load_workbook(result.exports[0])
    assert book.sheetnames[0] == "Informations"
    assert {"Flux cotraitance", "Entrées par mois", "Sorties par motif", "Offres par statut",
            "Offres déléguées"} <= set(book.sheetnames)
    assert len(book.sheetnames) == 1 + len(result.report.tables())
    flux = book["Flux cotraitance"]
    assert [c.value for c in flux[1]] == ["Indicateur", "2026", "2025", "Évolution (%)"]
    assert [c.value for c in book["Sorties par motif"][1]][1:] == ["2026", "2026 (%)", "2025", "2025 (%)"]
    assert flux["A1"].font.bold
    assert [c.value for c in flux[2]][:3] == ["Affectations reçues", 8, 3]
    assert flux["D2"].value == pytest.approx(166.7)
    months = book["Entrées par mois"]
    assert [months.cell(r, 2).value for r in range(2, 13)] == [2, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1]
    assert months["D2"].value == 2.5 and months["E2"].value == -20.0 and months["F2"].value == "oui"
    assert months["A13"].value == "Total" and months["B13"].value == 7
    exits = {r[0].value: [c.value for c in r[1:]] for r in book["Sorties par motif"].iter_rows(min_row=2)}
    assert exits["26ᵉ anniversaire ou fin de la durée d'un an"] == [1, 50.0, 0, 0.0]
    assert exits["6 mois après cessation d'inscription ou radiation"] == [0, 0.0, 1, 100.0]
    delays = {r[0].value: [c.value for c in r[1:]] for r in book["Délais"].iter_rows(min_row=2)}
    assert delays["Délai affectation → acceptation : moyen (jours)"] == [9.29, 12.5]
    assert delays["Délai acceptation → initialisation : médian (jours)"] == [16.5, 31.5]
    statuts = {r[0].value: r[1].value for r in book["Offres par statut"].iter_rows(min_row=2)}
    assert statuts["À saisir"] == 1 and statuts["Expirée"] == 0 and statuts["Total"] == 5
    annexe = book["Offres déléguées"]
    assert annexe["A2"].value.date() == date(2026, 3, 1) and annexe["A2"].number_format == "dd/mm/yyyy"
    info = {r[0].value: r[1].value for r in book["Informations"].iter_rows(min_row=2)}
    assert info["Période"] == "année 2026" and info["Entrées en cotraitance"] == 7


def test_mission_jeunes_pdf_and_xlsx(services, data, tmp_path):
    from openpyxl import load_workbook
    result = generate(services, "mission-jeunes", tmp_path)
    text = " ".join(pdf_pages(result.pdf))
    assert "Mobilité — Permis de conduire 2 66,7" in text
    assert "Orientations préparées 3 1 +200,0" in text
    assert "Adecco Foix 15/01/2024 3 en vigueur 2 1 2 700,0" in text
    sheet = load_workbook(result.exports[0])["Besoins FASTT"]
    needs = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}
    assert needs["Mobilité — Permis de conduire"] == 2 and needs["Budget / crédit"] == 1
    assert needs["Total"] == 3


def test_interim_semester_pdf(services, data, tmp_path):
    result = generate(services, "interim-semestre", tmp_path, semester=1)
    pages = pdf_pages(result.pdf)
    assert "1er semestre 2026" in pages[0]
    assert "Adecco Foix 2 2 560,0" in " ".join(pages) and "Total 3 3 665,0" in " ".join(pages)


def test_csv_alternative_writes_one_file_per_table(services, data, tmp_path):
    result = generate(services, "repartition", tmp_path, suffix="csv")
    names = [p.name for p in result.exports]
    assert names[0] == "repartition-01-informations.csv"
    assert "repartition-02-repartition-2026.csv" in names
    text = (tmp_path / "repartition-02-repartition-2026.csv").read_text("utf-8-sig")
    assert text.splitlines()[0].startswith("Mission Locale;DEFM;")
    assert "Mission Locale Nord;500;50;45;47,5;48" in text


def test_french_numbers_render_with_the_embedded_font(services, data, tmp_path):
    result = generate(services, "repartition", tmp_path)
    assert f"Total 1{NNBSP}000 100,00{NNBSP}%" in " ".join(pdf_pages(result.pdf))
    assert b"DejaVuSans" in result.pdf


def test_logos_image_or_label(services, data, tmp_path):
    from PIL import Image
    from pypdf import PdfReader
    logo = tmp_path / "ft.png"
    Image.new("RGB", (240, 100), "#1f3b63").save(logo)
    services.settings.set("logo.france_travail", str(logo))
    services.settings.set("logo.etat", str(tmp_path / "absent.png"))
    result = generate(services, "bilan-partenariat", tmp_path)
    cover = PdfReader(io.BytesIO(result.pdf)).pages[0]
    images = [o for o in cover["/Resources"].get("/XObject", {}).values() if o.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1
    text = cover.extract_text()
    assert "Préfet de région" in text  # missing file: its label
    assert "France Travail\n" not in text.split("En partenariat avec")[1]  # the image stands for it


def test_partner_logo_settings(services, tmp_path):
    from PIL import Image
    from milo_desktop.domain.errors import DomainError
    logo = tmp_path / "ims.jpg"
    Image.new("RGB", (60, 30), "white").save(logo)
    services.bilans.set_partner_logo("ims", str(logo))
    assert ("ims", "Les entreprises s'engagent — IMS", str(logo)) in services.bilans.partner_logos()
    assert services.bilans.logos("partenariats-entreprises")[1].path == str(logo)
    with pytest.raises(DomainError, match="image illisible"):
        services.bilans.set_partner_logo("medef", str(tmp_path / "absent.png"))
    services.bilans.set_partner_logo("ims", None)
    assert services.bilans.logos("partenariats-entreprises")[1].path is None


def test_not_an_image_falls_back_to_text(services, data, tmp_path):
    bogus = tmp_path / "logo.png"
    bogus.write_text("pas une image")
    services.settings.set("logo.medef", str(bogus))
    result = generate(services, "partenariats-entreprises", tmp_path)
    assert "MEDEF" in pdf_pages(result.pdf)[0].split("En partenariat avec")[1]


def test_empty_year_pdf_says_so(services, data, tmp_path):
    from openpyxl import load_workbook
    result = generate(services, "bilan-partenariat", tmp_path, year=2031)
    pages = pdf_pages(result.pdf)
    assert len(pages) == 3
    assert "Aucune donnée n'est enregistrée pour la période (année 2031)" in pages[2]
    info = {r[0].value: r[1].value for r in load_workbook(result.exports[0])["Informations"].iter_rows(min_row=2)}
    assert info["Remarque"] == "Aucune donnée n'est enregistrée pour cette période."


def test_long_table_splits_with_repeated_header():
    rows = [[f"Ligne {i:03d}", i, i * 1.5] for i in range(1, 301)]
    report = Report("test", "Rapport d'essai", "Sous-titre", Period.year(2026), Period.year(2025), None,
                    Identity("Mission Locale d'Essai"), date(2026, 11, 24),
                    [Section("Longue liste", [Table("Liste", ["Libellé", "Nombre", "Valeur"], rows,
                                                    ["text", "int", "dec"], total=["Total", 45150, 0.0])])],
                    [Logo("Partenaire")])
    pages = pdf_pages(build_pdf(report))
    body = pages[2:]
    assert len(body) >= 5
    assert all("Libellé Nombre Valeur" in page for page in body)
    assert "Ligne 300 300 450,0" in body[-1] and f"Total 45{NNBSP}150" in body[-1]
    assert f"page {len(pages)} sur {len(pages)}" in pages[-1]


def test_cancel_stops_generation_and_writes_nothing(services, data, tmp_path):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        services.bilans.generate("bilan-partenariat", year=2026, out_pdf=tmp_path / "b.pdf", cancel=cancel)
    assert not (tmp_path / "b.pdf").exists()


def test_progress_reaches_the_end(services, data, tmp_path):
    seen = []
    services.bilans.generate("mission-jeunes", year=2026, progress=lambda d, t, m="": seen.append((d, t, m)))
    assert seen[-1] == (100, 100, "Terminé.")
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)


def test_bad_output_names_are_refused_in_french(services, tmp_path):
    from milo_desktop.domain.errors import DomainError
    with pytest.raises(DomainError, match="en .pdf"):
        services.bilans.generate("repartition", year=2026, out_pdf=tmp_path / "b.docx")
    with pytest.raises(DomainError, match=".xlsx ou .csv"):
        services.bilans.generate("repartition", year=2026, out_pdf=tmp_path / "b.pdf", out_xlsx=tmp_path / "b.ods")
    with pytest.raises(DomainError, match="Dossier introuvable"):
        services.bilans.generate("repartition", year=2026, out_pdf=tmp_path / "nulle" / "b.pdf")
