"""HandoutService: home-program handouts as PDF bytes — a preview of the draft, an identical
reprint of any handed-out version, the patient's current one — and the audit trail of every
print and save. No Qt.

A draft's return-to-run calendar prints only once the therapist has confirmed the runner is
ready (HomeProgramService.printable_calendar). A reprint is built only from what the version stored (items, dosages, the exercise text of that
day, options, the run calendar, who handed it out and when) plus the photos the clinic had
attached by then (photos are never changed, only added), and it is rendered reproducibly, so
reprinting version 2 gives the same bytes every time while the clinic's details stay the same.
The clinic's details (name, address, phone, logo) are today's, from ClinicSettingsService.
Building a handout reads the database; printing or saving it is recorded by `record_output`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ..domain.charting import EpisodeId, NoteKind
from ..domain.clinic_settings import ClinicBranding
from ..domain.errors import FieldProblem, KeystoneError, NotFoundError, ValidationError
from ..domain.home_programs import HomeProgramVersion, ProgramId
from ..domain.patients import PatientId
from ..domain.return_to_run import calendar_from_json
from ..domain.users import User
from ..pdf.handout import HandoutDocument, render_handout
from ..store.audit import AuditLog
from ..store.charting import NoteRepository
from ..store.custom_exercises import ExercisePhotoRepository
from ..store.database import Database
from ..store.users import UserRepository
from .handout_document import HandoutItem, handout_document, handout_options, patient_name
from .home_programs import HomeProgramService
from .patients import PatientService

OUTPUTS = ("print", "save_pdf", "cli")
MAX_DETAIL_CHARS = 300


class HandoutService:
    def __init__(self, db: Database, clock: Callable[[], datetime], *,
                 home_programs: HomeProgramService, patients: PatientService,
                 branding: Callable[[], ClinicBranding]):
        self._db = db
        self._clock = clock
        self._programs = home_programs
        self._patients = patients
        self._branding = branding
        self._photos = ExercisePhotoRepository(db)
        self._notes = NoteRepository(db)
        self._audit = AuditLog(db)

    # ----- the documents (what would print)

    def draft_document(self, program_id: int, *, options: Mapping[str, Any] | None = None,
                       therapist: str | None = None) -> HandoutDocument:
        program = self._programs.get(program_id)
        calendar = self._programs.printable_calendar(program)
        branding = self._branding()
        items = []
        for item in program.items:
            exercise = self._programs.exercise_document(item.exercise_id) or {}
            photo = self._photos.latest(item.exercise_id)
            items.append(HandoutItem(item, exercise, photo.data if photo else None))
        return handout_document(
            branding=branding, patient=self._patients.get(PatientId(program.patient_id)),
            on=self._clock().astimezone().date(),
            therapist=therapist if therapist is not None else self._therapist(program.episode_id),
            options=handout_options(program.options, options, branding), items=items,
            program_options=program.options,
            calendar=calendar_from_json(calendar) if calendar is not None else None, version=None)

    def version_document(self, version: HomeProgramVersion, *,
                         options: Mapping[str, Any] | None = None) -> HandoutDocument:
        branding = self._branding()
        items = []
        for handed in version.items:
            photo = self._photos.as_of(handed.item.exercise_id, version.handed_at)
            items.append(HandoutItem(handed.item, handed.exercise, photo.data if photo else None))
        return handout_document(
            branding=branding, patient=self._patients.get(PatientId(version.patient_id)),
            on=version.handed_at.astimezone().date(), therapist=version.therapist_name,
            options=handout_options(version.options, options, branding), items=items,
            program_options=version.options, calendar=version.run_calendar,
            version=version.number)

    # ----- PDF bytes

    def draft_pdf(self, program_id: int, *, options: Mapping[str, Any] | None = None,
                  therapist: str | None = None) -> bytes:
        """A preview of the program's current draft, marked as not yet handed out. `options`
        ("paper": "a4"/"letter", "large_print", "low_ink") override the draft's for this
        preview only. Records nothing."""
        return render_handout(self.draft_document(program_id, options=options,
                                                  therapist=therapist))

    def version_pdf(self, program_id: int, number: int, *,
                    options: Mapping[str, Any] | None = None) -> bytes:
        """The handed-out version `number`, exactly as it was given (byte-identical on every
        reprint unless `options` change the paper or print)."""
        version = self._programs.version(program_id, number)
        return render_handout(self.version_document(version, options=options), invariant=True)

    def current_pdf(self, patient_id: int, *, options: Mapping[str, Any] | None = None
                    ) -> tuple[int, int, bytes]:
        """(program id, version number, PDF) of the last program handed to the patient;
        NotFoundError when none has been."""
        patient = self._patients.get(PatientId(patient_id))
        version = self._programs.current_for_patient(patient_id)
        if version is None:
            raise NotFoundError(f"{patient_name(patient)} has no home program handed out yet: "
                                "hand one out from the program builder first.")
        document = self.version_document(version, options=options)
        return version.program_id, version.number, render_handout(document, invariant=True)

    # ----- the audit trail

    def record_output(self, actor: User, program_id: int, number: int, how: str,
                      detail: str = "") -> None:
        """Record that version `number` was printed ("print"), saved as a PDF ("save_pdf") or
        written by the command line ("cli"); `detail` says where (printer or file)."""
        if how not in OUTPUTS:
            raise ValidationError(FieldProblem("how", "Say print, save_pdf or cli."))
        version = self._programs.version(ProgramId(program_id), number)
        detail = " ".join(detail.split())[:MAX_DETAIL_CHARS]
        with self._db.atomic():
            self._audit.append(self._clock(), actor.id, how, "home_program", program_id,
                               version.patient_id,
                               f"version {number}" + (f": {detail}" if detail else ""))

    def _therapist(self, episode_id: int) -> str:
        """Who evaluated the episode (the therapist a draft preview names)."""
        note = self._notes.latest_of_kinds(EpisodeId(episode_id), (NoteKind.EVALUATION,))
        if note is None or not note.header.therapist_id:
            return ""
        try:
            return UserRepository(self._db).get(note.header.therapist_id).display_name
        except KeystoneError:
            return ""
