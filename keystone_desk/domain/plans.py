"""The plan of care for an episode: diagnoses, problems, measurable goals, frequency × duration,
interventions with CPT codes, the certification period, and the billing unit rule.

Rules a therapist would recognise, each once:
- `timed_units(minutes)`: Medicare's 8-minute rule for timed codes (8–22 min = 1 unit, 23–37 = 2,
  38–52 = 3, 53–67 = 4, then one more per 15 min: a unit for every whole 15 minutes, plus one
  when 8 or more minutes are left over). Source: CMS Medicare Claims Processing Manual (Pub.
  100-04) ch. 5 §20.2; unit table as published by AOTA and billing guides.
- Planned visits = visits a week × weeks (2×/week for 6 weeks = 12).
- A certification period covers at most 90 calendar days counting its first day, and the
  physician's certification is due within 30 days of its start (CMS Medicare Benefit Policy Manual
  ch. 15 §220.1.3: "within 30 days of the initial therapy treatment"; the plan is certified for its
  duration or 90 calendar days, whichever is less). A missing certification is flagged, not refused.

Goals, and checking them against the chart, are domain.plan_goals. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NewType

from .errors import FieldProblem
from .plan_goals import Goal

PlanId = NewType("PlanId", int)

UNIT_MINUTES = 15
MIN_MINUTES_FOR_A_UNIT = 8
CERTIFICATION_MAX_DAYS = 90
CERTIFY_WITHIN_DAYS = 30
MAX_VISITS_PER_WEEK = 7
MAX_WEEKS = 52
_ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


def timed_units(minutes: int) -> int:
    """Billable 15-minute units for the day's total timed minutes (the 8-minute rule)."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise ValueError("minutes must be a whole number, 0 or more")
    whole, left_over = divmod(minutes, UNIT_MINUTES)
    return whole + (1 if left_over >= MIN_MINUTES_FOR_A_UNIT else 0)


# ----- CPT codes (data: the codes a PT plan of care and visit bill use)

@dataclass(frozen=True, slots=True)
class CptCode:
    code: str
    label: str
    timed: bool  # timed codes follow the 8-minute rule; untimed ones bill one unit


INTERVENTION_CODES = (
    CptCode("97110", "Therapeutic exercise", True),
    CptCode("97112", "Neuromuscular re-education", True),
    CptCode("97116", "Gait training", True),
    CptCode("97140", "Manual therapy", True),
    CptCode("97530", "Therapeutic activities", True),
    CptCode("97535", "Self-care/home management training (education)", True),
    CptCode("97750", "Physical performance test", True),
)
EVALUATION_CODES = (
    CptCode("97161", "PT evaluation, low complexity", False),
    CptCode("97162", "PT evaluation, moderate complexity", False),
    CptCode("97163", "PT evaluation, high complexity", False),
    CptCode("97164", "PT re-evaluation", False),
)
CPT_CODES = {c.code: c for c in (*INTERVENTION_CODES, *EVALUATION_CODES)}


# ----- the plan

@dataclass(frozen=True, slots=True)
class Diagnosis:
    icd10: str
    description: str


@dataclass(frozen=True, slots=True)
class Frequency:
    visits_per_week: int
    weeks: int

    @property
    def planned_visits(self) -> int:
        return self.visits_per_week * self.weeks

    @property
    def text(self) -> str:
        return f"{self.visits_per_week}×/week for {self.weeks} weeks"


@dataclass(frozen=True, slots=True)
class Intervention:
    cpt_code: str
    notes: str = ""

    @property
    def label(self) -> str:
        known = CPT_CODES.get(self.cpt_code)
        return f"{self.cpt_code} {known.label}" if known else self.cpt_code


@dataclass(frozen=True, slots=True)
class CertificationPeriod:
    start: date
    end: date
    physician_certified_on: date | None = None
    physician_name: str = ""

    @property
    def days(self) -> int:
        """Calendar days covered, counting the first and the last day."""
        return (self.end - self.start).days + 1

    @property
    def certify_by(self) -> date:
        return self.start + timedelta(days=CERTIFY_WITHIN_DAYS)


@dataclass(frozen=True, slots=True)
class ScheduledPhase:
    number: int
    name: str
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True, slots=True)
class AppliedProtocol:
    """A protocol applied to the plan: which, from when, for which site, its phases in dates."""

    protocol_id: str
    name: str
    site: str  # "midportion" or "insertional"
    start_date: date
    phases: tuple[ScheduledPhase, ...]


@dataclass(frozen=True, slots=True)
class PlanContent:
    """The parts of a plan a therapist edits together (stored as one versioned document)."""

    diagnoses: tuple[Diagnosis, ...] = ()
    problems: tuple[str, ...] = ()
    frequency: Frequency | None = None
    interventions: tuple[Intervention, ...] = ()
    certification: CertificationPeriod | None = None
    protocol: AppliedProtocol | None = None


@dataclass(frozen=True, slots=True)
class TreatmentPlan:
    id: PlanId
    uid: str
    episode_id: int
    patient_id: int
    content: PlanContent
    version: int
    created_at: datetime
    updated_at: datetime
    goals: tuple[Goal, ...] = ()


