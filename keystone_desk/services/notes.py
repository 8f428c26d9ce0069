"""NoteService: write, autosave, sign and amend clinical notes; attach images. No Qt.

A note is a draft until signed. Signing stamps signer, credentials, time and a hash of everything
the note says; after that the database refuses changes and corrections are signed addenda.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, NoReturn

from ..domain.charting import (
    ASSISTANT_EVALUATION_REFUSAL,
    COPY_FORWARD_PARTS,
    Addendum,
    CopySource,
    CosignatureItem,
    EpisodeId,
    EpisodeStatus,
    Note,
    NoteHeader,
    NoteId,
    NoteKind,
    Signature,
    addendum_hash,
    addendum_matches,
    content_hash,
    may_write,
)
from ..domain.errors import FieldProblem, NotFoundError, ValidationError
from ..domain.note_images import image_mime, image_problem
from ..domain.permissions import PermissionDeniedError
from ..domain.templates import EvaluationTemplate, validate_values
from ..domain.users import User
from ..store.audit import AuditLog
from ..store.charting import Attachment, Autosave, EpisodeRepository, NoteRepository
from ..store.database import Database
from ..store.patients import PatientRepository
from ..store.users import UserRepository
from .clinic_time import local_date

OutcomeSummary = Callable[[EpisodeId], list[dict[str, Any]]]
TemplateLookup = Callable[[str], EvaluationTemplate]
_TIME_FORMAT_HELP = "Enter a time as HH:MM, e.g. 09:30."


class NoteService:
    def __init__(self, db: Database, clock: Callable[[], datetime],
                 outcome_summary: OutcomeSummary | None = None,
                 template_for: TemplateLookup | None = None):
        self._db = db
        self._clock = clock
        self._outcomes = outcome_summary
        self._template_for = template_for
        self._notes = NoteRepository(db)
        self._episodes = EpisodeRepository(db)
        self._audit = AuditLog(db)

    # Reading
    def _check_therapist(self, header: NoteHeader) -> None:
        """The note's therapist is a clinic user (else the database would refuse the row)."""
        try:
            UserRepository(self._db).get(header.therapist_id)
        except NotFoundError:
            raise ValidationError(FieldProblem(
                "therapist_id", "Choose the therapist from the clinic's users.")) from None

    def get(self, note_id: int) -> Note:
        return self._notes.get(note_id)

    def for_episode(self, episode_id: EpisodeId) -> list[Note]:
        return self._notes.for_episode(episode_id)

    def attachments(self, note_id: NoteId) -> list[Attachment]:
        return self._notes.attachments(note_id)

    def awaiting_cosignature(self) -> list[CosignatureItem]:
        """Every assistant's draft, oldest visit first: what a therapist has to co-sign."""
        return self._notes.awaiting_cosignature()

    # Writing drafts
    def create(self, actor: User, episode_id: EpisodeId, kind: NoteKind, *,
               header: NoteHeader | None = None, template_id: str = "",
               content: Mapping[str, Any] | None = None, copy_forward: bool = False) -> Note:
        """A new draft note. `copy_forward` fills a daily note's objective and plan from the
        episode's latest note; a discharge summary starts with first-vs-last outcome scores and
        the patient's goals. A discharged episode takes no new notes (ValidationError); an
        assistant starts no evaluation or re-evaluation (PermissionDeniedError, audited)."""
        episode = self._episodes.get(episode_id, with_notes=False)
        now = self._clock()
        if not may_write(actor.role, kind):
            self._refuse_evaluation(actor, now, episode_id, episode.patient_id, kind)
        _check_open(episode.status, episode.closed_on)
        header = header or NoteHeader(local_date(now), therapist_id=actor.id)
        _check_header(header)
        self._check_therapist(header)
        body = dict(content or {})
        if copy_forward:
            body = {**self.copy_forward_content(episode_id), **body}
        if kind is NoteKind.DISCHARGE:
            body = {**self._discharge_start(episode_id, episode.patient_id), **body}
        with self._db.atomic():  # discharged meanwhile, in another window?
            latest = self._episodes.get(episode_id, with_notes=False)
            _check_open(latest.status, latest.closed_on)
            note_id = self._notes.insert(episode_id, episode.patient_id, kind, template_id, header,
                                         body, now)
            self._audit.append(now, actor.id, "create", f"note:{kind.value}", note_id,
                               episode.patient_id)
        return self._notes.get(note_id)

    def _refuse_evaluation(self, actor: User, now: datetime, episode_id: EpisodeId,
                           patient_id: int, kind: NoteKind) -> NoReturn:
        """Audit the refusal of an evaluation to an assistant (in its own transaction, like the
        session's refusals), then raise it; nothing else is written."""
        with self._db.atomic():
            self._audit.append(now, actor.id, "denied", "notes.create", episode_id, patient_id,
                               f"assistants do not evaluate: {kind.value}")
        raise PermissionDeniedError(actor.role, None, ASSISTANT_EVALUATION_REFUSAL)

    def copy_forward_content(self, episode_id: EpisodeId, *,
                             excluding: NoteId | None = None) -> dict[str, Any]:
        """Objective and plan of the episode's latest visit note (empty if there is none).

        `excluding` leaves out the note being written, which is itself the latest visit note."""
        source = self.copy_forward_source(episode_id, excluding=excluding)
        return dict(source.parts) if source else {}

    def copy_forward_source(self, episode_id: EpisodeId, *,
                            excluding: NoteId | None = None) -> CopySource | None:
        """The visit note copy forward takes from (the episode's latest daily note, progress
        note or re-evaluation, leaving out `excluding`), with its date and the parts it gives;
        None when there is none. domain.charting.unedited_copies says what is still a copy."""
        kinds = (NoteKind.DAILY, NoteKind.PROGRESS, NoteKind.REEVALUATION)
        latest = self._notes.latest_of_kinds(episode_id, kinds, before_note=excluding)
        if latest is None:
            return None
        parts = {part: str(latest.content[part]) for part in COPY_FORWARD_PARTS
                 if part in latest.content}
        return CopySource(latest.id, latest.header.visit_date, parts)

    def save(self, actor: User, note_id: NoteId, header: NoteHeader, content: Mapping[str, Any],
             expected_version: int, *, drop_recovery_copy: bool = True) -> Note:
        """Save a draft over the version the person opened; ConflictError if it moved on,
        SignedNoteError if it has been signed. The recovery copy goes, unless the person chose to
        decide about it later (`drop_recovery_copy=False`)."""
        _check_header(header)
        self._check_therapist(header)
        now = self._clock()
        with self._db.atomic():
            note = self._notes.get(note_id)
            self._notes.update_draft(note_id, header, dict(content), expected_version, now)
            if drop_recovery_copy:
                self._notes.drop_autosave(note_id, actor.id)
            self._audit.append(now, actor.id, "update", f"note:{note.kind.value}", note_id,
                               note.patient_id)
        return self._notes.get(note_id)

    def autosave(self, actor: User, note_id: NoteId, header: NoteHeader,
                 content: Mapping[str, Any], base_version: int) -> None:
        """Keep `actor`'s recovery copy of what is on screen, typed over the note's
        `base_version` (a crash loses at most seconds of typing)."""
        now = self._clock()
        with self._db.atomic():
            note = self._notes.get(note_id)
            if note.is_signed:
                return
            self._notes.put_autosave(note_id, header, dict(content), now, actor.id, base_version)
            self._audit.append(now, actor.id, "autosave", f"note:{note.kind.value}", note_id,
                               note.patient_id)

    def recovered_draft(self, actor: User, note_id: NoteId) -> Autosave | None:
        """`actor`'s autosave where it differs from the saved draft: typing a crash would
        otherwise lose. When the note has moved on since its `base_version`, putting it back is
        a conflict for the person to settle, like any stale save."""
        return self._autosave_if_newer(actor, note_id)

    def discard_recovered_draft(self, actor: User, note_id: NoteId) -> None:
        """Drop `actor`'s recovery copy; other users' copies stay."""
        now = self._clock()
        with self._db.atomic():
            note = self._notes.get(note_id)
            self._notes.drop_autosave(note_id, actor.id)
            self._audit.append(now, actor.id, "discard_autosave", f"note:{note.kind.value}",
                               note_id, note.patient_id)

    def _autosave_if_newer(self, actor: User, note_id: NoteId) -> Autosave | None:
        autosave = self._notes.get_autosave(note_id, actor.id)
        if autosave is None:
            return None
        note = self._notes.get(note_id)
        if note.is_signed or (autosave.content == dict(note.content)
                              and autosave.header == note.header):
            return None
        return autosave

    # Images (e.g. gait stills)
    def add_attachment(self, actor: User, note_id: NoteId, slot: str, filename: str, mime: str,
                       data: bytes) -> Attachment:
        """Attach a PNG or JPEG picture (domain.note_images) to the note's `slot`. `mime` is
        only what the caller claims; the stored type is read from the bytes."""
        return self._put_image(actor, note_id, slot, filename, data, replacing=False)

    def replace_attachment(self, actor: User, note_id: NoteId, slot: str, filename: str,
                           mime: str, data: bytes) -> Attachment:
        """Put the picture in `slot` in place of what is there, in one transaction: a picture
        that is refused leaves the stored one in place."""
        return self._put_image(actor, note_id, slot, filename, data, replacing=True)

    def _put_image(self, actor: User, note_id: NoteId, slot: str, filename: str, data: bytes, *,
                   replacing: bool) -> Attachment:
        problem = image_problem(data)
        if problem:
            raise ValidationError(FieldProblem(slot, problem))
        now = self._clock()
        with self._db.atomic():
            note = self._notes.get(note_id)
            if replacing:
                for old in self._notes.attachments(note_id):
                    if old.slot == slot and self._notes.remove_attachment(note_id, old.id):
                        self._audit.append(now, actor.id, "detach", "attachment", old.id,
                                           note.patient_id, slot)
            attachment_id = self._notes.add_attachment(note_id, slot, filename, image_mime(data),
                                                       data, now, actor.id)
            self._audit.append(now, actor.id, "attach", "attachment", attachment_id,
                               note.patient_id, slot)
        return next(a for a in self._notes.attachments(note_id) if a.id == attachment_id)

    def remove_attachment(self, actor: User, note_id: NoteId, attachment_id: int) -> None:
        """Remove one of the note's images; NotFoundError if the note has no such attachment."""
        now = self._clock()
        with self._db.atomic():
            note = self._notes.get(note_id)
            if not self._notes.remove_attachment(note_id, attachment_id):
                raise NotFoundError(
                    f"Note {note_id} has no attached image number {attachment_id}.")
            self._audit.append(now, actor.id, "detach", "attachment", attachment_id,
                               note.patient_id)

    # Signing
    def sign(self, actor: User, note_id: NoteId, credentials: str, expected_version: int) -> Note:
        """Sign the note as `actor`. Its content, header and images are fixed by a hash."""
        now = self._clock()
        with self._db.atomic():
            note = self._notes.get(note_id)
            self._check_evaluation(note)
            digest = self._hash(note)
            signature = Signature(now, actor.id, actor.display_name, credentials.strip(), digest)
            self._notes.mark_signed(note_id, signature, expected_version)
            self._notes.drop_autosave(note_id)
            self._audit.append(now, actor.id, "sign", f"note:{note.kind.value}", note_id,
                               note.patient_id, digest)
        return self._notes.get(note_id)

    def verify_signature(self, note_id: NoteId) -> bool:
        """Whether a signed note still hashes to what was signed."""
        note = self._notes.get(note_id)
        return note.signature is not None and note.signature.content_hash == self._hash(note)

    def verify_addenda(self, note_id: NoteId) -> dict[int, bool]:
        """Addendum id -> whether the addendum still hashes to what was signed."""
        note = self._notes.get(note_id)
        note_hash = note.signature.content_hash if note.signature else ""
        return {a.id: addendum_matches(a, note_hash) for a in note.addenda}

    def add_addendum(self, actor: User, note_id: NoteId, reason: str, body: str,
                     credentials: str) -> Addendum:
        """A signed correction or addition to a signed note; the note itself never changes."""
        reason, body = reason.strip(), body.strip()
        problems = [FieldProblem(name, message) for name, value, message in (
            ("reason", reason, "Say why the note needs an addendum."),
            ("body", body, "Write the addendum."),
        ) if not value]
        if problems:
            raise ValidationError(problems)
        now = self._clock()
        with self._db.atomic():
            note = self._notes.get(note_id)
            note_digest = note.signature.content_hash if note.signature else ""
            digest = addendum_hash(note_digest, reason, body, now)
            signature = Signature(now, actor.id, actor.display_name, credentials.strip(), digest)
            addendum_id = self._notes.insert_addendum(note_id, reason, body, actor.id, signature)
            self._audit.append(now, actor.id, "addendum", f"note:{note.kind.value}", note_id,
                               note.patient_id, f"addendum {addendum_id}")
        return next(a for a in self._notes.addenda(note_id) if a.id == addendum_id)

    def _check_evaluation(self, note: Note) -> None:
        """A drafted evaluation may hold half-typed values; a signed one must fit its template."""
        if note.kind is not NoteKind.EVALUATION or not note.template_id or not self._template_for:
            return
        problems = validate_values(self._template_for(note.template_id), note.content)
        if problems:
            raise ValidationError(problems)

    def _hash(self, note: Note) -> str:
        images = {a.uid: a.sha256 for a in self._notes.attachments(note.id)}
        return content_hash(note.kind, note.template_id, note.header, note.content, images)

    def _discharge_start(self, episode_id: EpisodeId, patient_id: int) -> dict[str, Any]:
        intake = PatientRepository(self._db).get(patient_id).intake
        goals = [g.strip(" -•") for g in intake.goals.replace(";", "\n").splitlines() if g.strip()]
        return {
            "outcomes": self._outcomes(episode_id) if self._outcomes else [],
            "goals": [{"goal": goal, "status": ""} for goal in goals],
        }


def _check_open(status: EpisodeStatus, closed_on: date | None) -> None:
    if status is EpisodeStatus.DISCHARGED:
        when = f" on {closed_on:%d %b %Y}" if closed_on else ""
        raise ValidationError(FieldProblem(
            "episode", f"This episode was discharged{when}, so it takes no new notes; its notes "
                       "can still be signed and amended. Open a new episode for new visits."))


def _check_header(header: NoteHeader) -> None:
    problems = []
    for name in ("time_in", "time_out"):
        value = getattr(header, name)
        if value and not _is_clock_time(value):
            problems.append(FieldProblem(name, _TIME_FORMAT_HELP))
    if header.time_in and header.time_out and _is_clock_time(header.time_in) and _is_clock_time(
            header.time_out) and header.time_out < header.time_in:
        problems.append(FieldProblem("time_out", "Time out is before time in."))
    if problems:
        raise ValidationError(problems)


def _is_clock_time(text: str) -> bool:
    parts = text.split(":")
    return (len(parts) == 2 and all(p.isascii() and p.isdigit() and len(p) == 2 for p in parts)
            and int(parts[0]) < 24 and int(parts[1]) < 60)

