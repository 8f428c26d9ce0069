"""Reading one evaluation template from parsed TOML, with every problem named by file and field.

Every problem in a file is reported at once, each naming the file, the section and the field, so
the person who wrote it can fix them in one pass. The file format, by example:

    id = "achilles-running"          # stored with each note; never reuse it for another form
    name = "Achilles pain in runners"
    version = 1                      # raise it whenever fields change
    body_region = "ankle and foot"
    sources = ["..."]

    [[sections]]
    id = "objective"
    title = "Objective"

    [[sections.fields]]
    id = "heel_raise"
    kind = "bilateral"               # see domain.templates.FieldKind for every kind
    label = "Single-leg heel raise (reps)"
    per_side = "integer"
    unit = "reps"
    min = 0
    max = 150
    lsi = true
    refer_if = { at_most = 0 }       # or "positive", ["marked"], true — by kind
    refer_reason = "Cannot rise on the toes: possible rupture, refer the same day"

Imports domain only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..domain.errors import KeystoneError
from ..domain.templates import (
    NUMERIC_KINDS,
    PER_SIDE_KINDS,
    Condition,
    EvaluationTemplate,
    FieldKind,
    GaitView,
    Option,
    ReferRule,
    TemplateField,
    TemplateSection,
    TestResult,
)

# Letter, two more characters, then up to four after the dot; "X" fills unused places (M22.2X1).
ICD10_CODE = re.compile(r"[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?")
_ID = re.compile(r"[a-z][a-z0-9_]*")
_TEMPLATE_ID = re.compile(r"[a-z][a-z0-9_-]*")
_TEMPLATE_KEYS = {"id", "name", "version", "body_region", "description", "sources", "sections"}
_SECTION_KEYS = {"id", "title", "help", "fields"}
_COMMON_KEYS = {"id", "kind", "label", "help", "span", "new_row", "refer_if", "refer_reason"}
_KIND_KEYS: dict[FieldKind, set[str]] = {
    FieldKind.TEXT: {"lines", "max_length"},
    FieldKind.NUMBER: {"unit", "min", "max", "decimals"},
    FieldKind.INTEGER: {"unit", "min", "max"},
    FieldKind.CHOICE: {"options", "other"},
    FieldKind.MULTI_CHOICE: {"options"},
    FieldKind.YES_NO: set(),
    FieldKind.DATE: set(),
    FieldKind.TIME: set(),
    FieldKind.INVOLVED_SIDE: set(),
    FieldKind.BILATERAL: {"per_side", "unit", "min", "max", "decimals", "lsi", "higher_is_better"},
    FieldKind.SPECIAL_TEST: {"sided"},
    FieldKind.DIAGNOSIS: {"conditions"},
    FieldKind.IMAGE: {"view"},
}
_CONDITION_KEYS = {"id", "label", "icd10", "icd10_right", "icd10_left"}


class TemplateError(KeystoneError):
    """One or more template files are not usable; each problem names its file and field."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("Evaluation templates have problems:\n" + "\n".join(
            f"- {p}" for p in self.problems))


def parse_template(data: Mapping[str, Any], source: str) -> EvaluationTemplate:
    """A template from parsed TOML; `source` (the file name) starts every problem message."""
    reader = _Reader(source)
    template = reader.template(data)
    if reader.problems or template is None:
        raise TemplateError(reader.problems)
    return template


