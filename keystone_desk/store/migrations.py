"""The numbered schema migrations. Never edit one after release: add the next.

Each migration runs inside its own transaction (sqlite-utils `Migrations`). Every migration has a
test in tests/store/test_migrations.py (a meta-test enforces it).
"""

from __future__ import annotations

import json

from sqlite_utils import Database, Migrations

from ..domain.audit_chain import GENESIS, entry_hash
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


@MIGRATIONS(name="0004_charting")
def charting(db: Database) -> None:
    """Episodes of care, notes (evaluations, visits, discharges) with signing and addenda,
    autosaved drafts, attachments (gait stills) and outcome-measure results."""
    db.execute("ALTER TABLE users ADD COLUMN credentials TEXT NOT NULL DEFAULT ''")
    db.execute(
        """
        CREATE TABLE episodes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            title TEXT NOT NULL,
            condition TEXT NOT NULL DEFAULT '',
            side TEXT NOT NULL DEFAULT '',
            opened_on TEXT NOT NULL,
            closed_on TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            created_by INTEGER NOT NULL REFERENCES users(id)
        )
        """
    )
    db.execute("CREATE INDEX episodes_patient ON episodes(patient_id, opened_on)")
    db.execute(
        """
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            episode_id INTEGER NOT NULL REFERENCES episodes(id),
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            kind TEXT NOT NULL,
            template_id TEXT NOT NULL DEFAULT '',
            visit_date TEXT NOT NULL,
            time_in TEXT NOT NULL DEFAULT '',
            time_out TEXT NOT NULL DEFAULT '',
            therapist_id INTEGER NOT NULL REFERENCES users(id),
            content_json TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'draft',
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            signed_at TEXT,
            signed_by INTEGER REFERENCES users(id),
            signer_name TEXT NOT NULL DEFAULT '',
            signer_credentials TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX notes_episode ON notes(episode_id, visit_date)")
    db.execute(
        """
        CREATE TABLE addenda (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            note_id INTEGER NOT NULL REFERENCES notes(id),
            reason TEXT NOT NULL,
            body TEXT NOT NULL,
            author_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            signer_name TEXT NOT NULL,
            signer_credentials TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX addenda_note ON addenda(note_id, id)")
    db.execute(
        """
        CREATE TABLE note_autosaves (
            note_id INTEGER PRIMARY KEY REFERENCES notes(id),
            content_json TEXT NOT NULL,
            header_json TEXT NOT NULL DEFAULT '{}',
            saved_at TEXT NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users(id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            note_id INTEGER NOT NULL REFERENCES notes(id),
            slot TEXT NOT NULL,
            filename TEXT NOT NULL DEFAULT '',
            mime TEXT NOT NULL,
            data BLOB NOT NULL,
            created_at TEXT NOT NULL,
            created_by INTEGER NOT NULL REFERENCES users(id)
        )
        """
    )
    db.execute("CREATE INDEX attachments_note ON attachments(note_id, slot)")
    db.execute(
        """
        CREATE TABLE measure_results (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            episode_id INTEGER NOT NULL REFERENCES episodes(id),
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            measure_id TEXT NOT NULL,
            taken_on TEXT NOT NULL,
            answers_json TEXT NOT NULL,
            score REAL,
            problems_json TEXT NOT NULL DEFAULT '[]',
            entered_by INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            in_error INTEGER NOT NULL DEFAULT 0,
            error_reason TEXT NOT NULL DEFAULT '',
            error_by INTEGER REFERENCES users(id),
            error_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX measure_results_episode ON measure_results(episode_id, measure_id, taken_on)")
    for statement in _CHARTING_TRIGGERS:
        db.execute(statement)


# Signed notes, addenda and recorded scores change only as the rules allow, whatever code tries.
_CHARTING_TRIGGERS = (
    "CREATE TRIGGER notes_signed_no_update BEFORE UPDATE ON notes WHEN OLD.status = 'signed' "
    "BEGIN SELECT RAISE(ABORT, 'signed notes cannot be changed; add an addendum'); END",
    "CREATE TRIGGER notes_signed_no_delete BEFORE DELETE ON notes WHEN OLD.status = 'signed' "
    "BEGIN SELECT RAISE(ABORT, 'signed notes cannot be deleted'); END",
    "CREATE TRIGGER notes_sign_needs_hash BEFORE UPDATE OF status ON notes "
    "WHEN NEW.status = 'signed' AND (NEW.content_hash = '' OR NEW.signed_at IS NULL "
    "OR NEW.signer_name = '') "
    "BEGIN SELECT RAISE(ABORT, 'a signature needs signer, time and content hash'); END",
    "CREATE TRIGGER addenda_no_update BEFORE UPDATE ON addenda "
    "BEGIN SELECT RAISE(ABORT, 'signed addenda cannot be changed'); END",
    "CREATE TRIGGER addenda_no_delete BEFORE DELETE ON addenda "
    "BEGIN SELECT RAISE(ABORT, 'signed addenda cannot be deleted'); END",
    "CREATE TRIGGER addenda_only_on_signed BEFORE INSERT ON addenda "
    "WHEN (SELECT status FROM notes WHERE id = NEW.note_id) IS NOT 'signed' "
    "BEGIN SELECT RAISE(ABORT, 'addenda are added to signed notes only'); END",
    "CREATE TRIGGER attachments_signed_no_insert BEFORE INSERT ON attachments "
    "WHEN (SELECT status FROM notes WHERE id = NEW.note_id) = 'signed' "
    "BEGIN SELECT RAISE(ABORT, 'signed notes cannot be changed; add an addendum'); END",
    "CREATE TRIGGER attachments_signed_no_change BEFORE UPDATE ON attachments "
    "WHEN (SELECT status FROM notes WHERE id = OLD.note_id) = 'signed' "
    "BEGIN SELECT RAISE(ABORT, 'signed notes cannot be changed; add an addendum'); END",
    "CREATE TRIGGER attachments_signed_no_delete BEFORE DELETE ON attachments "
    "WHEN (SELECT status FROM notes WHERE id = OLD.note_id) = 'signed' "
    "BEGIN SELECT RAISE(ABORT, 'signed notes cannot be changed; add an addendum'); END",
    "CREATE TRIGGER measure_results_no_delete BEFORE DELETE ON measure_results "
    "BEGIN SELECT RAISE(ABORT, 'scores are marked in error, never deleted'); END",
    "CREATE TRIGGER measure_results_only_mark_in_error BEFORE UPDATE ON measure_results "
    "WHEN OLD.in_error = 1 OR NEW.in_error IS NOT 1 OR NEW.answers_json IS NOT OLD.answers_json "
    "OR NEW.score IS NOT OLD.score OR NEW.measure_id IS NOT OLD.measure_id "
    "OR NEW.taken_on IS NOT OLD.taken_on OR NEW.episode_id IS NOT OLD.episode_id "
    "OR NEW.patient_id IS NOT OLD.patient_id OR NEW.error_reason = '' "
    "BEGIN SELECT RAISE(ABORT, 'a recorded score can only be marked in error, with a reason'); END",
)


@MIGRATIONS(name="0005_treatment_plans_and_home_programs")
def treatment_plans_and_home_programs(db: Database) -> None:
    """Plans of care with goals, home exercise programs with immutable handed-out versions,
    return-to-run session logs, clinic-made exercises and exercise photos.

    A plan's structured parts (diagnoses, problems, frequency, interventions, certification, the
    applied protocol) are one JSON document: they are edited and versioned together, read
    together, and nothing queries inside them yet (a later migration can add generated columns
    over json_extract if a report needs to). Goals are a table of their own: each changes status
    on its own, with its own version, and is never deleted (discontinued instead).
    """
    for statement in _PLAN_TABLES + _PROGRAM_TABLES + _LIBRARY_TABLES + _PLAN_TRIGGERS:
        db.execute(statement)


_PLAN_TABLES = (
    """
    CREATE TABLE treatment_plans (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        episode_id INTEGER NOT NULL UNIQUE REFERENCES episodes(id),
        patient_id INTEGER NOT NULL REFERENCES patients(id),
        content_json TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        updated_by INTEGER NOT NULL REFERENCES users(id)
    )
    """,
    """
    CREATE TABLE plan_goals (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        plan_id INTEGER NOT NULL REFERENCES treatment_plans(id),
        patient_id INTEGER NOT NULL REFERENCES patients(id),
        term TEXT NOT NULL CHECK (term IN ('short', 'long')),
        kind TEXT NOT NULL CHECK (kind IN ('measure_score', 'test_count', 'activity')),
        description TEXT NOT NULL,
        measure_id TEXT NOT NULL DEFAULT '',
        test_field TEXT NOT NULL DEFAULT '',
        side TEXT NOT NULL DEFAULT '',
        comparator TEXT NOT NULL CHECK (comparator IN ('>=', '<=')),
        target_value REAL NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        target_date TEXT,
        status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN
            ('not_started', 'progressing', 'met', 'not_met', 'discontinued')),
        status_note TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        updated_by INTEGER NOT NULL REFERENCES users(id)
    )
    """,
    "CREATE INDEX plan_goals_plan ON plan_goals(plan_id, position, id)",
    """
    CREATE TABLE return_to_run_sessions (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        episode_id INTEGER NOT NULL REFERENCES episodes(id),
        patient_id INTEGER NOT NULL REFERENCES patients(id),
        run_on TEXT NOT NULL,
        stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 9),
        pain_during REAL NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
        next_morning_worse INTEGER NOT NULL,
        limping INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('advance', 'repeat', 'step_back')),
        next_stage INTEGER NOT NULL CHECK (next_stage BETWEEN 1 AND 9),
        message TEXT NOT NULL,
        recorded_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        in_error INTEGER NOT NULL DEFAULT 0,
        error_reason TEXT NOT NULL DEFAULT '',
        error_by INTEGER REFERENCES users(id),
        error_at TEXT
    )
    """,
    "CREATE INDEX return_to_run_sessions_episode ON return_to_run_sessions(episode_id, run_on, id)",
)

_PROGRAM_TABLES = (
    """
    CREATE TABLE home_programs (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        patient_id INTEGER NOT NULL REFERENCES patients(id),
        episode_id INTEGER NOT NULL UNIQUE REFERENCES episodes(id),
        items_json TEXT NOT NULL DEFAULT '[]',
        options_json TEXT NOT NULL DEFAULT '{}',
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER NOT NULL REFERENCES users(id)
    )
    """,
    "CREATE INDEX home_programs_patient ON home_programs(patient_id)",
    """
    CREATE TABLE home_program_versions (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        program_id INTEGER NOT NULL REFERENCES home_programs(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        patient_id INTEGER NOT NULL REFERENCES patients(id),
        episode_id INTEGER NOT NULL REFERENCES episodes(id),
        items_json TEXT NOT NULL,
        options_json TEXT NOT NULL,
        run_calendar_json TEXT,
        handed_at TEXT NOT NULL,
        handed_by INTEGER NOT NULL REFERENCES users(id),
        therapist_name TEXT NOT NULL,
        UNIQUE (program_id, number)
    )
    """,
    "CREATE INDEX home_program_versions_patient ON home_program_versions(patient_id, handed_at)",
)

_LIBRARY_TABLES = (
    """
    CREATE TABLE custom_exercises (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        exercise_id TEXT NOT NULL UNIQUE,
        definition_json TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        updated_at TEXT NOT NULL,
        updated_by INTEGER NOT NULL REFERENCES users(id)
    )
    """,
    """
    CREATE TABLE exercise_photos (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        exercise_id TEXT NOT NULL,
        mime TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id)
    )
    """,
    "CREATE INDEX exercise_photos_exercise ON exercise_photos(exercise_id, id)",
)

# Handed-out programs, logged runs, goals, clinic exercises and photos are kept whatever code
# tries: versions and photos never change (a reprint must match), a run is only marked in error,
# a goal is discontinued and an exercise archived instead of deleted.
_PLAN_TRIGGERS = (
    "CREATE TRIGGER home_program_versions_no_update BEFORE UPDATE ON home_program_versions "
    "BEGIN SELECT RAISE(ABORT, 'handed-out home programs cannot be changed'); END",
    "CREATE TRIGGER home_program_versions_no_delete BEFORE DELETE ON home_program_versions "
    "BEGIN SELECT RAISE(ABORT, 'handed-out home programs cannot be deleted'); END",
    "CREATE TRIGGER home_programs_no_delete BEFORE DELETE ON home_programs "
    "BEGIN SELECT RAISE(ABORT, 'home programs cannot be deleted'); END",
    "CREATE TRIGGER plan_goals_no_delete BEFORE DELETE ON plan_goals "
    "BEGIN SELECT RAISE(ABORT, 'goals are discontinued, never deleted'); END",
    "CREATE TRIGGER treatment_plans_no_delete BEFORE DELETE ON treatment_plans "
    "BEGIN SELECT RAISE(ABORT, 'treatment plans cannot be deleted'); END",
    "CREATE TRIGGER custom_exercises_no_delete BEFORE DELETE ON custom_exercises "
    "BEGIN SELECT RAISE(ABORT, 'exercises are archived, never deleted'); END",
    "CREATE TRIGGER exercise_photos_no_update BEFORE UPDATE ON exercise_photos "
    "BEGIN SELECT RAISE(ABORT, 'photos cannot be changed; add a new one'); END",
    "CREATE TRIGGER exercise_photos_no_delete BEFORE DELETE ON exercise_photos "
    "BEGIN SELECT RAISE(ABORT, 'photos cannot be deleted; add a new one'); END",
    "CREATE TRIGGER return_to_run_sessions_no_delete BEFORE DELETE ON return_to_run_sessions "
    "BEGIN SELECT RAISE(ABORT, 'runs are marked in error, never deleted'); END",
    "CREATE TRIGGER return_to_run_sessions_only_mark_in_error BEFORE UPDATE ON "
    "return_to_run_sessions WHEN OLD.in_error = 1 OR NEW.in_error IS NOT 1 "
    "OR NEW.error_reason = '' OR NEW.run_on IS NOT OLD.run_on OR NEW.stage IS NOT OLD.stage "
    "OR NEW.pain_during IS NOT OLD.pain_during "
    "OR NEW.next_morning_worse IS NOT OLD.next_morning_worse OR NEW.limping IS NOT OLD.limping "
    "OR NEW.action IS NOT OLD.action OR NEW.next_stage IS NOT OLD.next_stage "
    "OR NEW.episode_id IS NOT OLD.episode_id "
    "BEGIN SELECT RAISE(ABORT, 'a logged run can only be marked in error, with a reason'); END",
)


@MIGRATIONS(name="0006_clinic_settings")
def clinic_settings(db: Database) -> None:
    """One row of clinic details for every printed page (name, address, phone, logo, default
    paper); the row always exists, so reading it never has to invent one."""
    db.execute(
        """
        CREATE TABLE clinic_settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            logo BLOB,
            logo_mime TEXT NOT NULL DEFAULT '' CHECK (logo_mime IN ('', 'image/png', 'image/jpeg')),
            paper TEXT NOT NULL DEFAULT 'A4' CHECK (paper IN ('A4', 'Letter')),
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT,
            updated_by INTEGER REFERENCES users(id)
        )
        """
    )
    db.execute("INSERT INTO clinic_settings (id, name) VALUES (1, 'Keystone Desk Clinic')")
    db.execute("CREATE TRIGGER clinic_settings_no_delete BEFORE DELETE ON clinic_settings "
               "BEGIN SELECT RAISE(ABORT, 'the clinic settings row cannot be deleted'); END")


@MIGRATIONS(name="0007_harden_charting")
def harden_charting(db: Database) -> None:
    """Close the ways round the charting triggers (an attachment moved into a signed note, a note
    inserted already signed, an episode moved to another patient under its notes, a score's
    record rewritten) and give recovery copies a base version and an owner: one copy per note
    and user, remembering the version the typing was done over.

    Copies kept before this migration have no base version: one saved after the note's last save
    gets the note's version; an older one gets the version before it, so recovering it asks whom
    to keep instead of silently overwriting the newer save."""
    db.execute(
        """
        CREATE TABLE note_autosaves_by_user (
            note_id INTEGER NOT NULL REFERENCES notes(id),
            user_id INTEGER NOT NULL REFERENCES users(id),
            base_version INTEGER NOT NULL,
            content_json TEXT NOT NULL,
            header_json TEXT NOT NULL DEFAULT '{}',
            saved_at TEXT NOT NULL,
            PRIMARY KEY (note_id, user_id)
        )
        """
    )
    db.execute(
        "INSERT INTO note_autosaves_by_user (note_id, user_id, base_version, content_json, "
        "header_json, saved_at) SELECT a.note_id, a.user_id, CASE WHEN n.updated_at <= a.saved_at "
        "THEN n.version ELSE n.version - 1 END, a.content_json, a.header_json, a.saved_at "
        "FROM note_autosaves a JOIN notes n ON n.id = a.note_id"
    )
    db.execute("DROP TABLE note_autosaves")
    db.execute("ALTER TABLE note_autosaves_by_user RENAME TO note_autosaves")
    db.execute("DROP TRIGGER measure_results_only_mark_in_error")
    for statement in _HARDENED_CHARTING_TRIGGERS:
        db.execute(statement)


_HARDENED_CHARTING_TRIGGERS = (
    # 0004 checks only OLD.note_id: moving a picture INTO a signed note (or another patient's
    # note) must be refused too, so a picture never changes notes.
    "CREATE TRIGGER attachments_stay_with_their_note BEFORE UPDATE OF note_id ON attachments "
    "WHEN NEW.note_id IS NOT OLD.note_id "
    "BEGIN SELECT RAISE(ABORT, 'an attachment stays with the note it was added to'); END",
    "CREATE TRIGGER notes_start_as_drafts BEFORE INSERT ON notes "
    "WHEN NEW.status IS NOT 'draft' "
    "BEGIN SELECT RAISE(ABORT, 'a note starts as a draft; it is signed afterwards'); END",
    "CREATE TRIGGER episodes_keep_their_patient BEFORE UPDATE OF patient_id ON episodes "
    "WHEN NEW.patient_id IS NOT OLD.patient_id AND (EXISTS "
    "(SELECT 1 FROM notes WHERE episode_id = OLD.id) OR EXISTS "
    "(SELECT 1 FROM measure_results WHERE episode_id = OLD.id)) "
    "BEGIN SELECT RAISE(ABORT, 'an episode with notes or scores stays with its patient'); END",
    # Replaces 0004's trigger: every column but the four that mark a score in error is fixed.
    "CREATE TRIGGER measure_results_only_mark_in_error BEFORE UPDATE ON measure_results "
    "WHEN OLD.in_error = 1 OR NEW.in_error IS NOT 1 OR NEW.error_reason = '' "
    "OR NEW.id IS NOT OLD.id OR NEW.uid IS NOT OLD.uid "
    "OR NEW.episode_id IS NOT OLD.episode_id OR NEW.patient_id IS NOT OLD.patient_id "
    "OR NEW.measure_id IS NOT OLD.measure_id OR NEW.taken_on IS NOT OLD.taken_on "
    "OR NEW.answers_json IS NOT OLD.answers_json OR NEW.score IS NOT OLD.score "
    "OR NEW.problems_json IS NOT OLD.problems_json OR NEW.entered_by IS NOT OLD.entered_by "
    "OR NEW.created_at IS NOT OLD.created_at "
    "BEGIN SELECT RAISE(ABORT, 'a recorded score can only be marked in error, with a reason'); END",
)


@MIGRATIONS(name="0008_users_audit_chain_backups")
def users_audit_chain_backups(db: Database) -> None:
    """Sign-in for clinic users (argon2id hashes, lockout), a hash chain over the audit trail, and
    backup preferences. Existing audit entries are chained in their original order."""
    for column in (
        "password_hash TEXT NOT NULL DEFAULT ''",
        "pin_hash TEXT NOT NULL DEFAULT ''",
        "failed_attempts INTEGER NOT NULL DEFAULT 0",
        "locked_until TEXT",
        "last_login_at TEXT",
        "version INTEGER NOT NULL DEFAULT 1",
    ):
        db.execute(f"ALTER TABLE users ADD COLUMN {column}")
    for column in (
        "backup_folder TEXT NOT NULL DEFAULT ''",
        "backup_keep INTEGER NOT NULL DEFAULT 10 CHECK (backup_keep BETWEEN 1 AND 365)",
        "backup_daily INTEGER NOT NULL DEFAULT 1",
        "backup_on_exit INTEGER NOT NULL DEFAULT 1",
        "last_backup_at TEXT",
        "idle_lock_minutes INTEGER NOT NULL DEFAULT 10 CHECK (idle_lock_minutes BETWEEN 1 AND 240)",
    ):
        db.execute(f"ALTER TABLE clinic_settings ADD COLUMN {column}")
    db.execute("ALTER TABLE audit_events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE audit_events ADD COLUMN hash TEXT NOT NULL DEFAULT ''")
    # The append-only trigger is lifted only inside this migration's transaction, to chain the
    # entries written before the chain existed.
    db.execute("DROP TRIGGER audit_events_no_update")
    prev = GENESIS
    rows = db.execute(
        "SELECT id, at, user_id, action, entity, entity_id, patient_id, detail FROM audit_events "
        "ORDER BY id").fetchall()
    for row in rows:
        digest = entry_hash(prev, *row)
        db.execute("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?",
                   [prev, digest, row[0]])
        prev = digest
    db.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_events_chained BEFORE INSERT ON audit_events "
        "WHEN length(NEW.hash) <> 64 OR length(NEW.prev_hash) <> 64 "
        "BEGIN SELECT RAISE(ABORT, 'audit events must be hash-chained'); END"
    )


@MIGRATIONS(name="0009_return_to_run_readiness")
def return_to_run_readiness(db: Database) -> None:
    """The therapist's confirmation that a runner is ready to start the walk-run progression:
    either every entry criterion was met, or some were not and the therapist started anyway
    with a reason. Until an episode has one, its home program prints no run calendar. Each
    confirmation is kept as made (what the criteria said, who, when, why); a later one is a new
    row."""
    db.execute("""
    CREATE TABLE return_to_run_readiness (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        episode_id INTEGER NOT NULL REFERENCES episodes(id),
        patient_id INTEGER NOT NULL REFERENCES patients(id),
        criteria_met INTEGER NOT NULL CHECK (criteria_met IN (0, 1)),
        override_reason TEXT NOT NULL DEFAULT '',
        criteria_json TEXT NOT NULL DEFAULT '[]',
        confirmed_by INTEGER NOT NULL REFERENCES users(id),
        confirmed_at TEXT NOT NULL,
        CHECK (criteria_met = 1 OR length(trim(override_reason)) > 0)
    )
    """)
    db.execute("CREATE INDEX return_to_run_readiness_episode "
               "ON return_to_run_readiness(episode_id, id)")
    db.execute("CREATE TRIGGER return_to_run_readiness_no_update BEFORE UPDATE ON "
               "return_to_run_readiness "
               "BEGIN SELECT RAISE(ABORT, 'a readiness confirmation is kept as made'); END")
    db.execute("CREATE TRIGGER return_to_run_readiness_no_delete BEFORE DELETE ON "
               "return_to_run_readiness "
               "BEGIN SELECT RAISE(ABORT, 'a readiness confirmation is kept as made'); END")

@MIGRATIONS(name="0010_intake_questions_not_asked")
def intake_questions_not_asked(db: Database) -> None:
    """The red-flag and medication questions become yes / no / not asked (domain.intake.Answer).

    Before this, an unticked box was stored as "no" although nobody may have asked. A stored
    "yes" stays yes; a stored no, or nothing, becomes "not asked", because we cannot know it was
    asked. Red flags answered yes stay in `red_flags`; `red_flags_denied` (answered no) starts
    empty. Written out in full here, not through the domain, so that later changes to the domain
    cannot change what this step did."""
    rows = db.execute("SELECT id, intake_json FROM patients").fetchall()
    for patient_id, text in rows:
        intake = json.loads(text)
        for name in ("fluoroquinolone", "corticosteroid_injection"):
            intake[name] = "yes" if intake.get(name) is True else "not_asked"
        intake["red_flags_denied"] = []
        db.execute("UPDATE patients SET intake_json = ? WHERE id = ?",
                   [json.dumps(intake, ensure_ascii=False, sort_keys=True), patient_id])
