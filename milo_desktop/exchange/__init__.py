"""File exchange: read CSV/XLSX tables, match their headers, write CSV/XLSX exports.

Pure Python (no Qt, no SQL). openpyxl and XlsxWriter are imported only when a workbook is
actually read or written.
"""

from .headers import (
    ColumnSpec,
    Mapping,
    apply_mapping,
    mapped_values,
    match_headers,
    normalise,
    parse_bool_fr,
    parse_decimal_fr,
    parse_int_fr,
)
from .reading import RawRow, Table, TableStream, iter_table, read_table
from .templates import SCHEMAS, schema, template_rows, template_sheets, template_text
from .writing import (
    Cancelled,
    Sheet,
    export_path_kind,
    write_csv,
    write_export,
    write_xlsx,
)

__all__ = [
    "SCHEMAS", "Cancelled", "ColumnSpec", "Mapping", "RawRow", "Sheet", "Table", "TableStream",
    "apply_mapping", "export_path_kind", "iter_table", "mapped_values", "match_headers",
    "normalise", "parse_bool_fr", "parse_decimal_fr", "parse_int_fr", "read_table", "schema",
    "template_rows", "template_sheets", "template_text", "write_csv", "write_export", "write_xlsx",
]
