"""Outcome measures: definitions (items, answer scales, scoring rule, MCID), scoring and change.

A definition is data (content/measures.py reads it from resources/measures/*.toml); this module
holds the rules every instrument shares: an answer must be one of its item's points, a choice
group (VISA-A question 8) takes exactly one answered item, and a form with an item missing gives
no score unless the instrument says how to prorate. Arithmetic is exact (Fraction); a score is
rounded only when shown. Standard library only: no Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from numbers import Rational

from .errors import NotFoundError
from .sources import Verification


class UnknownMeasureError(NotFoundError):
    """No outcome measure has the id asked for."""

    def __init__(self, measure_id: str, known: list[str]):
        self.measure_id = measure_id
        super().__init__(f"there is no outcome measure {measure_id!r}; known measures: "
                         f"{', '.join(known)}.")


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    HIGHER_IS_WORSE = "higher_is_worse"


class ScoringRule(StrEnum):
    SUM = "sum"  # items plus exactly one item of each choice group (VISA-A)
    MEAN = "mean"  # mean of the answered items (PSFS)


class MissingRule(StrEnum):
    NO_SCORE = "no_score"  # any required item blank: no score
    PRORATE = "prorate"  # up to `max_missing` blank: scale the answered part up to the full range


class ChangeStatus(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_IMPORTANT_CHANGE = "no_important_change"
    NO_MCID = "no_mcid"  # the instrument has no MCID on record, so no judgement is made


CHANGE_STATUS_LABELS = {
    ChangeStatus.IMPROVED: "Improved (at least the MCID)",
    ChangeStatus.WORSENED: "Worse (at least the MCID)",
    ChangeStatus.NO_IMPORTANT_CHANGE: "No clinically important change",
    ChangeStatus.NO_MCID: "No MCID on record",
}


@dataclass(frozen=True, slots=True)
class Anchor:
    """The words printed beside one point of a scale, e.g. 0 = "no pain"."""

    value: int
    label: str


@dataclass(frozen=True, slots=True)
class Scale:
    points: tuple[int, ...]  # allowed answers, ascending
    anchors: tuple[Anchor, ...] = ()

    @property
    def minimum(self) -> int:
        return self.points[0]

    @property
    def maximum(self) -> int:
        return self.points[-1]

    def allows(self, value: Fraction) -> bool:
        return value in self.points

    def label_for(self, value: int) -> str:
        return next((a.label for a in self.anchors if a.value == value), "")

    @property
    def every_point_labelled(self) -> bool:
        return {a.value for a in self.anchors} >= set(self.points)


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # as printed on the form: "1", "8B"
    text: str  # our own short wording, never the published questionnaire's
    scale: Scale
    optional: bool = False
    group: str = ""  # id of the ChoiceGroup this item belongs to, if any
    named: bool = False  # the patient names the activity (PSFS)


@dataclass(frozen=True, slots=True)
class ChoiceGroup:
    """Items of which exactly one is answered (VISA-A 8A/8B/8C)."""

    id: str
    items: tuple[str, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class Mcid:
    points: Fraction | None  # None: no MCID on record for this instrument
    source: str
    percent: Fraction | None = None  # an improvement of this % of baseline also counts (NPRS)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Scoring:
    rule: ScoringRule
    minimum: Fraction
    maximum: Fraction
    direction: Direction
    missing: MissingRule = MissingRule.NO_SCORE
    max_missing: int = 0
    min_answered: int = 0
    decimals: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class MeasureDefinition:
    id: str
    name: str
    short_name: str
    version: str
    purpose: str
    licence: str
    citation: str
    instructions: str
    items: tuple[Item, ...]
    scoring: Scoring
    mcid: Mcid
    groups: tuple[ChoiceGroup, ...] = ()
    verification: tuple[Verification, ...] = ()

    def item(self, item_id: str) -> Item | None:
        """The item printed as `item_id`; case does not matter ("8b" is 8B)."""
        wanted = str(item_id).strip().casefold()
        return next((i for i in self.items if i.id.casefold() == wanted), None)

    def group(self, group_id: str) -> ChoiceGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def format_score(self, value: Fraction | float | None) -> str:
        if value is None:
            return ""
        # Half away from zero, as on paper (6.25 shows as 6.3), not Python's half-to-even.
        exact, scale = as_fraction(value), 10 ** self.scoring.decimals
        steps = math.floor(abs(exact) * scale + Fraction(1, 2))
        rounded = Fraction(steps if exact >= 0 else -steps, scale)
        return f"{float(rounded):.{self.scoring.decimals}f}"


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """What a set of answers scores, and everything wrong or missing, in plain words."""

    score: float | None
    problems: list[str]
    exact: Fraction | None = None
    item_problems: dict[str, list[str]] = field(default_factory=dict)
    invalid: bool = False  # some answer cannot be right: refuse it, never store it
    prorated: bool = False
    answered: dict[str, int] = field(default_factory=dict)  # canonical item id -> points
    errors: dict[str, list[str]] = field(default_factory=dict)  # the refusing problems, by item


@dataclass(frozen=True, slots=True)
class ChangeEvaluation:
    change: Fraction  # current minus baseline, in the instrument's units
    improvement: Fraction  # the change with "better" positive, whatever the direction
    status: ChangeStatus
    threshold: Fraction | None

    @property
    def passes_mcid(self) -> bool:
        return self.status in (ChangeStatus.IMPROVED, ChangeStatus.WORSENED)


def as_fraction(value: Fraction | float | int) -> Fraction:
    """An exact value for a score read back as a float.

    Scores are sums or means of a few small whole numbers, so a small denominator recovers the
    exact value (5.333… is 16/3) and binary rounding never decides whether an MCID was reached.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(value).limit_denominator(10_000)


