"""DemoProgramWriter: the demo clinic's Achilles patients each take home a current exercise
program, so a newcomer can print a real handout at once.

Each program is what the patient's evaluation calls for, made as a therapist would make it: the
protocol applied to the episode from the evaluation day (PlanService.apply_protocol fills the
plan's phases and the home-program draft for the phase the patient is in today, floor-level
exercises for insertional pain), a return-to-run calendar where the runner is ready to rebuild
— after the therapist has confirmed it (ReturnToRunService.confirm_readiness: Whitfield's chart
does not meet every entry criterion, so with the reason the therapist starts her anyway) —, then
handed out (HomeProgramService.hand_out). The suspected rupture gets none: he was referred
the same day. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.users import User
from .clinic_time import clinic_today

if TYPE_CHECKING:
    from .home_programs import HomeProgramService
    from .plans import PlanService
    from .return_to_run import ReturnToRunService

HSR = "heavy-slow-resistance"
ALFREDSON = "alfredson-eccentric"
SILBERNAGEL = "silbernagel-combined"
ISOMETRIC = "isometric-start"


@dataclass(frozen=True, slots=True)
class DemoProgram:
    """`protocol` from the evaluation day; `run_calendar` adds a walk-run calendar starting two
    days after today, at stage 1, once readiness is confirmed (with `ready_because` as the
    reason when the chart does not meet every entry criterion)."""

    last_name: str
    protocol: str
    run_calendar: bool = False
    ready_because: str = ""


DEMO_PROGRAMS = (
    # Midportion: what each evaluation's plan says.
    DemoProgram("Wiśniewski", HSR),  # isometrics done; heavy slow resistance now
    DemoProgram("Müller", HSR),
    DemoProgram("Llewellyn", SILBERNAGEL),  # strength, then plyometrics and hills
    DemoProgram("O'Brien", ISOMETRIC),  # after ciprofloxacin: isometric holds only for now
    DemoProgram("Whitfield", SILBERNAGEL, run_calendar=True, ready_because=(  # jog-walk group
        "Already jog-walks three times a week without flare-ups; the calendar paces what she "
        "does now. Hopping not tested yet.")),
    DemoProgram("Watanabe", ALFREDSON),
    DemoProgram("Dubois", HSR),
    # Insertional: the same protocols' floor-level versions (the heel never drops below level).
    DemoProgram("Hernández", ALFREDSON),
    DemoProgram("Lefèvre", ISOMETRIC),  # highly irritable, recent steroid injection
    DemoProgram("Natarajan", SILBERNAGEL),
)
RUN_CALENDAR_STARTS_IN_DAYS = 2


class DemoProgramWriter:
    def __init__(self, plans: Callable[[], PlanService], home_programs: HomeProgramService,
                 return_to_run: Callable[[], ReturnToRunService],
                 clock: Callable[[], datetime]):
        self._plans = plans
        self._programs = home_programs
        self._return_to_run = return_to_run
        self._clock = clock

    def write(self, actor: User, episodes: Mapping[str, tuple[int, date]]) -> int:
        """Give each demo patient in `episodes` (last name → episode id and evaluation day) the
        program DEMO_PROGRAMS names, handed out; returns how many were handed out. Joins the
        caller's transaction."""
        today = clinic_today(self._clock)
        handed = 0
        for spec in DEMO_PROGRAMS:
            found = episodes.get(spec.last_name)
            if found is None:
                continue
            episode_id, evaluated_on = found
            applied = self._plans().apply_protocol(actor, episode_id, spec.protocol, evaluated_on)
            if spec.run_calendar:
                self._return_to_run().confirm_readiness(actor, episode_id,
                                                        reason=spec.ready_because)
                self._return_to_run().plan(
                    actor, episode_id, today + timedelta(days=RUN_CALENDAR_STARTS_IN_DAYS),
                    first_stage=1)
            self._programs.hand_out(actor, applied.program.id)
            handed += 1
        return handed
