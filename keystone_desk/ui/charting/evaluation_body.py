"""The body of an initial evaluation: the template's EvaluationForm, with its still images kept
as note attachments.

Values are the note's content (form.values()); images travel beside them and are written with
`save_extras()` after the draft itself is saved (a changed picture replaces the stored one in one
step, so a refused picture never costs the stored one; an emptied slot is removed). When the
note's template cannot be loaded the values are kept untouched and a notice says why.
Qt, domain and services only; no store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.charting import Episode, Note
from ...domain.errors import FieldProblem, KeystoneError
from ...domain.intake import RED_FLAG_QUESTIONS
from ...domain.patients import Patient
from ...services.session import ClinicSession
from .note_bodies import NoteBody

NOTICE_STYLE = ("background: #fff4e5; color: #5a3300; border: 1px solid #e8a33d; "
                "border-radius: 4px; padding: 8px 10px;")
Images = dict[str, tuple[str, str, bytes]]


class EvaluationBody(NoteBody):
    """Hosts the evaluation form for the note's template; scrolls itself."""

    scrolls_itself = True
    values_are_whole_content = True  # the form keeps unknown fields; blanks are cleared values

    def __init__(self, session: ClinicSession, note: Note, episode: Episode,
                 patient: Patient, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._notes = session.notes
        self._note_id = note.id
        self._kept: dict[str, Any] = dict(note.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.form: Any = None
        try:
            template = session.templates.get(note.template_id)
        except KeystoneError as error:
            notice = QLabel(self.tr(
                "The evaluation template “{id}” cannot be shown ({reason}). The values already "
                "recorded are kept unchanged and print by their field names.").format(
                id=note.template_id, reason=error))
            notice.setWordWrap(True)
            notice.setStyleSheet(NOTICE_STYLE)
            layout.addWidget(notice)
            layout.addStretch(1)
            return
        from .evaluation_form import EvaluationForm

        flags = [RED_FLAG_QUESTIONS[flag] for flag in sorted(patient.intake.red_flags)]
        side = episode.side or (patient.intake.side.value if patient.intake.side else "")
        self.form = EvaluationForm(template, involved_side=side, red_flags=flags)
        self.form.changed.connect(self._on_form_changed)
        layout.addWidget(self.form)

    def _on_form_changed(self) -> None:
        self.edited.emit("evaluation")

    def values(self) -> dict[str, Any]:
        return self.form.values() if self.form is not None else dict(self._kept)

    def set_values(self, content: Mapping[str, Any]) -> None:
        self._kept = dict(content)
        if self.form is not None:
            self.form.set_values(content)
            self.form.set_images(self._stored_images())

    def extras_snapshot(self) -> object:
        """What the images are now, cheaply comparable (for unsaved-change checks)."""
        images: Images = self.form.images() if self.form is not None else {}
        return {slot: (name, hashlib.sha256(data).hexdigest())
                for slot, (name, _, data) in images.items()}

    def save_extras(self) -> None:
        """Write the images as attachments: changed ones replaced, emptied slots removed."""
        if self.form is None:
            return
        wanted: Images = self.form.images()
        stored = self._notes.attachments(self._note_id)
        for attachment in stored:
            if attachment.slot not in wanted:
                self._notes.remove_attachment(self._session.user, self._note_id, attachment.id)
        for slot, (filename, mime, data) in wanted.items():
            if [(a.filename, a.data) for a in stored if a.slot == slot] != [(filename, data)]:
                self._notes.replace_attachment(self._session.user, self._note_id, slot, filename, mime,
                                               data)

    def problems_before_signing(self) -> list[FieldProblem]:
        return self.form.show_all_problems() if self.form is not None else []

    def set_read_only(self, read_only: bool) -> None:
        if self.form is not None:
            self.form.set_read_only(read_only)

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        return problems  # the form shows its own checks as the person types

    def fields(self) -> list[Any]:
        return []

    def label_for(self, key: str) -> str:
        field = self.form.template.field(key) if self.form is not None else None
        return field.label if field is not None else super().label_for(key)

    def _stored_images(self) -> Images:
        return {a.slot: (a.filename, a.mime, a.data)
                for a in self._notes.attachments(self._note_id)}
