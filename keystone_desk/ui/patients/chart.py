"""PatientChart: one patient's chart — who they are, what must not be missed, and their intake.

The header names the patient (with preferred name), age and date of birth, sex and pronouns, phone
and email; red flags answered yes appear in a banner that cannot be overlooked, an unfinished
red-flag screen says "Red-flag screen not done" (and which questions were not asked) until every
question has an answer, and tendon-rupture risk factors sit beside them. Both stay above everything else, whatever is shown below. Below, two tabs: the episodes of
care (a timeline of episodes and notes with what is due, `EpisodesPanel`) first, because that is what
a therapist moving between patients needs, and the intake record in sections. Archiving (never
deleting) and restoring go through `PatientService` after a confirmation; edits are asked of the
main window through `edit_requested`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ConflictError, KeystoneError
from ...domain.intake import RED_FLAG_QUESTIONS, SEX_LABELS
from ...domain.patients import Patient
from ...domain.permissions import Permission
from ...services.patients import PatientChanged
from .. import messages
from ..charting.episodes_panel import EpisodesPanel
from ..display_text import format_date
from .intake_details import IntakeDetails

if TYPE_CHECKING:
    from ...services.session import ClinicSession

_BANNER_STYLES = {
    "red_flags": "background: #fdecea; color: #7a1712; border: 2px solid #b3261e;",
    "red_flag_screen": "background: #fff8e1; color: #5c3b00; border: 2px dashed #c77c02;",
    "risk": "background: #fff4e0; color: #5c3b00; border: 1px solid #c77c02;",
    "archived": "background: #eceff1; color: #37474f; border: 1px solid #90a4ae;",
}


class PatientChart(QWidget):
    edit_requested = Signal(int)
    patient_changed = Signal(object)  # services.patients.PatientChanged

    def __init__(self, session: ClinicSession, patient: Patient,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None, *,
                 settings: QSettings | None = None):
        super().__init__(parent)
        self._session = session
        self._settings = settings
        self._patients = session.patients
        self._patient = patient
        self._today = today
        self._build_ui()
        self._connect_signals()
        self._load()

    @property
    def patient(self) -> Patient:
        return self._patient

    @property
    def patient_id(self) -> int:
        return int(self._patient.id)

    @property
    def episodes(self) -> EpisodesPanel | None:
        """The episodes of care; None for a role that reads no clinical records."""
        return self._episodes

    def close_windows(self) -> bool:
        """Close the chart's note and measure windows; False if one asked to stay open."""
        return self._episodes is None or self._episodes.close_windows()

    def apply_change(self, change: PatientChanged) -> None:
        """Show the newer record if the change is about this patient; ignore anything else."""
        if change.patient.id == self._patient.id and change.patient.version >= self._patient.version:
            self._patient = change.patient
            self._load()

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._name = QLabel()
        name_font = QFont(self.font())
        name_font.setPointSizeF(name_font.pointSizeF() * 1.6)
        name_font.setBold(True)
        self._name.setFont(name_font)
        self._name.setAccessibleName(self.tr("Patient name"))
        self._facts = QLabel()
        self._contact = QLabel()
        for label in (self._name, self._facts, self._contact):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)

        self._edit = QPushButton(self.tr("&Edit details"))
        self._archive = QPushButton()
        buttons = QVBoxLayout()
        buttons.addWidget(self._edit)
        buttons.addWidget(self._archive)
        buttons.addStretch(1)
        self._edit.setVisible(self._session.can(Permission.PATIENT_EDIT))
        self._archive.setVisible(self._session.can(Permission.PATIENT_ARCHIVE))

        identity = QVBoxLayout()
        identity.setSpacing(4)
        identity.addWidget(self._name)
        identity.addWidget(self._facts)
        identity.addWidget(self._contact)
        header = QHBoxLayout()
        header.addLayout(identity, 1)
        header.addLayout(buttons)

        self._red_flags = self._banner("red_flags")
        self._red_flags.setAccessibleName(self.tr("Red flags"))
        self._screen = self._banner("red_flag_screen")
        self._screen.setAccessibleName(self.tr("Red-flag screen not done"))
        self._risk = self._banner("risk")
        self._risk.setAccessibleName(self.tr("Tendon rupture risk factors"))
        self._archived = self._banner("archived")
        self._archived.setAccessibleName(self.tr("Archived"))

        self._details = QScrollArea()
        self._details.setWidgetResizable(True)
        self._details.setFrameShape(QFrame.Shape.NoFrame)
        # Front desk and administrators see who the patient is, never the clinical record.
        self._episodes = EpisodesPanel(self._session, self._patient, self._today,
                                       settings=self._settings) \
            if self._session.can(Permission.CLINICAL_READ) else None
        self._record = QTabWidget()
        self._record.setObjectName("chart_record")
        self._record.setDocumentMode(True)
        if self._episodes is not None:
            self._record.addTab(self._episodes, self.tr("Episodes of &care"))
        self._record.addTab(self._details, self.tr("&Intake details"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 0)
        layout.setSpacing(10)
        layout.addLayout(header)
        for banner in (self._red_flags, self._screen, self._risk, self._archived):
            layout.addWidget(banner)
        layout.addWidget(self._record, 1)

    def _banner(self, kind: str) -> QLabel:
        banner = QLabel()
        banner.setObjectName(f"{kind}_banner")
        banner.setWordWrap(True)
        banner.setTextFormat(Qt.TextFormat.PlainText)
        banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner.setStyleSheet(f"QLabel {{ {_BANNER_STYLES[kind]} border-radius: 4px; "
                             "padding: 8px 12px; }")
        return banner

    def _connect_signals(self) -> None:
        self._edit.clicked.connect(self._on_edit_clicked)
        self._archive.clicked.connect(self._on_archive_clicked)

    def _load(self) -> None:
        patient, intake = self._patient, self._patient.intake
        self._name.setText(intake.display_name)
        self._facts.setText(" · ".join(part for part in (
            self.tr("{age} years").format(age=patient.age(self._today())),
            self.tr("born {date}").format(date=format_date(intake.date_of_birth)),
            self.tr(SEX_LABELS[intake.sex]), intake.pronouns) if part))
        self._contact.setText(" · ".join(part for part in (
            intake.mobile_phone, intake.home_phone, intake.email) if part))
        self._contact.setVisible(bool(self._contact.text()))
        self._show_banners()
        self._archive.setText(self.tr("&Restore patient") if patient.archived
                              else self.tr("&Archive patient"))
        details = IntakeDetails(patient)
        details.setContentsMargins(0, 10, 0, 10)  # clear of the tab bar above
        self._details.setWidget(details)
        if self._episodes is not None:
            self._episodes.set_patient(patient)

    def _show_banners(self) -> None:
        intake = self._patient.intake
        flags = [RED_FLAG_QUESTIONS[flag] for flag in RED_FLAG_QUESTIONS if flag in intake.red_flags]
        self._red_flags.setText("\n".join([
            "\u26a0 " + self.tr("RED FLAGS at intake: review before treating"),
            *(f"•  {self.tr(question)}" for question in flags),
        ]))
        self._red_flags.setVisible(bool(flags))
        not_asked = [RED_FLAG_QUESTIONS[flag] for flag in intake.red_flags_not_asked]
        self._screen.setText("\n".join([
            self.tr("Red-flag screen not done: {count} of {total} questions not asked yet. "
                    "Ask them and record the answers (Edit details).").format(
                count=len(not_asked), total=len(RED_FLAG_QUESTIONS)),
            *(f"•  {self.tr(question)}" for question in not_asked),
        ]))
        self._screen.setVisible(bool(not_asked))
        risks = intake.rupture_risk_factors()
        self._risk.setText(self.tr("Tendon rupture risk factors: {factors}").format(
            factors="; ".join(self.tr(risk) for risk in risks)))
        self._risk.setVisible(bool(risks))
        self._archived.setText(self.tr(
            "Archived: this record is kept but hidden from the patient list. "
            "Restore the patient to make them active again."))
        self._archived.setVisible(self._patient.archived)

    # --- actions -------------------------------------------------------------------------------

    def _on_edit_clicked(self) -> None:
        self.edit_requested.emit(self.patient_id)

    def _on_archive_clicked(self) -> None:
        archive = not self._patient.archived
        name = self._patient.display_name
        if archive:
            asked = messages.confirm(
                self, self.tr("Archive patient"),
                self.tr("Archive {name}?").format(name=name), self.tr("Archive"),
                informative=self.tr("The record is kept and can be restored; the patient no "
                                    "longer appears in the patient list unless you tick "
                                    "Show archived."))
        else:
            asked = messages.confirm(
                self, self.tr("Restore patient"),
                self.tr("Restore {name} to the patient list?").format(name=name),
                self.tr("Restore"))
        if asked:
            self._set_archived(archive)

    def _set_archived(self, archive: bool) -> None:
        try:
            change = self._patients.set_archived(self._session.user, self._patient.id, archive,
                                                 self._patient.version)
        except ConflictError as exc:
            messages.show_error(self, self.tr("Patient changed"), "\n\n".join((
                str(exc), self.tr("The chart now shows the latest version; check it and try "
                                  "again."))))
            self.apply_change(PatientChanged(self._patients.get(self._patient.id)))
            return
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Could not change the patient"), str(exc))
            return
        self.apply_change(change)
        self.patient_changed.emit(change)
