"""Outcome-measure definitions from resources/measures/*.toml, checked when they are loaded.

A definition that cannot be right (a typo in a key, a scale that does not ascend, a declared range
the items cannot reach, an MCID without its source) stops the load with a MeasureDefinitionError
naming the file and the place in it, so a clinician editing a file finds the mistake at once and
the app never scores with a broken definition. Imports the domain and the standard library only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..domain.measures import (
    Anchor,
    ChoiceGroup,
    Direction,
    Item,
    Mcid,
    MeasureDefinition,
    MissingRule,
    Scale,
    Scoring,
    ScoringRule,
    UnknownMeasureError,
)
from .field_reader import FieldReader
from .resources import resources_dir

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TOP_KEYS = {"id", "short_name", "name", "version", "order", "purpose", "citation", "instructions",
             "licence", "scoring", "mcid", "verification", "scales", "items", "groups"}
_ITEM_KEYS = {"id", "text", "scale", "optional", "group", "named"}
_SCORING_KEYS = {"rule", "min", "max", "direction", "missing", "max_missing", "min_answered",
                 "decimals", "note"}
_MCID_KEYS = {"points", "percent", "source", "note"}


class MeasureDefinitionError(ValueError):
    """A measure file is not a usable definition; the message names the file and the place."""


def default_measures_dir() -> Path:
    return resources_dir() / "measures"


class MeasureCatalog:
    """The outcome measures a clinic can record, by id, in the order the files give."""

    def __init__(self, definitions: list[MeasureDefinition]):
        self._by_id: dict[str, MeasureDefinition] = {}
        for definition in definitions:
            if definition.id in self._by_id:
                raise MeasureDefinitionError(f"two measures have the id {definition.id!r}")
            self._by_id[definition.id] = definition

    @classmethod
    def load(cls, path: Path | str | None = None) -> MeasureCatalog:
        """Every *.toml file in `path` (default: the app's resources/measures)."""
        folder = Path(path) if path is not None else default_measures_dir()
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise MeasureDefinitionError(f"{folder}: no measure definitions (*.toml) found")
        loaded = []
        for file in files:
            data = _read_toml(file)
            order = data.get("order", 1000)
            loaded.append(((order if isinstance(order, int) else 1000, file.stem),
                           _definition_from(file, data)))
        return cls([definition for _, definition in sorted(loaded, key=lambda pair: pair[0])])

    def get(self, measure_id: str) -> MeasureDefinition:
        """The measure named by id or short name, any case ("VISA-A", "visa-a")."""
        found = self.find(measure_id)
        if found is None:
            raise UnknownMeasureError(measure_id, list(self._by_id))
        return found

    def find(self, measure_id: str) -> MeasureDefinition | None:
        wanted = measure_id.strip().casefold()
        return next((d for d in self._by_id.values()
                     if wanted in (d.id, d.short_name.casefold())), None)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def as_mapping(self) -> Mapping[str, MeasureDefinition]:
        return dict(self._by_id)

    def __iter__(self) -> Iterator[MeasureDefinition]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, measure_id: object) -> bool:
        return isinstance(measure_id, str) and self.find(measure_id) is not None


def load_definition(path: Path) -> MeasureDefinition:
    """Read and check one file; MeasureDefinitionError names the file on any problem."""
    return _definition_from(path, _read_toml(path))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MeasureDefinitionError(f"{path}: cannot be read as TOML: {exc}") from exc


def _definition_from(path: Path, data: Mapping[str, Any]) -> MeasureDefinition:
    try:
        definition = parse_definition(data)
    except _Bad as exc:
        raise MeasureDefinitionError(f"{path}: {exc}") from None
    if definition.id != path.stem:
        raise MeasureDefinitionError(f"{path}: the file must be named after its id "
                                     f"({definition.id}.toml)")
    return definition