class _Reader:
    """Builds domain objects from TOML tables, collecting problems instead of stopping."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []
        self._field_ids: set[str] = set()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.source}: {where}{': ' if where else ''}{message}")

    def template(self, data: Mapping[str, Any]) -> EvaluationTemplate | None:
        self.unknown_keys("", data, _TEMPLATE_KEYS)
        template_id = self.read_text("", data, "id")
        if template_id and not _TEMPLATE_ID.fullmatch(template_id):
            self.problem("", "id must be lower-case letters, digits, '-' or '_'")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem("", "version must be a whole number, 1 or more")
            version = 1
        sources = data.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            self.problem("", "sources must be a list of texts")
            sources = []
        raw_sections = data.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            self.problem("", "needs at least one [[sections]] table")
            raw_sections = []
        sections = [self.section(i, raw) for i, raw in enumerate(raw_sections, 1)]
        self.check_unique("", "section id", [s.id for s in sections if s])
        # Labels find their inputs, for people and for screen readers: two alike would be ambiguous.
        self.check_unique("", "field label", [f.label for s in sections if s for f in s.fields])
        if sum(f.kind is FieldKind.INVOLVED_SIDE for s in sections if s for f in s.fields) > 1:
            self.problem("", "has more than one involved_side field")
        return EvaluationTemplate(
            id=template_id, name=self.read_text("", data, "name"), version=version,
            body_region=self.read_text("", data, "body_region"),
            sections=tuple(s for s in sections if s),
            description=self.read_text("", data, "description", required=False),
            sources=tuple(sources))

    def section(self, number: int, raw: object) -> TemplateSection | None:
        where = f"section {number}"
        if not isinstance(raw, Mapping):
            self.problem(where, "must be a table")
            return None
        section_id = self.read_id(where, raw)
        where = f"section {section_id!r}" if section_id else where
        self.unknown_keys(where, raw, _SECTION_KEYS)
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            self.problem(where, "needs at least one [[sections.fields]] table")
            raw_fields = []
        fields = [self.field(where, i, f) for i, f in enumerate(raw_fields, 1)]
        return TemplateSection(id=section_id, title=self.read_text(where, raw, "title"),
                               fields=tuple(f for f in fields if f),
                               help=self.read_text(where, raw, "help", required=False))

    def field(self, section: str, number: int, raw: object) -> TemplateField | None:
        where = f"{section}, field {number}"
        if not isinstance(raw, Mapping):
            self.problem(where, "must be a table")
            return None
        field_id = self.read_id(where, raw)
        if field_id:
            where = f"{section}, field {field_id!r}"
            if field_id in self._field_ids:
                self.problem(where, "this id is already used by another field")
            self._field_ids.add(field_id)
        try:
            kind = FieldKind(raw.get("kind", ""))
        except ValueError:
            self.problem(where, f"kind must be one of {', '.join(k.value for k in FieldKind)}")
            return None
        self.unknown_keys(where, raw, _COMMON_KEYS | _KIND_KEYS[kind])
        attributes = _FieldAttributes(self, where, raw, kind)
        return attributes.build(field_id, self.read_text(where, raw, "label"),
                                self.read_text(where, raw, "help", required=False))

    # ----- small readers

    def read_id(self, where: str, raw: Mapping[str, Any]) -> str:
        value = self.read_text(where, raw, "id")
        if value and not _ID.fullmatch(value):
            self.problem(where, f"id {value!r} must be lower-case letters, digits and '_'")
        return value

    def read_text(self, where: str, raw: Mapping[str, Any], key: str, *, required: bool = True) -> str:
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, f"{key} must be {'a non-empty ' if required else 'a '}text")
            return ""
        return value

    def unknown_keys(self, where: str, raw: Mapping[str, Any], allowed: set[str]) -> None:
        for key in sorted(set(raw) - allowed):
            self.problem(where, f"unknown key {key!r} (allowed here: {', '.join(sorted(allowed))})")

    def check_unique(self, where: str, what: str, ids: list[str]) -> None:
        for repeated in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(where, f"{what} {repeated!r} is used more than once")


class _FieldAttributes:
    """Reads the kind-specific keys of one field table."""

    def __init__(self, reader: _Reader, where: str, raw: Mapping[str, Any], kind: FieldKind):
        self.reader, self.where, self.raw, self.kind = reader, where, raw, kind

    def problem(self, message: str) -> None:
        self.reader.problem(self.where, message)

    def build(self, field_id: str, label: str, help_text: str) -> TemplateField:
        raw, kind = self.raw, self.kind
        per_side = self._per_side()
        minimum, maximum = self._number("min"), self._number("max")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.problem("min is greater than max")
        lsi = self._flag("lsi", False)
        unit = self._string("unit")
        if kind is FieldKind.BILATERAL and lsi and not unit:
            self.problem("a pair with lsi = true needs a unit")
        options = self._options()
        lines = self._whole("lines", 1, 1, 30)
        field = TemplateField(
            id=field_id, kind=kind, label=label, help=help_text, lines=lines,
            max_length=self._whole("max_length", 20000 if lines > 1 else 4000, 1, 100000),
            unit=unit, minimum=minimum, maximum=maximum,
            decimals=self._whole("decimals", 1, 0, 4), per_side=per_side, lsi=lsi,
            higher_is_better=self._flag("higher_is_better", True), options=options,
            allow_other=self._flag("other", False), sided=self._flag("sided", True),
            conditions=self._conditions(), view=self._view(),
            span=self._whole("span", 0, 0, 4), new_row=self._flag("new_row", False))
        refer = self._refer(field)
        if refer is not None:
            field = replace(field, refer=refer)
        if raw.get("refer_reason") is not None and "refer_if" not in raw:
            self.problem("refer_reason given without refer_if")
        return field

    def _string(self, key: str) -> str:
        value = self.raw.get(key, "")
        if not isinstance(value, str):
            self.problem(f"{key} must be a text")
            return ""
        return value

    def _flag(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{key} must be true or false")
            return default
        return value

    def _whole(self, key: str, default: int, low: int, high: int) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(f"{key} must be a whole number from {low} to {high}")
            return default
        return value

    def _number(self, key: str) -> float | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(f"{key} must be a number")
            return None
        return value

    def _per_side(self) -> FieldKind:
        value = self.raw.get("per_side", FieldKind.NUMBER.value)
        if value not in {k.value for k in PER_SIDE_KINDS}:
            self.problem("per_side must be \"number\" or \"integer\"")
            return FieldKind.NUMBER
        return FieldKind(value)

    def _options(self) -> tuple[Option, ...]:
        if self.kind not in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
            return ()
        raw = self.raw.get("options")
        if not isinstance(raw, Mapping) or not raw:
            self.problem("options must be a table of id = \"label\" entries")
            return ()
        options = []
        for option_id, label in raw.items():
            if not _ID.fullmatch(option_id):
                self.problem(f"option id {option_id!r} must be lower-case letters, digits, '_'")
            if not isinstance(label, str) or not label.strip():
                self.problem(f"option {option_id!r} needs a label")
                continue
            options.append(Option(option_id, label))
        return tuple(options)

    def _conditions(self) -> tuple[Condition, ...]:
        if self.kind is not FieldKind.DIAGNOSIS:
            return ()
        raw = self.raw.get("conditions")
        if not isinstance(raw, list) or not raw:
            self.problem("needs at least one [[...conditions]] table")
            return ()
        conditions = [c for c in (self._condition(i, item) for i, item in enumerate(raw, 1)) if c]
        self.reader.check_unique(self.where, "condition id", [c.id for c in conditions])
        return tuple(conditions)

    def _condition(self, number: int, raw: object) -> Condition | None:
        if not isinstance(raw, Mapping):
            self.problem(f"condition {number} must be a table")
            return None
        where = f"{self.where}, condition {raw.get('id', number)!r}"
        self.reader.unknown_keys(where, raw, _CONDITION_KEYS)
        condition_id = self.reader.read_id(where, raw)
        label = self.reader.read_text(where, raw, "label")
        codes = {key: raw.get(key, "") for key in ("icd10", "icd10_right", "icd10_left")}
        for key, code in codes.items():
            if code and (not isinstance(code, str) or not ICD10_CODE.fullmatch(code)):
                self.reader.problem(where, f"{key} {code!r} is not a well-formed ICD-10 code")
        sided = bool(codes["icd10_right"] or codes["icd10_left"])
        if sided and not (codes["icd10_right"] and codes["icd10_left"]):
            self.reader.problem(where, "give both icd10_right and icd10_left, or only icd10")
        elif sided and codes["icd10"]:
            self.reader.problem(where, "give icd10_right and icd10_left, or icd10, not both")
        elif not sided and not codes["icd10"]:
            self.reader.problem(where, "needs an ICD-10 code (icd10, or icd10_right/icd10_left)")
        elif sided and all(isinstance(codes[k], str) for k in ("icd10_right", "icd10_left")):
            mismatch = _laterality_problem(str(codes["icd10_right"]), str(codes["icd10_left"]))
            if mismatch:
                self.reader.problem(where, mismatch)
        return Condition(condition_id, label, str(codes["icd10_right"]),
                         str(codes["icd10_left"]), str(codes["icd10"]))

    def _view(self) -> GaitView | None:
        if self.kind is not FieldKind.IMAGE:
            return None
        try:
            return GaitView(self.raw.get("view", ""))
        except ValueError:
            self.problem(f"view must be one of {', '.join(v.value for v in GaitView)}")
            return None

    def _refer(self, field: TemplateField) -> ReferRule | None:
        if "refer_if" not in self.raw:
            return None
        rule = self.raw["refer_if"]
        reason = self.raw.get("refer_reason")
        if not isinstance(reason, str) or not reason.strip():
            self.problem("refer_if needs a refer_reason saying why, in plain words")
            reason = ""
        kind = self.kind
        if kind in NUMERIC_KINDS and isinstance(rule, Mapping):
            return self._number_rule(rule, reason)
        if kind is FieldKind.YES_NO and rule is True:
            return ReferRule(reason, when_yes=True)
        allowed = _refer_results(field)
        results = [rule] if isinstance(rule, str) else rule
        if (allowed and isinstance(results, list) and results
                and all(isinstance(r, str) and r in allowed for r in results)):
            return ReferRule(reason, results=tuple(results))
        self.problem(_refer_hint(field, allowed))
        return None

    def _number_rule(self, rule: Mapping[str, Any], reason: str) -> ReferRule | None:
        limits = {key: rule.get(key) for key in ("at_most", "at_least")}
        if (set(rule) - set(limits) or not any(v is not None for v in limits.values())
                or any(isinstance(v, bool) or (v is not None and not isinstance(v, int | float))
                       for v in limits.values())):
            self.problem("refer_if for numbers is a table such as { at_most = 0 } or "
                         "{ at_least = 8 }")
            return None
        return ReferRule(reason, at_most=limits["at_most"], at_least=limits["at_least"])


def _refer_results(field: TemplateField) -> set[str]:
    if field.kind is FieldKind.SPECIAL_TEST:
        return {r.value for r in TestResult}
    if field.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
        return {o.id for o in field.options}
    return set()


def _refer_hint(field: TemplateField, allowed: set[str]) -> str:
    if field.kind in NUMERIC_KINDS:
        return "refer_if for numbers is a table such as { at_most = 0 }"
    if field.kind is FieldKind.YES_NO:
        return "refer_if for a yes/no field is true"
    if allowed:
        return f"refer_if must name one or more of: {', '.join(sorted(allowed))}"
    return f"a {field.kind.value} field cannot have refer_if"


def _laterality_problem(right: str, left: str) -> str:
    """ICD-10-CM marks laterality with one character: 1 for right, 2 for left."""
    differences = [(a, b) for a, b in zip(right, left, strict=False) if a != b]
    if len(right) != len(left) or differences != [("1", "2")]:
        return (f"icd10_right {right!r} and icd10_left {left!r} should differ only in the "
                "laterality character (1 right, 2 left)")
    return ""
