"""AuditLog: the append-only record of who did what, when, to which record. Joins the caller's
transaction. The table refuses UPDATE and DELETE by trigger (migration 0002), and every entry is
hash-chained to the one before (domain.audit_chain; migration 0008): writers hold the database's
write lock (BEGIN IMMEDIATE), so appends from several app instances chain in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from ..domain.audit_chain import GENESIS, ChainedEntry, entry_hash

_INSERT = (
    "INSERT INTO audit_events (id, at, user_id, action, entity, entity_id, patient_id, detail, "
    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHAIN_COLUMNS = "id, at, user_id, action, entity, entity_id, patient_id, detail, prev_hash, hash"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at: datetime
    user_id: int
    action: str
    entity: str
    entity_id: int | None
    patient_id: int | None
    detail: str


class AuditLog:
    def __init__(self, db: Database):
        self._db = db

    def append(self, at: datetime, user_id: int, action: str, entity: str,
               entity_id: int | None = None, patient_id: int | None = None,
               detail: str = "") -> None:
        self.append_many(at, user_id, action, entity, [(entity_id, patient_id, detail)])

    def append_many(self, at: datetime, user_id: int, action: str, entity: str,
                    targets: Iterable[tuple[int | None, int | None, str]]) -> None:
        """One event per (entity_id, patient_id, detail), all at the same time by the same user."""
        last = self._db.execute(
            "SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
        next_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        stamp = at.isoformat()
        rows = []
        for entity_id, patient_id, detail in targets:
            digest = entry_hash(prev, next_id, stamp, user_id, action, entity, entity_id,
                                patient_id, detail)
            rows.append((next_id, stamp, user_id, action, entity, entity_id, patient_id, detail,
                         prev, digest))
            next_id, prev = next_id + 1, digest
        self._db.conn.executemany(_INSERT, rows)

    def latest(self) -> tuple[int, str] | None:
        """The newest entry's (id, hash), or None for an empty trail."""
        row = self._db.execute(
            "SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def chain(self, *, batch: int = 5000) -> Iterator[ChainedEntry]:
        """Every entry with its hashes, oldest first, read in batches (for verification)."""
        after = 0
        while True:
            rows = self._db.execute(
                f"SELECT {_CHAIN_COLUMNS} FROM audit_events WHERE id > ? ORDER BY id LIMIT ?",
                [after, batch],
            ).fetchall()
            if not rows:
                return
            yield from (ChainedEntry(*row) for row in rows)
            after = rows[-1][0]

    def events(self, *, patient_id: int | None = None, limit: int = 1000) -> list[AuditEvent]:
        where, params = ("WHERE patient_id = ?", [patient_id]) if patient_id else ("", [])
        rows = self._db.execute(
            "SELECT at, user_id, action, entity, entity_id, patient_id, detail FROM audit_events "
            f"{where} ORDER BY id LIMIT ?", [*params, limit],
        ).fetchall()
        return [AuditEvent(datetime.fromisoformat(r[0]), *r[1:]) for r in rows]
