"""The written parts of each kind of visit note and what they are called, on screen and on paper.

A daily note is SOAP; a progress note or re-evaluation is SOAP plus how the goals are going; a
discharge summary has outcomes and goals (domain.discharge) and then a summary and advice. An
evaluation's parts come from its template instead. Content keys here are what notes store, so
they never change once released. Standard library only.
"""

from __future__ import annotations

from .charting import SOAP_PARTS, NoteKind

PART_LABELS = {
    "subjective": "Subjective",
    "objective": "Objective",
    "assessment": "Assessment",
    "plan": "Plan",
    "goals_progress": "Goals progress",
    "summary": "Summary",
    "recommendations": "Recommendations and home program",
}

_TEXT_PARTS = {
    NoteKind.DAILY: SOAP_PARTS,
    NoteKind.PROGRESS: (*SOAP_PARTS, "goals_progress"),
    NoteKind.REEVALUATION: (*SOAP_PARTS, "goals_progress"),
    NoteKind.DISCHARGE: ("summary", "recommendations"),
    NoteKind.EVALUATION: (),
}
SOAP_KINDS = frozenset({NoteKind.DAILY, NoteKind.PROGRESS, NoteKind.REEVALUATION})


def text_parts(kind: NoteKind) -> tuple[str, ...]:
    """The free-text parts of a note of `kind`, in the order they are written."""
    return _TEXT_PARTS[kind]
