"""PatientService: register, read, update, archive and find patients, with audit events.

Validation rules come from domain.intake; storage from store.patients. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from ..domain.errors import DuplicatePatientError
from ..domain.intake import Intake, validate_intake
from ..domain.patients import Consent, Patient, PatientId, PatientSummary
from ..domain.text_search import parse_query
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.database import Database
from ..store.patients import PatientRepository
from .bulk_registration import BulkRegistration, Progress, RegisterManyResult
from .clinic_time import clinic_today


@dataclass(frozen=True, slots=True)
class PatientChanged:
    """What a write changed, for views to decide whether to refresh."""

    patient: Patient
    created: bool = False


class PatientService:
    def __init__(self, db: Database, clock: Callable[[], datetime], *, day_first: bool = True):
        self._db = db
        self._clock = clock
        self._day_first = day_first
        self._repo = PatientRepository(db)
        self._audit = AuditLog(db)
        self._bulk = BulkRegistration(db, clock, day_first=day_first,
                                      new_consent=partial(_consent_after, None))

    @property
    def day_first(self) -> bool:
        """Whether an ambiguous date such as 03/04/2026 is read day first (the clinic's setting)."""
        return self._day_first

    def validate(self, raw: Mapping[str, object]) -> Intake:
        """Check intake values without writing anything; raises ValidationError."""
        return validate_intake(raw, clinic_today(self._clock), day_first=self._day_first)

    def find_duplicates(self, intake: Intake, *, excluding: PatientId | None = None) -> list[PatientId]:
        found = self._repo.find_same_identity(intake.first_name, intake.last_name,
                                              intake.date_of_birth)
        return [pid for pid in found if pid != excluding]

    def register(self, actor: User, raw: Mapping[str, object], *,
                 allow_duplicate: bool = False) -> PatientChanged:
        """Register a new patient. Raises ValidationError, or DuplicatePatientError unless allowed."""
        intake = self.validate(raw)
        now = self._clock()
        with self._db.atomic():
            duplicates = self.find_duplicates(intake)
            if duplicates and not allow_duplicate:
                raise DuplicatePatientError(duplicates)
            consent = _consent_after(None, intake, actor, now)
            patient = self._repo.insert(intake, now, consent)
            self._audit.append(now, actor.id, "create", "patient", patient.id, patient.id,
                               "duplicate confirmed" if duplicates else "")
        return PatientChanged(patient, created=True)

    def register_many(self, actor: User, rows: Iterable[Mapping[str, object]], *,
                      source: str = "", dry_run: bool = False,
                      progress: Progress | None = None) -> RegisterManyResult:
        """Register a batch (import, demo): all rows checked first, then one transaction.

        Raises RowsRejectedError naming every problem (row = position from 0); nothing is written.
        Rows naming a registered patient or repeating an earlier row are skipped and reported.
        Each new patient gets a "create" audit event whose detail is `source`. `progress(done,
        total)` is called now and then; a dry run checks everything and writes nothing.
        """
        return self._bulk.register(actor, rows, source=source, dry_run=dry_run, progress=progress)

    def update(self, actor: User, patient_id: PatientId, raw: Mapping[str, object],
               expected_version: int) -> PatientChanged:
        """Save changes made to the version the person read; ConflictError if it moved on."""
        intake = self.validate(raw)
        now = self._clock()
        with self._db.atomic():
            before = self._repo.get(patient_id)
            consent = _consent_after(before, intake, actor, now)
            patient = self._repo.update(patient_id, intake, expected_version, now, consent)
            self._audit.append(now, actor.id, "update", "patient", patient_id, patient_id)
        return PatientChanged(patient)

    def set_archived(self, actor: User, patient_id: PatientId, archived: bool,
                     expected_version: int) -> PatientChanged:
        now = self._clock()
        with self._db.atomic():
            patient = self._repo.set_archived(patient_id, archived, expected_version, now)
            action = "archive" if archived else "unarchive"
            self._audit.append(now, actor.id, action, "patient", patient_id, patient_id)
        return PatientChanged(patient)

    def open_chart(self, actor: User, patient_id: PatientId) -> Patient:
        """Read a patient to show their chart; the view is recorded in the audit trail."""
        now = self._clock()
        with self._db.atomic():
            patient = self._repo.get(patient_id)
            self._audit.append(now, actor.id, "view", "patient", patient_id, patient_id)
        return patient

    def get(self, patient_id: PatientId) -> Patient:
        """Read without recording a chart view (conflict checks, reloads after own save)."""
        return self._repo.get(patient_id)

    def resolve(self, id_or_uid: str) -> PatientId:
        """A patient id as typed on a command line: the number or the uid."""
        text = id_or_uid.strip()
        # ASCII digits only: "²".isdigit() is True but int() refuses it; 18 digits fit SQLite.
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return PatientId(int(text))
        return self._repo.id_for_uid(text)

    def search(self, text: str, *, include_archived: bool = False, limit: int = 100,
               offset: int = 0) -> list[PatientSummary]:
        """Patients matching anything typed in a search box, best first. Never raises on input."""
        return self._repo.search(parse_query(text), include_archived=include_archived,
                                 limit=limit, offset=offset)

    def count(self, *, include_archived: bool = False) -> int:
        return self._repo.count(include_archived=include_archived)


def _consent_after(before: Patient | None, intake: Intake, actor: User, now: datetime) -> Consent:
    """Consent keeps its first recording; it is stamped when first given and cleared if withdrawn."""
    given = intake.consent_to_treat or intake.privacy_notice
    if not given:
        return Consent()
    if before is not None and before.consent.recorded_at is not None:
        return before.consent
    return Consent(now, actor.display_name)
