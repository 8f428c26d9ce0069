"""An evaluation note's values in words for print: the template's sections, labels, units, option
names, Left/Right/LSI tables and the reasons to refer.

Values follow the shapes in domain.templates. Without the template (a template file removed or
broken) the values still print, labelled by their field ids, so a signed note never becomes
unreadable. Pure: no database, no reportlab (only pdf's presentation dataclasses).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..domain.evaluation_values import field_lsi, involved_side, referral_reasons
from ..domain.symmetry import is_deficit
from ..domain.templates import (
    LIMB_LABELS,
    SIDES,
    TEST_RESULT_LABELS,
    EvaluationTemplate,
    FieldKind,
    Limb,
    TemplateField,
    TestResult,
    number_text,
)
from ..pdf.note_export import BilateralRow, BilateralTable, Row, Section, SectionItem
from .print_text import print_date


def evaluation_sections(template: EvaluationTemplate | None, values: Mapping[str, Any],
                        images: Mapping[str, str], episode_side: str = "") -> tuple[Section, ...]:
    """`images` maps an image field's id to the attached file's name."""
    if template is None:
        return _untemplated(values, images)
    sections: list[Section] = []
    reasons = referral_reasons(template, values)
    if reasons:
        sections.append(Section("Refer — findings that need a doctor's review",
                                tuple(Row("Reason", reason) for reason in reasons)))
    involved = involved_side(template, values, episode_side)
    for section in template.sections:
        items = _section_items(section.fields, values, images, involved)
        if items:
            sections.append(Section(section.title, items))
    return tuple(sections)


def _section_items(fields: tuple[TemplateField, ...], values: Mapping[str, Any],
                   images: Mapping[str, str], involved: Limb | None) -> tuple[SectionItem, ...]:
    items: list[SectionItem] = []
    pairs: list[BilateralRow] = []
    for field in fields:
        value = values.get(field.id)
        if field.kind is FieldKind.BILATERAL:
            if isinstance(value, Mapping) and any(value.get(s) is not None for s in SIDES):
                pairs.append(_pair(field, value, involved))
            continue
        if pairs:
            items.append(BilateralTable(tuple(pairs)))
            pairs = []
        if field.kind is FieldKind.IMAGE:
            if field.id in images:
                items.append(Row(field.label, f"Image attached: {images[field.id]}"))
            continue
        text = value_text(field, value)
        if text:
            items.append(Row(field.label, text))
    if pairs:
        items.append(BilateralTable(tuple(pairs)))
    return tuple(items)


def _pair(field: TemplateField, value: Mapping[str, Any], involved: Limb | None) -> BilateralRow:
    label = field.label
    if field.unit and f"({field.unit})" not in label:
        label = f"{label} ({field.unit})"
    lsi = field_lsi(field, value, involved)
    return BilateralRow(label, _number(value.get(Limb.LEFT)), _number(value.get(Limb.RIGHT)),
                        f"{lsi:.1f} %" if lsi is not None else "", is_deficit(lsi))


def value_text(field: TemplateField, value: object) -> str:
    """One field's value as printed; '' for a blank field."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.kind
    unit = f" {field.unit}" if field.unit else ""
    if kind in (FieldKind.NUMBER, FieldKind.INTEGER) and isinstance(value, int | float):
        return f"{number_text(value)}{unit}"
    if kind is FieldKind.YES_NO and isinstance(value, bool):
        return "Yes" if value else "No"
    if kind is FieldKind.CHOICE:
        return field.option_label(str(value))
    if kind is FieldKind.MULTI_CHOICE and isinstance(value, list):
        return ", ".join(field.option_label(str(v)) for v in value)
    if kind is FieldKind.INVOLVED_SIDE:
        return _side(value)
    if kind is FieldKind.DATE and isinstance(value, str):
        return _date(value)
    if kind is FieldKind.SPECIAL_TEST:
        return _test(value)
    if kind is FieldKind.DIAGNOSIS and isinstance(value, Mapping):
        return _diagnosis(field, value)
    return _plain(value)


def _test(value: object) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{LIMB_LABELS[side]}: {_result(value.get(side))}"
                         for side in SIDES if value.get(side))
    return _result(value)


def _result(value: object) -> str:
    if isinstance(value, str) and value in TestResult.__members__.values():
        return TEST_RESULT_LABELS[TestResult(value)]
    return str(value)


def _diagnosis(field: TemplateField, value: Mapping[str, Any]) -> str:
    condition = field.condition(str(value.get("condition", "")))
    words = condition.label if condition else str(value.get("condition", ""))
    side = str(value.get("side", "") or "")
    if side:
        words += f", {_side(side).lower()}"
    code = str(value.get("icd10", "") or "")
    return f"{words} (ICD-10 {code})" if code else words


def _side(value: object) -> str:
    if isinstance(value, str) and value in Limb.__members__.values():
        return LIMB_LABELS[Limb(value)]
    return str(value)


def _date(text: str) -> str:
    try:
        return print_date(date.fromisoformat(text))
    except ValueError:
        return text


def _number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return number_text(value)


def _plain(value: object) -> str:
    """Any JSON value in words, for values the template does not describe."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _untemplated(values: Mapping[str, Any], images: Mapping[str, str]) -> tuple[Section, ...]:
    rows: list[SectionItem] = [Row(key, _plain(value)) for key, value in values.items()
                               if value not in (None, "", [])]
    rows += [Row(slot, f"Image attached: {name}") for slot, name in images.items()]
    note = Row("Template", "The evaluation template is not available; fields show their ids.")
    return (Section("Evaluation", (note, *rows)),)
