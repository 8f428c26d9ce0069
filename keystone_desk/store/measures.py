"""MeasureResultRepository: rows of measure_results (migration 0004) in and out.

Joins the caller's transaction; never opens one. The table's triggers refuse DELETE, and any
UPDATE except marking a result in error with a reason, whatever code tries; such a refusal
surfaces here as ResultLockedError. Answers are stored as JSON: {"answers": {...}, "activities":
{...}} (activities: the PSFS activity each rated item names).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from ..domain.errors import KeystoneError, NotFoundError
from ..domain.measure_results import MeasureResult, MeasureResultId

_COLUMNS = ("id, uid, episode_id, patient_id, measure_id, taken_on, answers_json, score, "
            "problems_json, entered_by, created_at, in_error, error_reason, error_by, error_at")


class ResultLockedError(KeystoneError):
    """The database refused to change a recorded result (only marking in error is allowed)."""


class MeasureResultRepository:
    def __init__(self, db: Database):
        self._db = db

    def patient_of_episode(self, episode_id: int) -> int:
        row = self._db.execute("SELECT patient_id FROM episodes WHERE id = ?",
                               [episode_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no episode of care {episode_id}.")
        return int(row[0])

    def insert(self, *, episode_id: int, patient_id: int, measure_id: str, taken_on: date,
               answers: Mapping[str, int], activities: Mapping[str, str], score: float | None,
               problems: Sequence[str], entered_by: int, now: datetime) -> MeasureResult:
        payload = {"answers": dict(answers), "activities": dict(activities)}
        cursor = self._db.execute(
            "INSERT INTO measure_results (uid, episode_id, patient_id, measure_id, taken_on, "
            "answers_json, score, problems_json, entered_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), episode_id, patient_id, measure_id, taken_on.isoformat(),
             json.dumps(payload, ensure_ascii=False, sort_keys=True), score,
             json.dumps(list(problems), ensure_ascii=False), entered_by, now.isoformat()],
        )
        return self.get(MeasureResultId(cursor.lastrowid or 0))

    def get(self, result_id: int) -> MeasureResult:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM measure_results WHERE id = ?",
                               [result_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no recorded outcome measure {result_id}.")
        return _result(row)

    def for_episode(self, episode_id: int, measure_id: str | None = None, *,
                    include_in_error: bool = True) -> list[MeasureResult]:
        """Oldest first: by date taken, then order of entry."""
        where: list[str] = ["episode_id = ?"]
        params: list[int | str] = [episode_id]
        if measure_id is not None:
            where.append("measure_id = ?")
            params.append(measure_id)
        if not include_in_error:
            where.append("in_error = 0")
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM measure_results WHERE {' AND '.join(where)} "
            "ORDER BY taken_on, id", params).fetchall()
        return [_result(row) for row in rows]

    def mark_in_error(self, result_id: int, reason: str, by: int, now: datetime) -> MeasureResult:
        try:
            cursor = self._db.execute(
                "UPDATE measure_results SET in_error = 1, error_reason = ?, error_by = ?, "
                "error_at = ? WHERE id = ?", [reason, by, now.isoformat(), result_id])
        except sqlite3.IntegrityError as exc:  # RAISE(ABORT) in a trigger
            raise ResultLockedError(str(exc)) from exc
        if cursor.rowcount != 1:
            raise NotFoundError(f"There is no recorded outcome measure {result_id}.")
        return self.get(result_id)


def _result(row: Sequence[Any]) -> MeasureResult:
    payload = json.loads(row[6])
    return MeasureResult(
        id=MeasureResultId(row[0]), uid=row[1], episode_id=row[2], patient_id=row[3],
        measure_id=row[4], taken_on=date.fromisoformat(row[5]),
        answers={str(k): int(v) for k, v in payload.get("answers", {}).items()},
        score=row[7], problems=tuple(json.loads(row[8])), entered_by=row[9],
        created_at=datetime.fromisoformat(row[10]),
        activities={str(k): str(v) for k, v in payload.get("activities", {}).items()},
        in_error=bool(row[11]), error_reason=row[12], error_by=row[13],
        error_at=datetime.fromisoformat(row[14]) if row[14] else None,
    )
