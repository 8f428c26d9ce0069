"""HomeProgramRepository: an episode's draft home program and its handed-out versions
(migration 0005).

Joins the caller's transaction; never opens one. A draft update names the version it read
(ConflictError when it moved on). Handed-out versions are numbered 1, 2, 3… per program and the
database refuses to change or delete them (VersionLockedError surfaces such a refusal).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..domain.errors import ConflictError, KeystoneError, NotFoundError
from ..domain.home_programs import (
    HandedItem,
    HomeProgram,
    HomeProgramVersion,
    ProgramId,
    ProgramItem,
    item_from_json,
    item_to_json,
)
from ..domain.return_to_run import calendar_from_json

_PROGRAM_COLUMNS = ("id, uid, patient_id, episode_id, items_json, options_json, version, "
                    "created_at, updated_at")
_VERSION_COLUMNS = ("id, uid, program_id, number, patient_id, episode_id, items_json, "
                    "options_json, run_calendar_json, handed_at, handed_by, therapist_name")


class VersionLockedError(KeystoneError):
    """The database refused to change a handed-out version."""


class HomeProgramRepository:
    def __init__(self, db: Database):
        self._db = db

    # Drafts
    def insert(self, patient_id: int, episode_id: int, now: datetime, user_id: int) -> ProgramId:
        cursor = self._db.execute(
            "INSERT INTO home_programs (uid, patient_id, episode_id, created_at, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), patient_id, episode_id, now.isoformat(), now.isoformat(),
             user_id],
        )
        return ProgramId(cursor.lastrowid or 0)

    def update(self, program_id: int, items: Sequence[ProgramItem], options: Mapping[str, Any],
               expected_version: int, now: datetime, user_id: int) -> None:
        cursor = self._db.execute(
            "UPDATE home_programs SET items_json = ?, options_json = ?, updated_at = ?, "
            "updated_by = ?, version = version + 1 WHERE id = ? AND version = ?",
            [_dump([item_to_json(i) for i in items]), _dump(dict(options)), now.isoformat(),
             user_id, program_id, expected_version],
        )
        if cursor.rowcount != 1:
            raise ConflictError("home program", program_id, expected_version,
                                self.get(program_id).version)

    def get(self, program_id: int) -> HomeProgram:
        row = self._db.execute(f"SELECT {_PROGRAM_COLUMNS} FROM home_programs WHERE id = ?",
                               [program_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no home program number {program_id}.")
        return _program(row)

    def for_episode(self, episode_id: int) -> HomeProgram | None:
        row = self._db.execute(
            f"SELECT {_PROGRAM_COLUMNS} FROM home_programs WHERE episode_id = ?", [episode_id]
        ).fetchone()
        return _program(row) if row else None

    # Handed-out versions
    def insert_version(self, program: HomeProgram, items: Sequence[HandedItem],
                       options: Mapping[str, Any], run_calendar: Mapping[str, Any] | None,
                       handed_at: datetime, handed_by: int, therapist_name: str) -> int:
        number = self._db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM home_program_versions WHERE program_id = ?",
            [program.id]).fetchone()[0]
        try:
            self._db.execute(
                "INSERT INTO home_program_versions (uid, program_id, number, patient_id, "
                "episode_id, items_json, options_json, run_calendar_json, handed_at, handed_by, "
                "therapist_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [str(uuid.uuid4()), program.id, number, program.patient_id, program.episode_id,
                 _dump([{**item_to_json(h.item), "exercise": dict(h.exercise)} for h in items]),
                 _dump(dict(options)), _dump(run_calendar) if run_calendar is not None else None,
                 handed_at.isoformat(), handed_by, therapist_name],
            )
        except sqlite3.IntegrityError as error:  # another workstation took the number first
            raise ConflictError("home program", program.id, number - 1, number) from error
        return int(number)

    def versions(self, program_id: int) -> list[HomeProgramVersion]:
        rows = self._db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM home_program_versions WHERE program_id = ? "
            "ORDER BY number", [program_id]).fetchall()
        return [_version(row) for row in rows]

    def version(self, program_id: int, number: int) -> HomeProgramVersion:
        row = self._db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM home_program_versions WHERE program_id = ? "
            "AND number = ?", [program_id, number]).fetchone()
        if row is None:
            raise NotFoundError(f"Home program {program_id} has no version {number}.")
        return _version(row)

    def versions_for_patient(self, patient_id: int) -> list[HomeProgramVersion]:
        """Every version handed to the patient, in the order they were handed out."""
        rows = self._db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM home_program_versions WHERE patient_id = ? "
            "ORDER BY handed_at, id", [patient_id]).fetchall()
        return [_version(row) for row in rows]


def _program(row: tuple[Any, ...]) -> HomeProgram:
    return HomeProgram(
        id=ProgramId(row[0]), uid=row[1], patient_id=row[2], episode_id=row[3],
        items=tuple(item_from_json(raw) for raw in json.loads(row[4])),
        options=json.loads(row[5]), version=row[6], created_at=datetime.fromisoformat(row[7]),
        updated_at=datetime.fromisoformat(row[8]),
    )


def _version(row: tuple[Any, ...]) -> HomeProgramVersion:
    items = tuple(HandedItem(item_from_json(raw), raw.get("exercise") or {})
                  for raw in json.loads(row[6]))
    calendar = calendar_from_json(json.loads(row[8])) if row[8] else None
    return HomeProgramVersion(
        id=row[0], uid=row[1], program_id=ProgramId(row[2]), number=row[3], patient_id=row[4],
        episode_id=row[5], items=items, options=json.loads(row[7]), run_calendar=calendar,
        handed_at=datetime.fromisoformat(row[9]), handed_by=row[10], therapist_name=row[11],
    )


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
