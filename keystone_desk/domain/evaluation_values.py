"""Reading an evaluation's values: the involved side, each pair's LSI, diagnosis codes, referral.

The values are the mapping described in domain.templates (field id → JSON value). Everything here
is derived, never stored: a note keeps what the therapist entered, and the LSI or the refer banner
follow from it the same way on screen, in a PDF and in a report. Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .symmetry import limb_symmetry_index
from .templates import (
    SIDES,
    TEST_RESULT_LABELS,
    EvaluationTemplate,
    FieldKind,
    Limb,
    ReferRule,
    TemplateField,
    TestResult,
    number_text,
)


def involved_side(template: EvaluationTemplate, values: Mapping[str, Any],
                  default: str = "") -> Limb | None:
    """The involved side recorded in `values`, else `default` (the episode's side), else None."""
    side_field = template.involved_side_field
    recorded = (values.get(side_field.id)
                if side_field is not None and isinstance(values, Mapping) else None)
    for candidate in (recorded, default):
        if isinstance(candidate, str) and candidate in Limb.__members__.values():
            return Limb(candidate)
    return None


def side_value(value: object, side: str) -> float | None:
    """One side's number from a bilateral value, or None when missing or not a number."""
    if not isinstance(value, Mapping):
        return None
    number = value.get(side)
    if isinstance(number, bool) or not isinstance(number, int | float):
        return None
    try:
        return float(number)
    except OverflowError:  # an integer too large for a float is no measurement
        return None


def field_lsi(field: TemplateField, value: object, involved: Limb | None) -> float | None:
    """The LSI of a bilateral field's value; None when it has no LSI, a value is missing, the
    involved side is unknown, or both sides are involved (no healthy side to compare with)."""
    if field.kind is not FieldKind.BILATERAL or not field.lsi:
        return None
    if involved not in SIDES:
        return None
    involved_limb = Limb(involved)
    other = Limb.RIGHT if involved_limb is Limb.LEFT else Limb.LEFT
    return limb_symmetry_index(side_value(value, involved_limb), side_value(value, other),
                               higher_is_better=field.higher_is_better)


def diagnosis_value(field: TemplateField, condition_id: str, side: str) -> dict[str, str]:
    """The stored shape of a diagnosis: the condition, its side and the code they give."""
    condition = field.condition(condition_id)
    code = condition.code_for(side) if condition is not None else ""
    return {"condition": condition_id, "side": side, "icd10": code}


def lsi_by_field(template: EvaluationTemplate, values: Mapping[str, Any],
                 default_side: str = "") -> dict[str, float | None]:
    """Every bilateral LSI field's index, by field id (for a note's summary, a PDF, a report)."""
    involved = involved_side(template, values, default_side)
    return {f.id: field_lsi(f, values.get(f.id), involved)
            for f in template.fields if f.kind is FieldKind.BILATERAL and f.lsi}


# ----- referral

def referral_reasons(template: EvaluationTemplate, values: Mapping[str, Any]) -> list[str]:
    """Why the patient should be referred on, one sentence per rule the values set off.

    Read in template order. Never raises: a value of the wrong shape sets a rule off only when
    it still plainly says so (a sided test recorded as just "positive"), erring towards referral.
    """
    if not isinstance(values, Mapping):
        return []
    reasons = []
    for field in template.fields:
        rule = field.refer
        if rule is None or values.get(field.id) is None:
            continue
        finding = _finding(field, rule, values[field.id])
        if finding:
            reasons.append(f"{rule.reason} ({field.label}: {finding})")
    return reasons


def _finding(field: TemplateField, rule: ReferRule, value: object) -> str:
    """What in `value` sets off `rule`, in words ('positive on the right'), or ''."""
    if isinstance(value, Mapping) and field.kind in (FieldKind.BILATERAL, FieldKind.SPECIAL_TEST):
        sides = [side for side in SIDES if _matches(field, rule, value.get(side))]
        if not sides:
            return ""
        where = "both sides" if len(sides) == 2 else f"the {sides[0].value}"
        shown = {_shown(field, value.get(side)) for side in sides}
        return f"{' / '.join(sorted(shown))} on {where}"
    return _shown(field, value) if _matches(field, rule, value) else ""


def _matches(field: TemplateField, rule: ReferRule, value: object) -> bool:
    if isinstance(value, bool):
        return rule.when_yes and value is True and field.kind is FieldKind.YES_NO
    if isinstance(value, str):
        return value in rule.results
    if isinstance(value, list):
        return any(isinstance(v, str) and v in rule.results for v in value)
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return ((rule.at_most is not None and value <= rule.at_most)
                or (rule.at_least is not None and value >= rule.at_least))
    return False


def _shown(field: TemplateField, value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        unit = f" {field.unit}" if field.unit else ""
        return f"{number_text(value)}{unit}"
    if isinstance(value, list):
        return ", ".join(field.option_label(str(v)) for v in value)
    if isinstance(value, str) and value in TestResult.__members__.values():
        return TEST_RESULT_LABELS[TestResult(value)].lower()
    return field.option_label(str(value))
