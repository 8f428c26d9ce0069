"""Treatment protocols from resources/protocols/*.toml, checked when they are loaded.

A file that cannot be right (an unknown key, phases out of order, a week range that runs
backwards, a dosage the exercise library would refuse, an exercise id the library does not
have) stops the load with a ProtocolFileError naming the file and the place, so a clinician
editing a file finds the mistake at once. Exercise ids are checked against the exercise library
(resources/exercises/<id>.toml) once that folder exists. Imports the domain and the standard
library only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..domain.errors import NotFoundError, ValidationError
from ..domain.exercises import Dosage
from ..domain.protocols import (
    DOSAGE_FIELDS,
    Applicability,
    Citation,
    Phase,
    PrescribedExercise,
    Protocol,
)
from .exercise_files import library_exercise_ids
from .field_reader import FieldReader
from .resources import resources_dir

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TOP_KEYS = {"id", "name", "summary", "applicability", "order", "evidence_note",
             "progression_rules", "pain_rules", "early_phase_option", "citations", "phases",
             "verification"}
_PHASE_KEYS = {"number", "name", "first_week", "last_week", "goal", "entry", "notes", "exercises"}
_DOSAGE_KEYS = frozenset(DOSAGE_FIELDS)
_EXERCISE_KEYS = {"exercise", "applies_to", "notes", *_DOSAGE_KEYS}
_MAX_WEEK = 104


class ProtocolFileError(ValueError):
    """A protocol file is not usable; the message names the file and the place in it."""


class UnknownProtocolError(NotFoundError):
    def __init__(self, protocol_id: str, known: Iterable[str]):
        self.protocol_id = protocol_id
        super().__init__(f"There is no protocol {protocol_id!r}; known protocols: "
                         f"{', '.join(known)}.")


def default_protocols_dir() -> Path:
    return resources_dir() / "protocols"


class ProtocolCatalog:
    """The protocols a clinic can apply, in the order the files give."""

    def __init__(self, protocols: Iterable[Protocol]):
        self._by_id: dict[str, Protocol] = {}
        for protocol in protocols:
            if protocol.id in self._by_id:
                raise ProtocolFileError(f"two protocols have the id {protocol.id!r}")
            self._by_id[protocol.id] = protocol

    @classmethod
    def load(cls, path: Path | str | None = None, *,
             exercise_ids: Iterable[str] | None = None) -> ProtocolCatalog:
        """Every *.toml in `path` (default resources/protocols). Exercise ids are checked against
        `exercise_ids`, else against the library folder if it exists."""
        folder = Path(path) if path is not None else default_protocols_dir()
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise ProtocolFileError(f"{folder}: no protocol files (*.toml) found")
        known = frozenset(exercise_ids) if exercise_ids is not None else library_exercise_ids()
        loaded = []
        for file in files:
            data = _read(file)
            order = data.get("order", 1000)
            protocol = load_protocol(file, known, data)
            loaded.append(((order if isinstance(order, int) else 1000, file.stem), protocol))
        return cls(protocol for _, protocol in sorted(loaded, key=lambda pair: pair[0]))

    def get(self, protocol_id: str) -> Protocol:
        found = self._by_id.get(protocol_id.strip())
        if found is None:
            raise UnknownProtocolError(protocol_id, self._by_id)
        return found

    def ids(self) -> list[str]:
        return list(self._by_id)

    def __iter__(self) -> Iterator[Protocol]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def load_protocol(path: Path, exercise_ids: frozenset[str] | None = None,
                  data: Mapping[str, Any] | None = None) -> Protocol:
    """Read and check one file; ProtocolFileError names the file on any problem."""
    try:
        protocol = parse_protocol(_read(path) if data is None else data, exercise_ids)
    except _Bad as exc:
        raise ProtocolFileError(f"{path}: {exc}") from None
    if protocol.id != path.stem:
        raise ProtocolFileError(f"{path}: the file must be named after its id ({protocol.id}.toml)")
    return protocol


def parse_protocol(data: Mapping[str, Any], exercise_ids: frozenset[str] | None = None) -> Protocol:
    """A protocol from parsed TOML; raises ProtocolFileError (without a file name)."""
    _known_keys(data, _TOP_KEYS, "")
    protocol_id = _text(data, "id", "")
    if not _ID.match(protocol_id):
        raise _Bad("id: use lower-case letters, digits and single hyphens")
    applicability = _sites(data.get("applicability"), "applicability")
    phases = tuple(_phase(raw, f"phases[{n}]", applicability, exercise_ids)
                   for n, raw in enumerate(_list(data, "phases", "")))
    if not phases:
        raise _Bad("phases: a protocol needs at least one [[phases]]")
    _check_phase_order(phases)
    citations = tuple(_citation(raw, f"citations[{n}]")
                      for n, raw in enumerate(_list(data, "citations", "")))
    if not citations:
        raise _Bad("citations: name at least one source ([[citations]] text = ...)")
    early = data.get("early_phase_option", False)
    if not isinstance(early, bool):
        raise _Bad("early_phase_option: use true or false")
    return Protocol(
        id=protocol_id, name=_text(data, "name", ""), summary=_text(data, "summary", ""),
        citations=citations, applicability=applicability, phases=phases,
        progression_rules=_texts(data, "progression_rules", required=True),
        pain_rules=_texts(data, "pain_rules"),
        evidence_note=_text(data, "evidence_note", "", required=False),
        early_phase_option=early,
        verification=tuple(_verification(raw, f"verification[{n}]")
                           for n, raw in enumerate(_list(data, "verification", ""))),
    )


class _Bad(ProtocolFileError):
    """A problem found while parsing; load_protocol adds the file name."""


_fields = FieldReader(_Bad)
_known_keys = _fields.known_keys
_text = _fields.text
_verification = _fields.verification


def _phase(raw: Any, where: str, sites: frozenset[Applicability],
           exercise_ids: frozenset[str] | None) -> Phase:
    if not isinstance(raw, dict):
        raise _Bad(f"{where}: expected a table")
    _known_keys(raw, _PHASE_KEYS, where)
    number = _whole(raw, "number", where, required=True)
    where = f"phase {number}"
    first = _whole(raw, "first_week", where, required=True)
    last = _whole(raw, "last_week", where)
    if not 1 <= (first or 0) <= _MAX_WEEK:
        raise _Bad(f"{where}.first_week: between 1 and {_MAX_WEEK}")
    if last is not None and not (first or 0) <= last <= _MAX_WEEK:
        raise _Bad(f"{where}.last_week: from first_week up to {_MAX_WEEK} (or leave it out "
                   "for an open-ended phase)")
    exercises = tuple(_exercise(item, f"{where}.exercises[{n}]", sites, exercise_ids)
                      for n, item in enumerate(_list(raw, "exercises", where)))
    if not exercises:
        raise _Bad(f"{where}: list its exercises ([[phases.exercises]])")
    for site in sites:
        if not any(site in e.applies_to for e in exercises):
            raise _Bad(f"{where}: no exercise applies to {site.value} tendinopathy")
    return Phase(number=number or 0, name=_text(raw, "name", where), first_week=first or 1,
                 last_week=last, exercises=exercises,
                 goal=_text(raw, "goal", where, required=False),
                 entry=_text(raw, "entry", where, required=False),
                 notes=_text(raw, "notes", where, required=False))


def _exercise(raw: Any, where: str, sites: frozenset[Applicability],
              exercise_ids: frozenset[str] | None) -> PrescribedExercise:
    if not isinstance(raw, dict):
        raise _Bad(f"{where}: expected a table")
    _known_keys(raw, _EXERCISE_KEYS, where)
    exercise_id = _text(raw, "exercise", where)
    where = f"{where} ({exercise_id})"
    if exercise_ids is not None and exercise_id not in exercise_ids:
        raise _Bad(f"{where}: the exercise library has no exercise {exercise_id!r} "
                   "(resources/exercises/<id>.toml)")
    applies = _sites(raw["applies_to"], f"{where}.applies_to") if "applies_to" in raw else sites
    if not applies <= sites:
        raise _Bad(f"{where}.applies_to: the protocol itself is not for "
                   f"{', '.join(sorted(s.value for s in applies - sites))} tendinopathy")
    if "reps" not in raw and "hold_seconds" not in raw:
        raise _Bad(f"{where}: give reps or hold_seconds")
    given = {key: raw[key] for key in _DOSAGE_KEYS if key in raw}
    try:
        dosage = Dosage(**given)
    except ValidationError as exc:
        raise _Bad("; ".join(f"{where}.{p.field}: {p.message}" for p in exc.problems)) from None
    return PrescribedExercise(exercise_id, dosage, _text(raw, "notes", where, required=False),
                              applies, frozenset(given))


def _check_phase_order(phases: tuple[Phase, ...]) -> None:
    numbers = [p.number for p in phases]
    if numbers != list(range(1, len(phases) + 1)):
        raise _Bad(f"phases: number them 1, 2, 3 … in order (found {numbers})")
    for before, after in zip(phases, phases[1:], strict=False):
        if after.first_week < before.first_week:
            raise _Bad(f"phase {after.number}: starts before phase {before.number}")
        if before.last_week is None:
            raise _Bad(f"phase {before.number}: only the last phase may be open-ended")


def _sites(raw: Any, where: str) -> frozenset[Applicability]:
    if not isinstance(raw, list) or not raw:
        raise _Bad(f"{where}: list 'midportion' and/or 'insertional'")
    try:
        return frozenset(Applicability(value) for value in raw)
    except ValueError:
        raise _Bad(f"{where}: use 'midportion' and/or 'insertional' (found {raw})") from None


def _citation(raw: Any, where: str) -> Citation:
    if not isinstance(raw, dict):
        raise _Bad(f"{where}: expected a table")
    _known_keys(raw, {"text", "url"}, where)
    return Citation(_text(raw, "text", where), _text(raw, "url", where, required=False))




def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProtocolFileError(f"{path}: cannot be read as TOML: {exc}") from exc






def _texts(raw: Mapping[str, Any], key: str, *, required: bool = False) -> tuple[str, ...]:
    value = raw.get(key, [])
    if (not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value)
            or (required and not value)):
        raise _Bad(f"{key}: a list of sentences is required" if required
                   else f"{key}: a list of sentences")
    return tuple(v.strip() for v in value)


def _whole(raw: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> int | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"{where}.{key}: a whole number is required")
    return value


def _list(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise _Bad(f"{where + '.' if where else ''}{key}: expected a list of tables ([[{key}]])")
    return value


__all__ = ["ProtocolCatalog", "ProtocolFileError", "UnknownProtocolError",
           "default_protocols_dir", "load_protocol", "parse_protocol"]
