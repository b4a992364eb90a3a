"""All tables. Importing this package registers every model on ``Base.metadata``."""

from .base import Base, Entity, Tracked, utcnow
from .comptes import AuditEvenement, UtilisateurSite
from .cotraitance import Cotraitance, CotraitanceEtat, ObjectifAnnee, ObjectifLigne
from .jeunes import Evenement, Jeune, Programme
from .mission_jeunes import (
    ActionBranche, AgenceEmploi, BesoinFastt, ConventionAgence, DelegationInterim,
    FasttHistorique, OrientationAgence, OrientationFastt,
)
from .offres import Contact, Entreprise, EvaluationMrs, MiseEnRelation, Offre, OffreHistorique, PlateformeVocation
from .partenariats import EvenementPartenaire, TransmissionCv
from .referentiel import Organisation, Parametre, Site, Utilisateur

__all__ = [name for name in dir() if not name.startswith("_")]
