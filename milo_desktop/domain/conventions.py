"""Conventions between the Mission Locale and an agence d'emploi (``004_…``, annex 2, art. 5).

« Cette convention est conclue pour une durée de … ans, sauf désengagement de l'un ou de l'autre
des signataires au moins un mois avant la date anniversaire de la signature. À la date
anniversaire, la convention sera renouvelée par tacite reconduction sauf dénonciation. »

Reading applied here:

- the convention is in force from its signature day;
- anniversaries are computed from the signature each year (``add_years``: signed on 29 February,
  the anniversary is 28 February in non-leap years and 29 February again in leap years);
- a party may withdraw at **any** anniversary, during the initial term too, by denouncing at the
  latest one month before it (``add_months(anniversaire, -1)``, clamped: 31 March -> 28 or 29
  February). The convention then ends **on** that anniversary (not in force that day); a late
  denunciation takes effect at the following anniversary;
- from the end of the initial term (signature + ``duree_annees``) each anniversary is a tacit
  renewal: :func:`alerte_renouvellement` warns before those only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .dates import add_months, add_years, format_date, parse_date
from .errors import DomainError, Problems

DUREE_MIN = 1
DUREE_MAX = 10
ALERTE_JOURS = 45


@dataclass(frozen=True)
class Convention:
    date_signature: date
    duree_annees: int
    date_denonciation: date | None = None


def anniversaire(conv: Convention, rang: int) -> date:
    """The ``rang``-th anniversary of the signature (1 = one year after)."""
    return add_years(conv.date_signature, rang)


def echeance_initiale(conv: Convention) -> date:
    """End of the initial term; from this anniversary on, renewals are tacit."""
    return anniversaire(conv, conv.duree_annees)


def prochain_anniversaire(conv: Convention, today: date) -> date:
    """The next anniversary **strictly after** ``today``. On an anniversary day the renewal (or
    the end) happens that very day, so the next decision point is next year's anniversary."""
    rang = max(1, today.year - conv.date_signature.year)
    while anniversaire(conv, rang) <= today:
        rang += 1
    return anniversaire(conv, rang)


def date_limite_denonciation(anniversaire_: date) -> date:
    """Last day to denounce so that the convention ends at ``anniversaire_``: one month before."""
    return add_months(anniversaire_, -1)


def date_fin(conv: Convention) -> date | None:
    """The anniversary the convention ends on (first one whose notice the denunciation met),
    or None when it was not denounced."""
    if conv.date_denonciation is None:
        return None
    rang = 1
    while date_limite_denonciation(anniversaire(conv, rang)) < conv.date_denonciation:
        rang += 1
    return anniversaire(conv, rang)


def est_active(conv: Convention, today: date) -> bool:
    """In force from the signature day until the day before its end anniversary."""
    end = date_fin(conv)
    return conv.date_signature <= today and (end is None or today < end)


def alerte_renouvellement(conv: Convention, today: date, jours_avant: int = ALERTE_JOURS) -> bool:
    """True during the ``jours_avant`` days up to (and including) the last day to denounce before
    a tacit renewal of a convention that is in force and not denounced."""
    if conv.date_denonciation is not None or not est_active(conv, today):
        return False
    prochain = prochain_anniversaire(conv, today)
    if prochain < echeance_initiale(conv):
        return False
    limite = date_limite_denonciation(prochain)
    return limite - timedelta(days=jours_avant) <= today <= limite


def _duree(value: int | str | None) -> int:
    text = str(value).strip() if value is not None else ""
    if not text:
        raise DomainError("Durée de la convention : obligatoire.", "duree_annees")
    if isinstance(value, bool) or not text.isdigit() or not DUREE_MIN <= int(text) <= DUREE_MAX:
        raise DomainError(
            f"Durée de la convention « {text} » : un nombre entier d'années "
            f"de {DUREE_MIN} à {DUREE_MAX}.",
            "duree_annees")
    return int(text)


def _signature(value: date | str | None, today: date) -> date:
    signed = parse_date(value, "date de signature")
    if signed is None:
        raise DomainError("Date de signature : obligatoire.", "date_signature")
    if signed > today:
        raise DomainError(f"Date de signature {format_date(signed)} : elle est dans le futur.",
                          "date_signature")
    return signed


def _denonciation(value: date | str | None, signed: date | None, today: date) -> date | None:
    when = parse_date(value, "date de dénonciation")
    if when is None:
        return None
    if when > today:
        raise DomainError(f"Date de dénonciation {format_date(when)} : elle est dans le futur.",
                          "date_denonciation")
    if signed is not None and when <= signed:
        raise DomainError(
            f"Date de dénonciation {format_date(when)} : elle doit suivre la signature "
            f"({format_date(signed)}).",
            "date_denonciation")
    return when


def validate_convention(
    signature: date | str | None,
    duree: int | str | None,
    today: date,
    denonciation: date | str | None = None,
) -> Convention:
    """All problems at once (one ValidationError), else the Convention: signature given, real and
    not in the future; duration 1 to 10 whole years; denunciation after signature, not in the future."""
    p = Problems()
    signed = p.check("date_signature", _signature, signature, today)
    years = p.check("duree_annees", _duree, duree)
    denounced = p.check("date_denonciation", _denonciation, denonciation, signed, today)
    p.raise_if_any()
    return Convention(signed, years, denounced)
