"""AuditLog: the append-only record of who did what, when, to which record. Joins the caller's
transaction. The table refuses UPDATE and DELETE by trigger (migration 0002)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database


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
        self._db.execute(
            "INSERT INTO audit_events (at, user_id, action, entity, entity_id, patient_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [at.isoformat(), user_id, action, entity, entity_id, patient_id, detail],
        )

    def append_many(self, at: datetime, user_id: int, action: str, entity: str,
                    targets: Iterable[tuple[int | None, int | None, str]]) -> None:
        """One event per (entity_id, patient_id, detail), all at the same time by the same user."""
        self._db.conn.executemany(
            "INSERT INTO audit_events (at, user_id, action, entity, entity_id, patient_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((at.isoformat(), user_id, action, entity, *target) for target in targets),
        )

    def events(self, *, patient_id: int | None = None, limit: int = 1000) -> list[AuditEvent]:
        where, params = ("WHERE patient_id = ?", [patient_id]) if patient_id else ("", [])
        rows = self._db.execute(
            "SELECT at, user_id, action, entity, entity_id, patient_id, detail FROM audit_events "
            f"{where} ORDER BY id LIMIT ?", [*params, limit],
        ).fetchall()
        return [AuditEvent(datetime.fromisoformat(r[0]), *r[1:]) for r in rows]
