"""RunSessionRepository: the return-to-run runs a patient reports, with the decision each gave
(migration 0005); ReadinessRepository: the therapist's confirmations that the runner may start
(migration 0009).

Joins the caller's transaction; never opens one. A logged run is never changed or deleted: a
wrong one is marked in error with a reason; a confirmation is kept as made. The database enforces
both.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from ..domain.errors import NotFoundError
from ..domain.return_to_run import LAST_STAGE, Action, CriterionResult, Decision
from ..domain.run_readiness import Readiness, criteria_from_json, criteria_to_json

_COLUMNS = ("id, uid, episode_id, patient_id, run_on, stage, pain_during, next_morning_worse, "
            "limping, action, next_stage, message, recorded_by, created_at, in_error, "
            "error_reason")


@dataclass(frozen=True, slots=True)
class RunSession:
    id: int
    uid: str
    episode_id: int
    patient_id: int
    run_on: date
    stage: int
    pain_during: float
    next_morning_worse: bool
    limping: bool
    decision: Decision
    recorded_by: int
    created_at: datetime
    in_error: bool = False
    error_reason: str = ""


class RunSessionRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, episode_id: int, patient_id: int, run_on: date, stage: int,
               pain_during: float, next_morning_worse: bool, limping: bool, decision: Decision,
               user_id: int, now: datetime) -> int:
        cursor = self._db.execute(
            "INSERT INTO return_to_run_sessions (uid, episode_id, patient_id, run_on, stage, "
            "pain_during, next_morning_worse, limping, action, next_stage, message, "
            "recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), episode_id, patient_id, run_on.isoformat(), stage,
             float(pain_during), int(next_morning_worse), int(limping), decision.action.value,
             decision.next_stage, decision.message, user_id, now.isoformat()],
        )
        return cursor.lastrowid or 0

    def mark_in_error(self, session_id: int, reason: str, user_id: int, now: datetime) -> None:
        self._db.execute(
            "UPDATE return_to_run_sessions SET in_error = 1, error_reason = ?, error_by = ?, "
            "error_at = ? WHERE id = ?", [reason, user_id, now.isoformat(), session_id])

    def get(self, session_id: int) -> RunSession:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM return_to_run_sessions WHERE id = ?",
                               [session_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no logged run number {session_id}.")
        return _session(row)

    def for_episode(self, episode_id: int) -> list[RunSession]:
        """Oldest first: by the day of the run, then the order of entry."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM return_to_run_sessions WHERE episode_id = ? "
            "ORDER BY run_on, id", [episode_id]).fetchall()
        return [_session(row) for row in rows]


def _session(row: tuple[Any, ...]) -> RunSession:
    action = Action(row[9])
    decision = Decision(action, row[10], row[11], contact_clinic=action is Action.STEP_BACK,
                        progression_complete=action is Action.ADVANCE and row[5] == LAST_STAGE)
    return RunSession(
        id=row[0], uid=row[1], episode_id=row[2], patient_id=row[3],
        run_on=date.fromisoformat(row[4]), stage=row[5], pain_during=row[6],
        next_morning_worse=bool(row[7]), limping=bool(row[8]), decision=decision,
        recorded_by=row[12], created_at=datetime.fromisoformat(row[13]), in_error=bool(row[14]),
        error_reason=row[15],
    )


class ReadinessRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, episode_id: int, patient_id: int, criteria: Sequence[CriterionResult],
               criteria_met: bool, reason: str, user_id: int, now: datetime) -> int:
        cursor = self._db.execute(
            "INSERT INTO return_to_run_readiness (uid, episode_id, patient_id, criteria_met, "
            "override_reason, criteria_json, confirmed_by, confirmed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), episode_id, patient_id, int(criteria_met), reason,
             json.dumps(criteria_to_json(criteria), ensure_ascii=False), user_id,
             now.isoformat()])
        return cursor.lastrowid or 0

    def latest(self, episode_id: int) -> Readiness | None:
        """The episode's most recent confirmation, or None if the therapist has made none."""
        row = self._db.execute(
            "SELECT r.episode_id, r.criteria_met, r.override_reason, r.criteria_json, "
            "r.confirmed_by, coalesce(u.display_name, ''), r.confirmed_at "
            "FROM return_to_run_readiness r LEFT JOIN users u ON u.id = r.confirmed_by "
            "WHERE r.episode_id = ? ORDER BY r.id DESC LIMIT 1", [episode_id]).fetchone()
        if row is None:
            return None
        return Readiness(episode_id=row[0], criteria_met=bool(row[1]), override_reason=row[2],
                         criteria=criteria_from_json(json.loads(row[3])), confirmed_by=row[4],
                         confirmed_by_name=row[5], confirmed_at=datetime.fromisoformat(row[6]))
