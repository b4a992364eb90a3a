"""A delegation in temporary work: agency, client company, contract, dates and hours."""

from __future__ import annotations

from ...domain import interim as it
from ...domain.errors import DomainError
from ..dialogs.forms import date_edit, get_date
from .common import FormDialog, agency_combo, cell_text, code_combo, line


class DelegationDialog(FormDialog):
    def __init__(self, services, jeune_id, delegation=None, parent=None):
        title = "Délégation en mission d'intérim"
        super().__init__(title if delegation is None else f"{title} — {delegation.jeune_nom}", parent)
        self.services, self.jeune_id, self.delegation = services, jeune_id, delegation
        d = delegation
        self.agence = self.add("agence", "&Agence d'emploi *",
                               agency_combo(services, d.agence_id if d else None))
        self.entreprise = self.add("entreprise_utilisatrice", "&Entreprise utilisatrice",
                                   line(d.entreprise_utilisatrice if d else None, "si elle est connue", 200))
        self.contrat = self.add("type_contrat", "&Contrat *",
                                code_combo(it.TYPES_CONTRAT_INTERIM, d.type_contrat if d else "mission"))
        start = d.date_debut if d else services.ctx.today()
        self.debut = self.add("date_debut", "&Début *", date_edit(start, False))
        self.fin = self.add("date_fin", "&Fin", date_edit(d.date_fin if d else None))
        self.fin.setToolTip("Obligatoire pour une mission ou un CDD ; vide possible pour un CDI")
        self.heures = self.add("heures", "&Heures *", line(cell_text(d.heures) if d else None,
                                                          "total de la délégation, ex. 35 ou 151,67"))
        self.resize(480, self.sizeHint().height())

    def save(self):
        if self.agence.count() == 0:
            raise DomainError("Aucune agence d'emploi : créez-la d'abord depuis la page Mission Jeunes.",
                              "agence")
        data = it.DelegationInput(get_date(self.debut), get_date(self.fin), self.heures.text(),
                                  self.contrat.currentData(), self.entreprise.text())
        d = self.delegation
        return self.services.interim.save_delegation(self.jeune_id, self.agence.currentData(), data,
                                                     d.id if d else None, d.version if d else None)
