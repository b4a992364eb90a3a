"""The printed annex: title, columns, total row, every line, our line highlighted."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from milo_desktop.domain.objectifs import LigneCle, repartir
from milo_desktop.reports.objectifs_pdf import HIGHLIGHT, AnnexeData, build_pdf, pct

from .test_objectifs_service import ANNEX, TOTAL, annex_lines


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() for p in reader.pages).replace("\u202f", " ")
    return " ".join(text.split())


def annexe(nous=0, lines=None, total=TOTAL):
    rep = repartir(lines or annex_lines(), total)
    return AnnexeData(2010, rep, nous, "Mission Locale Ariège", date(2026, 11, 24))


def test_pct_is_french():
    from decimal import Decimal
    assert pct(Decimal("5.4695")) == "5,47\u202f%"


def test_annex_layout_and_figures():
    data = build_pdf(annexe())
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape, as the annex
    text = text_of(data)
    assert "Critère de répartition de l'enveloppe cotraitance — 2010" in text
    for header in ("DEFM", "Total jeunes", "fin déc. 2009", "Clé 2010", "activité / résultat",
                   "Clé de répartition cotraitance", "Objectif 2010"):
        assert header in text, header
    for name, defm, cle, share, _key in ANNEX:
        assert name in text
        assert f"{defm:,}".replace(",", " ") in text
        assert f"{share} %" in text and f"{cle} %" in text
    assert "TOTAL 198 699 100,00 % 100,00 % 100,00 % 5 787" in text
    assert "MISSION LOCALE ARIEGE 11 275 5,67 % 5,26 % 5,47 % 316" in text
    assert "Ligne surlignée : MISSION LOCALE ARIEGE — objectif 2010 : 316 jeunes" in text
    assert "plus forts restes" in text
    assert "Édité le 24/11/2026" in text and "Mission Locale Ariège" in text


def test_our_line_is_highlighted_in_colour():
    def fills(nous) -> str:
        page = pypdf.PdfReader(io.BytesIO(build_pdf(annexe(nous)))).pages[0]
        return page.get_contents().get_data().decode("latin-1")
    highlight = "1 .94902 .701961 rg"  # HIGHLIGHT #fff2b3 as a PDF fill colour
    assert HIGHLIGHT == "#fff2b3"
    assert highlight in fills(0)
    assert highlight not in fills(None)
    assert "Ligne surlignée" not in text_of(build_pdf(annexe(None)))


def test_keys_not_summing_to_100_are_flagged():
    lines = [LigneCle("A", 10, "30"), LigneCle("B", 10, "30")]
    text = text_of(build_pdf(annexe(None, lines, 10)))
    assert "la somme des clés activité/résultat vaut 60,00 %" in text


def test_many_lines_span_pages_with_repeated_header():
    lines = [LigneCle(f"Mission Locale {i:03d}", 100 + i, "1") for i in range(100)]
    data = build_pdf(annexe(5, lines, 1000))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 1
    assert "Mission Locale" in reader.pages[1].extract_text()
    assert "TOTAL" in reader.pages[-1].extract_text()
