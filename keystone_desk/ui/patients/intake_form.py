"""IntakeForm: the window where the front desk registers a patient and a therapist completes intake.

Shows IntakeSections in a scroll area under a red-flag banner and an error summary, with Save
(Ctrl+S), for a new patient also "Save and open chart" (Ctrl+Shift+S), and Cancel (Esc). It opens
at a size that fits a 1366×768 screen; the sections scroll. Every write goes through
PatientService (register or update); the problems it reports are shown beneath their fields, and
nothing typed is lost when a save is refused. A new patient's form closes once saved (the chart
opens only when asked); an existing patient's form stays open and says "Saved".
Duplicates, edit conflicts and unsaved changes are settled by asking the person through
`IntakeForm._ask`, the one place this window shows a modal question (tests replace it). Opening
the existing record offers to copy the phone and email just typed into it (an ordinary update).
Must not import store or SQL.
"""

from __future__ import annotations

import html
from enum import Enum

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import (
    ConflictError,
    DuplicatePatientError,
    FieldProblem,
    KeystoneError,
    ValidationError,
)
from ...domain.intake import RedFlag
from ...domain.patients import Patient, PatientId
from ...domain.permissions import Permission
from ...services.patients import PatientChanged
from ...services.session import ClinicSession
from .. import messages
from ..display_text import format_local_time
from ..questions import Answer, Question, ask
from .contact_copy import new_contact_details, with_contact
from .intake_sections import IntakeSections

BANNER_STYLE = ("background: #fdecea; color: #5f1410; border: 1px solid #b3261e; "
                "border-radius: 4px; padding: 8px 10px;")
SUMMARY_STYLE = "color: #b3261e; font-weight: bold;"
STATUS_STYLE = "color: #1b5e20;"
HINT_STYLE = "color: #5f6368;"
_RED_FLAG_KEYS = frozenset(flag.value for flag in RedFlag)
_CONSENT_KEYS = ("consent_to_treat", "privacy_notice")
_PHONE_KEYS = frozenset({"mobile_phone", "home_phone"})
# Opens inside a 1366×768 screen less its task bar and title bar; the sections scroll.
DEFAULT_SIZE = (1000, 680)


class _Outcome(Enum):
    SAVED = "saved"
    REFUSED = "refused"  # nothing written; the form is as the person left it
    RELOADED = "reloaded"  # the person took someone else's newer version
    LEFT = "left"  # the person chose to open the existing record instead


