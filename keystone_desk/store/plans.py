"""TreatmentPlanRepository and PlanGoalRepository: plans of care and their goals (migration 0005).

Joins the caller's transaction; never opens one. Updates name the version they read and raise
ConflictError when it has moved on. The database refuses to delete a plan or a goal (goals are
discontinued instead).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from ..domain.errors import ConflictError, NotFoundError
from ..domain.plan_goals import (
    Comparator,
    Goal,
    GoalId,
    GoalKind,
    GoalStatus,
    GoalTarget,
    GoalTerm,
)
from ..domain.plans import (
    PlanContent,
    PlanId,
    TreatmentPlan,
    content_from_json,
    content_to_json,
)

_PLAN_COLUMNS = "id, uid, episode_id, patient_id, content_json, version, created_at, updated_at"
_GOAL_COLUMNS = ("id, uid, plan_id, term, kind, description, measure_id, test_field, side, "
                 "comparator, target_value, unit, target_date, status, status_note, version, "
                 "created_at, updated_at")


class TreatmentPlanRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, episode_id: int, patient_id: int, content: PlanContent, now: datetime,
               user_id: int) -> PlanId:
        cursor = self._db.execute(
            "INSERT INTO treatment_plans (uid, episode_id, patient_id, content_json, created_at, "
            "updated_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), episode_id, patient_id, _dump(content_to_json(content)),
             now.isoformat(), now.isoformat(), user_id, user_id],
        )
        return PlanId(cursor.lastrowid or 0)

    def update(self, plan_id: int, content: PlanContent, expected_version: int, now: datetime,
               user_id: int) -> None:
        cursor = self._db.execute(
            "UPDATE treatment_plans SET content_json = ?, updated_at = ?, updated_by = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            [_dump(content_to_json(content)), now.isoformat(), user_id, plan_id,
             expected_version],
        )
        if cursor.rowcount != 1:
            raise ConflictError("treatment plan", plan_id, expected_version,
                                self.get(plan_id).version)

    def get(self, plan_id: int) -> TreatmentPlan:
        row = self._db.execute(f"SELECT {_PLAN_COLUMNS} FROM treatment_plans WHERE id = ?",
                               [plan_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no treatment plan number {plan_id}.")
        return self._plan(row)

    def for_episode(self, episode_id: int) -> TreatmentPlan | None:
        row = self._db.execute(
            f"SELECT {_PLAN_COLUMNS} FROM treatment_plans WHERE episode_id = ?", [episode_id]
        ).fetchone()
        return self._plan(row) if row else None

    def _plan(self, row: tuple[Any, ...]) -> TreatmentPlan:
        goals = PlanGoalRepository(self._db).for_plan(row[0])
        return TreatmentPlan(
            id=PlanId(row[0]), uid=row[1], episode_id=row[2], patient_id=row[3],
            content=content_from_json(json.loads(row[4])), version=row[5],
            created_at=datetime.fromisoformat(row[6]), updated_at=datetime.fromisoformat(row[7]),
            goals=tuple(goals),
        )


class PlanGoalRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, plan_id: int, patient_id: int, target: GoalTarget, now: datetime,
               user_id: int) -> GoalId:
        position = self._db.execute(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM plan_goals WHERE plan_id = ?", [plan_id]
        ).fetchone()[0]
        cursor = self._db.execute(
            "INSERT INTO plan_goals (uid, plan_id, patient_id, term, kind, description, "
            "measure_id, test_field, side, comparator, target_value, unit, target_date, position, "
            "created_at, updated_at, created_by, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), plan_id, patient_id, target.term.value, target.kind.value,
             target.description.strip(), target.measure_id, target.test_field, target.side,
             target.comparator.value, float(target.target_value), target.unit.strip(),
             _iso(target.target_date), position, now.isoformat(), now.isoformat(), user_id,
             user_id],
        )
        return GoalId(cursor.lastrowid or 0)

    def update_target(self, goal_id: int, target: GoalTarget, expected_version: int,
                      now: datetime, user_id: int) -> None:
        self._guarded(goal_id, expected_version, now, user_id,
                      "term = ?, kind = ?, description = ?, measure_id = ?, test_field = ?, "
                      "side = ?, comparator = ?, target_value = ?, unit = ?, target_date = ?",
                      [target.term.value, target.kind.value, target.description.strip(),
                       target.measure_id, target.test_field, target.side,
                       target.comparator.value, float(target.target_value),
                       target.unit.strip(), _iso(target.target_date)])

    def update_status(self, goal_id: int, status: GoalStatus, note: str, expected_version: int,
                      now: datetime, user_id: int) -> None:
        self._guarded(goal_id, expected_version, now, user_id, "status = ?, status_note = ?",
                      [status.value, note])

    def _guarded(self, goal_id: int, expected_version: int, now: datetime, user_id: int,
                 assignments: str, params: list[Any]) -> None:
        cursor = self._db.execute(
            f"UPDATE plan_goals SET {assignments}, updated_at = ?, updated_by = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            [*params, now.isoformat(), user_id, goal_id, expected_version],
        )
        if cursor.rowcount != 1:
            raise ConflictError("goal", goal_id, expected_version, self.get(goal_id).version)

    def get(self, goal_id: int) -> Goal:
        row = self._db.execute(f"SELECT {_GOAL_COLUMNS} FROM plan_goals WHERE id = ?",
                               [goal_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no goal number {goal_id}.")
        return _goal(row)

    def patient_of(self, goal_id: int) -> int:
        row = self._db.execute("SELECT patient_id FROM plan_goals WHERE id = ?",
                               [goal_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no goal number {goal_id}.")
        return int(row[0])

    def for_plan(self, plan_id: int) -> list[Goal]:
        rows = self._db.execute(
            f"SELECT {_GOAL_COLUMNS} FROM plan_goals WHERE plan_id = ? ORDER BY position, id",
            [plan_id]).fetchall()
        return [_goal(row) for row in rows]


def _goal(row: tuple[Any, ...]) -> Goal:
    target = GoalTarget(
        term=GoalTerm(row[3]), kind=GoalKind(row[4]), description=row[5],
        target_value=float(row[10]), comparator=Comparator(row[9]), unit=row[11],
        target_date=date.fromisoformat(row[12]) if row[12] else None, measure_id=row[6],
        test_field=row[7], side=row[8])
    return Goal(id=GoalId(row[0]), uid=row[1], plan_id=PlanId(row[2]), target=target,
                status=GoalStatus(row[13]), status_note=row[14], version=row[15],
                created_at=datetime.fromisoformat(row[16]),
                updated_at=datetime.fromisoformat(row[17]))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
