"""SQL expressions that give a stored value the text ``exchange.writing.csv_cell`` would give it.

For the largest exports, SQLite formats the cells (dates ``jj/mm/aaaa``, ``oui``/``non``,
formula neutralisation) and the rows go to ``csv.writer`` untouched: 100 000 young people are
written in about the time it takes to read them (``benchmarks/bench_exports.py``). A test keeps
each expression equal to ``csv_cell`` on the same values.
"""

from __future__ import annotations

from datetime import date

from ..exchange.writing import FORMULA_START

PHONE_FUNCTION = "milo_telephone"

# The characters csv_cell neutralises at the start of a text, as code points for unicode().
_FORMULA_CODES = ", ".join(str(ord(c)) for c in sorted(FORMULA_START))


# writing.SIGNED_NUMBER in GLOB: after the sign, no character outside [0-9 .()-], a digit
_SIGNED_NUMBER = ("(unicode({e}) IN (43, 45) AND substr({e}, 2) NOT GLOB '*[^0-9 .()-]*' "
                  "AND substr({e}, 2) GLOB '*[0-9]*')")


def text(expr: str) -> str:
    """A stored text, with a leading apostrophe when Excel would run it as a formula (a signed
    number such as ``+44 20 7183 8750`` is left as it is, as ``writing.neutralise`` does)."""
    signed = _SIGNED_NUMBER.format(e=expr)
    return (f"iif(unicode({expr}) IN ({_FORMULA_CODES}) AND NOT {signed}, "
            f"'''' || {expr}, {expr})")


def day(expr: str) -> str:
    """A stored DATE (``aaaa-mm-jj``, perhaps followed by a time) as ``jj/mm/aaaa``."""
    return f"(substr({expr}, 9, 2) || '/' || substr({expr}, 6, 2) || '/' || substr({expr}, 1, 4))"


def flag(expr: str) -> str:
    """A stored BOOLEAN as ``oui`` / ``non`` (NULL stays empty)."""
    return f"(CASE {expr} WHEN 1 THEN 'oui' WHEN 0 THEN 'non' END)"


def literal(value: str) -> str:
    """A Python text as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def labels(expr: str, mapping: dict) -> str:
    """A stored code as its French label (unknown codes and NULL: empty)."""
    whens = " ".join(f"WHEN {literal(k) if isinstance(k, str) else int(k)} THEN {literal(v)}"
                     for k, v in mapping.items())
    return f"(CASE {expr} {whens} END)"


def age(birth: str, today: date) -> str:
    """Whole years between a stored birth DATE and ``today``, as ``domain.dates.age_on``:
    the year difference, less one while the month-day (``mm-jj``) of ``today`` comes first."""
    day_text = literal(today.isoformat())
    return (f"(CAST(substr({day_text}, 1, 4) AS INTEGER) - CAST(substr({birth}, 1, 4) AS INTEGER)"
            f" - (substr({day_text}, 6, 5) < substr({birth}, 6, 5)))")


def phone(expr: str) -> str:
    """A stored E.164 number as shown in the app: +33 numbers written by SQLite
    (``06 12 34 56 78``), the others by the function :func:`register` installs."""
    national = "'0' || " + " || ' ' || ".join(
        f"substr({expr}, {start}, {length})" for start, length in
        ((4, 1), (5, 2), (7, 2), (9, 2), (11, 2)))
    return text(f"(CASE WHEN {expr} LIKE '+33_________' THEN {national} "
                f"ELSE {PHONE_FUNCTION}({expr}) END)")


def register(dbapi_connection) -> None:
    """Install the Python functions the expressions above call, on one SQLite connection."""
    from .jeunes_list import phone_display

    dbapi_connection.create_function(PHONE_FUNCTION, 1, phone_display, deterministic=True)
