"""DemoChartWriter: give the hand-written demo patients the charts a real clinic would hold.

Each DemoChart (services.demo_charts_*) becomes an episode of care with a signed initial
evaluation, daily SOAP notes, outcome measures and sometimes a discharge summary, written through
EpisodeService, NoteService and MeasureService exactly as a therapist's clicks would: validated,
audited, signed with a content hash. Evaluation values are also checked against their template
here, since the form checks them on screen and the note service stores what it is given.

Dates are counted from the clinic clock's today and moved off weekends; nothing lands after
today. The whole chart set is one transaction (each service's own block becomes a savepoint), so
a disk that syncs every commit pays for one sync, not hundreds. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..content.templates import TemplateCatalog
from ..domain.charting import EpisodeId, Note, NoteHeader, NoteKind
from ..domain.discharge import Goal, goals_content, goals_from
from ..domain.evaluation_values import diagnosis_value
from ..domain.templates import EvaluationTemplate, FieldKind, validate_values
from ..domain.users import User
from ..store.database import Database
from .clinic_time import clinic_today
from .demo_chart_parts import CREDENTIALS, DemoChart, Discharge, Scores, Visit
from .demo_charts_insertional import INSERTIONAL_AND_RUPTURE_CHARTS
from .demo_charts_lower_limb import LOWER_LIMB_CHARTS
from .demo_charts_midportion import MIDPORTION_CHARTS
from .demo_charts_midportion_risks import MIDPORTION_RISK_CHARTS
from .demo_programs import DemoProgramWriter
from .episodes import EpisodeService
from .measures import MeasureService
from .notes import NoteService

DEMO_CHARTS: tuple[DemoChart, ...] = (
    *MIDPORTION_CHARTS, *MIDPORTION_RISK_CHARTS, *INSERTIONAL_AND_RUPTURE_CHARTS,
    *LOWER_LIMB_CHARTS)
_SATURDAY, _SUNDAY = 5, 6
# Minutes a visit starts before or after the patient's usual slot, visit by visit.
_SLOT_DRIFT = (0, 15, -15, 30, 0, -30)
_DISCHARGE_MINUTES = 30


@dataclass(frozen=True, slots=True)
class ChartedPatient:
    """A registered demo patient, as the writer needs them."""

    id: int
    onset_date: date | None = None


@dataclass(frozen=True, slots=True)
class _Services:
    episodes: EpisodeService
    notes: NoteService
    measures: MeasureService


class DemoChartWriter:
    def __init__(self, db: Database, episodes: EpisodeService, notes: NoteService,
                 measures: MeasureService, templates: Callable[[], TemplateCatalog],
                 clock: Callable[[], datetime], programs: DemoProgramWriter | None = None):
        self._db = db
        self._services = _Services(episodes, notes, measures)
        self._templates = templates
        self._clock = clock
        self._programs = programs

    def write(self, actor: User, patients: Mapping[str, ChartedPatient],
              then: Callable[[], None] | None = None) -> int:
        """Chart every demo patient in `patients` (keyed by last name); returns how many
        episodes were opened. The Achilles patients then take home their exercise programs
        (services.demo_programs). `then` runs in the same transaction (the demo archives its
        discharged patient there)."""
        today = clinic_today(self._clock)
        written: dict[str, tuple[int, date]] = {}
        with self._db.atomic():
            for chart in DEMO_CHARTS:
                patient = patients.get(chart.last_name)
                if patient is None:
                    continue
                template = self._templates().get(chart.template)
                written[chart.last_name] = _ChartWriting(self._services, actor, chart, patient,
                                                         template, today).write()
            if self._programs is not None:
                self._programs.write(actor, written)
            if then is not None:
                then()
        return len(written)


class _ChartWriting:
    """One chart: the days it lands on, then the evaluation, visits, scores and discharge."""

    def __init__(self, services: _Services, actor: User, chart: DemoChart,
                 patient: ChartedPatient, template: EvaluationTemplate, today: date):
        self._s, self._actor, self._chart, self._patient = services, actor, chart, patient
        self._template = template
        self._today = today
        self._start = today - timedelta(days=chart.evaluated_days_ago)

    def write(self) -> tuple[int, date]:
        """Write the chart; returns the episode's id and the evaluation day."""
        chart = self._chart
        opened = self.on(0)
        diagnosis = self._template.field("diagnosis")
        condition = diagnosis.condition(chart.diagnosis) if diagnosis else None
        episode = self._s.episodes.open_episode(
            self._actor, self._patient.id, f"{chart.title}, {opened:%b %Y}",
            condition=chart.condition or (condition.label if condition else ""),
            side=chart.side, opened_on=opened)
        self._sign(self._s.notes.create(
            self._actor, episode.id, NoteKind.EVALUATION, template_id=chart.template,
            header=self._header(0, chart.slot, chart.evaluation_minutes),
            content=self._evaluation_values()))
        # On a visit day the questionnaires are filled in before the session.
        events: list[tuple[int, int, Visit | Scores]] = [
            *((s.day, 0, s) for s in chart.scores), *((v.day, 1, v) for v in chart.visits)]
        visits = 0
        for _, _, event in sorted(events, key=lambda e: e[:2]):
            if isinstance(event, Scores):
                self._record(episode.id, event)
            else:
                visits += 1
                self._visit(episode.id, event, visits)
        if chart.discharge is not None:
            self._discharge(episode.id, chart.discharge)
        return episode.id, opened

    def on(self, day: int) -> date:
        """The clinic day `day` days after the evaluation: a weekend moves to the nearest
        weekday that is not after today."""
        when = self._start + timedelta(days=day)
        if when.weekday() == _SATURDAY:
            when -= timedelta(days=1)
        elif when.weekday() == _SUNDAY:
            when += timedelta(days=1) if when < self._today else timedelta(days=-2)
        if when > self._today:
            raise ValueError(f"demo chart {self._chart.last_name}: day {day} is after today")
        return when

    def _evaluation_values(self) -> dict[str, Any]:
        chart, template = self._chart, self._template
        values = dict(chart.evaluation)
        diagnosis = template.field("diagnosis")
        if diagnosis is not None:
            values["diagnosis"] = diagnosis_value(diagnosis, chart.diagnosis, chart.side)
        onset = template.field("onset_date")
        if onset is not None and onset.kind is FieldKind.DATE and self._patient.onset_date:
            values.setdefault("onset_date", self._patient.onset_date.isoformat())
        problems = [f"{p.field}: {p.message}" for p in validate_values(template, values)]
        problems += [f"{name}: not a field of {template.id}"
                     for name in sorted(set(values) - {f.id for f in template.fields})]
        if problems:
            raise ValueError(f"demo chart {chart.last_name}: {'; '.join(problems)}")
        return values

    def _header(self, day: int, time_in: str, minutes: int, finished: bool = True) -> NoteHeader:
        start = _minutes(time_in)
        return NoteHeader(self.on(day), _clock_time(start),
                          _clock_time(start + minutes) if finished else "",
                          therapist_id=self._actor.id)

    def _visit(self, episode_id: EpisodeId, visit: Visit, number: int) -> None:
        time_in = visit.time_in or _clock_time(
            _minutes(self._chart.slot) + _SLOT_DRIFT[number % len(_SLOT_DRIFT)])
        content = {part: text for part, text in (
            ("subjective", visit.subjective), ("objective", visit.objective),
            ("assessment", visit.assessment), ("plan", visit.plan)) if text}
        note = self._s.notes.create(
            self._actor, episode_id, NoteKind.DAILY, copy_forward=True, content=content,
            header=self._header(visit.day, time_in, self._chart.visit_minutes,
                                finished=not visit.draft))
        if visit.draft:
            return
        self._sign(note)
        if visit.addendum is not None:
            reason, text = visit.addendum
            self._s.notes.add_addendum(self._actor, note.id, reason, text, CREDENTIALS)

    def _record(self, episode_id: EpisodeId, scores: Scores) -> None:
        result = self._s.measures.record(self._actor, episode_id, scores.measure,
                                         self.on(scores.day), scores.answers,
                                         activities=scores.activities)
        if result.score is None:
            raise ValueError(f"demo chart {self._chart.last_name}: {scores.measure} on day "
                             f"{scores.day} has no score ({result.problems})")
        if scores.in_error:
            self._s.measures.mark_in_error(self._actor, result.id, scores.in_error)

    def _discharge(self, episode_id: EpisodeId, discharge: Discharge) -> None:
        """As a therapist does it: start the summary (outcomes and goals filled in from the
        episode), mark each goal, sign, then discharge the episode on the same day."""
        notes = self._s.notes
        note = notes.create(self._actor, episode_id, NoteKind.DISCHARGE,
                            header=self._header(discharge.day, self._chart.slot,
                                                _DISCHARGE_MINUTES),
                            content={"summary": discharge.summary,
                                     "recommendations": discharge.recommendations})
        goals = [Goal(goal.text, discharge.goal_status) for goal in goals_from(note.content)]
        note = notes.save(self._actor, note.id, note.header,
                          {**note.content, "goals": goals_content(goals)}, note.version)
        self._sign(note)
        episode = self._s.episodes.get(episode_id)
        self._s.episodes.discharge(self._actor, episode_id, self.on(discharge.day),
                                   expected_version=episode.version)

    def _sign(self, note: Note) -> None:
        self._s.notes.sign(self._actor, note.id, CREDENTIALS, expected_version=note.version)


def _minutes(clock_time: str) -> int:
    hours, minutes = clock_time.split(":")
    return int(hours) * 60 + int(minutes)


def _clock_time(minutes: int) -> str:
    if not 0 <= minutes < 24 * 60:
        raise ValueError(f"{minutes} minutes is not a time of day")
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
