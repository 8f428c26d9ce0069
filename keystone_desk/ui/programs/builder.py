"""ProgramBuilder: one episode's home program in its own window — the exercise library on the left,
the program and the selected exercise's dosage in the middle, the live handout preview (and the
handed-out versions) on the right.

Every finished edit is saved to the draft at once (`HomeProgramService.set_items` over the version
read; a conflict asks to reload or keep mine), then the preview is made again off the GUI thread
(preview.py). "Hand to patient" freezes the draft as the next version and offers to print or save
it; only handed-out versions are printed, so any reprint matches what the patient took home.
While the draft is still exactly the version handed out, the preview shows that version (no DRAFT
mark); the next edit makes it a draft again. The window opens at a size that fits a 1366×768
screen, and Escape closes it (asking first only about a dosage that could not be saved; every
other edit is already in the draft). The window re-reads the draft when it is activated, so a protocol applied elsewhere shows up.
Every modal question goes through `_ask` (tests replace it). Talks to the clinic's services only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.charting import EpisodeId
from ...domain.errors import ConflictError, KeystoneError, ValidationError
from ...domain.exercises import Exercise
from ...domain.home_programs import (
    ITEM_SIDES,
    HomeProgram,
    HomeProgramVersion,
    is_as_handed_out,
)
from ...domain.patients import PatientId
from ...domain.permissions import Permission
from ...services.session import ClinicSession
from .. import messages
from ..display_text import format_local_time
from ..questions import ask
from ..screen_fit import fit_to_screen
from ..tasks import Progress, TaskRunner
from .builder_questions import Answer, Question, conflict_question, unsaved_question
from .history import HistoryPanel, Output
from .library_panel import LibraryPanel
from .options_bar import HandoutOptionsBar
from .output import ProgramOutput
from .preview import HandoutPreview, PreviewScheduler, Work
from .program_panel import ProgramPanel
from .thumbnails import ExerciseThumbnails

# Fits a 1366×768 laptop (less its panel and the title bar); fit_to_screen shrinks it further
# on a smaller screen. The splitter gives the handout preview what is left.
DEFAULT_SIZE = (1320, 700)


class ProgramBuilder(QWidget):
    program_saved = Signal(object)  # HomeProgram, after each save of the draft
    handed_out = Signal(int)  # the version number just handed out
    preview_updated = Signal(int)  # page count, once the preview shows the latest bytes

    def __init__(self, session: ClinicSession, episode_id: int,
                 parent: QWidget | None = None, *, tasks: TaskRunner | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self._session = session
        self._episode = session.episodes.get(EpisodeId(episode_id))
        self._patient = session.patients.get(PatientId(self._episode.patient_id))
        self._tasks = tasks if tasks is not None else TaskRunner(self, max_threads=1)
        self._thumbnails = ExerciseThumbnails()
        self._known: dict[str, Exercise | None] = {}
        self._program: HomeProgram = session.home_programs.get_or_create_draft(session.user,
                                                                               episode_id)
        self._latest: HomeProgramVersion | None = None
        self._output = ProgramOutput(session, self)
        self._build_ui()
        self._connect_signals()
        self._load()

    # --- public --------------------------------------------------------------------------------

    @property
    def program(self) -> HomeProgram:
        return self._program

    @property
    def program_panel(self) -> ProgramPanel:
        return self._program_panel

    @property
    def library(self) -> LibraryPanel:
        return self._library

    @property
    def preview(self) -> HandoutPreview:
        return self._preview

    @property
    def history(self) -> HistoryPanel:
        return self._history

    @property
    def episode_id(self) -> int:
        return int(self._episode.id)

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def handed_text(self) -> str:
        return self._handed.text()

    def reload(self) -> None:
        """Read the draft and its versions again (their changes win over anything unsaved)."""
        self._program = self._session.home_programs.get_or_create_draft(self._session.user,
                                                                       self.episode_id)
        self._program_panel.set_items(self._program.items, self._program_panel.current_row())
        self._show_options()
        self._show_versions()
        self._preview_scheduler.request()

    def refresh_if_changed(self) -> None:
        """Reload when the draft moved on elsewhere and nothing here is waiting to be saved."""
        current = self._session.home_programs.for_episode(self.episode_id)
        if (current is not None and current.version != self._program.version
                and not self._program_panel.unsaved_problems()):
            self.reload()
            self._say(self.tr("The program was changed elsewhere; showing the latest."))

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Home program — {patient} — {episode}").format(
            patient=self._patient.display_name, episode=self._episode.title))
        self._library = LibraryPanel(self._session, self._thumbnails)
        side = self._episode.side if self._episode.side in ITEM_SIDES else ""
        self._program_panel = ProgramPanel(self._exercise, self._thumbnails, side)
        self._preview = HandoutPreview()
        self._preview_scheduler = PreviewScheduler(self._tasks, self._session, self._prepare_preview,
                                                   self)
        self._history = HistoryPanel()
        self._tabs = QTabWidget()
        self._tabs.addTab(self._preview, self.tr("Preview"))
        self._tabs.addTab(self._history, self.tr("History"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._library)
        splitter.addWidget(self._program_panel)
        splitter.addWidget(self._right_column())
        splitter.setSizes([350, 430, 590])
        splitter.setStretchFactor(2, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._bottom_bar())
        self._build_actions()
        fit_to_screen(self, *DEFAULT_SIZE)

    def _right_column(self) -> QWidget:
        self._options = HandoutOptionsBar()
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._options)
        layout.addWidget(self._tabs, 1)
        return column

    def _bottom_bar(self) -> QHBoxLayout:
        self._status = QLabel()
        self._status.setObjectName("builder_status")
        self._status.setWordWrap(True)
        self._handed = QLabel()
        self._handed.setObjectName("handed_out")
        self._print = QPushButton(self.tr("&Print…"))
        self._print.setToolTip(self.tr("Print the version handed out last (Ctrl+P)"))
        self._save_pdf = QPushButton(self.tr("Save as PD&F…"))
        self._hand_out = QPushButton(self.tr("&Hand to patient"))
        self._hand_out.setToolTip(self.tr("Keep this program as the patient's next version "
                                          "(Ctrl+Enter)"))
        self._hand_out.setDefault(True)
        self._hand_out.setVisible(self._session.can(Permission.PROGRAM_HAND_OUT))
        texts = QVBoxLayout()
        texts.addWidget(self._handed)
        texts.addWidget(self._status)
        bar = QHBoxLayout()
        bar.addLayout(texts, 1)
        for button in (self._print, self._save_pdf, self._hand_out):
            bar.addWidget(button)
        return bar

    def _build_actions(self) -> None:
        def action(shortcut: str, slot: object) -> QAction:
            made = QAction(self)
            made.setShortcut(QKeySequence(shortcut))
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        action("Ctrl+F", self._library.focus_search)
        action("Ctrl+S", self._on_save_shortcut)
        action("Ctrl+P", self._on_print_clicked)
        action("Ctrl+Return", self._on_hand_out_clicked)
        action("Ctrl+Enter", self._on_hand_out_clicked)
        action("F5", self.reload)
        action("Escape", self.close)  # the unsaved-dosage question in closeEvent still applies

    def _connect_signals(self) -> None:
        self._library.add_requested.connect(self._program_panel.add)
        self._library.exercise_changed.connect(self._on_library_exercise_changed)
        self._program_panel.items_changed.connect(self._on_program_panel_items_changed)
        self._program_panel.edit_dropped.connect(self._say)
        self._preview_scheduler.rendered.connect(self._on_preview_rendered)
        self._preview_scheduler.failed.connect(self._on_preview_failed)
        self._options.changed.connect(self._on_options_changed)
        self._hand_out.clicked.connect(self._on_hand_out_clicked)
        self._print.clicked.connect(self._on_print_clicked)
        self._save_pdf.clicked.connect(self._on_save_pdf_clicked)
        self._history.output_requested.connect(self._on_history_output_requested)

    def _load(self) -> None:
        self._program_panel.set_items(self._program.items)
        self._show_options()
        self._show_versions()
        self._say(self.tr("Changes are saved to the draft as you make them."))
        self._preview_scheduler.request()

    # --- saving the draft ----------------------------------------------------------------------

    def _on_program_panel_items_changed(self) -> None:
        self._save_items(self._program.version)

    def _save_items(self, expected_version: int) -> None:
        items = self._program_panel.model.items()
        try:
            self._program = self._session.home_programs.set_items(
                self._session.user, self._program.id, items, expected_version)
        except ConflictError:
            self._resolve_conflict()
            return
        except ValidationError as exc:
            self._say(self.tr("Not saved: {why}").format(why=exc))
            return
        self._saved()

    def _resolve_conflict(self) -> None:
        if self._ask(conflict_question()) is Answer.KEEP_MINE:
            current = self._session.home_programs.get(self._program.id)
            self._program = current
            self._save_items(current.version)
            return
        self.reload()
        self._say(self.tr("Reloaded the program as it is now."))

    def _on_options_changed(self) -> None:
        options = {**self._program.options, **self._options.options()}
        try:
            self._program = self._session.home_programs.set_options(
                self._session.user, self._program.id, options, self._program.version)
        except ConflictError:
            self.reload()
            self._say(self.tr("The program was changed elsewhere; choose the options again."))
            return
        self._saved()

    def _saved(self) -> None:
        self._say(self.tr("Draft saved at {time}.").format(
            time=f"{self._session.clock().astimezone():%H:%M}"))
        self.program_saved.emit(self._program)
        self._preview_scheduler.request()

    def _on_save_shortcut(self) -> None:
        if self._program_panel.flush():
            self._say(self.tr("Draft saved at {time}.").format(
                time=f"{self._session.clock().astimezone():%H:%M}"))

    def _show_options(self) -> None:
        # Until a paper is chosen the handout uses the clinic's (settings).
        self._options.set_options(self._program.options, self._session.settings.get().paper)

    # --- the preview ---------------------------------------------------------------------------

    def _prepare_preview(self) -> Work:
        """The preview's work for a pool thread, in a session of its own on the same file (a
        connection is used only on the thread that opened it): `draft_pdf` reads the draft (just
        committed here; WAL lets the other connection read it at once) and renders it. Opening
        costs about a millisecond, against ~50 ms of rendering."""
        program_id, handed = self._program.id, self._handed_version()
        if handed is not None:  # unchanged since it was handed out: that version, no DRAFT mark
            number = handed.number

            def version(own: ClinicSession, _progress: Progress) -> bytes:
                return own.handouts.version_pdf(program_id, number)

            return version

        def work(own: ClinicSession, _progress: Progress) -> bytes:
            return own.handouts.draft_pdf(program_id)

        return work

    def _handed_version(self) -> HomeProgramVersion | None:
        """The version the draft still is exactly (then the preview shows it), else None."""
        return self._latest if is_as_handed_out(self._program, self._latest) else None

    def _on_preview_rendered(self, data: bytes) -> None:
        self._preview.show_pdf(data)
        pages = self._preview.page_count()
        count = self.tr("1 page") if pages == 1 else self.tr("{n} pages").format(n=pages)
        handed = self._handed_version()
        if handed is not None:
            text = self.tr("Version {n} as handed out {when}: {count}.").format(
                n=handed.number, when=format_local_time(handed.handed_at), count=count)
        elif self._latest is not None:
            text = self.tr("Draft — changed since version {n}, not handed out: {count}.").format(
                n=self._latest.number, count=count)
        else:
            text = self.tr("Draft — not handed out yet: {count}.").format(count=count)
        self._preview.status.setText(text)
        if not self._preview_scheduler.busy:
            self.preview_updated.emit(pages)

    def _on_preview_failed(self, message: str) -> None:
        self._preview.status.setText(self.tr("No preview: {why}").format(why=message))

    # --- handing out and printing --------------------------------------------------------------

    def _on_hand_out_clicked(self) -> None:
        if not self._hand_out.isVisibleTo(self):
            return  # Ctrl+Enter for a role that may not hand programs out
        if not self._program_panel.flush():
            self._say(self.tr("Fix the dosage first: {why}").format(
                why=self._program_panel.unsaved_problems()))
            return
        try:
            number = self._session.home_programs.hand_out(self._session.user, self._program.id)
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Not handed out"), _sentence(str(exc)))
            return
        self._show_versions()
        self._preview_scheduler.request()  # now the handed-out version, without the DRAFT mark
        self._history.select_version(number)
        self._say(self.tr("Print it or save it as a PDF for the patient."))
        self.handed_out.emit(number)

    def _show_versions(self) -> None:
        versions = self._session.home_programs.versions(self._program.id)
        self._history.set_versions(versions)
        self._latest = versions[-1] if versions else None
        for button in (self._print, self._save_pdf):
            button.setEnabled(self._latest is not None)
        if self._latest is None:
            self._print.setText(self.tr("&Print…"))
            self._save_pdf.setText(self.tr("Save as PD&F…"))
            self._handed.setText(self.tr("Not handed out yet."))
            self._handed.setStyleSheet("QLabel { color: #5f6368; }")
            return
        self._print.setText(self.tr("&Print version {n}…").format(n=self._latest.number))
        self._save_pdf.setText(self.tr("Save version {n} as PD&F…").format(
            n=self._latest.number))
        self._handed.setStyleSheet("QLabel { color: #1b5e20; font-weight: 600; }")
        self._handed.setText(self.tr("Version {n} handed out {when} by {name}").format(
            n=self._latest.number, when=format_local_time(self._latest.handed_at),
            name=self._latest.therapist_name))

    def _on_print_clicked(self) -> None:
        if self._latest is None:
            self._say(self.tr("Hand the program to the patient first; then it can be printed."))
            return
        self._output_version(self._latest.number, Output.PRINT)

    def _on_save_pdf_clicked(self) -> None:
        if self._latest is not None:
            self._output_version(self._latest.number, Output.SAVE)

    def _on_history_output_requested(self, number: int, how: str) -> None:
        self._output_version(number, Output(how))

    def _output_version(self, number: int, how: Output) -> None:
        intake = self._patient.intake
        try:
            version = self._session.home_programs.version(self._program.id, number)
            said = self._output.send(version, how, f"{intake.first_name} {intake.last_name}")
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Not printed"), str(exc))
            return
        if said:
            self._say(said)

    # --- the rest ------------------------------------------------------------------------------

    def _exercise(self, exercise_id: str) -> Exercise | None:
        if exercise_id not in self._known:
            try:
                self._known[exercise_id] = self._session.exercises.get(exercise_id)
            except KeystoneError:
                self._known[exercise_id] = None
        return self._known[exercise_id]

    def _on_library_exercise_changed(self, exercise: Exercise) -> None:
        self._known[exercise.id] = exercise
        self._program_panel.model.refresh_exercises()
        if any(i.exercise_id == exercise.id for i in self._program.items):
            self._preview_scheduler.request()

    def _say(self, text: str) -> None:
        self._status.setText(text)

    def _ask(self, question: Question) -> Answer:
        return ask(self, question)

    def showEvent(self, event: QShowEvent) -> None:
        self._preview_scheduler.resume()  # shown again after a close that was not a delete
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_if_changed()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if (not self._program_panel.flush()
                and self._ask(unsaved_question(self._program_panel.unsaved_problems()))
                is not Answer.DISCARD):
            event.ignore()
            return
        self._preview_scheduler.stop()
        self._tasks.wait(5000)
        super().closeEvent(event)


def _sentence(message: str) -> str:
    text = message.split(": ", 1)[-1]
    return text[:1].upper() + text[1:]


__all__ = ["ProgramBuilder"]
