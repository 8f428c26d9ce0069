"""MeasureService: record outcome measures for an episode, mark wrong ones in error, read history.

Scoring rules live in domain.measures, definitions come from content (MeasureCatalog), rows from
store.measures. Every write is one transaction with its audit event. A recorded result is never
changed or deleted: a wrong one is marked in error with a reason (the database enforces it). No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from ..content.measures import MeasureCatalog
from ..domain.errors import FieldProblem, ValidationError
from ..domain.measure_results import MeasureResult, OutcomeChange, outcome_changes
from ..domain.measures import MeasureDefinition, ScoreResult, score
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.database import Database
from ..store.measures import MeasureResultRepository
from .clinic_time import clinic_today

MAX_REASON_CHARS = 500
MAX_ACTIVITY_CHARS = 120


class MeasureService:
    def __init__(self, db: Database, clock: Callable[[], datetime], catalog: MeasureCatalog):
        self._db = db
        self._clock = clock
        self._catalog = catalog
        self._repo = MeasureResultRepository(db)
        self._audit = AuditLog(db)

    @property
    def catalog(self) -> MeasureCatalog:
        return self._catalog

    def today(self) -> date:
        """The clinic's today (the latest date a result may be taken on)."""
        return clinic_today(self._clock)

    def definition(self, measure_id: str) -> MeasureDefinition:
        """The measure by id or short name; UnknownMeasureError if there is none."""
        return self._catalog.get(measure_id)

    def score(self, measure_id: str, answers: Mapping[str, object]) -> ScoreResult:
        """Score answers without recording them (live scoring in a form)."""
        return score(self.definition(measure_id), answers)

    def record(self, actor: User, episode_id: int, measure_id: str, taken_on: date,
               answers: Mapping[str, object], activities: Mapping[str, str] | None = None,
               ) -> MeasureResult:
        """Record one completed form. Invalid answers are refused (ValidationError naming the
        item) and nothing is written; an incomplete form is kept with no score and its problems.
        `activities` names the activity of each rated item where the measure asks (PSFS)."""
        definition = self.definition(measure_id)
        result = score(definition, answers)
        named = self._check(definition, result, taken_on, activities or {})
        now = self._clock()
        with self._db.atomic():
            patient_id = self._repo.patient_of_episode(episode_id)
            recorded = self._repo.insert(
                episode_id=episode_id, patient_id=patient_id, measure_id=definition.id,
                taken_on=taken_on, answers=result.answered, activities=named,
                score=result.score, problems=result.problems, entered_by=actor.id, now=now)
            shown = definition.format_score(result.exact) or "no score"
            self._audit.append(now, actor.id, "create", "measure_result", recorded.id,
                               patient_id, f"{definition.short_name} {shown}")
        return recorded

    def mark_in_error(self, actor: User, result_id: int, reason: str) -> MeasureResult:
        """Mark a recorded result as entered in error; the reason is required and kept."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError(FieldProblem("reason", "Say why this result is wrong."))
        if len(reason) > MAX_REASON_CHARS:
            raise ValidationError(FieldProblem(
                "reason", f"Keep the reason under {MAX_REASON_CHARS} characters."))
        now = self._clock()
        with self._db.atomic():
            current = self._repo.get(result_id)
            if current.in_error:
                raise ValidationError(FieldProblem(
                    "result", f"This result was already marked in error: {current.error_reason}"))
            marked = self._repo.mark_in_error(result_id, reason, actor.id, now)
            self._audit.append(now, actor.id, "mark_in_error", "measure_result", result_id,
                               marked.patient_id, reason)
        return marked

    def history(self, episode_id: int, measure_id: str | None = None,
                include_in_error: bool = True) -> list[MeasureResult]:
        """Results for an episode (optionally one measure), oldest first."""
        wanted = self.definition(measure_id).id if measure_id is not None else None
        return self._repo.for_episode(episode_id, wanted, include_in_error=include_in_error)

    def first_and_last(self, episode_id: int) -> list[OutcomeChange]:
        """Per measure: baseline, latest, change and whether it reaches the MCID."""
        results = self._repo.for_episode(episode_id, include_in_error=False)
        return outcome_changes(results, self._catalog.as_mapping())

    def get(self, result_id: int) -> MeasureResult:
        return self._repo.get(result_id)

    def _check(self, definition: MeasureDefinition, result: ScoreResult, taken_on: date,
               activities: Mapping[str, str]) -> dict[str, str]:
        """Problems that refuse the whole form; returns the activity names to keep."""
        problems = [FieldProblem(item, " ".join(messages))
                    for item, messages in result.errors.items()]
        if taken_on > clinic_today(self._clock):
            problems.append(FieldProblem("taken_on", "The date taken cannot be in the future."))
        named: dict[str, str] = {}
        for item in definition.items:
            if not item.named or item.id not in result.answered:
                continue
            name = " ".join(str(activities.get(item.id, "")).split())
            if not name:
                problems.append(FieldProblem(item.id, f"Item {item.id}: name the activity rated."))
            elif len(name) > MAX_ACTIVITY_CHARS:
                problems.append(FieldProblem(
                    item.id, f"Item {item.id}: keep the activity under {MAX_ACTIVITY_CHARS} "
                             "characters."))
            named[item.id] = name
        if problems:
            raise ValidationError(problems)
        return named

