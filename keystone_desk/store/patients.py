"""PatientRepository: rows of the patients table and their search index, in and out.

Joins the caller's transaction; never opens one. Converts between rows and domain objects.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from ..domain.errors import ConflictError, NotFoundError
from ..domain.intake import ANSWER_FIELDS, Answer, Intake, Onset, RedFlag, Sex, Side
from ..domain.patients import Consent, Patient, PatientId, PatientSummary
from ..domain.text_search import SearchQuery
from .search_index import identity_key, index_words_for_row, search_patients

_SUMMARY_COLUMNS = (
    "p.id, p.uid, p.last_name, p.first_name, p.preferred_name, p.date_of_birth, p.phone, "
    "p.email, p.red_flag_count, p.archived"
)
_DATE_FIELDS = ("date_of_birth", "referral_date", "onset_date")


def intake_to_json(intake: Intake) -> str:
    """The stored form: `red_flags` lists the questions answered yes, `red_flags_denied` those
    answered no (any other was not asked); each medication question is "yes", "no" or
    "not_asked" (migration 0010 brought older rows to this form)."""
    raw = intake.to_raw()
    raw["red_flags"] = sorted(flag.value for flag in intake.red_flags)
    raw["red_flags_denied"] = sorted(flag.value for flag in intake.red_flags_denied)
    for flag in RedFlag:
        raw.pop(flag.value, None)
    raw["weekly_running_km"] = intake.weekly_running_km
    for name in ("pain_now", "pain_best", "pain_worst"):
        raw[name] = getattr(intake, name)
    return json.dumps(raw, ensure_ascii=False, sort_keys=True)


def intake_from_json(text: str) -> Intake:
    raw: dict[str, Any] = json.loads(text)
    for name in _DATE_FIELDS:
        raw[name] = date.fromisoformat(raw[name]) if raw.get(name) else None
    raw["sex"] = Sex(raw["sex"])
    raw["side"] = Side(raw["side"]) if raw.get("side") else None
    raw["onset"] = Onset(raw["onset"]) if raw.get("onset") else None
    raw["red_flags"] = frozenset(RedFlag(v) for v in raw.get("red_flags", []))
    raw["red_flags_denied"] = frozenset(RedFlag(v) for v in raw.get("red_flags_denied", []))
    for name in ANSWER_FIELDS:
        raw[name] = Answer(raw.get(name) or Answer.NOT_ASKED)
    known = Intake.__dataclass_fields__
    return Intake(**{k: v for k, v in raw.items() if k in known})


class PatientRepository:
    def __init__(self, db: Database):
        self._db = db

    def insert(self, intake: Intake, now: datetime, consent: Consent) -> Patient:
        row = self._row(intake, now, consent)
        row.update(uid=str(uuid.uuid4()), version=1, created_at=now.isoformat(), archived=0)
        cursor = self._db.execute(
            f"INSERT INTO patients ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        patient_id = PatientId(cursor.lastrowid or 0)
        self._index(patient_id, row)
        return self.get(patient_id)

    def update(
        self, patient_id: PatientId, intake: Intake, expected_version: int, now: datetime,
        consent: Consent,
    ) -> Patient:
        row = self._row(intake, now, consent)
        assignments = ", ".join(f"{column} = ?" for column in row)
        cursor = self._db.execute(
            f"UPDATE patients SET {assignments}, version = version + 1 WHERE id = ? AND version = ?",
            [*row.values(), patient_id, expected_version],
        )
        if cursor.rowcount != 1:
            current = self.get(patient_id)
            raise ConflictError("patient", patient_id, expected_version, current.version)
        self._index(patient_id, row)
        return self.get(patient_id)

    def set_archived(self, patient_id: PatientId, archived: bool, expected_version: int,
                     now: datetime) -> Patient:
        cursor = self._db.execute(
            "UPDATE patients SET archived = ?, updated_at = ?, version = version + 1 "
            "WHERE id = ? AND version = ?",
            [int(archived), now.isoformat(), patient_id, expected_version],
        )
        if cursor.rowcount != 1:
            current = self.get(patient_id)
            raise ConflictError("patient", patient_id, expected_version, current.version)
        return self.get(patient_id)

    def get(self, patient_id: int) -> Patient:
        row = self._db.execute(
            "SELECT id, uid, version, intake_json, archived, created_at, updated_at, "
            "consent_recorded_at, consent_recorded_by FROM patients WHERE id = ?",
            [patient_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no patient number {patient_id}.")
        return Patient(
            id=PatientId(row[0]), uid=row[1], version=row[2], intake=intake_from_json(row[3]),
            archived=bool(row[4]), created_at=datetime.fromisoformat(row[5]),
            updated_at=datetime.fromisoformat(row[6]),
            consent=Consent(datetime.fromisoformat(row[7]) if row[7] else None, row[8]),
        )

    def id_for_uid(self, uid: str) -> PatientId:
        row = self._db.execute("SELECT id FROM patients WHERE uid = ?", [uid]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no patient with uid {uid}.")
        return PatientId(row[0])

    def find_same_identity(self, first: str, last: str, birth: date) -> list[PatientId]:
        rows = self._db.execute(
            "SELECT id FROM patients WHERE identity_key = ? ORDER BY id",
            [identity_key(first, last, birth.isoformat())],
        ).fetchall()
        return [PatientId(r[0]) for r in rows]

    def count(self, *, include_archived: bool = False) -> int:
        where = "" if include_archived else " WHERE archived = 0"
        return int(self._db.execute(f"SELECT count(*) FROM patients{where}").fetchone()[0])

    def search(
        self, query: SearchQuery, *, include_archived: bool = False, limit: int = 100,
        offset: int = 0,
    ) -> list[PatientSummary]:
        """Matching patients, best first (see store.search_index.search_patients)."""
        rows = search_patients(self._db, query, _SUMMARY_COLUMNS, include_archived=include_archived,
                               limit=limit, offset=offset)
        return [_summary(r) for r in rows]

    def _row(self, intake: Intake, now: datetime, consent: Consent) -> dict[str, Any]:
        return {
            "first_name": intake.first_name, "last_name": intake.last_name,
            "preferred_name": intake.preferred_name,
            "date_of_birth": intake.date_of_birth.isoformat(), "sex": intake.sex.value,
            "phone": intake.phone, "email": intake.email, "intake_json": intake_to_json(intake),
            "updated_at": now.isoformat(),
            "consent_recorded_at": consent.recorded_at.isoformat() if consent.recorded_at else None,
            "consent_recorded_by": consent.recorded_by,
        }

    def _index(self, patient_id: PatientId, row: dict[str, Any]) -> None:
        keys = index_words_for_row(
            row["first_name"], row["last_name"], row["preferred_name"], row["date_of_birth"],
            row["phone"], row["email"], row["intake_json"],
        )
        self._db.execute(
            "UPDATE patients SET sort_key = ?, first_key = ?, name_words = ?, identity_key = ?, "
            "red_flag_count = ? WHERE id = ?",
            [keys.sort_key, keys.first_key, keys.name_words, keys.identity_key,
             keys.red_flag_count, patient_id],
        )
        self._db.execute("DELETE FROM patient_search WHERE rowid = ?", [patient_id])
        self._db.execute(
            "INSERT INTO patient_search (rowid, words) VALUES (?, ?)", [patient_id, keys.words]
        )


def _summary(row: tuple[Any, ...]) -> PatientSummary:
    return PatientSummary(
        id=PatientId(row[0]), uid=row[1], last_name=row[2], first_name=row[3],
        preferred_name=row[4], date_of_birth=date.fromisoformat(row[5]), phone=row[6],
        email=row[7], red_flags=row[8], archived=bool(row[9]),
    )
