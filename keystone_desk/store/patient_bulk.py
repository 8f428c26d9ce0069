"""PatientBulkRepository: many new patients at once (imports, demo clinics), and duplicate lookups
for a whole batch. Joins the caller's transaction; never opens one.

Kept apart from store.patients so the one-record repository stays small; both write the same rows
and the same search words (store.search_index), so a patient inserted here is found, listed and
updated exactly like one registered through the form.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Iterable
from datetime import datetime

from sqlite_utils import Database

from ..domain.intake import Intake
from ..domain.patients import Consent, PatientId
from .patients import intake_to_json
from .search_index import IndexKeys, identity_key, index_words_for_row

_RECORD_COLUMNS = (
    "id", "uid", "version", "archived", "created_at", "updated_at", "first_name", "last_name",
    "preferred_name", "date_of_birth", "sex", "phone", "email", "intake_json",
    "consent_recorded_at", "consent_recorded_by",
)
# Every search key except the FTS document itself is a column of patients.
_KEY_COLUMNS = tuple(f.name for f in dataclasses.fields(IndexKeys) if f.name != "words")
_INSERT = (
    f"INSERT INTO patients ({', '.join(_RECORD_COLUMNS + _KEY_COLUMNS)}) "
    f"VALUES ({', '.join('?' * (len(_RECORD_COLUMNS) + len(_KEY_COLUMNS)))})"
)
_INSERT_WORDS = "INSERT INTO patient_search (rowid, words) VALUES (?, ?)"
_VARIABLES_PER_QUERY = 500


class PatientBulkRepository:
    def __init__(self, db: Database):
        self._db = db

    @staticmethod
    def identity_of(intake: Intake) -> str:
        """The key two records share when they name the same person (folded name + birth date)."""
        return identity_key(intake.first_name, intake.last_name, intake.date_of_birth.isoformat())

    def ids_by_identity(self, keys: Collection[str]) -> dict[str, list[PatientId]]:
        """Registered patients for each identity key that has any, ids ascending."""
        found: dict[str, list[PatientId]] = {}
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), _VARIABLES_PER_QUERY):
            chunk = wanted[start:start + _VARIABLES_PER_QUERY]
            rows = self._db.execute(
                "SELECT identity_key, id FROM patients WHERE identity_key IN "
                f"({', '.join('?' * len(chunk))}) ORDER BY id",
                chunk,
            ).fetchall()
            for key, patient_id in rows:
                found.setdefault(key, []).append(PatientId(patient_id))
        return found

    def insert_many(self, entries: Iterable[tuple[Intake, Consent]],
                    now: datetime) -> list[PatientId]:
        """Insert new patients with their search words, two statements per call; ids in order.

        Ids continue from the highest in the table. Inside the caller's transaction a concurrent
        writer makes this fail ("database is locked") rather than hand out an id twice.
        """
        next_id = int(self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM patients")
                      .fetchone()[0])
        stamp = now.isoformat()
        rows: list[tuple[object, ...]] = []
        words: list[tuple[int, str]] = []
        for offset, (intake, consent) in enumerate(entries):
            patient_id = next_id + offset
            record = (
                patient_id, str(uuid.uuid4()), 1, 0, stamp, stamp, intake.first_name,
                intake.last_name, intake.preferred_name, intake.date_of_birth.isoformat(),
                intake.sex.value, intake.phone, intake.email, intake_to_json(intake),
                consent.recorded_at.isoformat() if consent.recorded_at else None,
                consent.recorded_by,
            )
            keys = index_words_for_row(*record[6:10], *record[11:14])
            rows.append(record + tuple(getattr(keys, name) for name in _KEY_COLUMNS))
            words.append((patient_id, keys.words))
        self._db.conn.executemany(_INSERT, rows)
        self._db.conn.executemany(_INSERT_WORDS, words)
        return [PatientId(patient_id) for patient_id, _ in words]