class IntakeForm(QWidget):
    """Register a new patient, or view and edit an existing patient's intake record."""

    patient_saved = Signal(object)  # services.patients.PatientChanged
    # A patient's id whose chart should open: the one just saved ("Save and open chart"), or the
    # existing record chosen on a duplicate warning.
    open_patient_requested = Signal(int)

    def __init__(self, session: ClinicSession, patient: Patient | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)  # its own window even when given a parent
        self._session = session
        self._patients = session.patients
        self._patient = patient
        self._baseline: dict[str, object] = {}
        self._touched: set[str] = set()
        self._show_all_problems = False
        self._build_ui()
        self._connect_signals()
        self._load(patient)
        self._sections.fields["first_name"].input.setFocus()

    @property
    def patient(self) -> Patient | None:
        """The patient as last loaded or saved; None until a new patient is registered."""
        return self._patient

    def raw(self) -> dict[str, object]:
        """What the form holds now, in the shape PatientService takes."""
        return self._sections.raw()

    def is_dirty(self) -> bool:
        return self._sections.raw() != self._baseline

    # ----- building

    def _build_ui(self) -> None:
        self._fit_screen()
        self._banner = self._message_label("redFlagBanner", BANNER_STYLE)
        self._summary = self._message_label("errorSummary", SUMMARY_STYLE)
        legend = QLabel(self.tr("* Required      † Give at least one phone number"))
        legend.setStyleSheet(HINT_STYLE)
        self._sections = IntakeSections(day_first=self._patients.day_first)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setWidget(self._sections)
        self._status = self._message_label("saveStatus", STATUS_STYLE)
        self._status.setWordWrap(False)
        self._save_button = QPushButton(self.tr("Save"))
        self._save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self._save_open_button = QPushButton(self.tr("Save and open chart"))
        self._save_open_button.setToolTip(self.tr("Save, then open the patient's chart "
                                                  "(Ctrl+Shift+S)"))
        self._cancel_button = QPushButton(self.tr("Cancel"))
        self._cancel_button.setToolTip(self.tr("Close this window (Esc)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self._status)
        buttons.addStretch(1)
        buttons.addWidget(self._save_open_button)
        buttons.addWidget(self._save_button)
        buttons.addWidget(self._cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        for widget in (self._banner, self._summary, legend, self._scroll):
            layout.addWidget(widget)
        layout.setStretchFactor(self._scroll, 1)
        layout.addLayout(buttons)
        self._save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self._save_open_shortcut = QShortcut(QKeySequence("Ctrl+Shift+S"), self)
        self._close_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)

    def _fit_screen(self) -> None:
        width, height = DEFAULT_SIZE
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:  # a smaller screen still shows the whole window
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 24), min(height, room.height() - 48)
        self.resize(width, height)

    @staticmethod
    def _message_label(name: str, style: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        label.hide()
        return label

    def _connect_signals(self) -> None:
        self._sections.edited.connect(self._on_sections_edited)
        self._sections.left.connect(self._on_sections_left)
        self._save_button.clicked.connect(self._on_save_button_clicked)
        self._save_shortcut.activated.connect(self._on_save_button_clicked)
        self._save_open_button.clicked.connect(self._on_save_open_button_clicked)
        self._save_open_shortcut.activated.connect(self._on_save_open_button_clicked)
        self._cancel_button.clicked.connect(self.close)
        self._close_shortcut.activated.connect(self.close)

    def _load(self, patient: Patient | None) -> None:
        """Show `patient` (or a blank form) as the new starting point for unsaved-change checks."""
        self._patient = patient
        with QSignalBlocker(self._sections):
            self._sections.set_raw(patient.intake.to_raw() if patient else {})
        self._baseline = self._sections.raw()
        self._touched.clear()
        self._show_all_problems = False
        self._summary.hide()
        self._save_open_button.setVisible(patient is None)  # an existing patient's chart is open
        self._save_open_shortcut.setEnabled(patient is None)
        if patient is None:
            self.setWindowTitle(self.tr("New patient"))
        else:
            self.setWindowTitle(self.tr("Patient details — {name}").format(
                name=patient.display_name))
        self._update_banner()
        self._update_consent_record()

    # ----- reacting to typing

    def _on_sections_edited(self, key: str) -> None:
        self._status.hide()
        if key in _RED_FLAG_KEYS:
            self._update_banner()
        if key in _CONSENT_KEYS:
            self._update_consent_record()
        if self._sections.fields[key].commits_on_change:
            self._touched.add(key)
        if self._touched or self._show_all_problems:
            self._revalidate()

    def _on_sections_left(self, key: str) -> None:
        self._touched.add(key)
        self._revalidate()

    def _revalidate(self) -> None:
        """Show problems of the fields the person has finished with (of all, after a Save)."""
        raw = self._sections.raw()
        try:
            self._patients.validate(raw)
            problems: list[FieldProblem] = []
        except ValidationError as error:
            problems = [p for p in error.problems if self._may_show(p, raw)]
        self._show_problems(problems, focus=False)

    def _may_show(self, problem: FieldProblem, raw: dict[str, object]) -> bool:
        if self._show_all_problems:
            return True
        if problem.field == "mobile_phone" and not str(raw["mobile_phone"]).strip():
            return self._touched >= _PHONE_KEYS  # "at least one phone": wait until both were passed
        return problem.field in self._touched

    def _show_problems(self, problems: list[FieldProblem], *, focus: bool) -> None:
        unplaced = self._sections.show_problems(problems)
        if not (self._show_all_problems and problems):
            self._summary.hide()
        else:
            names = [self._sections.plain_label(key) for key in self._sections.fields
                     if any(p.field == key for p in problems)]
            names += [f"{p.field}: {self.tr(p.message)}" for p in unplaced]
            self._summary.setText(self.tr("Not saved. Please check: {fields}.").format(
                fields="; ".join(names)))
            self._summary.show()
        first = self._sections.first_field_in_error()
        if focus and first is not None:
            first.input.setFocus(Qt.FocusReason.OtherFocusReason)
            self._scroll.ensureWidgetVisible(first.cell)

    def _update_banner(self) -> None:
        positives = self._sections.positive_red_flags()
        title = self.tr("Red flag — tell the therapist before treatment / consider referral")
        lines = [f"<b>{html.escape(title)}</b>"]
        lines += [f"• {html.escape(question)}" for question in positives]
        self._banner.setText("<br>".join(lines))
        self._banner.setVisible(bool(positives))

    def _update_consent_record(self) -> None:
        consent = self._patient.consent if self._patient else None
        given = any(self._sections.fields[key].value() is True for key in _CONSENT_KEYS)
        if consent is not None and consent.recorded_at is not None:
            text = self.tr("Recorded {when} by {name}").format(
                when=format_local_time(consent.recorded_at), name=consent.recorded_by)
            if not given:
                text += self.tr(" — cleared when you save, as neither box is ticked")
        elif given:
            text = self.tr("Will be recorded as given by {name} when you save.").format(
                name=self._session.user.display_name)
        else:
            text = self.tr("Not given yet.")
        self._sections.consent_record.setText(text)

    # ----- saving

    def _on_save_button_clicked(self) -> None:
        was_new = self._patient is None
        outcome = self._save()
        if outcome is _Outcome.LEFT or (outcome is _Outcome.SAVED and was_new):
            self.close()

    def _on_save_open_button_clicked(self) -> None:
        if self._patient is not None:
            return
        outcome = self._save()
        if outcome is _Outcome.SAVED and self._patient is not None:
            self.open_patient_requested.emit(int(self._patient.id))
        if outcome in (_Outcome.SAVED, _Outcome.LEFT):
            self.close()

    def _save(self) -> _Outcome:
        self._show_all_problems = True
        return self._attempt(self._sections.raw())

    def _attempt(self, raw: dict[str, object], *, allow_duplicate: bool = False,
                 version: int | None = None) -> _Outcome:
        try:
            if self._patient is None:
                changed = self._patients.register(self._session.user, raw,
                                                  allow_duplicate=allow_duplicate)
            else:
                expected = self._patient.version if version is None else version
                changed = self._patients.update(self._session.user, self._patient.id, raw, expected)
        except ValidationError as error:
            self._show_problems(error.problems, focus=True)
            return _Outcome.REFUSED
        except DuplicatePatientError as error:
            return self._settle_duplicate(raw, error)
        except ConflictError as error:
            return self._settle_conflict(raw, error)
        return self._saved(changed)

    def _saved(self, changed: PatientChanged) -> _Outcome:
        self._load(changed.patient)
        if not changed.created:
            self._status.setText(self.tr("Saved at {time}.").format(
                time=f"{changed.patient.updated_at.astimezone():%H:%M}"))
            self._status.show()
        self.patient_saved.emit(changed)
        return _Outcome.SAVED

    def _settle_duplicate(self, raw: dict[str, object], error: DuplicatePatientError) -> _Outcome:
        answer = self._ask(Question(
            self.tr("Possible duplicate"),
            self.tr("A patient with this name and date of birth already exists."),
            ((Answer.OPEN_EXISTING, self.tr("Open existing record")),
             (Answer.SAVE_ANYWAY, self.tr("Save as a new patient anyway")),
             (Answer.CANCEL, self.tr("Cancel"))),
            Answer.OPEN_EXISTING,
            self.tr("Registering the same person twice splits their chart. Save a new record "
                    "only if this is a different person."),
        ))
        if answer is Answer.SAVE_ANYWAY:
            return self._attempt(raw, allow_duplicate=True)
        if answer is Answer.OPEN_EXISTING:
            return self._open_existing(raw, PatientId(error.existing_ids[0]))
        return _Outcome.REFUSED

    def _open_existing(self, raw: dict[str, object], existing_id: PatientId) -> _Outcome:
        """Leave the typing for the existing record, first copying the new phone or email into
        it if the person says so (an ordinary update: audited, over the version just read)."""
        existing = self._patients.get(existing_id)
        contact = new_contact_details(raw, existing.intake) \
            if self._session.can(Permission.PATIENT_EDIT) else {}
        if contact:
            labels = {key: self._sections.plain_label(key) for key in contact}
            lines = [self.tr("{field}: {typed} (on the record: {current})").format(
                field=labels[key], typed=typed,
                current=getattr(existing.intake, key) or self.tr("none"))
                for key, typed in contact.items()]
            answer = self._ask(Question(
                self.tr("Copy the new contact details?"),
                self.tr("You typed contact details that {name}'s record does not have:\n{lines}")
                .format(name=existing.display_name, lines="\n".join(lines)),
                ((Answer.COPY_CONTACT, self.tr("Copy them and open")),
                 (Answer.OPEN_ONLY, self.tr("Open without copying")),
                 (Answer.CANCEL, self.tr("Back to the form"))),
                Answer.COPY_CONTACT,
                self.tr("Everything else you typed here is discarded; the rest of the record "
                        "stays as it is."),
            ))
            if answer is Answer.CANCEL or (
                    answer is Answer.COPY_CONTACT and not self._copy_contact(existing, contact)):
                return _Outcome.REFUSED
        elif self._ask(Question(
            self.tr("Discard what you typed?"),
            self.tr("Opening the existing record closes this form without saving what you typed."),
            ((Answer.DISCARD, self.tr("Discard and open")),
             (Answer.CANCEL, self.tr("Back to the form"))),
            Answer.CANCEL,
        )) is not Answer.DISCARD:
            return _Outcome.REFUSED
        self._baseline = raw  # left on purpose: closing must not ask again
        self.open_patient_requested.emit(int(existing_id))
        return _Outcome.LEFT

    def _copy_contact(self, existing: Patient, contact: dict[str, str]) -> bool:
        try:
            changed = self._patients.update(self._session.user, existing.id,
                                            with_contact(existing.intake, contact),
                                            existing.version)
        except KeystoneError as error:  # changed meanwhile, or the old record needs attention
            messages.show_error(self, self.tr("Contact details not copied"), "\n\n".join((
                str(error), self.tr("Nothing was copied; the form is as you left it."))))
            return False
        self.patient_saved.emit(changed)
        return True

    def _settle_conflict(self, raw: dict[str, object], error: ConflictError) -> _Outcome:
        assert self._patient is not None  # only an update can conflict
        answer = self._ask(Question(
            self.tr("Someone else changed this patient"),
            self.tr("{name} was saved by someone else while you were editing.").format(
                name=self._patient.display_name),
            ((Answer.RELOAD, self.tr("Reload their version")),
             (Answer.KEEP_MINE, self.tr("Keep mine")),
             (Answer.CANCEL, self.tr("Cancel"))),
            Answer.CANCEL,
            self.tr("Reload their version to see it (what you typed here is discarded), or keep "
                    "yours to save it over theirs."),
        ))
        if answer is Answer.RELOAD:
            self._load(self._patients.get(self._patient.id))
            self._status.setText(self.tr("Reloaded the version saved by someone else."))
            self._status.show()
            return _Outcome.RELOADED
        if answer is Answer.KEEP_MINE:
            # Overwrite exactly the version the person was warned about; anything newer asks again.
            return self._attempt(raw, version=error.actual_version)
        return _Outcome.REFUSED

    # ----- closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty() and not self._settle_unsaved():
            event.ignore()
            return
        event.accept()

    def _settle_unsaved(self) -> bool:
        """True when the window may close: changes saved, or deliberately discarded."""
        answer = self._ask(Question(
            self.tr("Unsaved changes"),
            self.tr("Save the changes to this patient before closing?"),
            ((Answer.SAVE, self.tr("Save")), (Answer.DISCARD, self.tr("Discard")),
             (Answer.CANCEL, self.tr("Cancel"))),
            Answer.SAVE,
        ))
        if answer is Answer.SAVE:
            return self._save() in (_Outcome.SAVED, _Outcome.LEFT)
        return answer is Answer.DISCARD

    def _ask(self, question: Question) -> Answer:
        """Ask a modal question and wait for the answer; Esc or closing the box means Cancel."""
        return ask(self, question, QMessageBox.Icon.Warning)
