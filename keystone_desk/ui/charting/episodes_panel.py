"""EpisodesPanel: a patient's episodes of care as a timeline, with what is due and the note actions.

The timeline is an `EpisodeTreeModel` in an `EpisodeTimelineView`: episodes newest first, each with its notes;
what is due for an episode (unsigned notes, a progress note or re-evaluation due, no evaluation
yet, from `EpisodeService.due`) shows in its row and, spelled out, under the timeline for the
selected episode. Beside it are the actions: start an episode, write a note of each kind in the
selected episode (a daily note copies forward the last visit note's objective and plan), open a
note, see the episode's outcome measures, build its home program (ui/programs), discharge.

Notes and outcome measures open in their own windows (`ChartWindows` keeps them, one per note and
per episode); the panel refreshes the episode when a note is saved or signed there, and offers to
discharge the episode when its discharge summary is signed. Talks to the clinic's services only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.charting import Episode, EpisodeId, EpisodeStatus, Note, NoteHeader, NoteKind
from ...domain.errors import ConflictError, KeystoneError, ValidationError
from ...domain.patients import Patient
from .. import messages
from ..display_text import format_date
from ..programs.windows import close_program_builders, open_program_builder
from .chart_windows import ChartWindows
from .episode_dialogs import EvaluationTemplateDialog, NewEpisode, NewEpisodeDialog
from .episode_model import EpisodeTreeModel, NoteRole
from .timeline_view import EpisodeTimelineView

if TYPE_CHECKING:
    from ...services.session import ClinicSession

DUE_STYLE = ("QLabel { background: #fff4e0; color: #5c3b00; border: 1px solid #c77c02; "
             "border-radius: 4px; padding: 6px 10px; }")
CLEAR_STYLE = "QLabel { color: #37474f; padding: 6px 10px; }"


class EpisodesPanel(QWidget):
    def __init__(self, session: ClinicSession, patient: Patient,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None, *,
                 settings: QSettings | None = None):
        super().__init__(parent)
        self._session = session
        self._patient = patient
        self._today = today
        self._windows = ChartWindows(session, self, settings)
        self._new_episode_dialog: NewEpisodeDialog | None = None
        self._build_ui()
        self._connect_signals()
        self._load()

    # --- public --------------------------------------------------------------------------------

    @property
    def model(self) -> EpisodeTreeModel:
        return self._model

    @property
    def view(self) -> EpisodeTimelineView:
        return self._view

    def set_patient(self, patient: Patient) -> None:
        """A newer record of the same patient (used for suggested episode titles)."""
        self._patient = patient

    def selected_episode(self) -> Episode | None:
        return self._view.selected_episode()

    def selected_note(self) -> Note | None:
        return self._view.selected_note()

    def editor_for(self, note_id: int) -> QWidget | None:
        """The note's editor window, if the panel has opened it."""
        return self._windows.editor_for(note_id)

    def measures_window_for(self, episode_id: int) -> QDialog | None:
        return self._windows.measures_window_for(episode_id)

    def plan_window_for(self, episode_id: int) -> QWidget | None:
        return self._windows.plan_window_for(episode_id)

    def return_to_run_window_for(self, episode_id: int) -> QWidget | None:
        return self._windows.return_to_run_window_for(episode_id)

    def refresh(self) -> None:
        """Read every episode again, keeping what was expanded and selected."""
        episodes = self._session.episodes.for_patient(self._patient.id)
        today = self._today()
        self._view.show_episodes(episodes, {int(e.id): self._session.episodes.due(e, today)
                                            for e in episodes})
        self._on_selection_changed()

    def refresh_episode(self, episode_id: int) -> None:
        """Read one episode again (after a note was saved or signed) and show it in place."""
        episode = self._session.episodes.get(EpisodeId(episode_id))
        self._view.show_episode(episode, self._session.episodes.due(episode, self._today()))
        self._on_selection_changed()

    def open_note(self, note_id: int) -> QWidget | None:
        """Show the note in its editor window, bringing it forward if it is already open."""
        try:
            return self._windows.open_note(note_id)
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Cannot open the note"), str(exc))
            return None

    def close_windows(self) -> bool:
        """Close the note and measure windows (an editor with unsaved typing may refuse)."""
        return self._windows.close_all() and close_program_builders(self)

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._view = EpisodeTimelineView()
        self._model = self._view.episode_model
        self._view.setAccessibleName(self.tr("Episodes of care"))
        self._due = QLabel()
        self._due.setObjectName("due_summary")
        self._due.setAccessibleName(self.tr("Due for the selected episode"))
        self._due.setWordWrap(True)
        self._due.setTextFormat(Qt.TextFormat.PlainText)
        self._due.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._status = QLabel()
        self._status.setObjectName("panel_status")
        self._status.setWordWrap(True)
        self._status.setStyleSheet("QLabel { color: #5f6368; }")
        self._status.hide()

        timeline = QVBoxLayout()
        timeline.setSpacing(8)
        timeline.addWidget(self._view, 1)
        timeline.addWidget(self._due)
        timeline.addWidget(self._status)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(12)
        layout.addLayout(timeline, 1)
        layout.addLayout(self._build_actions())

    def _build_actions(self) -> QVBoxLayout:
        self._new_episode = QPushButton(self.tr("&New episode…"))
        self._new_evaluation = QPushButton(self.tr("New e&valuation…"))
        self._new_note = {
            NoteKind.DAILY: QPushButton(self.tr("&Daily note")),
            NoteKind.PROGRESS: QPushButton(self.tr("&Progress note")),
            NoteKind.REEVALUATION: QPushButton(self.tr("Re-eva&luation")),
            NoteKind.DISCHARGE: QPushButton(self.tr("Discharge &summary")),
        }
        self._plan_of_care = QPushButton(self.tr("Plan of &care…"))
        self._return_to_run = QPushButton(self.tr("&Return to running…"))
        self._open = QPushButton(self.tr("&Open note"))
        self._measures = QPushButton(self.tr("Outcome &measures"))
        self._home_program = QPushButton(self.tr("Home pro&gram"))
        self._home_program.setToolTip(self.tr("Build the episode's home exercise program, print "
                                              "it, and see what was handed out"))
        self._discharge = QPushButton(self.tr("Disc&harge episode…"))
        self._new_episode.setToolTip(self.tr("Start an episode of care for a new problem"))
        self._new_note[NoteKind.DAILY].setToolTip(self.tr(
            "A visit note; objective and plan are copied from the last visit note"))
        self._open.setToolTip(self.tr("Open the selected note (Enter or double-click)"))

        actions = QVBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self._new_episode)
        actions.addSpacing(10)
        write = QLabel(self.tr("In this episode"))
        write.setStyleSheet("QLabel { color: #5f6368; }")
        actions.addWidget(write)
        for button in (self._new_evaluation, *self._new_note.values()):
            actions.addWidget(button)
        for button in (self._plan_of_care, self._return_to_run):
            actions.addWidget(button)
        actions.addSpacing(10)
        for button in (self._open, self._measures, self._home_program, self._discharge):
            actions.addWidget(button)
        actions.addStretch(1)
        return actions

    def _connect_signals(self) -> None:
        self._view.selectionModel().currentChanged.connect(self._on_selection_changed)
        self._view.activated.connect(self._on_view_activated)
        self._new_episode.clicked.connect(self._on_new_episode_clicked)
        self._new_evaluation.clicked.connect(self._on_new_evaluation_clicked)
        self._plan_of_care.clicked.connect(self._on_plan_of_care_clicked)
        self._return_to_run.clicked.connect(self._on_return_to_run_clicked)
        for button in self._new_note.values():
            button.clicked.connect(self._on_new_note_clicked)
        self._open.clicked.connect(self._on_open_clicked)
        self._measures.clicked.connect(self._on_measures_clicked)
        self._home_program.clicked.connect(self._on_home_program_clicked)
        self._discharge.clicked.connect(self._on_discharge_clicked)
        self._windows.note_saved.connect(self._on_windows_note_saved)
        self._windows.note_signed.connect(self._on_windows_note_signed)
        self._windows.results_changed.connect(self.refresh_episode)

    def _load(self) -> None:
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_windows():
            event.ignore()
            return
        super().closeEvent(event)

    # --- selection -----------------------------------------------------------------------------

    def _on_selection_changed(self, *_: Any) -> None:
        episode, note = self.selected_episode(), self.selected_note()
        is_open = episode is not None and episode.status is EpisodeStatus.OPEN
        self._new_evaluation.setEnabled(is_open)
        self._plan_of_care.setEnabled(episode is not None)
        self._return_to_run.setEnabled(episode is not None)
        for button in self._new_note.values():
            button.setEnabled(is_open)
        self._discharge.setEnabled(is_open)
        self._measures.setEnabled(episode is not None)
        self._home_program.setEnabled(episode is not None)
        self._open.setEnabled(note is not None)
        self._show_due(episode)

    def _show_due(self, episode: Episode | None) -> None:
        if episode is None:
            self._due.setStyleSheet(CLEAR_STYLE)
            self._due.setText(self.tr("No episodes of care yet. Start one with New episode.")
                              if not self._model.rowCount() else "")
            return
        if episode.status is EpisodeStatus.DISCHARGED:
            self._due.setStyleSheet(CLEAR_STYLE)
            self._due.setText(self.tr("{title}: discharged {date}.").format(
                title=episode.title, date=format_date(episode.closed_on)))
            return
        due = self._model.due_for(int(episode.id))
        if not due:
            self._due.setStyleSheet(CLEAR_STYLE)
            self._due.setText(self.tr("Nothing due for {title}.").format(title=episode.title))
            return
        self._due.setStyleSheet(DUE_STYLE)
        self._due.setText("\n".join([
            "\u26a0 " + self.tr("Due for {title}:").format(title=episode.title),
            *(f"•  {item.message}" for item in due)]))

    # --- starting an episode -------------------------------------------------------------------

    def _on_new_episode_clicked(self) -> None:
        if self._new_episode_dialog is not None and self._new_episode_dialog.isVisible():
            self._new_episode_dialog.raise_()
            return
        dialog = NewEpisodeDialog(self._patient.intake, self._today(), self)
        dialog.submitted.connect(self._on_new_episode_dialog_submitted)
        dialog.finished.connect(self._on_new_episode_dialog_finished)
        self._new_episode_dialog = dialog
        dialog.open()

    def _on_new_episode_dialog_submitted(self, values: NewEpisode) -> None:
        dialog = self._new_episode_dialog
        try:
            episode = self._session.episodes.open_episode(
                self._session.user, self._patient.id, values.title, values.condition, values.side,
                values.opened_on)
        except ValidationError as exc:
            if dialog is not None:
                dialog.show_problems(exc.problems)
            return
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Could not start the episode"), str(exc))
            return
        if dialog is not None:
            dialog.accept()
        self.refresh()
        self._view.select_episode(int(episode.id))
        self._view.setFocus()

    def _on_new_episode_dialog_finished(self, result: int) -> None:
        if self._new_episode_dialog is not None:
            self._new_episode_dialog.deleteLater()
            self._new_episode_dialog = None

    # --- writing notes -------------------------------------------------------------------------

    def _on_new_evaluation_clicked(self) -> None:
        episode = self.selected_episode()
        if episode is None:
            return
        try:
            templates = list(self._session.templates)
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Evaluation templates could not be read"), str(exc))
            return
        earlier = [n for n in episode.notes if n.kind is NoteKind.EVALUATION]
        if earlier and not messages.confirm(
                self, self.tr("New evaluation"),
                self.tr("{title} already has an initial evaluation ({date}). Start another?")
                .format(title=episode.title, date=format_date(earlier[-1].header.visit_date)),
                self.tr("Start another"),
                informative=self.tr("To re-assess the patient later in the episode, write a "
                                    "re-evaluation instead.")):
            return
        dialog = EvaluationTemplateDialog(templates, f"{episode.title} {episode.condition}", self)
        dialog.accepted.connect(self._on_template_dialog_accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_template_dialog_accepted(self) -> None:
        dialog = self.sender()
        episode = self.selected_episode()
        if not isinstance(dialog, EvaluationTemplateDialog) or episode is None:
            return
        self._start_note(episode, NoteKind.EVALUATION, template_id=dialog.template_id())

    def _on_new_note_clicked(self) -> None:
        episode = self.selected_episode()
        kind = next((k for k, b in self._new_note.items() if b is self.sender()), None)
        if episode is None or kind is None:
            return
        template_id = ""
        if kind is NoteKind.REEVALUATION:  # re-assess on the form the evaluation used
            template_id = next((n.template_id for n in reversed(episode.notes)
                                if n.kind is NoteKind.EVALUATION), "")
        self._start_note(episode, kind, template_id=template_id,
                         copy_forward=kind is NoteKind.DAILY)

    def _start_note(self, episode: Episode, kind: NoteKind, *, template_id: str = "",
                    copy_forward: bool = False) -> None:
        header = NoteHeader(self._today(), therapist_id=int(self._session.user.id))
        copied = self._copy_source(episode) if copy_forward else None
        try:
            note = self._session.notes.create(self._session.user, episode.id, kind, header=header,
                                             template_id=template_id, copy_forward=copy_forward)
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Could not start the note"), str(exc))
            return
        self.refresh_episode(int(episode.id))
        self._view.select_note(int(note.id))
        if copied is not None:
            self._say(self.tr("{kind} started; objective and plan copied forward from {source}.")
                      .format(kind=note.title, source=copied.title))
        else:
            self._say(self.tr("{kind} started.").format(kind=note.title))
        self.open_note(int(note.id))

    def _copy_source(self, episode: Episode) -> Note | None:
        """The visit note a daily note copies from (the service picks the same one)."""
        if not self._session.notes.copy_forward_content(episode.id):
            return None
        visits = [n for n in episode.notes
                  if n.kind in (NoteKind.DAILY, NoteKind.PROGRESS, NoteKind.REEVALUATION)]
        return max(visits, key=lambda n: (n.header.visit_date, n.id), default=None)

    def _say(self, text: str) -> None:
        self._status.setText(text)
        self._status.setVisible(bool(text))

    # --- opening -------------------------------------------------------------------------------

    def _on_view_activated(self, index: QModelIndex) -> None:
        note = index.data(NoteRole)
        if isinstance(note, Note):
            self.open_note(int(note.id))

    def _on_open_clicked(self) -> None:
        note = self.selected_note()
        if note is not None:
            self.open_note(int(note.id))

    def _on_plan_of_care_clicked(self) -> None:
        episode = self.selected_episode()
        if episode is not None:
            self._windows.open_plan(episode)

    def _on_return_to_run_clicked(self) -> None:
        episode = self.selected_episode()
        if episode is not None:
            self._windows.open_return_to_run(episode)

    def _on_windows_note_saved(self, note: Note) -> None:
        self.refresh_episode(int(note.episode_id))

    def _on_windows_note_signed(self, note: Note) -> None:
        self.refresh_episode(int(note.episode_id))
        episode = self._session.episodes.get(note.episode_id)
        if note.kind is NoteKind.DISCHARGE and episode.status is EpisodeStatus.OPEN:
            self._offer_discharge(episode, note.header.visit_date)

    def _on_measures_clicked(self) -> None:
        episode = self.selected_episode()
        if episode is not None:
            self._windows.open_measures(episode)

    def _on_home_program_clicked(self) -> None:
        episode = self.selected_episode()
        if episode is None:
            return
        try:  # the builder module (and QtPdf) loads with the first builder opened
            open_program_builder(self._session, int(episode.id), self)
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Cannot open the home program"), str(exc))

    # --- discharging ---------------------------------------------------------------------------

    def _on_discharge_clicked(self) -> None:
        episode = self.selected_episode()
        if episode is not None and episode.status is EpisodeStatus.OPEN:
            self._offer_discharge(episode, self._today())

    def _offer_discharge(self, episode: Episode, on: date) -> None:
        on = max(on, episode.opened_on)
        if not messages.confirm(
                self, self.tr("Discharge episode"),
                self.tr("Discharge {title} on {date}?").format(title=episode.title,
                                                               date=format_date(on)),
                self.tr("Discharge"),
                informative=self.tr("The episode closes; its notes stay in the chart and can "
                                    "still be signed and amended.")):
            return
        try:
            self._session.episodes.discharge(self._session.user, episode.id, on, episode.version)
        except ConflictError as exc:
            messages.show_error(self, self.tr("Episode changed"), "\n\n".join((
                str(exc), self.tr("The chart now shows the latest version; check it and try "
                                  "again."))))
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Could not discharge the episode"), str(exc))
        self.refresh_episode(int(episode.id))
