"""Episodes of care and clinical notes: kinds, statuses, signing rules and the content hash.

A note's content is a JSON-able mapping owned by whoever writes it (a SOAP note's four parts, an
evaluation template's field values). Signing fixes it: the hash covers everything a reader relies
on, and the database refuses to change a signed row. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, NewType

from .users import Role

EpisodeId = NewType("EpisodeId", int)
NoteId = NewType("NoteId", int)

# A progress note is due at the 10th visit counting the last evaluation or progress note as visit 1
# (Medicare's progress-report rule), and a re-evaluation 30 days after the last evaluation.
PROGRESS_NOTE_EVERY_VISITS = 10
REEVALUATION_AFTER_DAYS = 30


class EpisodeStatus(StrEnum):
    OPEN = "open"
    DISCHARGED = "discharged"


class NoteKind(StrEnum):
    EVALUATION = "evaluation"
    DAILY = "daily"
    PROGRESS = "progress"
    REEVALUATION = "reevaluation"
    DISCHARGE = "discharge"


NOTE_KIND_LABELS = {
    NoteKind.EVALUATION: "Initial evaluation",
    NoteKind.DAILY: "Daily note",
    NoteKind.PROGRESS: "Progress note",
    NoteKind.REEVALUATION: "Re-evaluation",
    NoteKind.DISCHARGE: "Discharge summary",
}
# Notes that reset the progress-note visit count.
EVALUATIVE_KINDS = frozenset({NoteKind.EVALUATION, NoteKind.PROGRESS, NoteKind.REEVALUATION})
SOAP_PARTS = ("subjective", "objective", "assessment", "plan")
# What "copy forward from last note" carries into a new daily note.
COPY_FORWARD_PARTS = ("objective", "plan")
# Notes that evaluate the patient. In the US a physical therapist assistant does not evaluate, so
# the clinic's assistants write visit notes only (services.notes refuses these kinds to them).
EVALUATING_KINDS = frozenset({NoteKind.EVALUATION, NoteKind.REEVALUATION})
ASSISTANT_EVALUATION_REFUSAL = (
    "Your role (assistant) cannot start an initial evaluation or a re-evaluation: a therapist "
    "evaluates the patient. Write a daily note instead, for a therapist to co-sign.")


def may_write(role: Role, kind: NoteKind) -> bool:
    """Whether someone of `role` may start a note of `kind` (assistants do not evaluate)."""
    return not (role is Role.ASSISTANT and kind in EVALUATING_KINDS)


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


@dataclass(frozen=True, slots=True)
class Signature:
    signed_at: datetime
    signer_id: int
    signer_name: str
    credentials: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Addendum:
    id: int
    uid: str
    note_id: NoteId
    reason: str
    body: str
    author_id: int
    created_at: datetime
    signature: Signature


@dataclass(frozen=True, slots=True)
class NoteHeader:
    """What a note says about the visit itself, apart from its content."""

    visit_date: date
    time_in: str = ""  # "HH:MM" local, or ""
    time_out: str = ""
    therapist_id: int = 0


@dataclass(frozen=True, slots=True)
class Note:
    id: NoteId
    uid: str
    episode_id: EpisodeId
    patient_id: int
    kind: NoteKind
    template_id: str
    header: NoteHeader
    content: Mapping[str, Any]
    status: NoteStatus
    version: int
    created_at: datetime
    updated_at: datetime
    signature: Signature | None = None
    addenda: tuple[Addendum, ...] = ()
    # Who wrote it: the note's therapist (header.therapist_id) as the clinic's users list them.
    author_name: str = ""
    author_role: Role | None = None

    @property
    def is_signed(self) -> bool:
        return self.status is NoteStatus.SIGNED

    @property
    def awaits_cosignature(self) -> bool:
        """An assistant's draft: a therapist's signature (the co-signature) completes it."""
        return not self.is_signed and self.author_role is Role.ASSISTANT

    @property
    def title(self) -> str:
        return f"{NOTE_KIND_LABELS[self.kind]}, {self.header.visit_date:%d %b %Y}"


@dataclass(frozen=True, slots=True)
class Episode:
    id: EpisodeId
    uid: str
    patient_id: int
    title: str
    condition: str
    side: str
    opened_on: date
    closed_on: date | None
    status: EpisodeStatus
    version: int
    created_at: datetime
    notes: tuple[Note, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CosignatureItem:
    """An assistant's draft waiting for a therapist, with what a queue shows beside it."""

    note: Note
    patient_name: str  # 'Last, First (Preferred)'
    episode_title: str


