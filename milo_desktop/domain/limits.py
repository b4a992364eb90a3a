"""Length limits of the texts a user types or imports, one table for the forms and imports.

Each limit is the size of the column that stores the text (``persistence/models``); free texts
stored as TEXT get a limit all the same, so a pasted 100 000-character cell is refused with the
right reason instead of being kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import Problems
from .text import french_int

FREE_TEXT_MAX = 10_000  # a description, notes: several pages already

ENTREPRISE = (("raison_sociale", 200, "Raison sociale"), ("adresse", 300, "Adresse"),
              ("commune", 120, "Commune"), ("notes", FREE_TEXT_MAX, "Notes"))
CONTACT = (("nom", 150, "Nom du contact"), ("fonction", 150, "Fonction du contact"))
OFFRE = (("intitule", 200, "Intitulé de l'offre"), ("description", FREE_TEXT_MAX, "Description"),
         ("commune", 120, "Lieu de travail"), ("salaire", 100, "Salaire"),
         ("contact_nom", 150, "Contact"))


def check_lengths(p: Problems, values: dict, limits: Iterable[tuple[str, int, str]]) -> None:
    """Record in ``p`` every text of ``values`` longer than its limit (value not echoed)."""
    for name, max_len, label in limits:
        text = values.get(name)
        if isinstance(text, str) and len(text) > max_len:
            p.add(name, f"{label} : {french_int(max_len)} caractères au plus "
                        f"({french_int(len(text))} reçus).")