def plain_number(value: Fraction | float | int) -> str:
    """A range end or an MCID as written: 10, 2, 15.4 (never 10.0)."""
    number = round(float(value), 2)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def score(definition: MeasureDefinition, answers: Mapping[str, object]) -> ScoreResult:
    """Score `answers` (item id -> points; None or absent = blank). Never raises on bad input."""
    item_problems: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    problems: list[str] = []
    answered = _read_answers(definition, answers, errors, problems)
    _check_groups(definition, answered, errors, problems)
    for item_id, messages in errors.items():
        item_problems[item_id] = list(messages)
    missing = _missing_slots(definition, answered, item_problems, problems)
    if errors:
        return ScoreResult(None, problems, None, item_problems, True, False, answered, errors)
    exact, prorated = _total(definition, answered, missing, problems)
    return ScoreResult(None if exact is None else float(exact), problems, exact, item_problems,
                       False, prorated, answered, errors)


def change_from_baseline(baseline: Fraction | float | int, current: Fraction | float | int,
                         definition: MeasureDefinition) -> ChangeEvaluation:
    """Whether the change from baseline reaches the MCID, in the instrument's better direction."""
    first, latest = as_fraction(baseline), as_fraction(current)
    change = latest - first
    better = change if definition.scoring.direction is Direction.HIGHER_IS_BETTER else -change
    mcid = definition.mcid
    if mcid.points is None:
        return ChangeEvaluation(change, better, ChangeStatus.NO_MCID, None)
    if better >= mcid.points or _reaches_percent(better, first, mcid.percent):
        status = ChangeStatus.IMPROVED
    elif -better >= mcid.points:
        status = ChangeStatus.WORSENED
    else:
        status = ChangeStatus.NO_IMPORTANT_CHANGE
    return ChangeEvaluation(change, better, status, mcid.points)


def _reaches_percent(better: Fraction, baseline: Fraction, percent: Fraction | None) -> bool:
    # Farrar's 30 % is a relative reduction in pain, so it applies to improvement only.
    return (percent is not None and better > 0 and baseline != 0
            and better * 100 >= percent * abs(baseline))


def _read_answers(definition: MeasureDefinition, answers: Mapping[str, object],
                  errors: dict[str, list[str]], problems: list[str]) -> dict[str, int]:
    answered: dict[str, int] = {}

    def flag(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)
        problems.append(message)

    for raw_key, raw_value in answers.items():
        item = definition.item(str(raw_key))
        if item is None:
            flag(str(raw_key), f"{definition.short_name} has no item {str(raw_key)!r}; its "
                               f"items are {_item_list(definition)}.")
            continue
        if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
            continue
        if item.id in answered:
            flag(item.id, f"Item {item.id} is answered twice.")
            continue
        value = _number(raw_value)
        if value is None or not item.scale.allows(value):
            flag(item.id, f"Item {item.id}: {_shown(raw_value)} is not one of its answers "
                          f"({_point_list(item.scale)}).")
            continue
        answered[item.id] = int(value)
    return answered


