"""Evaluation templates: sections of typed fields, and the shape of the values a form records.

A template (loaded from resources/templates by content.templates) is data: a clinic adds one by
dropping in a TOML file. An evaluation note stores the values the therapist entered as a JSON-able
mapping, field id → value, leaving out fields that were left blank:

| field kind      | value                                                                     |
|-----------------|---------------------------------------------------------------------------|
| text            | str                                                                       |
| number          | int or float (a text that is not a number is kept as typed, and reported) |
| integer         | int (same)                                                                |
| choice          | an option id; with `other` allowed, any other str is the person's wording |
| multi_choice    | list of option ids                                                        |
| yes_no          | true or false                                                             |
| date            | "YYYY-MM-DD"                                                              |
| time            | "HH:MM" (24-hour)                                                         |
| involved_side   | "left", "right" or "both"                                                 |
| bilateral       | {"left": number or null, "right": number or null}                         |
| special_test    | sided: {"left": result, "right": result} (untested sides left out);       |
|                 | not sided: result — where result is "positive", "negative" or "not_tested"|
| diagnosis       | {"condition": id, "side": "left"/"right"/"both", "icd10": code}: the code  |
|                 | follows from condition and side; "both" gives "right code, left code"    |
| image           | no value: the still image travels beside the values (note attachments,   |
|                 | one per field id)                                                         |

Limb symmetry is never stored: it follows from a bilateral value and the involved side (see
`field_lsi`). Values for ids the template does not know (a field dropped from a newer version of
the template) are kept by the note but neither validated nor shown.

`validate_values` reports values that do not fit their field. Reading the values — the involved
side, each pair's LSI, the diagnosis code, the referral reasons — is domain.evaluation_values.
Standard library only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .errors import FieldProblem


class FieldKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    INTEGER = "integer"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    DATE = "date"
    TIME = "time"
    INVOLVED_SIDE = "involved_side"
    BILATERAL = "bilateral"
    SPECIAL_TEST = "special_test"
    DIAGNOSIS = "diagnosis"
    IMAGE = "image"


class TestResult(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    NOT_TESTED = "not_tested"


class Limb(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class GaitView(StrEnum):
    FRONT = "front"
    SIDE = "side"
    REAR = "rear"


TEST_RESULT_LABELS = {TestResult.POSITIVE: "Positive", TestResult.NEGATIVE: "Negative",
                      TestResult.NOT_TESTED: "Not tested"}
LIMB_LABELS = {Limb.LEFT: "Left", Limb.RIGHT: "Right", Limb.BOTH: "Both"}
GAIT_VIEW_LABELS = {GaitView.FRONT: "Front", GaitView.SIDE: "Side", GaitView.REAR: "Rear"}
SIDES = (Limb.LEFT, Limb.RIGHT)
# A bilateral pair holds one of these per side.
PER_SIDE_KINDS = (FieldKind.NUMBER, FieldKind.INTEGER)
# Kinds whose value is a number (or a pair of numbers) and so may carry a range and a unit.
NUMERIC_KINDS = (FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.BILATERAL)


@dataclass(frozen=True, slots=True)
class Option:
    """One entry of a pick-list: a stable id stored in notes, and the words shown."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Condition:
    """A diagnosis on the assessment pick-list, with its ICD-10-CM code for each side.

    A condition without laterality has only `icd10`; one with laterality has `icd10_right` and
    `icd10_left` (in ICD-10-CM the laterality character is 1 for right and 2 for left).
    """

    id: str
    label: str
    icd10_right: str = ""
    icd10_left: str = ""
    icd10: str = ""

    @property
    def has_laterality(self) -> bool:
        return bool(self.icd10_right and self.icd10_left)

    def code_for(self, side: str) -> str:
        """The code for `side` ("left", "right" or "both"); '' when the side is not given."""
        if not self.has_laterality:
            return self.icd10
        if side == Limb.RIGHT:
            return self.icd10_right
        if side == Limb.LEFT:
            return self.icd10_left
        if side == Limb.BOTH:
            return f"{self.icd10_right}, {self.icd10_left}"
        return ""


