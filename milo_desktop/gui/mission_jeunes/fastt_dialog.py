"""The FASTT referral as a short guided form (four steps), and the follow-up step dialog.

Steps: the planned mission, the needs (by category, with a short detail for the FASTT) and the
urgency, how to reach the young person, and the consent recorded explicitly (who, when, scope).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QGridLayout, QLabel, QPlainTextEdit, QRadioButton, QScrollArea,
    QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from ...domain import fastt as ft
from ...domain.dates import format_date
from ...domain.errors import DomainError, ValidationError
from ..dialogs.forms import ErrorLabel, date_edit, get_date
from .common import FormDialog, agency_combo, code_combo, line, phone_text


def _labelled(*rows: tuple[str, QWidget]) -> QGridLayout:
    """Label (with its shortcut on the field) beside each field, the fields taking the width."""
    grid = QGridLayout()
    for row, (text, widget) in enumerate(rows):
        grid.addWidget(QLabel(text, buddy=widget), row, 0)
        grid.addWidget(widget, row, 1)
    grid.setColumnStretch(1, 1)
    return grid

CONSENT_HELP = ("Demandez au jeune son accord et cochez ce qu'il accepte. Sans accord pour être "
                "contacté par le FASTT, l'orientation est enregistrée mais reste « préparée » : elle "
                "ne peut pas être envoyée.")
DETAIL_HINT = "Précision pour le FASTT (facultatif)"


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.body = QVBoxLayout(self)
        self.error = ErrorLabel()

    def finish_layout(self) -> None:
        self.body.addStretch(1)
        self.body.addWidget(self.error)

    def check(self, func) -> bool:
        try:
            func()
        except DomainError as err:
            self.error.show_error(err)
            return False
        self.error.clear_error()
        return True


class FasttWizard(QWizard):
    """Prepare (or edit, while « préparée ») a FASTT referral for one young person."""

    def __init__(self, services, jeune_id, referral=None, parent=None):
        super().__init__(parent)
        self.services, self.jeune_id, self.referral = services, jeune_id, referral
        self.saved = None
        self.contact = services.fastt.jeune_contact(jeune_id)
        self.setWindowTitle(f"Orientation FASTT — {self.contact.prenom} {self.contact.nom}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        for button, label in ((QWizard.WizardButton.NextButton, "&Suivant >"),
                              (QWizard.WizardButton.BackButton, "< &Précédent"),
                              (QWizard.WizardButton.FinishButton, "&Enregistrer"),
                              (QWizard.WizardButton.CancelButton, "Annuler")):
            self.setButtonText(button, label)
        for page in (self._mission_page(), self._needs_page(), self._contact_page(), self._consent_page()):
            self.addPage(page)
        self.resize(720, 600)

    # --- step 1: the planned mission ------------------------------------------------------
    def _mission_page(self) -> QWizardPage:
        page = _Page("1. La mission prévue",
                     "L'agence d'emploi et la date de début, si elles sont connues.")
        r = self.referral
        self.agence = agency_combo(self.services, r.agence_id if r else None, optional=True)
        # An agency not yet among the agences d'emploi may be typed: it is kept as written.
        self.agence.setEditable(True)
        self.agence.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if r is not None and r.agence_id is None and r.agence_nom:
            self.agence.setEditText(r.agence_nom)
        self.debut_mission = date_edit(r.date_debut_mission if r else None)
        page.body.addLayout(_labelled(("&Agence d'emploi", self.agence),
                                      ("&Début de mission prévu", self.debut_mission)))
        page.finish_layout()
        page.validatePage = lambda: page.check(self.debut_mission.value)  # a wrong date stops here
        return page

    # --- step 2: needs and urgency --------------------------------------------------------
    def _needs_page(self) -> QWizardPage:
        page = _Page("2. Les besoins", "Cochez au moins un besoin. La précision est transmise au FASTT : "
                                       "des faits pratiques, jamais de diagnostic médical.")
        details = dict(self.referral.besoins) if self.referral else {}
        self.need_boxes: dict[str, tuple[QCheckBox, object]] = {}
        grid, row = QGridLayout(), 0
        for cat in ft.CATEGORIES:
            if cat.besoins:  # a category without sub-needs is its own check box
                grid.addWidget(QLabel(f"<b>{cat.libelle}</b>"), row, 0, 1, 2)
                row += 1
            for code, label in cat.besoins or ((cat.code, cat.libelle),):
                box, detail = QCheckBox(label), line(details.get(code), DETAIL_HINT, ft.DETAIL_MAX)
                box.setChecked(code in details)
                detail.setEnabled(code in details)
                box.toggled.connect(detail.setEnabled)
                grid.addWidget(box, row, 0)
                grid.addWidget(detail, row, 1)
                self.need_boxes[code] = (box, detail)
                row += 1
        grid.setColumnStretch(1, 1)
        holder = QWidget()
        holder.setLayout(grid)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(holder)
        page.body.addWidget(scroll, 1)
        self.urgence = QCheckBox("&Urgence : besoin à régler sous 48 heures (logique SOS du FASTT)")
        self.urgence.setChecked(bool(self.referral and self.referral.urgence_sos))
        page.body.addWidget(self.urgence)
        page.body.addWidget(page.error)
        page.validatePage = lambda: page.check(self._check_needs)
        return page

    def besoins(self) -> list[tuple[str, str | None]]:
        return [(code, detail.text()) for code, (box, detail) in self.need_boxes.items() if box.isChecked()]

    def _check_needs(self) -> None:
        try:
            ft.validate_referral(ft.ReferralInput(self.besoins(), preference_contact="telephone"),
                                 self.services.ctx.today())
        except ValidationError as err:
            problems = {k: v for k, v in err.problems.items() if k.startswith("besoins")}
            if problems:
                raise ValidationError(problems) from None

    # --- step 3: contact ------------------------------------------------------------------
    def _contact_page(self) -> QWizardPage:
        page = _Page("3. Le contact", "Comment et quand le FASTT peut joindre le jeune.")
        r, c = self.referral, self.contact
        self.preference = code_combo(ft.PREFERENCES_CONTACT, r.preference_contact if r else "telephone")
        self.disponibilites = line(r.disponibilites if r else None, "ex. en semaine après 17 h",
                                   ft.DISPONIBILITES_MAX)
        known = QLabel(f"Téléphone du jeune : {phone_text(c.telephone) or 'non renseigné'} — "
                       f"E-mail : {c.email or 'non renseigné'}")
        known.setWordWrap(True)
        page.body.addLayout(_labelled(("&Préférence de contact", self.preference),
                                      ("&Disponibilités", self.disponibilites)))
        page.body.addWidget(known)
        page.finish_layout()
        page.validatePage = lambda: page.check(self._check_contact)
        return page

    def _check_contact(self) -> None:
        pref = self.preference.currentData()
        if pref in ("telephone", "sms") and not self.contact.telephone:
            raise DomainError("Le téléphone du jeune n'est pas renseigné : complétez sa fiche ou "
                              "choisissez l'e-mail.", "preference_contact")
        if pref == "email" and not self.contact.email:
            raise DomainError("L'e-mail du jeune n'est pas renseigné : complétez sa fiche ou choisissez "
                              "le téléphone.", "preference_contact")

    # --- step 4: consent ------------------------------------------------------------------
    def _consent_page(self) -> QWizardPage:
        page = _Page("4. Le consentement du jeune", CONSENT_HELP)
        consent = self.referral.consent if self.referral else ft.Consent()
        self.consent_contact = QCheckBox("Le jeune accepte d'être &contacté par le FASTT")
        self.consent_synthese = QCheckBox("Le jeune accepte que le FASTT transmette à son conseiller la "
                                          "&synthèse de l'entretien et ses préconisations")
        self.consent_contact.setChecked(consent.contact_fastt)
        self.consent_synthese.setChecked(consent.retour_synthese)
        self.consent_date = date_edit(consent.date or self.services.ctx.today(), False)
        self.consent_by = line(consent.recueilli_par or self.services.ctx.user.nom_complet, "", 120)
        for w in (self.consent_contact, self.consent_synthese):
            page.body.addWidget(w)
        page.body.addLayout(_labelled(("Accord recueilli &le", self.consent_date),
                                      ("Accord recueilli &par", self.consent_by)))
        self.consent_state = QLabel()
        self.consent_state.setWordWrap(True)
        page.body.addWidget(self.consent_state)
        for box in (self.consent_contact, self.consent_synthese):
            box.toggled.connect(self._consent_changed)
        self._consent_changed()
        page.finish_layout()
        self.consent_page = page
        return page

    def consent(self) -> ft.Consent:
        contact, synthese = self.consent_contact.isChecked(), self.consent_synthese.isChecked()
        given = contact or synthese
        return ft.Consent(given, get_date(self.consent_date) if given else None,
                          self.consent_by.text() if given else None, contact, synthese)

    def _consent_changed(self) -> None:
        given = self.consent_contact.isChecked() or self.consent_synthese.isChecked()
        self.consent_date.setEnabled(given)
        self.consent_by.setEnabled(given)
        self.consent_state.setText(
            "L'orientation pourra être envoyée au FASTT." if self.consent_contact.isChecked() else
            "Sans accord pour être contacté, l'orientation restera « préparée ».")

    # --- saving ---------------------------------------------------------------------------
    def agence_choice(self) -> tuple[object, str | None]:
        """(agency id, None) for an agency of the list, (None, text) for one typed."""
        typed = self.agence.currentText().strip()
        index = self.agence.findText(typed)
        if index >= 0:
            return self.agence.itemData(index), None
        return None, typed or None

    def referral_input(self) -> ft.ReferralInput:
        return ft.ReferralInput(self.besoins(), self.urgence.isChecked(), self.preference.currentData(),
                                self.disponibilites.text(), self.agence_choice()[1],
                                get_date(self.debut_mission))

    def accept(self) -> None:
        fastt, r = self.services.fastt, self.referral
        try:
            if r is None:
                self.saved = fastt.prepare(self.jeune_id, self.referral_input(), self.consent(),
                                           self.agence_choice()[0])
            else:
                self.saved = fastt.update(r.id, self.referral_input(), self.consent(),
                                          self.agence_choice()[0], r.version)
        except DomainError as err:
            self.currentPage().error.show_error(err)
            return
        from ..dialogs.messages import say_saved
        say_saved(self.parentWidget(), "Orientation FASTT enregistrée.")
        super().accept()


# ---------------------------------------------------------------- follow-up


STEP_HELP = {
    "envoyee": "L'orientation a été transmise au FASTT (e-mail avec la fiche envoyé).",
    "entretien_realise": "Le FASTT a réalisé l'entretien téléphonique avec le jeune.",
    "injoignable": "Le FASTT signale qu'il n'a pas pu joindre le jeune.",
    "synthese_recue": "La synthèse et les préconisations du FASTT sont arrivées.",
    "cloturee": "Le suivi de cette orientation est terminé.",
}


class StepDialog(FormDialog):
    """The next dated step of a referral: the allowed statuses only, today by default."""

    def __init__(self, services, referral, parent=None):
        super().__init__(f"Suivi de l'orientation FASTT — {referral.jeune_prenom} {referral.jeune_nom}",
                         parent)
        self.services, self.referral = services, referral
        history = "<br>".join(f"{format_date(s.date)} — {s.statut_label}" for s in referral.historique)
        self.form.addRow("Étapes", QLabel(history or "—"))
        self.choices = QButtonGroup(self)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        for i, code in enumerate(referral.transitions):
            radio = QRadioButton(f"{ft.statut_libelle(code)} — {STEP_HELP.get(code, '')}")
            radio.setProperty("code", code)
            radio.setChecked(i == 0)
            self.choices.addButton(radio)
            box.addWidget(radio)
        self.add("statut", "&Nouvelle étape", holder)
        self.when = self.add("date", "&Date de l'étape", date_edit(services.ctx.today(), False))
        self.recommandations = QPlainTextEdit()
        self.recommandations.setPlaceholderText("Préconisations du FASTT (résumé utile au suivi)")
        self.recommandations.setTabChangesFocus(True)
        self.add("recommandations", "&Préconisations", self.recommandations)
        self.choices.buttonToggled.connect(lambda *_: self._toggle())
        self._toggle()
        self.resize(560, self.sizeHint().height())

    def step(self) -> str | None:
        checked = self.choices.checkedButton()
        return checked.property("code") if checked else None

    def choose(self, code: str) -> None:
        for b in self.choices.buttons():
            if b.property("code") == code:
                b.setChecked(True)

    def _toggle(self) -> None:
        synthese = self.step() == "synthese_recue"
        self.recommandations.setEnabled(synthese)
        self.form.setRowVisible(self.recommandations, synthese)

    def save(self):
        step = self.step()
        if step is None:
            raise DomainError("Cette orientation est clôturée : plus aucune étape possible.", "statut")
        return self.services.fastt.advance(self.referral.id, step, get_date(self.when),
                                           self.recommandations.toPlainText(), self.referral.version)

