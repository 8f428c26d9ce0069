"""NoteExportService: a clinical note as PDF bytes, with an audit event for every export. No Qt.

Reads the note, its patient, episode, therapist, attachments and (for an evaluation) its template,
builds the presentation-ready NoteDocument (services.note_document) and renders it with
pdf.note_export. reportlab loads with the first export, never at start-up. A note whose template
cannot be loaded still exports, with its values labelled by field id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.charting import Note, NoteId, NoteKind
from ..domain.errors import KeystoneError
from ..domain.patients import PatientId
from ..domain.templates import EvaluationTemplate
from ..domain.users import User
from ..pdf.note_export import NoteDocument, render_note
from ..pdf.theme import ClinicBranding
from ..store.audit import AuditLog
from ..store.database import Database
from ..store.users import UserRepository
from .episodes import EpisodeService
from .note_document import note_document
from .notes import NoteService
from .patients import PatientService

if TYPE_CHECKING:
    from ..content.templates import TemplateCatalog


class NoteExportService:
    def __init__(self, db: Database, clock: Callable[[], datetime], notes: NoteService,
                 patients: PatientService, episodes: EpisodeService, *,
                 templates: Callable[[], TemplateCatalog] | None = None,
                 branding: ClinicBranding | Callable[[], ClinicBranding] | None = None):
        self._db = db
        self._clock = clock
        self._notes = notes
        self._patients = patients
        self._episodes = episodes
        self._templates = templates
        # The clinic's current details, read at each export (they can change between exports).
        self._branding = branding if callable(branding) else (lambda: branding or ClinicBranding())
        self._audit = AuditLog(db)

    def document(self, note_id: NoteId) -> NoteDocument:
        """What the PDF of the note will say (for previews and tests); records nothing."""
        note = self._notes.get(note_id)
        images = {a.slot: a.filename for a in self._notes.attachments(note.id)}
        template = self._template(note) if note.kind is NoteKind.EVALUATION else None
        return note_document(
            note, self._patients.get(PatientId(note.patient_id)),
            self._episodes.get(note.episode_id), therapist=self._therapist(note),
            branding=self._branding(), template=template, images=images,
            verified=self._notes.verify_signature(note.id) if note.is_signed else None,
            addenda_verified=self._notes.verify_addenda(note.id))

    def export(self, actor: User, note_id: NoteId, *, invariant: bool = False) -> bytes:
        """The note as PDF bytes (signed: signer on every page; a draft: marked DRAFT)."""
        document = self.document(note_id)
        data = render_note(document, invariant=invariant)
        note = self._notes.get(note_id)
        with self._db.atomic():
            self._audit.append(self._clock(), actor.id, "export", f"note:{note.kind.value}",
                               note.id, note.patient_id,
                               "pdf, signed" if note.is_signed else "pdf, draft")
        return data

    def _therapist(self, note: Note) -> str:
        try:
            return UserRepository(self._db).get(note.header.therapist_id).display_name
        except KeystoneError:
            return note.signature.signer_name if note.signature else ""

    def _template(self, note: Note) -> EvaluationTemplate | None:
        if self._templates is None or not note.template_id:
            return None
        try:
            return self._templates().get(note.template_id)
        except KeystoneError:  # no such template, or the template files have problems
            return None