@dataclass(frozen=True, slots=True)
class ReferRule:
    """When a field's value means the patient should be referred on, and why (in plain words).

    Matches when the value (either side, for sided fields) is one of `results` (special-test
    results or choice ids), is yes (`when_yes`), or is a number at or beyond a limit.
    """

    reason: str
    results: tuple[str, ...] = ()
    when_yes: bool = False
    at_most: float | None = None
    at_least: float | None = None


@dataclass(frozen=True, slots=True)
class TemplateField:
    """One input of an evaluation. Attributes that do not apply to `kind` keep their defaults."""

    id: str
    kind: FieldKind
    label: str
    help: str = ""
    lines: int = 1  # text: more than one means a multi-line box
    max_length: int = 4000  # text
    unit: str = ""  # number, integer, bilateral
    minimum: float | None = None
    maximum: float | None = None
    decimals: int = 1  # number, or a bilateral pair of numbers
    per_side: FieldKind = FieldKind.NUMBER  # bilateral: number or integer
    lsi: bool = False  # bilateral: show the limb symmetry index
    higher_is_better: bool = True  # bilateral: turns the LSI round when lower is better
    options: tuple[Option, ...] = ()  # choice, multi_choice
    allow_other: bool = False  # choice: the person may type their own wording
    sided: bool = True  # special_test: one result per side
    conditions: tuple[Condition, ...] = ()  # diagnosis
    view: GaitView | None = None  # image
    refer: ReferRule | None = None
    span: int = 0  # columns of the form's grid (1-4); 0 lets the form choose by kind
    new_row: bool = False  # start a new row of the form's grid

    @property
    def number_kind(self) -> FieldKind:
        """INTEGER or NUMBER: what each value of this field (or each side of a pair) is."""
        return self.per_side if self.kind is FieldKind.BILATERAL else self.kind

    def option_label(self, option_id: str) -> str:
        return next((o.label for o in self.options if o.id == option_id), option_id)

    def condition(self, condition_id: str) -> Condition | None:
        return next((c for c in self.conditions if c.id == condition_id), None)


@dataclass(frozen=True, slots=True)
class TemplateSection:
    id: str
    title: str
    fields: tuple[TemplateField, ...]
    help: str = ""


