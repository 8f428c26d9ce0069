"""EpisodeRepository and NoteRepository: episodes of care, notes, addenda, autosaves, attachments.

Joins the caller's transaction; never opens one. The database itself refuses to change signed notes
and addenda (triggers in migration 0004); a refused write surfaces here as SignedNoteError.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from ..domain.charting import (
    Addendum,
    CosignatureItem,
    Episode,
    EpisodeId,
    EpisodeStatus,
    Note,
    NoteHeader,
    NoteId,
    NoteKind,
    NoteStatus,
    Signature,
)
from ..domain.errors import ConflictError, KeystoneError, NotFoundError, SignedNoteError
from ..domain.users import Role


@dataclass(frozen=True, slots=True)
class Autosave:
    """One user's recovery copy of a note, typed over the note's `base_version`."""

    note_id: NoteId
    header: NoteHeader
    content: dict[str, Any]
    saved_at: datetime
    user_id: int
    base_version: int


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    uid: str
    note_id: NoteId
    slot: str
    filename: str
    mime: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


_NOTE_COLUMNS = (
    "id, uid, episode_id, patient_id, kind, template_id, visit_date, time_in, time_out, "
    "therapist_id, content_json, status, version, created_at, updated_at, signed_at, signed_by, "
    "signer_name, signer_credentials, content_hash, "
    # The author: the note's therapist as the clinic's users list them (name, role).
    "(SELECT u.display_name FROM users u WHERE u.id = notes.therapist_id), "
    "(SELECT u.role FROM users u WHERE u.id = notes.therapist_id)"
)
_EPISODE_COLUMNS = (
    "id, uid, patient_id, title, condition, side, opened_on, closed_on, status, version, created_at"
)


def _signed_refusal(error: sqlite3.DatabaseError) -> KeystoneError:
    message = str(error)
    if "signed" in message or "addend" in message:
        return SignedNoteError(message[0].upper() + message[1:] + ".")
    raise error


class EpisodeRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, patient_id: int, title: str, condition: str, side: str, opened_on: date,
               now: datetime, user_id: int) -> EpisodeId:
        cursor = self._db.execute(
            "INSERT INTO episodes (uid, patient_id, title, condition, side, opened_on, created_at, "
            "updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), patient_id, title, condition, side, opened_on.isoformat(),
             now.isoformat(), now.isoformat(), user_id],
        )
        return EpisodeId(cursor.lastrowid or 0)

    def update(self, episode_id: EpisodeId, expected_version: int, now: datetime,
               **values: Any) -> None:
        stored = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
        assignments = ", ".join(f"{column} = ?" for column in stored)
        cursor = self._db.execute(
            f"UPDATE episodes SET {assignments}, updated_at = ?, version = version + 1 "
            "WHERE id = ? AND version = ?",
            [*stored.values(), now.isoformat(), episode_id, expected_version],
        )
        if cursor.rowcount != 1:
            current = self.get(episode_id, with_notes=False)
            raise ConflictError("episode", episode_id, expected_version, current.version)

    def get(self, episode_id: int, *, with_notes: bool = True) -> Episode:
        row = self._db.execute(
            f"SELECT {_EPISODE_COLUMNS} FROM episodes WHERE id = ?", [episode_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no episode number {episode_id}.")
        notes = NoteRepository(self._db).for_episode(episode_id) if with_notes else ()
        return _episode(row, tuple(notes))

    def for_patient(self, patient_id: int) -> list[Episode]:
        """Newest first, each with its notes (oldest first)."""
        rows = self._db.execute(
            f"SELECT {_EPISODE_COLUMNS} FROM episodes WHERE patient_id = ? "
            "ORDER BY opened_on DESC, id DESC", [patient_id],
        ).fetchall()
        notes = NoteRepository(self._db)
        return [_episode(row, tuple(notes.for_episode(row[0]))) for row in rows]


class NoteRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, episode_id: EpisodeId, patient_id: int, kind: NoteKind, template_id: str,
               header: NoteHeader, content: dict[str, Any], now: datetime) -> NoteId:
        cursor = self._db.execute(
            "INSERT INTO notes (uid, episode_id, patient_id, kind, template_id, visit_date, "
            "time_in, time_out, therapist_id, content_json, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), episode_id, patient_id, kind.value, template_id,
             header.visit_date.isoformat(), header.time_in, header.time_out, header.therapist_id,
             _dump(content), now.isoformat(), now.isoformat()],
        )
        return NoteId(cursor.lastrowid or 0)

    def get(self, note_id: int) -> Note:
        row = self._db.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id = ?",
                               [note_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no note number {note_id}.")
        return _note(row, tuple(self.addenda(NoteId(row[0]))))

    def for_episode(self, episode_id: int) -> list[Note]:
        rows = self._db.execute(
            f"SELECT {_NOTE_COLUMNS} FROM notes WHERE episode_id = ? ORDER BY visit_date, id",
            [episode_id],
        ).fetchall()
        return [_note(row, tuple(self.addenda(NoteId(row[0])))) for row in rows]

    def awaiting_cosignature(self) -> list[CosignatureItem]:
        """Drafts written by assistants, oldest visit first, with patient and episode."""
        rows = self._db.execute(
            f"SELECT {_NOTE_COLUMNS}, "
            "(SELECT p.last_name FROM patients p WHERE p.id = notes.patient_id), "
            "(SELECT p.first_name FROM patients p WHERE p.id = notes.patient_id), "
            "(SELECT p.preferred_name FROM patients p WHERE p.id = notes.patient_id), "
            "(SELECT e.title FROM episodes e WHERE e.id = notes.episode_id) "
            "FROM notes WHERE status = 'draft' AND therapist_id IN "
            "(SELECT id FROM users WHERE role = 'assistant') ORDER BY visit_date, id",
        ).fetchall()
        items = []
        for row in rows:
            last, first, preferred, title = row[-4:]
            name = f"{last}, {first}" + (
                f" ({preferred})" if preferred and preferred != first else "")
            items.append(CosignatureItem(_note(row, ()), name, title))
        return items

    def update_draft(self, note_id: NoteId, header: NoteHeader, content: dict[str, Any],
                     expected_version: int, now: datetime) -> None:
        self._guarded_update(
            note_id, expected_version,
            "visit_date = ?, time_in = ?, time_out = ?, therapist_id = ?, content_json = ?, "
            "updated_at = ?",
            [header.visit_date.isoformat(), header.time_in, header.time_out, header.therapist_id,
             _dump(content), now.isoformat()],
        )

    def mark_signed(self, note_id: NoteId, signature: Signature, expected_version: int) -> None:
        self._guarded_update(
            note_id, expected_version,
            "status = 'signed', signed_at = ?, signed_by = ?, signer_name = ?, "
            "signer_credentials = ?, content_hash = ?, updated_at = ?",
            [signature.signed_at.isoformat(), signature.signer_id, signature.signer_name,
             signature.credentials, signature.content_hash, signature.signed_at.isoformat()],
        )

    def _guarded_update(self, note_id: NoteId, expected_version: int, assignments: str,
                        params: list[Any]) -> None:
        try:
            cursor = self._db.execute(
                f"UPDATE notes SET {assignments}, version = version + 1 "
                "WHERE id = ? AND version = ?", [*params, note_id, expected_version],
            )
        except sqlite3.IntegrityError as error:
            raise _signed_refusal(error) from error
        if cursor.rowcount != 1:
            current = self.get(note_id)
            if current.is_signed:
                raise SignedNoteError("This note has been signed; add an addendum instead.")
            raise ConflictError("note", note_id, expected_version, current.version)

    def insert_addendum(self, note_id: NoteId, reason: str, body: str, author_id: int,
                        signature: Signature) -> int:
        try:
            cursor = self._db.execute(
                "INSERT INTO addenda (uid, note_id, reason, body, author_id, created_at, "
                "signed_at, signer_name, signer_credentials, content_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [str(uuid.uuid4()), note_id, reason, body, author_id,
                 signature.signed_at.isoformat(), signature.signed_at.isoformat(),
                 signature.signer_name, signature.credentials, signature.content_hash],
            )
        except sqlite3.IntegrityError as error:
            raise _signed_refusal(error) from error
        return cursor.lastrowid or 0

    def addenda(self, note_id: NoteId) -> list[Addendum]:
        rows = self._db.execute(
            "SELECT a.id, a.uid, a.note_id, a.reason, a.body, a.author_id, a.created_at, "
            "a.signed_at, a.signer_name, a.signer_credentials, a.content_hash "
            "FROM addenda a WHERE a.note_id = ? ORDER BY a.id", [note_id],
        ).fetchall()
        return [
            Addendum(r[0], r[1], NoteId(r[2]), r[3], r[4], r[5], datetime.fromisoformat(r[6]),
                     Signature(datetime.fromisoformat(r[7]), r[5], r[8], r[9], r[10]))
            for r in rows
        ]

    # Autosaves: each user's recovery copy of what is on screen, separate from the saved draft.
    def put_autosave(self, note_id: NoteId, header: NoteHeader, content: dict[str, Any],
                     now: datetime, user_id: int, base_version: int) -> None:
        self._db.execute(
            "INSERT INTO note_autosaves (note_id, user_id, base_version, content_json, "
            "header_json, saved_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(note_id, user_id) DO UPDATE SET base_version = excluded.base_version, "
            "content_json = excluded.content_json, header_json = excluded.header_json, "
            "saved_at = excluded.saved_at",
            [note_id, user_id, base_version, _dump(content), _dump(_header_dict(header)),
             now.isoformat()],
        )

    def get_autosave(self, note_id: NoteId, user_id: int) -> Autosave | None:
        row = self._db.execute(
            "SELECT content_json, header_json, saved_at, base_version FROM note_autosaves "
            "WHERE note_id = ? AND user_id = ?", [note_id, user_id],
        ).fetchone()
        if row is None:
            return None
        return Autosave(note_id, _header_from(json.loads(row[1])), json.loads(row[0]),
                        datetime.fromisoformat(row[2]), user_id, row[3])

    def drop_autosave(self, note_id: NoteId, user_id: int | None = None) -> None:
        """Drop `user_id`'s recovery copy of the note, or every user's when None."""
        if user_id is None:
            self._db.execute("DELETE FROM note_autosaves WHERE note_id = ?", [note_id])
        else:
            self._db.execute("DELETE FROM note_autosaves WHERE note_id = ? AND user_id = ?",
                             [note_id, user_id])

    def add_attachment(self, note_id: NoteId, slot: str, filename: str, mime: str, data: bytes,
                       now: datetime, user_id: int) -> int:
        try:
            cursor = self._db.execute(
                "INSERT INTO attachments (uid, note_id, slot, filename, mime, data, created_at, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [str(uuid.uuid4()), note_id, slot, filename, mime, data, now.isoformat(), user_id],
            )
        except sqlite3.IntegrityError as error:
            raise _signed_refusal(error) from error
        return cursor.lastrowid or 0

    def remove_attachment(self, note_id: NoteId, attachment_id: int) -> bool:
        """Remove the note's attachment; False when the note has no attachment of that id."""
        try:
            cursor = self._db.execute("DELETE FROM attachments WHERE id = ? AND note_id = ?",
                                      [attachment_id, note_id])
        except sqlite3.IntegrityError as error:
            raise _signed_refusal(error) from error
        return cursor.rowcount == 1

    def attachments(self, note_id: NoteId) -> list[Attachment]:
        rows = self._db.execute(
            "SELECT id, uid, note_id, slot, filename, mime, data FROM attachments "
            "WHERE note_id = ? ORDER BY slot, id", [note_id],
        ).fetchall()
        return [Attachment(r[0], r[1], NoteId(r[2]), r[3], r[4], r[5], bytes(r[6])) for r in rows]

    def latest_of_kinds(self, episode_id: EpisodeId, kinds: tuple[NoteKind, ...],
                        before_note: NoteId | None = None) -> Note | None:
        marks = ", ".join("?" * len(kinds))
        exclude = "AND id <> ?" if before_note else ""
        params: list[Any] = [episode_id, *[k.value for k in kinds]]
        if before_note:
            params.append(before_note)
        row = self._db.execute(
            f"SELECT {_NOTE_COLUMNS} FROM notes WHERE episode_id = ? AND kind IN ({marks}) "
            f"{exclude} ORDER BY visit_date DESC, id DESC LIMIT 1", params,
        ).fetchone()
        return _note(row, ()) if row else None


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _header_dict(header: NoteHeader) -> dict[str, Any]:
    return {"visit_date": header.visit_date.isoformat(), "time_in": header.time_in,
            "time_out": header.time_out, "therapist_id": header.therapist_id}


