"""AuditTrailRepository: reading the audit trail for the administrator's viewer and CSV export,
newest first, with user and patient names resolved. Read-only; writing is store.audit.AuditLog's.
Parameterised SQL only; imports domain and sqlite-utils, nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlite_utils import Database

from ..domain.audit_trail import AuditFilter, AuditRow, patient_label

_SELECT = (
    "SELECT a.id, a.at, a.user_id, coalesce(u.username, ''), coalesce(u.display_name, ''), "
    "a.action, a.entity, a.entity_id, a.patient_id, p.last_name, p.first_name, a.detail "
    "FROM audit_events a LEFT JOIN users u ON u.id = a.user_id "
    "LEFT JOIN patients p ON p.id = a.patient_id"
)


class AuditTrailRepository:
    def __init__(self, db: Database):
        self._db = db

    def find(self, where: AuditFilter, utc_bounds: tuple[str | None, str | None], *,
             limit: int, offset: int = 0, before_id: int | None = None) -> list[AuditRow]:
        """A page, newest first; `before_id` pages by key (steady while entries are added)."""
        sql, params = self._query(where, utc_bounds)
        if before_id is not None:
            sql += " AND a.id < ?"
            params.append(before_id)
        rows = self._db.execute(f"{sql} ORDER BY a.id DESC LIMIT ? OFFSET ?",
                                [*params, limit, offset]).fetchall()
        return [_row(r) for r in rows]

    def iter_all(self, where: AuditFilter, utc_bounds: tuple[str | None, str | None], *,
                 batch: int = 2000) -> Iterator[AuditRow]:
        """Every matching entry, newest first, in batches keyed on id (steady on 100k rows)."""
        sql, params = self._query(where, utc_bounds)
        before: int | None = None
        while True:
            page_sql, page_params = sql, list(params)
            if before is not None:
                page_sql += " AND a.id < ?"
                page_params.append(before)
            rows = self._db.execute(f"{page_sql} ORDER BY a.id DESC LIMIT ?",
                                    [*page_params, batch]).fetchall()
            if not rows:
                return
            yield from (_row(r) for r in rows)
            before = rows[-1][0]

    def actions(self) -> list[str]:
        return [r[0] for r in self._db.execute(
            "SELECT DISTINCT action FROM audit_events ORDER BY action").fetchall()]

    def users(self) -> list[tuple[int, str, str]]:
        """(id, username, display name) of every user, archived ones too (they appear in old
        entries)."""
        return [tuple(r) for r in self._db.execute(
            "SELECT id, username, display_name FROM users ORDER BY display_name, id").fetchall()]

    @staticmethod
    def _query(where: AuditFilter, utc_bounds: tuple[str | None, str | None]
               ) -> tuple[str, list[object]]:
        clauses: list[str] = ["1 = 1"]
        params: list[object] = []
        for column, value in (("a.user_id", where.user_id), ("a.patient_id", where.patient_id),
                              ("a.action", where.action)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        start, end = utc_bounds
        if start is not None:
            clauses.append("a.at >= ?")
            params.append(start)
        if end is not None:
            clauses.append("a.at < ?")
            params.append(end)
        return f"{_SELECT} WHERE {' AND '.join(clauses)}", params


def _row(r: tuple[object, ...]) -> AuditRow:
    (entry_id, at, user_id, username, user_name, action, entity, entity_id, patient_id,
     last_name, first_name, detail) = r
    return AuditRow(
        int(entry_id), datetime.fromisoformat(str(at)), int(user_id), str(username),  # type: ignore[call-overload]
        str(user_name), str(action), str(entity),
        None if entity_id is None else int(entity_id),  # type: ignore[call-overload]
        None if patient_id is None else int(patient_id),  # type: ignore[call-overload]
        patient_label(last_name, first_name),  # type: ignore[arg-type]
        str(detail))
