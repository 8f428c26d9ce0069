"""NoteEditor: the window where a therapist writes, saves, signs and amends one clinical note.

Shows the visit (date, times, therapist) above a body chosen by the note's kind (SOAP, discharge
summary, or the evaluation template's form). Every edit restarts a short timer that autosaves a
recovery copy (the person's own, with the version it was typed over) once the typing pauses, and at
the latest AUTOSAVE_MAX_WAIT_MS after the first unsaved edit, so a crash loses seconds of typing;
reopening offers that copy back, and if the note was saved since, saving it asks whom to keep like
any conflict. Save (Ctrl+S) writes the draft over the version it opened (a conflict asks: reload
theirs or keep mine). Sign… saves and signs; the note then reads as locked, with a "Signed by"
banner, addenda under it, and "Add addendum…" and "Export PDF…" as what is left to do. When someone
else signs the note before unsaved typing is saved, the typing stays on screen, locked, and "Copy my
text into an addendum…" keeps it.
Every modal question goes through `_ask`, every dialog through `_exec_dialog`, the file chooser
through `_ask_save_path` (tests replace them). Must not import store, SQL or reportlab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.charting import COPY_FORWARD_PARTS, Note, NoteKind
from ...domain.errors import (
    ConflictError,
    FieldProblem,
    KeystoneError,
    SignedNoteError,
    ValidationError,
)
from ...domain.note_changes import content_changes
from ...domain.patients import PatientId
from ...domain.permissions import Permission
from ...services.session import ClinicSession
from .. import messages
from ..display_text import format_local_time
from .note_actions import NoteActions, export_file_name, write_pdf
from .note_bodies import DischargeBody, NoteBody, WrittenBody
from .note_fields import READ_ONLY_STYLE
from .note_header_fields import NoteHeaderFields
from .note_questions import (
    Answer,
    Question,
    ask,
    conflict_question,
    recover_question,
    replace_question,
    unsaved_question,
    unsaved_typing_of_signed_note_question,
)
from .note_record import AddendaList, NoteHeading
from .signing_dialogs import DEFAULT_CREDENTIALS, AddendumDialog, SignDialog

AUTOSAVE_MS = 2000  # after the last edit...
AUTOSAVE_MAX_WAIT_MS = 10000  # ...but no later than this after the first edit not autosaved
CREDENTIALS_KEY = "charting/credentials"
EXPORT_DIR_KEY = "charting/export_dir"


class NoteEditor(QWidget):
    """Write, save, sign and amend one note; its own top-level window."""

    note_saved = Signal(object)  # domain.charting.Note, after a save or a new addendum
    note_signed = Signal(object)  # domain.charting.Note, signed

    def __init__(self, session: ClinicSession, note_id: int, parent: QWidget | None = None,
                 *, settings: QSettings | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self._session = session
        self._notes = session.notes
        self._settings = settings if settings is not None else QSettings()
        self._note = self._notes.get(note_id)
        self._episode = session.episodes.get(self._note.episode_id)
        self._patient = session.patients.get(PatientId(self._note.patient_id))
        self._baseline: Any = None
        self._base_version = self._note.version  # the version what is on screen was typed over
        self._autosaved: Any = None
        self._recovery_checked = False
        # "Decide later" on recovered typing: the copy waits, untouched by autosave or save.
        self._recovery_deferred = False
        # Typing that could not be saved because the note was signed elsewhere, as addendum text.
        self._unsaved_typing = ""
        self._build_ui()
        self._connect_signals()
        self._load(self._note)

    # ----- public

    @property
    def note(self) -> Note:
        """The note as last loaded, saved or signed."""
        return self._note

    def is_dirty(self) -> bool:
        return not self._note.is_signed and self._snapshot() != self._baseline

    def save(self) -> bool:
        """Save the draft (Ctrl+S); False when nothing was written (problems are shown)."""
        if self._note.is_signed:
            return False
        return self._attempt_save(self._base_version)

    # ----- building

    def _build_ui(self) -> None:
        self.resize(860, 900)
        self.setStyleSheet(READ_ONLY_STYLE)
        self._heading = NoteHeading()
        self._header = NoteHeaderFields(day_first=self._session.patients.day_first)
        self._body = self._make_body()
        self._addenda = AddendaList()
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 8, 0)
        # A body that scrolls itself (the evaluation form) gets the window's height instead.
        scrolled = (self._header, self._addenda) if self._body.scrolls_itself else (
            self._header, self._body, self._addenda)
        for widget in scrolled:
            page_layout.addWidget(widget)
        page_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(page)
        if self._body.scrolls_itself:
            self._scroll.setMaximumHeight(220)
        self._actions = NoteActions(
            may_sign=self._session.can(Permission.NOTE_SIGN),
            may_add_addendum=self._session.can(Permission.NOTE_ADDENDUM))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self._heading)
        layout.addWidget(self._scroll)
        if self._body.scrolls_itself:
            layout.addWidget(self._body, 1)
        else:
            layout.setStretchFactor(self._scroll, 1)
        layout.addWidget(self._actions)
        self._save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_MS)
        self._unsaved_since = QElapsedTimer()  # started by the first edit the timer waits for

    def _make_body(self) -> NoteBody:
        kind = self._note.kind
        if kind is NoteKind.DISCHARGE:
            return DischargeBody()
        if kind is NoteKind.EVALUATION:
            from .evaluation_body import EvaluationBody

            return EvaluationBody(self._session, self._note, self._episode,
                                  self._patient)
        return WrittenBody(kind)

    def _connect_signals(self) -> None:
        self._header.edited.connect(self._on_content_edited)
        self._body.edited.connect(self._on_content_edited)
        if isinstance(self._body, WrittenBody):
            self._body.copy_forward_requested.connect(self._on_body_copy_forward_requested)
        self._autosave_timer.timeout.connect(self._on_autosave_timer_timeout)
        self._actions.save.clicked.connect(self.save)
        self._save_shortcut.activated.connect(self.save)
        self._actions.sign.clicked.connect(self._on_sign_clicked)
        self._actions.addendum.clicked.connect(self._on_addendum_clicked)
        self._actions.copy_to_addendum.clicked.connect(self._on_copy_to_addendum_clicked)
        self._actions.export.clicked.connect(self._on_export_clicked)
        self._actions.close_button.clicked.connect(self.close)

    def _load(self, note: Note) -> None:
        """Show `note` as saved: the new starting point for unsaved-change checks."""
        self._note = note
        self._base_version = note.version
        self._header.set_header(note.header, self._therapist_name(note))
        self._body.set_values(note.content)
        self._baseline = self._autosaved = self._snapshot()
        self._heading.show_summary("")
        self._show_lock_state()

    def _show_lock_state(self) -> None:
        note, signed = self._note, self._note.is_signed
        verified = self._notes.verify_signature(note.id) if signed else None
        self.setWindowTitle(self._heading.show_note(note, self._patient, self._episode, verified))
        mismatched = frozenset(i for i, ok in self._notes.verify_addenda(note.id).items() if not ok)
        self._addenda.set_addenda(note.addenda, mismatched)
        self._header.set_read_only(signed)
        self._body.set_read_only(signed)
        self._actions.show_for(signed, unsaved_typing=bool(self._unsaved_typing))
        self._save_shortcut.setEnabled(not signed)
        if signed:
            self._autosave_timer.stop()

    def _therapist_name(self, note: Note) -> str:
        if note.header.therapist_id == self._session.user.id:
            return self._session.user.display_name
        if note.signature is not None and note.signature.signer_id == note.header.therapist_id:
            return note.signature.signer_name
        return self.tr("User {number}").format(number=note.header.therapist_id)

    # ----- what is on screen

    def _snapshot(self) -> tuple[dict[str, str], dict[str, Any], object]:
        return self._header.raw(), self._content(), self._body.extras_snapshot()

    def _content(self) -> dict[str, Any]:
        return self._over_saved(self._body.values())

    def _over_saved(self, values: dict[str, Any]) -> dict[str, Any]:
        """`values` as the note's content: a body that owns only some keys keeps the others."""
        if self._body.values_are_whole_content:
            return dict(values)
        return {**self._note.content, **values}

    # ----- typing and autosave

    def _on_content_edited(self, key: str) -> None:
        if self._note.is_signed:
            return
        self._actions.status.hide()
        if not self._autosave_timer.isActive():
            self._unsaved_since.start()
        # Restarts: saves once the typing pauses, but continuous typing waits no longer than
        # AUTOSAVE_MAX_WAIT_MS in all.
        left = AUTOSAVE_MAX_WAIT_MS - self._unsaved_since.elapsed()
        self._autosave_timer.start(max(0, min(AUTOSAVE_MS, left)))

    def _on_autosave_timer_timeout(self) -> None:
        snapshot = self._snapshot()
        if self._note.is_signed or snapshot == self._autosaved:
            return
        if self._recovery_deferred:  # autosaving would overwrite the copy kept for later
            self._show_status(self._deferred_notice())
            return
        header = self._header.header(fallback_date=self._note.header.visit_date)
        try:
            self._notes.autosave(self._session.user, self._note.id, header, snapshot[1],
                                 self._base_version)
        except KeystoneError as error:
            self._show_status(self.tr("Autosave failed: {reason}").format(reason=error))
            return
        self._autosaved = snapshot
        self._show_status(self.tr("Draft autosaved at {time}.").format(
            time=_local_clock(self._session.clock())))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._recovery_checked:
            self._recovery_checked = True
            QTimer.singleShot(0, self._offer_recovered_draft)  # once the window is on screen

    def _offer_recovered_draft(self) -> None:
        draft = self._notes.recovered_draft(self._session.user, self._note.id)
        if draft is None:
            return
        answer = self._ask(recover_question(format_local_time(draft.saved_at)))
        if answer is Answer.RECOVER:
            self._header.set_header(draft.header, self._therapist_name(self._note))
            self._body.set_values(self._over_saved(draft.content))
            self._autosaved = self._snapshot()
            # Saved over the version it was typed on: if the note moved on, that is a conflict.
            self._base_version = draft.base_version
            if draft.base_version != self._note.version:
                self._show_status(self.tr(
                    "Recovered the unsaved typing. The note was saved again after it was typed; "
                    "saving asks whether to keep yours or the newer version."))
            else:
                self._show_status(self.tr("Recovered the unsaved typing; save to keep it."))
        elif answer is Answer.DISCARD:
            self._notes.discard_recovered_draft(self._session.user, self._note.id)
        else:  # Decide later, or Esc: nothing is lost, and the question comes back next time
            self._recovery_deferred = True
            self._show_status(self._deferred_notice())

    def _deferred_notice(self) -> str:
        return self.tr("The unsaved typing found is kept for later; you will be asked again when "
                       "this note next opens. Until then this window does not autosave.")

    # ----- copy forward

    def _on_body_copy_forward_requested(self) -> None:
        assert isinstance(self._body, WrittenBody)
        body = self._body
        previous = self._notes.copy_forward_content(self._episode.id, excluding=self._note.id)
        parts = [part for part in COPY_FORWARD_PARTS if str(previous.get(part, "")).strip()]
        if not parts:
            self._show_status(self.tr("There is no earlier visit note to copy from."))
            return
        typed = [p for p in parts if body.text(p).strip() and body.text(p) != previous[p]]
        if typed and self._ask(replace_question()) is not Answer.REPLACE:
            return
        for part in parts:
            body.set_text(part, str(previous[part]))
        self._show_status(self.tr("Copied Objective and Plan from the last note."))

    # ----- saving

    def _attempt_save(self, version: int) -> bool:
        try:
            header = self._header.header()
            note = self._notes.save(self._session.user, self._note.id, header, self._content(),
                                    version, drop_recovery_copy=not self._recovery_deferred)
        except ValidationError as error:
            self._show_problems(error.problems)
            return False
        except ConflictError as error:
            return self._settle_conflict(error)
        except SignedNoteError as error:
            self._keep_typing_of_signed_note(error)
            return False
        except KeystoneError as error:  # the database busy, or the note gone: keep the typing
            messages.show_error(self, self.tr("Not saved"), str(error))
            return False
        try:
            self._body.save_extras()
        except ValidationError as error:  # the draft is saved; an image was refused
            self._note = note
            self._base_version = note.version
            self._show_problems(error.problems)
            return False
        self._saved(note)
        return True

    def _saved(self, note: Note) -> None:
        self._note = note
        self._base_version = note.version
        self._baseline = self._autosaved = self._snapshot()
        self._autosave_timer.stop()
        self._show_problems([])
        self._show_status(self.tr("Saved at {time}.").format(
            time=_local_clock(note.updated_at)))
        self.note_saved.emit(note)

    def _settle_conflict(self, error: ConflictError) -> bool:
        answer = self._ask(conflict_question())
        if answer is Answer.RELOAD:  # what was typed here goes, its recovery copy with it
            if self._notes.recovered_draft(self._session.user, self._note.id) is not None:
                self._notes.discard_recovered_draft(self._session.user, self._note.id)
            self._reload()
            self._show_status(self.tr("Reloaded the version saved by someone else."))
        elif answer is Answer.KEEP_MINE:
            # Overwrite exactly the version the person was warned about; anything newer asks again.
            return self._attempt_save(error.actual_version)
        return False

    def _keep_typing_of_signed_note(self, error: SignedNoteError) -> None:
        """Someone signed the note before this typing was saved: the typing stays on screen,
        locked, and can be copied into an addendum instead of being thrown away."""
        typed = self._content()
        signed = self._notes.get(self._note.id)
        lines = [f"{self._body.label_for(key)}: {text or self.tr('(cleared)')}"
                 for key, text in content_changes(signed.content, typed)]
        self._unsaved_typing = "\n\n".join(lines)
        if not signed.is_signed or not self._unsaved_typing:  # nothing typed to keep
            messages.show_error(self, self.tr("Not saved"), str(error))
            self._reload()
            return
        self._note = signed  # not _load(): the screen keeps what was typed
        self._show_lock_state()
        who = signed.signature.signer_name if signed.signature else self.tr("someone else")
        self._heading.show_summary(self.tr(
            "Not saved: {who} signed this note while you were typing, and a signed note cannot "
            "change. What you typed is still shown, locked. Use “Copy my text into an "
            "addendum…” to keep it; close and reopen the note to read it as signed.").format(
            who=who))

    def _reload(self) -> None:
        self._load(self._notes.get(self._note.id))

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        unplaced = self._body.show_problems(self._header.show_problems(problems))
        if not problems:
            self._heading.show_summary("")
            return
        extra = "; ".join(f"{p.field}: {p.message}" for p in unplaced)
        self._heading.show_summary(self.tr("Not saved. Please check the fields marked below.")
                                   + (f" {extra}" if extra else ""))

    def _show_status(self, text: str) -> None:
        self._actions.show_status(text)

    # ----- signing, addenda, export

    def _on_sign_clicked(self) -> None:
        if self._body.problems_before_signing():
            self._heading.show_summary(self.tr("Not signed. Fix the fields marked below first."))
            return
        dialog = SignDialog(self._session.user.display_name, self._remembered_credentials(), self)
        if not self._exec_dialog(dialog):
            return
        if self.is_dirty() and not self.save():
            return
        try:
            note = self._notes.sign(self._session.user, self._note.id, dialog.credentials(),
                                    self._note.version)
        except KeystoneError as error:  # changed or signed by someone else meanwhile
            messages.show_error(self, self.tr("Not signed"), str(error))
            self._reload()
            return
        self._settings.setValue(CREDENTIALS_KEY, dialog.credentials())
        self._load(note)
        self._show_status(self.tr("Signed."))
        self.note_signed.emit(note)

    def _on_addendum_clicked(self) -> None:
        self._sign_addendum(AddendumDialog(self._remembered_credentials(), self))

    def _on_copy_to_addendum_clicked(self) -> None:
        dialog = AddendumDialog(self._remembered_credentials(), self)
        dialog.prefill(self.tr("Typed while the note was being signed"), self._unsaved_typing)
        self._sign_addendum(dialog)

    def _sign_addendum(self, dialog: AddendumDialog) -> bool:
        """Show the addendum dialog until it is signed (True) or cancelled."""
        while self._exec_dialog(dialog):
            try:
                self._notes.add_addendum(self._session.user, self._note.id, dialog.reason(),
                                         dialog.body(), dialog.credentials())
            except ValidationError as error:
                dialog.show_problems(error.problems)
                continue
            self._settings.setValue(CREDENTIALS_KEY, dialog.credentials())
            self._unsaved_typing = ""
            self._load(self._notes.get(self._note.id))
            self._show_status(self.tr("Addendum signed."))
            self.note_saved.emit(self._note)
            return True
        return False

    def _on_export_clicked(self) -> None:
        """A draft exports as saved (marked DRAFT on every page), so pending typing is saved."""
        if self.is_dirty() and not self.save():
            return
        folder = Path(str(self._settings.value(EXPORT_DIR_KEY, str(Path.home()))))
        chosen = self._ask_save_path(str(folder / export_file_name(self._note, self._patient)))
        if not chosen:
            return
        path = Path(chosen)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:  # one note renders in tens of milliseconds: no worker thread needed
            problem = write_pdf(path, self._session.note_export.export(self._session.user, self._note.id))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem:
            messages.show_error(self, self.tr("PDF not saved"),
                                self.tr("Could not write {path}.").format(path=path),
                                details=problem)
            return
        self._settings.setValue(EXPORT_DIR_KEY, str(path.parent))
        self._show_status(self.tr("Exported to {name}.").format(name=path.name))

    def _remembered_credentials(self) -> str:
        return str(self._settings.value(CREDENTIALS_KEY, DEFAULT_CREDENTIALS) or "")

    # ----- closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unsaved_typing and self._ask(
                unsaved_typing_of_signed_note_question()) is not Answer.DISCARD:
            event.ignore()
            return
        if self.is_dirty() and not self._settle_unsaved():
            event.ignore()
            return
        self._autosave_timer.stop()
        event.accept()

    def _settle_unsaved(self) -> bool:
        """True when the window may close: the draft saved, or the typing deliberately dropped."""
        answer = self._ask(unsaved_question())
        if answer is Answer.SAVE:
            return self.save()
        if answer is Answer.DISCARD:
            self._autosave_timer.stop()
            if (not self._recovery_deferred
                    and self._notes.recovered_draft(self._session.user, self._note.id) is not None):
                self._notes.discard_recovered_draft(self._session.user, self._note.id)
            return True
        return False

    # ----- the modal boundary (tests replace these)

    def _ask(self, question: Question) -> Answer:
        return ask(self, question)

    def _exec_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export note as PDF"), suggested,
                                              self.tr("PDF documents (*.pdf)"))
        return path


def _local_clock(when: Any) -> str:
    return f"{when.astimezone():%H:%M}"
