"""Registering many patients at once (CSV import, demo clinics): all rows checked, then one
transaction.

Every row is validated before anything is written, and one RowsRejectedError names every problem.
Rows naming a registered patient, or repeating an earlier row of the batch (same folded name and
date of birth), are skipped and reported, never created twice. The rows that remain are written
in one `db.atomic()` block with one audit event each. Reached through
`PatientService.register_many`; no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..domain.bulk import RowProblem, RowsRejectedError
from ..domain.errors import ValidationError
from ..domain.intake import Intake, validate_intake
from ..domain.patients import Consent, PatientId
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.database import Database
from ..store.patient_bulk import PatientBulkRepository
from .clinic_time import clinic_today

Progress = Callable[[int, int], None]
ConsentRule = Callable[[Intake, User, datetime], Consent]

# Rows per INSERT batch: large enough to amortise the statements, small enough that progress moves
# and the batch's rows are not all held as tuples at once.
WRITE_BATCH = 2000
PROGRESS_EVERY = 1000


@dataclass(frozen=True, slots=True)
class SkippedDuplicate:
    """A row that was not created because the person is already there."""

    row: int  # position in the batch, from 0
    display_name: str
    date_of_birth: date
    existing: tuple[PatientId, ...] = ()  # registered patients with the same identity
    earlier_row: int | None = None  # or: the earlier row of this batch it repeats

    @property
    def reason(self) -> str:
        if self.existing:
            ids = ", ".join(f"#{pid}" for pid in self.existing)
            return f"already registered as patient {ids}"
        return f"repeats row {self.earlier_row}"


@dataclass(frozen=True, slots=True)
class RegisterManyResult:
    """What a batch did (or, for a dry run, would do)."""

    created: tuple[PatientId, ...]  # new patient ids in row order; empty for a dry run
    created_rows: tuple[int, ...]  # positions of the rows that were (would be) created
    duplicates: tuple[SkippedDuplicate, ...]
    dry_run: bool = False

    @property
    def count(self) -> int:
        return len(self.created_rows)


class BulkRegistration:
    def __init__(self, db: Database, clock: Callable[[], datetime], *, day_first: bool,
                 new_consent: ConsentRule):
        self._db = db
        self._clock = clock
        self._day_first = day_first
        self._new_consent = new_consent
        self._repo = PatientBulkRepository(db)
        self._audit = AuditLog(db)

    def register(self, actor: User, rows: Iterable[Mapping[str, object]], *, source: str = "",
                 dry_run: bool = False, progress: Progress | None = None) -> RegisterManyResult:
        report = progress or _ignore
        rows = list(rows)
        total = len(rows) if dry_run else 2 * len(rows)
        intakes = self._check(rows, lambda done: report(done, total))
        if dry_run:
            fresh, duplicates = self._sort_out_duplicates(intakes)
            report(total, total)
            return RegisterManyResult((), tuple(fresh), tuple(duplicates), dry_run=True)
        now = self._clock()
        with self._db.atomic():
            fresh, duplicates = self._sort_out_duplicates(intakes)
            created: list[PatientId] = []
            for start in range(0, len(fresh), WRITE_BATCH):
                batch = [intakes[i] for i in fresh[start:start + WRITE_BATCH]]
                ids = self._repo.insert_many(
                    ((intake, self._new_consent(intake, actor, now)) for intake in batch), now)
                self._audit.append_many(now, actor.id, "create", "patient",
                                        ((pid, pid, source) for pid in ids))
                created.extend(ids)
                report(len(rows) + start + len(batch), total)
        report(total, total)
        return RegisterManyResult(tuple(created), tuple(fresh), tuple(duplicates))

    def _check(self, rows: list[Mapping[str, object]],
               report: Callable[[int], None]) -> list[Intake]:
        """Every row validated; RowsRejectedError listing all problems if any row fails."""
        today = clinic_today(self._clock)
        intakes: list[Intake] = []
        problems: list[RowProblem] = []
        for index, raw in enumerate(rows):
            try:
                intakes.append(validate_intake(raw, today, day_first=self._day_first))
            except ValidationError as exc:
                problems.extend(RowProblem(index, p.field, p.message) for p in exc.problems)
            if index % PROGRESS_EVERY == 0:
                report(index)
        if problems:
            raise RowsRejectedError(problems)
        report(len(rows))
        return intakes

    def _sort_out_duplicates(
        self, intakes: list[Intake]
    ) -> tuple[list[int], list[SkippedDuplicate]]:
        """Positions of rows to create, and the rows skipped as already registered or repeated."""
        keys = [self._repo.identity_of(intake) for intake in intakes]
        registered = self._repo.ids_by_identity(keys)
        first_seen: dict[str, int] = {}
        fresh: list[int] = []
        skipped: list[SkippedDuplicate] = []
        for index, (key, intake) in enumerate(zip(keys, intakes, strict=True)):
            existing = registered.get(key)
            earlier = first_seen.setdefault(key, index)
            if existing or earlier != index:
                skipped.append(SkippedDuplicate(
                    index, intake.display_name, intake.date_of_birth, tuple(existing or ()),
                    None if existing else earlier,
                ))
            else:
                fresh.append(index)
        return fresh, skipped


def _ignore(done: int, total: int) -> None:
    """No progress wanted."""
