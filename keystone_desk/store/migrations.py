"""The numbered schema migrations. Never edit one after release: add the next.

Each migration runs inside its own transaction (sqlite-utils `Migrations`). Every migration has a
test in tests/store/test_migrations.py (a meta-test enforces it).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from .search_index import index_words_for_row

MIGRATIONS = Migrations("keystone_desk")


@MIGRATIONS(name="0001_create_patients")
def create_patients(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE patients (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL DEFAULT 1,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            preferred_name TEXT NOT NULL DEFAULT '',
            date_of_birth TEXT NOT NULL,
            sex TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            intake_json TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            consent_recorded_at TEXT,
            consent_recorded_by TEXT NOT NULL DEFAULT ''
        )
        """
    )


@MIGRATIONS(name="0002_create_users_and_audit_events")
def create_users_and_audit(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            username TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute(
        "INSERT INTO users (uid, username, display_name, role, created_at) VALUES "
        "(lower(hex(randomblob(16))), 'admin', 'Clinic administrator', 'administrator', "
        "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"
    )
    db.execute(
        """
        CREATE TABLE audit_events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users(id),
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id INTEGER,
            patient_id INTEGER REFERENCES patients(id),
            detail TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX audit_events_patient ON audit_events(patient_id, at)")
    # The audit log is append-only, whatever code tries.
    db.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END"
    )


@MIGRATIONS(name="0003_patient_search_index")
def patient_search_index(db: Database) -> None:
    db.execute("ALTER TABLE patients ADD COLUMN sort_key TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE patients ADD COLUMN first_key TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE patients ADD COLUMN name_words TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE patients ADD COLUMN identity_key TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE patients ADD COLUMN red_flag_count INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "CREATE VIRTUAL TABLE patient_search USING fts5("
        "words, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
    )
    rows = db.execute(
        "SELECT id, first_name, last_name, preferred_name, date_of_birth, phone, email, intake_json "
        "FROM patients"
    ).fetchall()
    for row in rows:
        keys = index_words_for_row(*row[1:])
        db.execute(
            "UPDATE patients SET sort_key = ?, first_key = ?, name_words = ?, identity_key = ?, "
            "red_flag_count = ? WHERE id = ?",
            [keys.sort_key, keys.first_key, keys.name_words, keys.identity_key,
             keys.red_flag_count, row[0]],
        )
        db.execute("INSERT INTO patient_search (rowid, words) VALUES (?, ?)", [row[0], keys.words])
    # Search tiers walk these indexes in order instead of sorting every match.
    db.execute("CREATE INDEX patients_sort ON patients(sort_key, id)")
    db.execute("CREATE INDEX patients_first ON patients(first_key, sort_key, id)")
    db.execute("CREATE INDEX patients_identity ON patients(identity_key)")