@dataclass(frozen=True, slots=True)
class CopySource:
    """The visit note that "copy forward" copies from, and the text of each part it gives."""

    note_id: NoteId
    visit_date: date
    parts: Mapping[str, str]


def unedited_copies(content: Mapping[str, Any], source: CopySource | None) -> tuple[str, ...]:
    """The parts of `content` that still say exactly what `source` said: copied forward and not
    yet edited (so not yet reviewed). Empty text is never a copy."""
    if source is None:
        return ()
    return tuple(part for part, text in source.parts.items()
                 if text.strip() and str(content.get(part, "") or "").strip() == text.strip())


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something the therapist should do for an episode, in plain words."""

    kind: str  # "unsigned", "progress_note", "reevaluation"
    message: str


def content_hash(kind: NoteKind, template_id: str, header: NoteHeader, content: Mapping[str, Any],
                 attachments: Mapping[str, str] | None = None) -> str:
    """SHA-256 over the canonical JSON of everything the signature vouches for.

    `attachments` maps attachment uid to the SHA-256 of its bytes.
    """
    document = {
        "kind": kind.value, "template": template_id,
        "visit_date": header.visit_date.isoformat(), "time_in": header.time_in,
        "time_out": header.time_out, "therapist": header.therapist_id,
        "content": content, "attachments": dict(sorted((attachments or {}).items())),
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def addendum_hash(note_hash: str, reason: str, body: str, signed_at: datetime) -> str:
    canonical = json.dumps([note_hash, reason, body, signed_at.isoformat()], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def addendum_matches(addendum: Addendum, note_hash: str) -> bool:
    """Whether the addendum still says what was signed (on the note whose hash is `note_hash`)."""
    signature = addendum.signature
    return signature.content_hash == addendum_hash(note_hash, addendum.reason, addendum.body,
                                                   signature.signed_at)


def due_items(episode: Episode, today: date) -> list[DueItem]:
    """Unsigned notes, a progress note due by visit count, a re-evaluation due by date."""
    if episode.status is EpisodeStatus.DISCHARGED:
        return []
    items = [DueItem("unsigned", f"{note.title} awaits co-signature by a therapist"
                     if note.awaits_cosignature else f"{note.title} is not signed")
             for note in episode.notes if not note.is_signed]
    ordered = sorted(episode.notes, key=lambda n: (n.header.visit_date, n.id))
    evaluative = [n for n in ordered if n.kind in EVALUATIVE_KINDS]
    if evaluative:
        last = evaluative[-1]
        visits_since = sum(1 for n in ordered if (n.header.visit_date, n.id) > (
            last.header.visit_date, last.id))
        # The evaluative note is visit 1: flag it while the next visit is the one that needs it.
        next_visit = visits_since + 2
        if next_visit >= PROGRESS_NOTE_EVERY_VISITS:
            items.append(DueItem("progress_note", (
                f"Progress note due: the next visit is visit {next_visit} counting the last "
                "evaluation or progress note")))
        last_eval = max((n.header.visit_date for n in ordered
                         if n.kind in (NoteKind.EVALUATION, NoteKind.REEVALUATION)), default=None)
        if last_eval and today >= last_eval + timedelta(days=REEVALUATION_AFTER_DAYS):
            items.append(DueItem("reevaluation",
                                 f"Re-evaluation due (last evaluation {last_eval:%d %b %Y})"))
    else:
        items.append(DueItem("evaluation", "No initial evaluation yet"))
    return items
