"""ReturnToRunService: is the runner ready (entry criteria against the chart, then the
therapist's confirmation), the walk-run calendar in the home program, and the decision after each
reported run. No Qt.

The criteria advise; the therapist confirms (`confirm_readiness`): every criterion met, or not and
a reason to start anyway, recorded for the episode. Only then can a calendar be planned, and only
then does one print (HandoutService, HomeProgramService.hand_out also check).

The chart facts come from the episode's signed evaluation, progress and re-evaluation notes (the
Achilles/running template's field ids, see domain.return_to_run) and, for morning stiffness, from
VISA-A question 1 when the notes hold fewer than two stiffness times. Every write is one
transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..domain.chart_readings import Reading
from ..domain.errors import FieldProblem, ValidationError
from ..domain.home_programs import RUN_CALENDAR_OPTION
from ..domain.return_to_run import (
    DEFAULT_SESSIONS_PER_STAGE,
    FIRST_STAGE,
    ChartFacts,
    EntryCheck,
    EntryThresholds,
    RunCalendar,
    build_calendar,
    calendar_to_json,
    check_entry,
    facts_from_notes,
    next_stage,
)
from ..domain.run_readiness import Readiness, readiness_reason
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.charting import EpisodeRepository, NoteRepository
from ..store.database import Database
from ..store.return_to_run import ReadinessRepository, RunSession, RunSessionRepository
from .clinic_time import clinic_today
from .home_programs import HomeProgramService

if TYPE_CHECKING:
    from .measures import MeasureService

VISA_A = "visa-a"
VISA_A_STIFFNESS_ITEM = "1"  # minutes of stiffness on rising, scored 0 (100 min) – 10 (none)
MAX_REASON_CHARS = 500
NOT_CONFIRMED = ("Confirm first that the runner is ready to start: the entry criteria met, or "
                 "your reason to start anyway.")


class ReturnToRunService:
    def __init__(self, db: Database, clock: Callable[[], datetime], *,
                 home_programs: HomeProgramService,
                 measures: Callable[[], MeasureService | None] = lambda: None,
                 thresholds: EntryThresholds | None = None):
        self._db = db
        self._clock = clock
        self._programs = home_programs
        self._measures = measures
        self.thresholds = thresholds or EntryThresholds()
        self._episodes = EpisodeRepository(db)
        self._notes = NoteRepository(db)
        self._runs = RunSessionRepository(db)
        self._readiness = ReadinessRepository(db)
        self._audit = AuditLog(db)

    # Entry criteria
    def facts(self, episode_id: int, *, walking_minutes: float | None = None) -> ChartFacts:
        """What the chart records for the entry criteria. `walking_minutes`: a walking test done
        now, used when the signed notes record no walking tolerance."""
        episode = self._episodes.get(episode_id, with_notes=False)
        return facts_from_notes(self._notes.for_episode(episode_id), episode.side,
                                walking_minutes=walking_minutes,
                                visa_a_stiffness_points=self._visa_a_stiffness(episode_id))

    def check_entry(self, episode_id: int, *, walking_minutes: float | None = None) -> EntryCheck:
        """Each criterion met, unmet or not recorded, with the values it was judged on."""
        return check_entry(self.facts(episode_id, walking_minutes=walking_minutes),
                           self.thresholds)

    # The therapist's confirmation
    def readiness(self, episode_id: int) -> Readiness | None:
        """The episode's latest readiness confirmation; None while the therapist has made none
        (and no run calendar prints)."""
        return self._readiness.latest(episode_id)

    def confirm_readiness(self, actor: User, episode_id: int, *, reason: str = "",
                          walking_minutes: float | None = None) -> Readiness:
        """Record that the runner may start the walk-run progression, judged on the entry
        criteria as the chart (and a walking test done now) show them: all met, or not and
        `reason` says why the runner starts anyway (ValidationError on "reason" without one).
        From then on the episode's run calendar can be planned and prints."""
        check = self.check_entry(episode_id, walking_minutes=walking_minutes)
        try:
            why = readiness_reason(check, reason)
        except ValueError as error:
            raise ValidationError(FieldProblem("reason", str(error))) from None
        now = self._clock()
        with self._db.atomic():
            episode = self._episodes.get(episode_id, with_notes=False)
            confirmation = self._readiness.insert(episode_id, episode.patient_id, check.results,
                                                  check.ready, why, actor.id, now)
            self._audit.append(now, actor.id, "confirm_readiness", "return_to_run_readiness",
                               confirmation, episode.patient_id,
                               "entry criteria met" if check.ready else f"started anyway: {why}")
        found = self._readiness.latest(episode_id)
        assert found is not None
        return found

    # The calendar
    def plan(self, actor: User, episode_id: int, start_date: date, *,
             first_stage: int | None = None,
             sessions_per_stage: int = DEFAULT_SESSIONS_PER_STAGE) -> RunCalendar:
        """Build the walk-run calendar from `start_date` (from the stage the logged runs have
        reached, unless `first_stage` says otherwise) and put it in the home-program draft.
        ValidationError until the therapist has confirmed the runner is ready."""
        if self._readiness.latest(episode_id) is None:
            raise ValidationError(FieldProblem("return_to_run", NOT_CONFIRMED))
        stage = first_stage if first_stage is not None else self.current_stage(episode_id)
        try:
            calendar = build_calendar(start_date, first_stage=stage,
                                      sessions_per_stage=sessions_per_stage)
        except ValueError as error:
            raise ValidationError(FieldProblem("return_to_run", str(error))) from None
        with self._db.atomic():
            self._programs.replace_draft(
                actor, episode_id, options={RUN_CALENDAR_OPTION: calendar_to_json(calendar)},
                reason=f"return-to-run calendar from {start_date.isoformat()}, stage {stage}")
        return calendar

    # After each run
    def current_stage(self, episode_id: int) -> int:
        """The stage to run next: the last logged run's decision, else stage 1."""
        runs = [r for r in self._runs.for_episode(episode_id) if not r.in_error]
        return runs[-1].decision.next_stage if runs else FIRST_STAGE

    def record_session(self, actor: User, episode_id: int, run_on: date, pain_during: float,
                       next_morning_worse: bool, limping: bool, *,
                       stage: int | None = None) -> RunSession:
        """Log a run (at the current stage unless `stage` says) and return it with the decision:
        advance, repeat, or step back and contact the clinic."""
        stage = stage if stage is not None else self.current_stage(episode_id)
        if run_on > clinic_today(self._clock):
            raise ValidationError(FieldProblem("run_on", "The run cannot be in the future."))
        try:
            decision = next_stage(stage, pain_during, next_morning_worse, limping)
        except ValueError as error:
            raise ValidationError(FieldProblem("pain_during", str(error))) from None
        now = self._clock()
        with self._db.atomic():
            episode = self._episodes.get(episode_id, with_notes=False)
            run_id = self._runs.insert(episode_id, episode.patient_id, run_on, stage, pain_during,
                                       next_morning_worse, limping, decision, actor.id, now)
            self._audit.append(now, actor.id, "create", "return_to_run_session", run_id,
                               episode.patient_id, f"stage {stage}: {decision.action.value}")
        return self._runs.get(run_id)

    def sessions(self, episode_id: int) -> list[RunSession]:
        """Logged runs, oldest first (those marked in error included, flagged)."""
        return self._runs.for_episode(episode_id)

    def mark_session_in_error(self, actor: User, session_id: int, reason: str) -> RunSession:
        reason = " ".join(reason.split())
        if not reason or len(reason) > MAX_REASON_CHARS:
            raise ValidationError(FieldProblem("reason", "Say briefly why this run is wrong."))
        now = self._clock()
        with self._db.atomic():
            run = self._runs.get(session_id)
            if run.in_error:
                raise ValidationError(FieldProblem("reason", "This run is already marked in "
                                                             "error."))
            self._runs.mark_in_error(session_id, reason, actor.id, now)
            self._audit.append(now, actor.id, "mark_in_error", "return_to_run_session",
                               session_id, run.patient_id, reason)
        return self._runs.get(session_id)

    def _visa_a_stiffness(self, episode_id: int) -> list[Reading]:
        measures = self._measures()
        if measures is None or VISA_A not in measures.catalog:
            return []
        found = []
        for result in measures.history(episode_id, VISA_A, include_in_error=False):
            points = result.answers.get(VISA_A_STIFFNESS_ITEM)
            if isinstance(points, int | float) and not isinstance(points, bool):
                found.append(Reading(float(points), result.taken_on,
                                     f"VISA-A, {result.taken_on:%d %b %Y}"))
        return found
