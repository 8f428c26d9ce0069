"""Build the presentation-ready NoteDocument for a note from domain objects. Pure: no database.

What goes on paper is only what the note needs: the patient's name and date of birth (no phone,
no address), the episode, the visit, the note's parts, outcome tables, addenda and signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..domain.charting import NOTE_KIND_LABELS, Addendum, Episode, Note, NoteKind, Signature
from ..domain.discharge import goals_from, outcome_lines, score_text
from ..domain.note_parts import PART_LABELS, text_parts
from ..domain.patients import Patient
from ..domain.templates import EvaluationTemplate
from ..pdf.note_export import (
    AddendumEntry,
    NoteDocument,
    OutcomeRow,
    OutcomeTable,
    Row,
    Section,
    SignatureLine,
    TextBlock,
)
from ..pdf.theme import ClinicBranding
from .evaluation_document import evaluation_sections
from .print_text import print_date, print_local_time

NOT_RECORDED = "Not recorded."


def note_document(note: Note, patient: Patient, episode: Episode, *, therapist: str,
                  branding: ClinicBranding, template: EvaluationTemplate | None = None,
                  images: Mapping[str, str] | None = None,
                  verified: bool | None = None,
                  addenda_verified: Mapping[int, bool] | None = None) -> NoteDocument:
    """`images` maps an evaluation image field's id to its attached file name; `verified` and
    `addenda_verified` (addendum id -> verified) say whether the signatures still match."""
    if note.kind is NoteKind.EVALUATION:
        sections = evaluation_sections(template, note.content, images or {}, episode.side)
    else:
        sections = _written_sections(note)
    title = NOTE_KIND_LABELS[note.kind]
    if note.kind is NoteKind.EVALUATION and template is not None:
        title = f"{title} — {template.name}"
    return NoteDocument(
        clinic=branding, patient_name=patient.display_name,
        date_of_birth=print_date(patient.intake.date_of_birth), episode_title=episode.title,
        note_title=title, visit_date=print_date(note.header.visit_date),
        time_in=note.header.time_in, time_out=note.header.time_out, therapist=therapist,
        sections=sections,
        addenda=tuple(_addendum(a, (addenda_verified or {}).get(a.id)) for a in note.addenda),
        signature=_signature(note.signature, verified) if note.signature else None,
    )


def _written_sections(note: Note) -> tuple[Section, ...]:
    sections = []
    if note.kind is NoteKind.DISCHARGE:
        sections += [_outcomes(note), _goals(note)]
    for part in text_parts(note.kind):
        text = str(note.content.get(part, "") or "").strip()
        sections.append(Section(PART_LABELS[part], (TextBlock(text or NOT_RECORDED),)))
    return tuple(sections)


def _outcomes(note: Note) -> Section:
    rows = tuple(
        OutcomeRow(line.measure, _scored(line.first_score, line.first_on),
                   _scored(line.last_score, line.last_on), line.change_text, line.status_label)
        for line in outcome_lines(note.content))
    return Section("Outcome measures", (OutcomeTable(rows),))


def _scored(score: float | None, on: date | None) -> str:
    text = score_text(score) or "—"
    return f"{text} ({print_date(on)})" if on else text


def _goals(note: Note) -> Section:
    goals = goals_from(note.content)
    if not goals:
        return Section("Goals", (TextBlock("No goals recorded."),))
    return Section("Goals", tuple(Row(goal.text, goal.status_label) for goal in goals))


def _signature(signature: Signature, verified: bool | None) -> SignatureLine:
    return SignatureLine(signature.signer_name, signature.credentials,
                         print_local_time(signature.signed_at), signature.content_hash, verified)


def _addendum(addendum: Addendum, verified: bool | None) -> AddendumEntry:
    return AddendumEntry(addendum.reason, addendum.body,
                         _signature(addendum.signature, verified))