def parse_definition(data: Mapping[str, Any]) -> MeasureDefinition:
    """A definition from parsed TOML; raises MeasureDefinitionError (without a file name)."""
    _known_keys(data, _TOP_KEYS, "")
    measure_id = _text(data, "id", "")
    if not _ID.match(measure_id):
        raise _Bad("id: use lower-case letters, digits and single hyphens, e.g. 'visa-a'")
    scales = {name: _scale(raw, f"scales.{name}") for name, raw in _table(data, "scales").items()}
    groups = tuple(_group(raw, f"groups[{n}]") for n, raw in enumerate(_list(data, "groups")))
    items = tuple(_item(raw, f"items[{n}]", scales) for n, raw in enumerate(_list(data, "items")))
    if not items:
        raise _Bad("items: a measure needs at least one item")
    _check_items(items, groups)
    scoring = _scoring(_table(data, "scoring", required=True), items)
    _check_range(scoring, items, groups)
    verification = tuple(_verification(raw, f"verification[{n}]")
                         for n, raw in enumerate(_list(data, "verification")))
    return MeasureDefinition(
        id=measure_id, name=_text(data, "name", ""), short_name=_text(data, "short_name", ""),
        version=_text(data, "version", ""), purpose=_text(data, "purpose", ""),
        licence=_text(data, "licence", ""), citation=_text(data, "citation", ""),
        instructions=_text(data, "instructions", "", required=False), items=items,
        scoring=scoring, mcid=_mcid(_table(data, "mcid", required=True)), groups=groups,
        verification=verification)


class _Bad(MeasureDefinitionError):
    """A problem found while parsing; load_definition adds the file name."""


_fields = FieldReader(_Bad)
_known_keys = _fields.known_keys
_text = _fields.text
_verification = _fields.verification


def _scale(raw: Any, where: str) -> Scale:
    if not isinstance(raw, dict):
        raise _Bad(f"{where}: expected a table with points and anchors")
    _known_keys(raw, {"points", "anchors"}, where)
    points = raw.get("points")
    if (not isinstance(points, list) or len(points) < 2
            or not all(isinstance(p, int) and not isinstance(p, bool) for p in points)):
        raise _Bad(f"{where}.points: give at least two whole numbers")
    if any(b <= a for a, b in zip(points, points[1:], strict=False)):
        raise _Bad(f"{where}.points: points must ascend without repeats")
    anchors = []
    for key, label in _table(raw, "anchors", where=where).items():
        value = int(key) if re.fullmatch(r"-?\d+", key) else None
        if value is None or value not in points:
            raise _Bad(f"{where}.anchors: {key!r} is not one of the scale's points")
        if not isinstance(label, str) or not label.strip():
            raise _Bad(f"{where}.anchors.{key}: the label must be text")
        anchors.append(Anchor(value, label.strip()))
    if not anchors:
        raise _Bad(f"{where}.anchors: label at least the lowest and highest points")
    return Scale(tuple(points), tuple(sorted(anchors, key=lambda a: a.value)))


def _item(raw: Any, where: str, scales: Mapping[str, Scale]) -> Item:
    if not isinstance(raw, dict):
        raise _Bad(f"{where}: expected a table")
    _known_keys(raw, _ITEM_KEYS, where)
    item_id = _text(raw, "id", where)
    where = f"item {item_id}"
    scale_ref = raw.get("scale")
    if isinstance(scale_ref, str):
        if scale_ref not in scales:
            raise _Bad(f"{where}: no scale named {scale_ref!r} under [scales]")
        scale = scales[scale_ref]
    else:
        scale = _scale(scale_ref, f"{where}.scale")
    return Item(item_id, _text(raw, "text", where), scale,
                optional=_flag(raw, "optional", where), group=str(raw.get("group", "")),
                named=_flag(raw, "named", where))


def _group(raw: Any, where: str) -> ChoiceGroup:
    if not isinstance(raw, dict):
        raise _Bad(f"{where}: expected a table")
    _known_keys(raw, {"id", "items", "explanation"}, where)
    members = raw.get("items")
    if not isinstance(members, list) or len(members) < 2 or not all(
            isinstance(m, str) for m in members):
        raise _Bad(f"{where}.items: list at least two item ids")
    return ChoiceGroup(_text(raw, "id", where), tuple(members), _text(raw, "explanation", where))