def _number(value: object) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, Rational | float | str):
        return None
    try:
        number = float(value) if isinstance(value, str) else value
        if isinstance(number, float) and not math.isfinite(number):
            return None
        return Fraction(str(value).strip()) if isinstance(value, str) else Fraction(number)
    except (ValueError, OverflowError, ZeroDivisionError):
        return None


def _check_groups(definition: MeasureDefinition, answered: Mapping[str, int],
                  errors: dict[str, list[str]], problems: list[str]) -> None:
    for group in definition.groups:
        chosen = [i for i in group.items if i in answered]
        if len(chosen) > 1:
            message = (f"Question {group.id}: answer only one of {_or_list(group.items)}, "
                       f"but {_and_list(chosen)} are answered.")
            problems.append(message)
            for item_id in chosen:
                errors.setdefault(item_id, []).append(message)


def _missing_slots(definition: MeasureDefinition, answered: Mapping[str, int],
                   item_problems: dict[str, list[str]], problems: list[str]) -> list[str]:
    """Required items and choice groups left blank, by id."""
    # An item with an answer off its scale already has its problem; it is not also "missing".
    tried = answered.keys() | item_problems.keys()
    missing = [i.id for i in definition.items
               if not i.optional and not i.group and i.id not in tried]
    missing += [g.id for g in definition.groups if not any(i in tried for i in g.items)]
    if not missing:
        return []
    for slot in missing:
        group = definition.group(slot)
        if group is not None:
            message = f"Question {slot} is not answered (choose one of {_or_list(group.items)})."
            for item_id in group.items:
                item_problems.setdefault(item_id, []).append(message)
        else:
            message = f"Item {slot} is not answered."
            item_problems.setdefault(slot, []).append(message)
        problems.append(message)
    return missing


def _total(definition: MeasureDefinition, answered: Mapping[str, int], missing: list[str],
           problems: list[str]) -> tuple[Fraction | None, bool]:
    scoring = definition.scoring
    total = Fraction(sum(answered.values()))
    if scoring.rule is ScoringRule.MEAN:
        needed = max(scoring.min_answered, 1)
        if missing or len(answered) < needed:
            if len(answered) < needed:
                problems.append(f"{definition.short_name} needs at least {needed} answered "
                                f"item{'s' if needed != 1 else ''} for a score; "
                                f"{len(answered)} {'is' if len(answered) == 1 else 'are'}.")
            return None, False
        return total / len(answered), False
    if not missing:
        return total, False
    if scoring.missing is MissingRule.PRORATE and len(missing) <= scoring.max_missing:
        slots = [i.id for i in definition.items if not i.group] + [g.id for g in definition.groups]
        possible = sum(_slot_max(definition, s) for s in slots if s not in missing)
        if possible > 0:
            problems.append(f"Prorated for {len(missing)} unanswered item"
                            f"{'s' if len(missing) != 1 else ''}.")
            return total * scoring.maximum / possible, True
    allowed = ("no item" if scoring.missing is MissingRule.NO_SCORE or scoring.max_missing == 0
               else f"at most {scoring.max_missing} items")
    problems.append(f"No score: {definition.short_name} is scored with {allowed} unanswered.")
    return None, False


def _slot_max(definition: MeasureDefinition, slot: str) -> int:
    group = definition.group(slot)
    if group is None:
        item = definition.item(slot)
        return item.scale.maximum if item else 0
    return max(i.scale.maximum for i in definition.items if i.id in group.items)


def _item_list(definition: MeasureDefinition) -> str:
    ids = [i.id for i in definition.items]
    return ", ".join(ids) if len(ids) <= 12 else f"{ids[0]} to {ids[-1]}"


def _point_list(scale: Scale) -> str:
    points = scale.points
    contiguous = points == tuple(range(points[0], points[-1] + 1))
    if contiguous and len(points) > 3:
        return f"a whole number from {points[0]} to {points[-1]}"
    return "one of " + ", ".join(str(p) for p in points)


def _shown(value: object) -> str:
    if isinstance(value, Fraction):
        text = str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 20 else text[:17] + "…"


def _or_list(ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(ids[:-1]) + f" or {ids[-1]}" if len(ids) > 1 else "".join(ids)


def _and_list(ids: list[str]) -> str:
    return ", ".join(ids[:-1]) + f" and {ids[-1]}" if len(ids) > 1 else "".join(ids)
