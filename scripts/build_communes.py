"""Build the offline communes / postcodes referential from @etalab/decoupage-administratif.

Usage (from the repository root; the npm registry must be reachable, no JavaScript is kept):

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0
    tar xzf etalab-decoupage-administratif-6.0.0.tgz
    python scripts/build_communes.py /tmp/package

Writes ``milo_desktop/data/communes/communes.tsv.gz`` (one line per postcode and name:
``code_postal  code_insee  nom  departement  genre``, by postcode, then communes before
arrondissements and communes déléguées, the most populated first; gzip with a fixed timestamp so the
same input gives the same bytes) and ``departements.tsv`` (``code  nom``). ``genre``: ``c`` a
commune, ``a`` an arrondissement of Paris, Lyon or Marseille (INSEE code of its city), ``d`` a
commune déléguée or associée (INSEE code of the commune it belongs to; the postcodes of that
commune, since the source gives none of its own).
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "milo_desktop" / "data" / "communes"


def rows(communes: list[dict]) -> list[tuple[str, str, str, str, str]]:
    actual = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    population = {c["code"]: c.get("population") or 0 for c in communes}
    out: set[tuple[str, str, str, str, str]] = set()
    for c in communes:
        kind = c["type"]
        if kind == "commune-actuelle":
            for cp in c.get("codesPostaux", []):
                out.add((cp, c["code"], c["nom"], c["departement"], "c"))
        elif kind == "arrondissement-municipal":
            for cp in c.get("codesPostaux", []):
                out.add((cp, c["commune"], c["nom"], c["departement"], "a"))
        elif kind in ("commune-deleguee", "commune-associee"):
            parent = actual.get(c.get("chefLieu") or c.get("commune") or "")
            if parent is None or parent["nom"] == c["nom"]:
                continue
            for cp in parent.get("codesPostaux", []):
                out.add((cp, parent["code"], c["nom"], parent["departement"], "d"))
    order = {"c": 0, "a": 1, "d": 2}
    return sorted(out, key=lambda r: (r[0], order[r[4]], -population.get(r[1], 0), r[2], r[1]))


def main(package: Path) -> None:
    data = package / "data"
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    departements = json.loads((data / "departements.json").read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    text = "".join("\t".join(r) + "\n" for r in rows(communes))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    (OUT / "communes.tsv.gz").write_bytes(buffer.getvalue())
    deps = sorted((d["code"], d["nom"]) for d in departements)
    (OUT / "departements.tsv").write_text("".join(f"{c}\t{n}\n" for c, n in deps), encoding="utf-8")
    print(f"{text.count(chr(10))} lignes, {len(buffer.getvalue())} octets ; {len(deps)} départements")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "package"))