def _check_items(items: tuple[Item, ...], groups: tuple[ChoiceGroup, ...]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id.casefold() in seen:
            raise _Bad(f"item {item.id}: the id is used twice")
        seen.add(item.id.casefold())
    group_ids = [g.id for g in groups]
    if len(set(group_ids)) != len(group_ids):
        raise _Bad("groups: a group id is used twice")
    for item in items:
        if item.group and item.group not in group_ids:
            raise _Bad(f"item {item.id}: no group {item.group!r} under [[groups]]")
    for group in groups:
        members = {i.id for i in items if i.group == group.id}
        if members != set(group.items):
            raise _Bad(f"group {group.id}: its items must be exactly those with "
                       f"group = {group.id!r} ({', '.join(sorted(members)) or 'none'})")


def _scoring(raw: Mapping[str, Any], items: tuple[Item, ...]) -> Scoring:
    _known_keys(raw, _SCORING_KEYS, "scoring")
    rule = _choice(raw, "rule", ScoringRule)
    missing = _choice(raw, "missing", MissingRule, default=MissingRule.NO_SCORE)
    max_missing = _count(raw, "max_missing")
    min_answered = _count(raw, "min_answered")
    if (missing is MissingRule.PRORATE) != (max_missing > 0):
        raise _Bad("scoring: missing = 'prorate' needs max_missing of 1 or more, and only then")
    if rule is ScoringRule.MEAN and not 1 <= min_answered <= len(items):
        raise _Bad("scoring.min_answered: a mean needs between 1 and all items answered")
    if rule is ScoringRule.SUM and any(i.optional for i in items):
        raise _Bad("scoring: a sum cannot have optional items (use missing = 'prorate')")
    decimals = _count(raw, "decimals")
    if decimals > 3:
        raise _Bad("scoring.decimals: at most 3")
    return Scoring(rule, _number(raw, "min", "scoring"), _number(raw, "max", "scoring"),
                   _choice(raw, "direction", Direction), missing, max_missing, min_answered,
                   decimals, str(raw.get("note", "")).strip())


def _check_range(scoring: Scoring, items: tuple[Item, ...],
                 groups: tuple[ChoiceGroup, ...]) -> None:
    if scoring.rule is ScoringRule.MEAN:
        low = min(i.scale.minimum for i in items)
        high = max(i.scale.maximum for i in items)
    else:
        plain = [i for i in items if not i.group]
        members = [[i for i in items if i.group == g.id] for g in groups]
        low = sum(i.scale.minimum for i in plain) + sum(min(i.scale.minimum for i in m)
                                                       for m in members)
        high = sum(i.scale.maximum for i in plain) + sum(max(i.scale.maximum for i in m)
                                                        for m in members)
    if (Fraction(low), Fraction(high)) != (scoring.minimum, scoring.maximum):
        raise _Bad(f"scoring: min/max say {scoring.minimum}–{scoring.maximum} but the items "
                   f"give {low}–{high}")


def _mcid(raw: Mapping[str, Any]) -> Mcid:
    _known_keys(raw, _MCID_KEYS, "mcid")
    points = _number(raw, "points", "mcid") if "points" in raw else None
    percent = _number(raw, "percent", "mcid") if "percent" in raw else None
    if points is not None and points <= 0:
        raise _Bad("mcid.points: must be more than 0")
    if percent is not None and not 0 < percent <= 100:
        raise _Bad("mcid.percent: must be between 0 and 100")
    return Mcid(points, _text(raw, "source", "mcid"), percent, str(raw.get("note", "")).strip())




def _flag(raw: Mapping[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise _Bad(f"{where}.{key}: use true or false")
    return value


def _number(raw: Mapping[str, Any], key: str, where: str) -> Fraction:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"{where}.{key}: a number is required")
    return Fraction(str(value))


def _count(raw: Mapping[str, Any], key: str) -> int:
    value = raw.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Bad(f"scoring.{key}: a whole number, 0 or more")
    return value


def _choice(raw: Mapping[str, Any], key: str, enum: Any, default: Any = None) -> Any:
    value = raw.get(key, default)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in enum)
        raise _Bad(f"scoring.{key}: {value!r} is not one of {allowed}") from None


def _table(raw: Mapping[str, Any], key: str, *, required: bool = False,
           where: str = "") -> dict[str, Any]:
    value = raw.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise _Bad(f"{where + '.' if where else ''}{key}: a table is required")
    return value


def _list(raw: Mapping[str, Any], key: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise _Bad(f"{key}: expected a list of tables ([[{key}]])")
    return value