@dataclass(frozen=True, slots=True)
class EvaluationTemplate:
    """An evaluation form as data: `version` goes up whenever the fields change."""

    id: str
    name: str
    version: int
    body_region: str
    sections: tuple[TemplateSection, ...]
    description: str = ""
    sources: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[TemplateField, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    def field(self, field_id: str) -> TemplateField | None:
        return next((f for f in self.fields if f.id == field_id), None)

    @property
    def involved_side_field(self) -> TemplateField | None:
        return next((f for f in self.fields if f.kind is FieldKind.INVOLVED_SIDE), None)


# ----- checking values

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SIDE_WORDS = {Limb.LEFT: "left", Limb.RIGHT: "right"}


def validate_values(template: EvaluationTemplate, values: Mapping[str, Any]) -> list[FieldProblem]:
    """Every value that does not fit its field, as problems naming the field's id.

    Blank fields are fine (an evaluation records what was examined). Ids the template does not
    know are left alone. Never raises, whatever `values` holds.
    """
    if not isinstance(values, Mapping):
        return []
    problems: list[FieldProblem] = []
    for field in template.fields:
        value = values.get(field.id)
        if value is None or value == "":
            continue
        problems += [FieldProblem(field.id, message) for message in _value_problems(field, value)]
    return problems


def _value_problems(field: TemplateField, value: object) -> list[str]:
    kind = field.kind
    if kind is FieldKind.BILATERAL:
        return _pair_problems(field, value)
    if kind is FieldKind.SPECIAL_TEST:
        return _test_problems(field, value)
    if kind is FieldKind.DIAGNOSIS:
        return _diagnosis_problems(field, value)
    if kind in (FieldKind.NUMBER, FieldKind.INTEGER):
        problem = _number_problem(field, value)
        return [problem] if problem else []
    problem = _simple_problem(field, value)
    return [problem] if problem else []


def _simple_problem(field: TemplateField, value: object) -> str:
    kind = field.kind
    if kind is FieldKind.YES_NO:
        return "" if isinstance(value, bool) else "Answer yes or no."
    if kind is FieldKind.MULTI_CHOICE:
        ids = {o.id for o in field.options}
        if not isinstance(value, list) or not all(isinstance(v, str) and v in ids for v in value):
            return "Choose from the list."
        return "Each choice can be ticked only once." if len(set(value)) != len(value) else ""
    if kind is FieldKind.IMAGE:
        return "Images are attached beside the values, not stored in them."
    if not isinstance(value, str):
        return "Enter text."
    if kind is FieldKind.TEXT:
        return f"Keep this under {field.max_length} characters." if len(
            value) > field.max_length else ""
    if kind is FieldKind.CHOICE:
        known = any(o.id == value for o in field.options)
        return "" if known or field.allow_other else "Choose from the list."
    if kind is FieldKind.INVOLVED_SIDE:
        return "" if value in Limb.__members__.values() else "Choose left, right or both."
    if kind is FieldKind.DATE:
        return "" if _is_iso_date(value) else "Enter the date as YYYY-MM-DD."
    if kind is FieldKind.TIME:
        return "" if _TIME.fullmatch(value) else "Enter the time as HH:MM (24-hour)."
    return ""


def _is_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _number_problem(field: TemplateField, value: object, prefix: str = "") -> str:
    """A problem with one number (or one side of a pair), or ''."""
    integer = field.number_kind is FieldKind.INTEGER
    if isinstance(value, bool) or not isinstance(value, int | float):
        return prefix + ("Enter a whole number." if integer else "Enter a number.")
    if isinstance(value, float):
        if not math.isfinite(value):
            return prefix + "Enter a number."
        if integer and not value.is_integer():
            return prefix + "Enter a whole number."
        if not integer and abs(round(value, field.decimals) - value) > 1e-9 * max(1.0, abs(value)):
            places = "decimal place" if field.decimals == 1 else "decimal places"
            return prefix + (f"Give at most {field.decimals} {places}." if field.decimals
                             else "Enter a whole number.")
    low, high = field.minimum, field.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return prefix + _range_text(field)
    return ""


def _range_text(field: TemplateField) -> str:
    unit = f" {field.unit}" if field.unit else ""
    low, high = field.minimum, field.maximum
    if low is not None and high is not None:
        return f"Must be between {number_text(low)} and {number_text(high)}{unit}."
    if low is not None:
        return f"Must be at least {number_text(low)}{unit}."
    return f"Must be at most {number_text(high)}{unit}."


def number_text(value: float | None) -> str:
    """A number as a person writes it: 25, 9.5 (never 25.0)."""
    if value is None:
        return ""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:g}"


def _pair_problems(field: TemplateField, value: object) -> list[str]:
    if not isinstance(value, Mapping) or not set(value) <= set(_SIDE_WORDS):
        return ["Give a left and a right value."]
    problems = []
    for side in SIDES:
        number = value.get(side)
        if number is not None:
            problem = _number_problem(field, number, f"{LIMB_LABELS[side]}: ")
            if problem:
                problems.append(problem)
    return problems


def _test_problems(field: TemplateField, value: object) -> list[str]:
    results = TestResult.__members__.values()
    if not field.sided:
        ok = isinstance(value, str) and value in results
        return [] if ok else ["Record positive, negative or not tested."]
    if (not isinstance(value, Mapping) or not set(value) <= set(_SIDE_WORDS)
            or not all(r is None or (isinstance(r, str) and r in results)
                       for r in value.values())):
        return ["Record positive, negative or not tested for each side."]
    return []


def _diagnosis_problems(field: TemplateField, value: object) -> list[str]:
    if not isinstance(value, Mapping):
        return ["Choose a diagnosis from the list."]
    condition_id = value.get("condition")
    condition = field.condition(condition_id) if isinstance(condition_id, str) else None
    if condition is None:
        return ["Choose a diagnosis from the list."]
    side = value.get("side") or ""
    if side and side not in Limb.__members__.values():
        return ["Choose left, right or both for the diagnosis."]
    if condition.has_laterality and not side:
        return ["Choose the side of the diagnosis."]
    if value.get("icd10", "") != condition.code_for(str(side)):
        return ["The ICD-10 code does not match the diagnosis and side; choose them again."]
    return []
