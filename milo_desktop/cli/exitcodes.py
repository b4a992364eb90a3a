"""The command line's exit codes, defined once, and the one place that maps an error to its code.

Scripts (a monthly scheduled ``anonymiser``, a nightly ``import``) tell what happened from the
code alone: retry later when the store is unavailable, fix the file when it is refused, look at
the rejects when rows were rejected.
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    SUCCES = 0          # done
    REJETS = 1          # the command ran, but rows were rejected (import) or problems found (--self-check)
    ARGUMENTS = 2       # invalid arguments, unusable file, a rule refused the operation (argparse uses 2 too)
    BASE_INDISPONIBLE = 3  # the store cannot be used now: busy, damaged, disk full, read-only, not a MILO store
    ACCES_REFUSE = 4    # authentication or permission refused
    ERREUR_INTERNE = 70  # an unexpected failure (EX_SOFTWARE): details in the log, never a traceback
    INTERROMPU = 130    # interrupted (Ctrl+C, or the operation was cancelled): nothing was written


MEANINGS = {
    Exit.SUCCES: "succès",
    Exit.REJETS: "des lignes ont été rejetées (import) ou des problèmes trouvés (--self-check)",
    Exit.ARGUMENTS: "arguments invalides, fichier inutilisable ou opération refusée par une règle",
    Exit.BASE_INDISPONIBLE: "base indisponible : occupée par un autre programme, endommagée, "
                            "disque plein, en lecture seule ou pas une base MILO Desktop",
    Exit.ACCES_REFUSE: "authentification ou droit refusé",
    Exit.ERREUR_INTERNE: "erreur inattendue (détails dans le journal technique)",
    Exit.INTERROMPU: "interrompu (Ctrl+C) : rien n'a été enregistré",
}


def help_text() -> str:
    """The table printed at the end of ``--help`` (and copied in the README)."""
    import textwrap
    lines = ["Codes de sortie :"]
    for code in Exit:
        lines += textwrap.wrap(MEANINGS[code], 88, initial_indent=f"  {int(code):>3}  ",
                               subsequent_indent=" " * 7)
    return "\n".join(lines)


def code_for(err: BaseException) -> Exit:
    """The exit code of an error raised by a command (the most specific type wins)."""
    from ..domain.errors import AccessDenied, DomainError
    from ..exchange.writing import Cancelled
    from ..persistence.storefile import StoreError
    if isinstance(err, (KeyboardInterrupt, Cancelled)):
        return Exit.INTERROMPU
    if isinstance(err, AccessDenied):
        return Exit.ACCES_REFUSE
    if isinstance(err, StoreError):
        return Exit.BASE_INDISPONIBLE
    if isinstance(err, DomainError):
        return Exit.ARGUMENTS
    return Exit.ERREUR_INTERNE