def _header_from(raw: dict[str, Any]) -> NoteHeader:
    return NoteHeader(date.fromisoformat(raw["visit_date"]), raw.get("time_in", ""),
                      raw.get("time_out", ""), int(raw.get("therapist_id", 0)))


def _episode(row: tuple[Any, ...], notes: tuple[Note, ...]) -> Episode:
    return Episode(
        id=EpisodeId(row[0]), uid=row[1], patient_id=row[2], title=row[3], condition=row[4],
        side=row[5], opened_on=date.fromisoformat(row[6]),
        closed_on=date.fromisoformat(row[7]) if row[7] else None, status=EpisodeStatus(row[8]),
        version=row[9], created_at=datetime.fromisoformat(row[10]), notes=notes,
    )


def _note(row: tuple[Any, ...], addenda: tuple[Addendum, ...]) -> Note:
    signature = None
    if row[11] == NoteStatus.SIGNED.value:
        signature = Signature(datetime.fromisoformat(row[15]), row[16], row[17], row[18], row[19])
    return Note(
        id=NoteId(row[0]), uid=row[1], episode_id=EpisodeId(row[2]), patient_id=row[3],
        kind=NoteKind(row[4]), template_id=row[5],
        header=NoteHeader(date.fromisoformat(row[6]), row[7], row[8], row[9]),
        content=json.loads(row[10]), status=NoteStatus(row[11]), version=row[12],
        created_at=datetime.fromisoformat(row[13]), updated_at=datetime.fromisoformat(row[14]),
        signature=signature, addenda=addenda, author_name=row[20] or "",
        author_role=Role(row[21]) if row[21] in {r.value for r in Role} else None,
    )
