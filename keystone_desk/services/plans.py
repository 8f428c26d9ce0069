"""PlanService: the plan of care for an episode — create and edit it with version checks, add goals
and move their status, apply a protocol, and say where the plan stands (visits, re-evaluation,
certification, goals against the chart). No Qt.

Rules live in domain.plans and domain.protocols; rows in store.plans. Every write is one
transaction with its audit event. Applying a protocol writes the plan's phases and the episode's
home-program draft in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..content.exercises import ExerciseDefinitionError, ExerciseLibrary
from ..content.protocols import ProtocolCatalog
from ..domain import chart_readings
from ..domain.charting import REEVALUATION_AFTER_DAYS, Note, NoteKind
from ..domain.errors import FieldProblem, NotFoundError, ValidationError
from ..domain.exercises import Dosage
from ..domain.home_programs import HomeProgram, ProgramItem
from ..domain.plan_goals import (
    Goal,
    GoalCheck,
    GoalEvidence,
    GoalKind,
    GoalStatus,
    GoalTarget,
    check_goal,
    validate_goal,
)
from ..domain.plans import (
    AppliedProtocol,
    PlanContent,
    ScheduledPhase,
    TreatmentPlan,
    VisitSummary,
    validate_plan,
    visit_summary,
)
from ..domain.protocols import (
    Applicability,
    Phase,
    Protocol,
    exercises_for,
    phase_dates,
    phase_for_week,
    week_of,
)
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.charting import EpisodeRepository, NoteRepository
from ..store.database import Database
from ..store.plans import PlanGoalRepository, TreatmentPlanRepository
from .clinic_time import clinic_today
from .home_programs import HomeProgramService

if TYPE_CHECKING:
    from .measures import MeasureService

# Signed notes of these kinds are treatment visits under the plan (the initial evaluation sets
# the plan up; a discharge summary closes it).
VISIT_KINDS = frozenset({NoteKind.DAILY, NoteKind.PROGRESS, NoteKind.REEVALUATION})
SITE_FIELD = "tendinopathy_site"  # Achilles/running template: midportion / insertional / both


@dataclass(frozen=True, slots=True)
class ProtocolApplied:
    plan: TreatmentPlan
    program: HomeProgram
    phase: Phase
    site: Applicability


class PlanService:
    def __init__(self, db: Database, clock: Callable[[], datetime], *,
                 protocols: Callable[[], ProtocolCatalog], home_programs: HomeProgramService,
                 measures: Callable[[], MeasureService | None] = lambda: None,
                 exercise_dosage: Callable[[str], Dosage | None] | None = None):
        """`exercise_dosage` gives an exercise's default dosage (the library's, by default),
        which a protocol's prescription is laid over."""
        self._db = db
        self._exercise_dosage = exercise_dosage or _LibraryDosages()
        self._clock = clock
        self._protocols = protocols
        self._programs = home_programs
        self._measures = measures
        self._plans = TreatmentPlanRepository(db)
        self._goals = PlanGoalRepository(db)
        self._episodes = EpisodeRepository(db)
        self._notes = NoteRepository(db)
        self._audit = AuditLog(db)

    # Reading
    def get(self, plan_id: int) -> TreatmentPlan:
        return self._plans.get(plan_id)

    def for_episode(self, episode_id: int) -> TreatmentPlan | None:
        return self._plans.for_episode(episode_id)

    # The plan
    def create(self, actor: User, episode_id: int, content: PlanContent | None = None
               ) -> TreatmentPlan:
        """The episode's plan of care; ValidationError if the episode already has one."""
        content = content or PlanContent()
        _raise_if(validate_plan(content))
        now = self._clock()
        with self._db.atomic():
            episode = self._episodes.get(episode_id, with_notes=False)
            if self._plans.for_episode(episode_id) is not None:
                raise ValidationError(FieldProblem("plan", "This episode already has a plan of "
                                                           "care; edit that one."))
            plan_id = self._plans.insert(episode_id, episode.patient_id, content, now, actor.id)
            self._audit.append(now, actor.id, "create", "treatment_plan", plan_id,
                               episode.patient_id)
        return self._plans.get(plan_id)

    def update(self, actor: User, plan_id: int, content: PlanContent,
               expected_version: int) -> TreatmentPlan:
        """Save the plan over the version the person opened; ConflictError if it moved on."""
        _raise_if(validate_plan(content))
        now = self._clock()
        with self._db.atomic():
            plan = self._plans.get(plan_id)
            self._plans.update(plan_id, content, expected_version, now, actor.id)
            self._audit.append(now, actor.id, "update", "treatment_plan", plan_id,
                               plan.patient_id)
        return self._plans.get(plan_id)

    # Goals
    def add_goal(self, actor: User, plan_id: int, target: GoalTarget) -> Goal:
        target = self._checked_goal(target)
        now = self._clock()
        with self._db.atomic():
            plan = self._plans.get(plan_id)
            goal_id = self._goals.insert(plan_id, plan.patient_id, target, now, actor.id)
            self._audit.append(now, actor.id, "create", "plan_goal", goal_id, plan.patient_id,
                               target.description)
        return self._goals.get(goal_id)

    def update_goal(self, actor: User, goal_id: int, target: GoalTarget,
                    expected_version: int) -> Goal:
        target = self._checked_goal(target)
        now = self._clock()
        with self._db.atomic():
            patient_id = self._goals.patient_of(goal_id)
            self._goals.update_target(goal_id, target, expected_version, now, actor.id)
            self._audit.append(now, actor.id, "update", "plan_goal", goal_id, patient_id)
        return self._goals.get(goal_id)

    def set_goal_status(self, actor: User, goal_id: int, status: GoalStatus,
                        expected_version: int, note: str = "") -> Goal:
        """Move a goal on (progressing, met, not met, discontinued); goals are never deleted."""
        note = " ".join(note.split())
        if status is GoalStatus.DISCONTINUED and not note:
            raise ValidationError(FieldProblem("status_note", "Say why the goal is discontinued."))
        now = self._clock()
        with self._db.atomic():
            patient_id = self._goals.patient_of(goal_id)
            self._goals.update_status(goal_id, status, note, expected_version, now, actor.id)
            self._audit.append(now, actor.id, "goal_status", "plan_goal", goal_id, patient_id,
                               status.value)
        return self._goals.get(goal_id)

    def check_goals(self, episode_id: int) -> list[GoalCheck]:
        """Each goal of the episode's plan against the latest recorded scores and tests."""
        plan = self._plans.for_episode(episode_id)
        if plan is None:
            return []
        evidence = self.evidence(episode_id, plan.goals)
        return [check_goal(goal, evidence) for goal in plan.goals]

    def evidence(self, episode_id: int, goals: tuple[Goal, ...] = ()) -> GoalEvidence:
        """The recorded values the goals can be judged on (scores from outcome measures; test
        counts from signed evaluation, progress and re-evaluation notes)."""
        episode = self._episodes.get(episode_id, with_notes=False)
        notes = self._notes.for_episode(episode_id)
        scores: dict[str, chart_readings.Reading] = {}
        measures = self._measures()
        for measure_id in {g.target.measure_id for g in goals
                           if g.target.kind is GoalKind.MEASURE_SCORE}:
            if measures is None:
                break
            counted = [r for r in measures.history(episode_id, measure_id,
                                                   include_in_error=False) if r.counts]
            if counted:
                last, name = counted[-1], measures.definition(measure_id).short_name
                scores[measure_id] = chart_readings.Reading(
                    float(last.score or 0), last.taken_on, f"{name}, {last.taken_on:%d %b %Y}")
        tests = {(field_id, side): reading
                 for field_id in {g.target.test_field for g in goals
                                  if g.target.kind is GoalKind.TEST_COUNT}
                 for side, reading in chart_readings.latest_pair(notes, field_id).items()}
        return GoalEvidence(scores, tests, chart_readings.involved_side(notes, episode.side))

    # Where the plan stands
    def summary(self, episode_id: int, today: date | None = None, *,
                content: PlanContent | None = None) -> VisitSummary:
        """Planned and used visits, the re-evaluation due date and certification flags.

        `content`: the plan as someone is editing it (not saved yet, or no plan yet), so a
        window can show the figures as the frequency and certification are typed."""
        if content is None:
            plan = self._plans.for_episode(episode_id)
            if plan is None:
                raise NotFoundError("This episode has no plan of care yet.")
            content = plan.content
        notes = [n for n in self._notes.for_episode(episode_id) if n.is_signed]
        used = sum(1 for n in notes if n.kind in VISIT_KINDS)
        evaluations = [n.header.visit_date for n in notes
                       if n.kind in (NoteKind.EVALUATION, NoteKind.REEVALUATION)]
        due = (max(evaluations) + timedelta(days=REEVALUATION_AFTER_DAYS)
               if evaluations else None)
        return visit_summary(content, used, due, today or clinic_today(self._clock))

    # Protocols
    def apply_protocol(self, actor: User, episode_id: int, protocol_id: str, start_date: date,
                       site: Applicability | None = None) -> ProtocolApplied:
        """Put the protocol's phases (as dates from `start_date`) in the episode's plan and its
        current phase's exercises and dosages in the home-program draft.

        `site` defaults to what the latest signed evaluation records (midportion unless it says
        insertional or both: the floor-level versions suit both). The draft's other exercises
        (the therapist's own additions) are kept after the protocol's; exercises of this protocol's
        other phases, or of the protocol applied before, are replaced.
        """
        protocol = self._protocols().get(protocol_id)
        episode = self._episodes.get(episode_id, with_notes=False)
        notes = self._notes.for_episode(episode_id)
        site = site or _site_from(notes)
        if site not in protocol.applicability:
            raise ValidationError(FieldProblem("protocol", f"{protocol.name} is not meant for "
                                               f"{site.value} tendinopathy."))
        today = clinic_today(self._clock)
        phase = phase_for_week(protocol, week_of(start_date, max(today, start_date)))
        if phase is None:
            raise ValidationError(FieldProblem("start_date", f"{protocol.name} started on "
                                               f"{start_date:%d %b %Y} would already be over."))
        applied = _applied(protocol, site, start_date)
        side = chart_readings.involved_side(notes, episode.side)
        items = [ProgramItem(e.exercise_id, side if side in ("left", "right", "both") else "",
                             e.prescribed(self._exercise_dosage(e.exercise_id)), e.notes, n)
                 for n, e in enumerate(exercises_for(phase, site), start=1)]
        now = self._clock()
        with self._db.atomic():
            plan = self._plans.for_episode(episode_id) or self.create(actor, episode_id)
            self._plans.update(plan.id, replace(plan.content, protocol=applied), plan.version,
                               now, actor.id)
            self._audit.append(now, actor.id, "apply_protocol", "treatment_plan", plan.id,
                               plan.patient_id, f"{protocol.id} from {start_date.isoformat()}")
            draft = self._programs.get_or_create_draft(actor, episode_id)
            replaced = protocol.exercise_ids | self._previous_exercises(plan)
            kept = [i for i in draft.items if i.exercise_id not in replaced]
            kept = [replace(i, order=len(items) + n) for n, i in enumerate(kept, start=1)]
            program = self._programs.replace_draft(
                actor, episode_id, items=items + kept,
                options={"protocol": {"id": protocol.id, "name": protocol.name,
                                      "phase": phase.number, "phase_name": phase.name,
                                      "site": site.value, "pain_rules": list(protocol.pain_rules)}},
                reason=f"{protocol.id} phase {phase.number}")
        return ProtocolApplied(self._plans.get(plan.id), program, phase, site)

    def _previous_exercises(self, plan: TreatmentPlan) -> frozenset[str]:
        previous = plan.content.protocol
        if previous is None:
            return frozenset()
        try:
            return self._protocols().get(previous.protocol_id).exercise_ids
        except NotFoundError:  # a protocol file since removed: keep what the draft has
            return frozenset()

    def _checked_goal(self, target: GoalTarget) -> GoalTarget:
        measures = self._measures()
        if target.kind is GoalKind.MEASURE_SCORE and measures is not None and target.measure_id:
            found = measures.catalog.find(target.measure_id)
            if found is not None:
                target = replace(target, measure_id=found.id)
            known = frozenset(measures.catalog.ids())
        else:
            known = None
        _raise_if(validate_goal(target, known))
        return target


