"""What a home-program handout says, worded for the patient: stored program items and exercise
texts -> pdf.handout's HandoutDocument. No Qt, no SQL.

An exercise's text comes from the document stored with a handed-out version (or, for a draft
preview, the library's or clinic's current one); a document that lacks a part (a clinic's sparse
custom exercise) prints without it rather than failing. The exercise's own pain rule becomes a
short pointer to the pain guide, which says it once for every exercise; the side line follows
the exercise (domain.exercises.card_side: "Both legs" on a two-legged one). Dates print in
English ("Fri 27 Nov"), the same on every workstation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..domain.clinic_settings import ClinicBranding
from ..domain.errors import FieldProblem, ValidationError
from ..domain.exercises import Legs, card_side, dosage_text, has_pain_rule
from ..domain.figure_model import Pose, pose_from_mapping
from ..domain.home_programs import ProgramItem
from ..domain.patients import Patient
from ..domain.return_to_run import RunCalendar
from ..pdf.handout import (
    CalendarRow,
    CalendarSheet,
    ExerciseCard,
    HandoutDocument,
    HandoutOptions,
    LogRow,
)
from .print_text import print_date

PAIN_POINTER = "Pain up to 5/10 is fine if it has settled by the next morning: see the pain guide."
LOG_DAYS = 14
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
OPTION_KEYS = ("paper", "large_print", "low_ink")


@dataclass(frozen=True, slots=True)
class HandoutItem:
    """One prescribed exercise with the exercise's text and, if the clinic has one, its photo."""

    item: ProgramItem
    exercise: Mapping[str, Any]
    photo: bytes | None = None


def handout_options(stored: Mapping[str, Any], override: Mapping[str, Any] | None,
                    branding: ClinicBranding) -> HandoutOptions:
    """The program's options (paper, large print, low ink) with `override` on top; the paper
    defaults to the clinic's. ValidationError for a paper size that is not A4 or Letter."""
    chosen = {k: v for k, v in stored.items() if k in OPTION_KEYS}
    chosen.update({k: v for k, v in (override or {}).items() if k in OPTION_KEYS and v is not None})
    paper = str(chosen.get("paper") or branding.paper).strip().casefold()
    if paper not in ("a4", "letter"):
        raise ValidationError(FieldProblem("paper", "Choose A4 or Letter."))
    return HandoutOptions(paper, bool(chosen.get("large_print")), bool(chosen.get("low_ink")))


def handout_document(*, branding: ClinicBranding, patient: Patient, on: date, therapist: str,
                     options: HandoutOptions, items: Sequence[HandoutItem],
                     program_options: Mapping[str, Any], calendar: RunCalendar | None,
                     version: int | None) -> HandoutDocument:
    cards = tuple(exercise_card(h) for h in items)
    return HandoutDocument(
        branding=branding, patient_name=patient_name(patient), date=print_date(on),
        therapist=therapist, options=options, cards=cards, version=version,
        program_title=_program_title(program_options),
        run_calendar=calendar_sheet(calendar) if calendar is not None else None,
        log_rows=tuple(LogRow(card.name, h.item.dosage.times_per_day,
                              dosage_text(h.item.dosage).partition(" · ")[2])
                       for card, h in zip(cards, items, strict=True)),
        log_days=tuple(print_day(on + timedelta(days=n), year=False) for n in range(LOG_DAYS)))


def patient_name(patient: Patient) -> str:
    """First (or preferred) name and last name, as a person is addressed on their own sheet."""
    intake = patient.intake
    return f"{intake.preferred_name or intake.first_name} {intake.last_name}".strip()


def exercise_card(handed: HandoutItem) -> ExerciseCard:
    item, doc = handed.item, handed.exercise
    start, end = _poses(doc.get("figure"))
    return ExerciseCard(
        name=_text(doc.get("name")) or item.exercise_id, dosage=dosage_text(item.dosage),
        side=card_side(_legs(doc.get("legs")), item.side), start=start, end=end, photo=handed.photo, load=item.dosage.load,
        tempo=item.dosage.tempo, purpose=_text(doc.get("purpose")),
        starting_position=_text(doc.get("starting_position")), steps=_texts(doc.get("steps")),
        cues=_texts(doc.get("cues")),
        cautions=tuple(PAIN_POINTER if has_pain_rule(c) else c
                       for c in _texts(doc.get("cautions"))),
        notes=item.notes)


def calendar_sheet(calendar: RunCalendar) -> CalendarSheet:
    return CalendarSheet(
        start=print_day(calendar.start),
        rows=tuple(CalendarRow(s.number, print_day(s.on, year=False), s.stage, s.text)
                   for s in calendar.sessions),
        rules=calendar.rules, after_last_stage=calendar.after_last_stage)


def print_day(value: date, *, year: bool = True) -> str:
    """"Mon 30 Nov 2026", or "Mon 30 Nov" without the year."""
    text = f"{_DAYS[value.weekday()]} {print_date(value)}"
    return text if year else text.rsplit(" ", 1)[0]


def _program_title(options: Mapping[str, Any]) -> str:
    protocol = options.get("protocol")
    return _text(protocol.get("name")) if isinstance(protocol, Mapping) else ""


def _poses(figure: Any) -> tuple[Pose | None, Pose | None]:
    """The drawn start and end positions; (None, None) when the document has none or they no
    longer read (a reprint still prints, just without the figure)."""
    if not isinstance(figure, Mapping):
        return None, None
    try:
        start, end = figure.get("start"), figure.get("end")
        if isinstance(start, Mapping) and isinstance(end, Mapping):
            return pose_from_mapping(start, "figure.start"), pose_from_mapping(end, "figure.end")
    except ValidationError:
        pass
    return None, None


def _legs(value: Any) -> Legs | None:
    """Which legs the exercise works, as its text says; None for a text without it (handed out
    before the field existed, or a clinic's own exercise): the item's side then prints as given."""
    try:
        return Legs(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(t for t in (_text(v) for v in value) if t)
