"""SQL expressions that give a stored value the text ``exchange.writing.csv_cell`` would give it.

For the largest exports, SQLite formats the cells (dates ``jj/mm/aaaa``, ``oui``/``non``,
formula neutralisation) and the rows go to ``csv.writer`` untouched: 100 000 young people are
written in about the time it takes to read them (``benchmarks/bench_exports.py``). A test keeps
each expression equal to ``csv_cell`` on the same values.
"""

from __future__ import annotations

# csv_cell neutralises a text starting with = + - @ tab or carriage return: their code points.
_FORMULA_CODES = "61, 43, 45, 64, 9, 13"


def text(expr: str) -> str:
    """A stored text, with a leading apostrophe when Excel would run it as a formula."""
    return f"iif(unicode({expr}) IN ({_FORMULA_CODES}), '''' || {expr}, {expr})"


def day(expr: str) -> str:
    """A stored DATE (``aaaa-mm-jj``, perhaps followed by a time) as ``jj/mm/aaaa``."""
    return f"(substr({expr}, 9, 2) || '/' || substr({expr}, 6, 2) || '/' || substr({expr}, 1, 4))"


def flag(expr: str) -> str:
    """A stored BOOLEAN as ``oui`` / ``non`` (NULL stays empty)."""
    return f"(CASE {expr} WHEN 1 THEN 'oui' WHEN 0 THEN 'non' END)"