class _LibraryDosages:
    """Default dosages from the exercise library, read on first use. A library that cannot be
    read gives none (the protocol's own dosage is used as it stands); its loader reports why."""

    def __init__(self) -> None:
        self._library: ExerciseLibrary | None = None
        self._failed = False

    def __call__(self, exercise_id: str) -> Dosage | None:
        if self._library is None and not self._failed:
            try:
                self._library = ExerciseLibrary.load()
            except ExerciseDefinitionError:
                self._failed = True
        found = self._library.find(exercise_id) if self._library is not None else None
        return found.dosage if found is not None else None


def _applied(protocol: Protocol, site: Applicability, start: date) -> AppliedProtocol:
    phases = []
    for phase in protocol.phases:
        first, last = phase_dates(start, phase)
        phases.append(ScheduledPhase(phase.number, phase.name, first, last))
    return AppliedProtocol(protocol.id, protocol.name, site.value, start, tuple(phases))


def _site_from(notes: Iterable[Note]) -> Applicability:
    for note in reversed(chart_readings.evaluative_notes(notes)):
        value = note.content.get(SITE_FIELD)
        if value in ("insertional", "both"):
            return Applicability.INSERTIONAL
        if value == "midportion":
            return Applicability.MIDPORTION
    return Applicability.MIDPORTION


def _raise_if(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError(problems)
