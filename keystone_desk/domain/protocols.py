"""Treatment protocols as data: phases by week, the exercises of each phase and their dosage.

A protocol (Alfredson eccentric, Silbernagel combined, heavy slow resistance, isometric start) is
read from resources/protocols/*.toml by content.protocols; this module holds its shape and the
rules every protocol shares:

- A phase covers a range of weeks counted from the protocol's start (week 1 is the first seven
  days). Published phases overlap (Silbernagel's phase 2 runs weeks 2–5 and phase 3 weeks 3–12)
  because moving on depends on how the patient copes, not on the calendar. `phase_for_week` gives
  the *earliest* phase whose weeks include the week — the cautious reading; the therapist moves a
  patient on sooner by criteria.
- An exercise in a phase may apply to midportion or insertional tendinopathy only (Alfredson's
  drops off a step for midportion, on the floor for insertional pain); `exercises_for` picks them.

The dosage is the exercise library's `Dosage` (domain.exercises), checked there once; a protocol
names only the fields it prescribes and the exercise's own default fills the rest
(`PrescribedExercise.prescribed`). Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from enum import StrEnum

from .exercises import Dosage
from .sources import Verification

DOSAGE_FIELDS = tuple(f.name for f in fields(Dosage))


class Applicability(StrEnum):
    MIDPORTION = "midportion"
    INSERTIONAL = "insertional"


APPLICABILITY_LABELS = {Applicability.MIDPORTION: "Midportion",
                        Applicability.INSERTIONAL: "Insertional"}
BOTH_SITES = frozenset(Applicability)


@dataclass(frozen=True, slots=True)
class PrescribedExercise:
    """One exercise of a phase. `dosage` holds what the protocol says, with domain.exercises'
    defaults where it says nothing; `given` names the fields it does say (see `prescribed`)."""

    exercise_id: str
    dosage: Dosage
    notes: str = ""
    applies_to: frozenset[Applicability] = BOTH_SITES
    given: frozenset[str] = frozenset(DOSAGE_FIELDS)

    def prescribed(self, exercise_default: Dosage | None = None) -> Dosage:
        """The dosage to hand out: the protocol's fields over the exercise's own default (so
        the library's unit, each-side and rest stay unless the protocol changes them)."""
        if exercise_default is None:
            return self.dosage
        return replace(exercise_default, **{name: getattr(self.dosage, name)
                                            for name in self.given})


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    name: str
    first_week: int
    last_week: int | None  # None: open-ended (continue as long as needed)
    exercises: tuple[PrescribedExercise, ...]
    goal: str = ""
    entry: str = ""  # the patient's status that fits this phase, in the source's terms
    notes: str = ""

    def covers(self, week: int) -> bool:
        return self.first_week <= week and (self.last_week is None or week <= self.last_week)

    @property
    def weeks_text(self) -> str:
        if self.last_week is None:
            return f"from week {self.first_week}"
        if self.last_week == self.first_week:
            return f"week {self.first_week}"
        return f"weeks {self.first_week}–{self.last_week}"


@dataclass(frozen=True, slots=True)
class Citation:
    text: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Protocol:
    id: str
    name: str
    summary: str
    citations: tuple[Citation, ...]
    applicability: frozenset[Applicability]
    phases: tuple[Phase, ...]
    progression_rules: tuple[str, ...]
    pain_rules: tuple[str, ...] = ()
    evidence_note: str = ""
    early_phase_option: bool = False  # meant as a start before a full loading programme
    verification: tuple[Verification, ...] = field(default=())

    @property
    def exercise_ids(self) -> frozenset[str]:
        return frozenset(e.exercise_id for p in self.phases for e in p.exercises)

    @property
    def last_week(self) -> int | None:
        """The protocol's final week, or None when its last phase is open-ended."""
        return self.phases[-1].last_week if self.phases else None


def phase_for_week(protocol: Protocol, week: int) -> Phase | None:
    """The earliest phase covering `week` (1 = the first seven days); None once the protocol has
    ended. Weeks in a gap between phases belong to the phase before the gap."""
    if week < 1:
        raise ValueError("weeks are counted from 1")
    covering = [p for p in protocol.phases if p.covers(week)]
    if covering:
        return min(covering, key=lambda p: p.number)
    started = [p for p in protocol.phases if p.first_week <= week]
    last = protocol.last_week
    if not started or (last is not None and week > last):
        return None
    return max(started, key=lambda p: p.number)


def week_of(start: date, on: date) -> int:
    """Which protocol week `on` falls in for a protocol started on `start` (day 1–7 = week 1)."""
    if on < start:
        raise ValueError("the date is before the protocol starts")
    return (on - start).days // 7 + 1


def phase_dates(start: date, phase: Phase) -> tuple[date, date | None]:
    """First and last calendar day of a phase for a protocol started on `start`."""
    first = start + timedelta(weeks=phase.first_week - 1)
    last = (start + timedelta(weeks=phase.last_week) - timedelta(days=1)
            if phase.last_week is not None else None)
    return first, last


def exercises_for(phase: Phase, site: Applicability) -> tuple[PrescribedExercise, ...]:
    """The phase's exercises for midportion or insertional tendinopathy."""
    return tuple(e for e in phase.exercises if site in e.applies_to)

