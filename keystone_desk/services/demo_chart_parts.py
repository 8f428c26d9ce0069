"""The pieces a hand-written demo chart is made of, and the questionnaire answers behind a score.

A DemoChart is one patient's episode of care as data: the evaluation's template values, the visits
after it, the outcome measures and perhaps a discharge. Every date is a number of days (the
evaluation counted back from the clinic's today, everything else counted on from the evaluation),
so the clinic always looks current; services.demo_charting turns them into dates and writes them
through the services. The answer builders give a form that scores exactly the total a chart names,
spread over the items the way such patients usually answer. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CREDENTIALS = "PT, DPT"


@dataclass(frozen=True, slots=True)
class Visit:
    """A daily SOAP note, `day` days after the evaluation."""

    day: int
    subjective: str
    objective: str = ""
    assessment: str = ""
    plan: str = ""  # "" keeps the plan carried forward from the last visit
    draft: bool = False  # written but left unsigned
    addendum: tuple[str, str] | None = None  # (reason, text), added after signing
    time_in: str = ""  # HH:MM; blank for the patient's usual slot


@dataclass(frozen=True, slots=True)
class Scores:
    """One completed questionnaire, `day` days after the evaluation."""

    measure: str
    day: int
    answers: Mapping[str, int]
    activities: Mapping[str, str] | None = None
    in_error: str = ""  # recorded, then marked in error for this reason


@dataclass(frozen=True, slots=True)
class Discharge:
    day: int
    summary: str
    recommendations: str
    goal_status: str  # a domain.discharge.GoalStatus value, for each of the patient's goals


@dataclass(frozen=True, slots=True)
class DemoChart:
    """One hand-written patient's episode of care (matched to the patient by last name)."""

    last_name: str
    title: str  # the month and year the episode opened are added: "…, Oct 2026"
    side: str
    template: str
    diagnosis: str  # a condition id of the template's diagnosis field
    evaluated_days_ago: int
    slot: str  # the patient's usual appointment time, HH:MM
    evaluation: Mapping[str, Any]
    visits: tuple[Visit, ...] = ()
    scores: tuple[Scores, ...] = ()
    discharge: Discharge | None = None
    evaluation_minutes: int = 60
    visit_minutes: int = 45
    condition: str = field(default="")  # the episode's condition; the diagnosis label if blank


def pair(left: float | None, right: float | None) -> dict[str, float | None]:
    """A bilateral value: left and right."""
    return {"left": left, "right": right}


def sided(left: str | None = None, right: str | None = None) -> dict[str, str]:
    """A sided special test; a side left as None was not tested."""
    return {side: result for side, result in (("left", left), ("right", right)) if result}


ACHILLES = "achilles-running"  # the Achilles/running evaluation template

NEGATIVE_BOTH = {"left": "negative", "right": "negative"}
NO_RED_FLAGS = {"felt_pop": False, "calf_swelling": False, "systemic": False,
                "night_pain": False}
# The palpation and rupture findings of a tendon that is sore but whole (spread into an evaluation).
INTACT_TENDON = {"nodules": False, "crepitus": False, "palpable_gap": False,
                 "thompson": NEGATIVE_BOTH, "matles": NEGATIVE_BOTH}


# ----- answers that add up to a chosen score

# VISA-A items 1-6 in how easily they recover: walking (3) and stairs (4) before stiffness (1)
# and hopping (6).
_VISA_A_EASE = (0.8, 0.9, 1.3, 1.1, 0.9, 0.7)
# LEFS items 1-20: daily tasks recover first, running, turning and hopping (16-19) last.
_LEFS_EASE = (1.2, 0.8, 1.3, 1.4, 1.3, 0.8, 1.1, 1.4, 0.8, 1.3,
              1.1, 0.9, 0.9, 0.9, 1.4, 0.5, 0.45, 0.4, 0.45, 1.4)


def visa_a(total: int) -> dict[str, int]:
    """VISA-A answers scoring `total`: the sport items (7 and one version of 8) follow the
    total as they usually do, the rest is spread over items 1-6."""
    if total >= 89:
        sport = {"7": 10, "8A": 30}
    elif total >= 80:
        sport = {"7": 7, "8A": 21}
    elif total >= 60:
        sport = {"7": 7, "8B": 14}
    elif total >= 45:
        sport = {"7": 4, "8B": 10}
    elif total >= 30:
        sport = {"7": 4, "8C": 5}
    else:
        sport = {"7": 0, "8C": 2}
    rest = spread(total - sum(sport.values()), _VISA_A_EASE, 10)
    return {**{str(i): v for i, v in enumerate(rest, start=1)}, **sport}


def wrong_branch(answers: Mapping[str, int], branch: str, points: int) -> dict[str, int]:
    """The same answers with question 8 answered in another version (a common slip)."""
    kept = {k: v for k, v in answers.items() if not k.startswith("8")}
    return {**kept, branch: points}


def lefs(total: int) -> dict[str, int]:
    """LEFS answers (20 items, 0-4) scoring `total`."""
    return {str(i): v for i, v in enumerate(spread(total, _LEFS_EASE, 4), start=1)}


def nprs(rating: int) -> dict[str, int]:
    return {"1": rating}


def psfs(*ratings: int) -> dict[str, int]:
    """PSFS ratings of the activities named in order (see `activities`)."""
    return {str(i): r for i, r in enumerate(ratings, start=1)}


def activities(*names: str) -> dict[str, str]:
    return {str(i): name for i, name in enumerate(names, start=1)}


def spread(total: int, ease: Sequence[float], cap: int) -> list[int]:
    """`total` points over items weighted by `ease`, none above `cap`: each point goes to the
    item furthest below its share, so easier items fill first."""
    if not 0 <= total <= cap * len(ease):
        raise ValueError(f"{total} cannot be spread over {len(ease)} items of at most {cap}")
    values = [0] * len(ease)
    for _ in range(total):
        room = [i for i, v in enumerate(values) if v < cap]
        values[min(room, key=lambda i: (values[i] / ease[i], i))] += 1
    return values