def validate_plan(content: PlanContent) -> list[FieldProblem]:
    """Problems that refuse a save (a missing physician certification is a flag, not one)."""
    problems = []
    for n, diagnosis in enumerate(content.diagnoses):
        if not _ICD10.match(diagnosis.icd10.strip().upper()):
            problems.append(FieldProblem(f"diagnoses.{n}", f"{diagnosis.icd10!r} is not an "
                                         "ICD-10-CM code (e.g. M76.61)."))
    if content.frequency is not None:
        freq = content.frequency
        if not 1 <= freq.visits_per_week <= MAX_VISITS_PER_WEEK:
            problems.append(FieldProblem("frequency", "Visits a week: between 1 and 7."))
        if not 1 <= freq.weeks <= MAX_WEEKS:
            problems.append(FieldProblem("frequency", f"Weeks: between 1 and {MAX_WEEKS}."))
    for n, intervention in enumerate(content.interventions):
        if intervention.cpt_code not in CPT_CODES:
            problems.append(FieldProblem(f"interventions.{n}",
                                         f"{intervention.cpt_code!r} is not a CPT code we use."))
    if any(not p.strip() for p in content.problems):
        problems.append(FieldProblem("problems", "Leave out empty problems."))
    problems += _certification_problems(content.certification)
    return problems


def _certification_problems(cert: CertificationPeriod | None) -> list[FieldProblem]:
    if cert is None:
        return []
    problems = []
    if cert.end < cert.start:
        problems.append(FieldProblem("certification", "The period ends before it starts."))
    elif cert.days > CERTIFICATION_MAX_DAYS:
        problems.append(FieldProblem("certification", f"A certification period covers at most "
                                     f"{CERTIFICATION_MAX_DAYS} days ({cert.days} given); "
                                     "recertify for the rest."))
    if cert.physician_certified_on is not None and cert.physician_certified_on < cert.start:
        problems.append(FieldProblem("certification", "The physician cannot certify a plan "
                                     "before its period starts."))
    return problems


def certification_flags(cert: CertificationPeriod | None, today: date) -> list[str]:
    """What the therapist should chase about the certification, in plain words."""
    if cert is None:
        return ["No certification period recorded."]
    flags = []
    if cert.physician_certified_on is None:
        if today > cert.certify_by:
            flags.append(f"Physician certification is missing and overdue (due by "
                         f"{cert.certify_by:%d %b %Y}).")
        else:
            flags.append(f"Awaiting physician certification (due by {cert.certify_by:%d %b %Y}).")
    elif cert.physician_certified_on > cert.certify_by:
        flags.append(f"Certified late on {cert.physician_certified_on:%d %b %Y} (due by "
                     f"{cert.certify_by:%d %b %Y}): a delayed certification.")
    if today > cert.end:
        flags.append(f"The certification period ended on {cert.end:%d %b %Y}: recertify to "
                     "continue treatment.")
    return flags


@dataclass(frozen=True, slots=True)
class VisitSummary:
    planned_visits: int | None
    visits_used: int
    visits_left: int | None
    reevaluation_due: date | None
    flags: tuple[str, ...]


def visit_summary(content: PlanContent, visits_used: int, reevaluation_due: date | None,
                  today: date) -> VisitSummary:
    """Planned against used visits, when to re-evaluate, and the certification flags.

    `reevaluation_due` is the charting rule's date (domain.charting); the end of the
    certification period brings it forward when that comes first."""
    planned = content.frequency.planned_visits if content.frequency else None
    due = reevaluation_due
    cert = content.certification
    if cert is not None and (due is None or cert.end < due):
        due = cert.end
    flags = certification_flags(cert, today)
    if planned is not None and visits_used >= planned:
        flags.append(f"All {planned} planned visits used: re-evaluate or update the plan.")
    left = max(planned - visits_used, 0) if planned is not None else None
    return VisitSummary(planned, visits_used, left, due, tuple(flags))



# ----- the stored shape of PlanContent (one JSON document; see migration 0005)

def content_to_json(content: PlanContent) -> dict[str, Any]:
    cert, freq, protocol = content.certification, content.frequency, content.protocol
    return {
        "diagnoses": [{"icd10": d.icd10, "description": d.description} for d in content.diagnoses],
        "problems": list(content.problems),
        "frequency": ({"visits_per_week": freq.visits_per_week, "weeks": freq.weeks}
                      if freq else None),
        "interventions": [{"cpt_code": i.cpt_code, "notes": i.notes}
                          for i in content.interventions],
        "certification": ({"start": cert.start.isoformat(), "end": cert.end.isoformat(),
                           "physician_certified_on": _iso(cert.physician_certified_on),
                           "physician_name": cert.physician_name} if cert else None),
        "protocol": ({"protocol_id": protocol.protocol_id, "name": protocol.name,
                      "site": protocol.site, "start_date": protocol.start_date.isoformat(),
                      "phases": [{"number": p.number, "name": p.name,
                                  "starts_on": p.starts_on.isoformat(),
                                  "ends_on": _iso(p.ends_on)} for p in protocol.phases]}
                     if protocol else None),
    }


def content_from_json(raw: Mapping[str, Any]) -> PlanContent:
    freq, cert, protocol = raw.get("frequency"), raw.get("certification"), raw.get("protocol")
    return PlanContent(
        diagnoses=tuple(Diagnosis(d["icd10"], d.get("description", ""))
                        for d in raw.get("diagnoses", [])),
        problems=tuple(raw.get("problems", [])),
        frequency=Frequency(int(freq["visits_per_week"]), int(freq["weeks"])) if freq else None,
        interventions=tuple(Intervention(i["cpt_code"], i.get("notes", ""))
                            for i in raw.get("interventions", [])),
        certification=(CertificationPeriod(
            date.fromisoformat(cert["start"]), date.fromisoformat(cert["end"]),
            _date(cert.get("physician_certified_on")), cert.get("physician_name", ""))
            if cert else None),
        protocol=(AppliedProtocol(
            protocol["protocol_id"], protocol["name"], protocol["site"],
            date.fromisoformat(protocol["start_date"]),
            tuple(ScheduledPhase(int(p["number"]), p["name"], date.fromisoformat(p["starts_on"]),
                                 _date(p.get("ends_on"))) for p in protocol["phases"]))
            if protocol else None),
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None
