"""Write an OpenDocument spreadsheet (.ods), the format LibreOffice and many public bodies use.

The workbook is streamed: ``content.xml`` is written into the zip row by row, so memory stays
flat whatever the number of rows. Cells are typed as in the XLSX exports: texts (never
formulas), numbers, real dates; ``oui``/``non`` for flags. The result opens in LibreOffice and
Excel and reads back through the import (python-calamine).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2"')
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_STYLES = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS}/>\n'
_AUTOMATIC = """<office:automatic-styles>
 <number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
 <number:date-style style:name="N2"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
 <style:style style:name="d" style:family="table-cell" style:data-style-name="N1"/>
 <style:style style:name="dt" style:family="table-cell" style:data-style-name="N2"/>
 <style:style style:name="h" style:family="table-cell"><style:text-properties fo:font-weight="bold"/><style:table-cell-properties fo:background-color="#ddebf7"/></style:style>
</office:automatic-styles>
"""
# Characters XML 1.0 cannot carry (control codes other than tab and line breaks).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text_cell(value: str, style: str = "") -> str:
    text = _NOT_XML.sub("\ufffd", value)
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    return f'<table:table-cell{style} office:value-type="string">{paragraphs}</table:table-cell>'


def cell(value: Any) -> str:
    """One cell of ``content.xml``."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return _text_cell("oui" if value else "non")
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        if not math.isfinite(number):
            return "<table:table-cell/>"
        shown = format(value, "f") if isinstance(value, Decimal) else repr(value)
        return f'<table:table-cell office:value-type="float" office:value="{shown}"/>'
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return (f'<table:table-cell table:style-name="d" office:value-type="date" '
                    f'office:date-value="{value.date().isoformat()}"/>')
        stamp = value.replace(tzinfo=None, microsecond=0).isoformat()
        return (f'<table:table-cell table:style-name="dt" office:value-type="date" '
                f'office:date-value="{stamp}"/>')
    if isinstance(value, date):
        return (f'<table:table-cell table:style-name="d" office:value-type="date" '
                f'office:date-value="{value.isoformat()}"/>')
    return _text_cell(str(value))


def write_sheets(tmp: Path, sheets: Sequence[Any], names: list[str], ticker: Any,
                 max_rows: int, too_many) -> None:
    """Write ``sheets`` (``writing.Sheet``) into ``tmp``; ``ticker`` reports progress and
    cancels; ``too_many(sheet_name)`` is raised past ``max_rows`` rows."""
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("styles.xml", _STYLES)
        with archive.open("content.xml", "w", force_zip64=True) as raw:
            _write_content(raw, sheets, names, ticker, max_rows, too_many)


def _write_content(raw, sheets, names, ticker, max_rows: int, too_many) -> None:
    def put(text: str) -> None:
        raw.write(text.encode("utf-8"))

    put(f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>\n{_AUTOMATIC}'
        "<office:body><office:spreadsheet>\n")
    for sheet, name in zip(sheets, names):
        put(f'<table:table table:name="{escape(name, {chr(34): "&quot;"})}">')
        headers = list(sheet.headers)
        if headers:
            put(f'<table:table-column table:number-columns-repeated="{len(headers)}"/>')
            put("<table:table-row>" + "".join(_text_cell(str(h), ' table:style-name="h"')
                                              for h in headers) + "</table:table-row>\n")
        buffer: list[str] = []
        for index, row in enumerate(sheet.rows, start=1):
            if index >= max_rows:
                raise too_many()
            buffer.append("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>\n")
            if len(buffer) >= 1000:
                put("".join(buffer))
                buffer.clear()
            ticker.tick()
        put("".join(buffer))
        put("</table:table>\n")
    if not sheets:
        put('<table:table table:name="Feuille 1"/>')
    put("</office:spreadsheet></office:body></office:document-content>\n")
