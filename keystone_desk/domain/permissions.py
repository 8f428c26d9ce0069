"""Who may do what: the permission matrix of the four clinic roles, and which permission each
service method needs. Standard library only.

Services enforce it (services.session wraps every service a signed-in person reaches; the user
administration in services.auth checks it itself); the window only uses it to hide what a role
cannot do. A meta-test fails when a public service method has no entry in METHOD_PERMISSIONS.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from .errors import KeystoneError
from .users import Role


class Permission(StrEnum):
    PATIENT_SEARCH = "patient_search"
    PATIENT_REGISTER = "patient_register"
    PATIENT_EDIT = "patient_edit"
    PATIENT_ARCHIVE = "patient_archive"
    PATIENT_IMPORT = "patient_import"
    CHART_OPEN = "chart_open"
    CLINICAL_READ = "clinical_read"
    CLINICAL_WRITE = "clinical_write"
    NOTE_SIGN = "note_sign"
    NOTE_ADDENDUM = "note_addendum"
    NOTE_EXPORT = "note_export"
    MEASURE_READ = "measure_read"
    MEASURE_WRITE = "measure_write"
    PLAN_WRITE = "plan_write"
    PROGRAM_READ = "program_read"
    PROGRAM_WRITE = "program_write"
    PROGRAM_HAND_OUT = "program_hand_out"
    PROGRAM_PRINT = "program_print"
    USERS_MANAGE = "users_manage"
    SETTINGS_MANAGE = "settings_manage"
    BACKUP_RUN = "backup_run"
    BACKUP_RESTORE = "backup_restore"
    AUDIT_VIEW = "audit_view"
    DEMO_LOAD = "demo_load"


P = Permission

# What a refusal says: "Your role (front desk) cannot <this>."
_ACTIONS: Mapping[Permission, str] = {
    P.PATIENT_SEARCH: "search patients",
    P.PATIENT_REGISTER: "register patients",
    P.PATIENT_EDIT: "change patient details",
    P.PATIENT_ARCHIVE: "archive patients",
    P.PATIENT_IMPORT: "import patients",
    P.CHART_OPEN: "open patient charts",
    P.CLINICAL_READ: "open clinical notes",
    P.CLINICAL_WRITE: "write clinical notes",
    P.NOTE_SIGN: "sign notes",
    P.NOTE_ADDENDUM: "add addenda to signed notes",
    P.NOTE_EXPORT: "export notes",
    P.MEASURE_READ: "see outcome scores",
    P.MEASURE_WRITE: "record outcome scores",
    P.PLAN_WRITE: "change plans of care",
    P.PROGRAM_READ: "see home programs",
    P.PROGRAM_WRITE: "change home programs",
    P.PROGRAM_HAND_OUT: "hand out home programs",
    P.PROGRAM_PRINT: "print home programs",
    P.USERS_MANAGE: "manage users",
    P.SETTINGS_MANAGE: "change clinic settings",
    P.BACKUP_RUN: "make backups",
    P.BACKUP_RESTORE: "restore backups",
    P.AUDIT_VIEW: "view the audit trail",
    P.DEMO_LOAD: "load the demo clinic",
}

_PATIENT_DESK = {P.PATIENT_SEARCH, P.PATIENT_REGISTER, P.PATIENT_EDIT, P.CHART_OPEN}
_ASSISTANT = {P.PATIENT_SEARCH, P.CHART_OPEN, P.CLINICAL_READ, P.CLINICAL_WRITE, P.MEASURE_READ,
              P.MEASURE_WRITE, P.PROGRAM_READ, P.PROGRAM_WRITE, P.PROGRAM_PRINT}

ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = MappingProxyType({
    # Runs the clinic and its records, but reads no clinical contents.
    Role.ADMINISTRATOR: frozenset({
        *_PATIENT_DESK, P.PATIENT_ARCHIVE, P.PATIENT_IMPORT, P.PROGRAM_READ, P.PROGRAM_PRINT,
        P.USERS_MANAGE, P.SETTINGS_MANAGE, P.BACKUP_RUN, P.BACKUP_RESTORE, P.AUDIT_VIEW,
        P.DEMO_LOAD}),
    Role.THERAPIST: frozenset({
        *_PATIENT_DESK, *_ASSISTANT, P.PATIENT_ARCHIVE, P.NOTE_SIGN, P.NOTE_ADDENDUM,
        P.NOTE_EXPORT, P.PLAN_WRITE, P.PROGRAM_HAND_OUT}),
    # Writes notes that a therapist co-signs (signs); reads plans of care, does not set them.
    Role.ASSISTANT: frozenset(_ASSISTANT),
    # Intake, demographics, printing programs already handed out: no notes, no scores.
    Role.FRONT_DESK: frozenset({*_PATIENT_DESK, P.PROGRAM_READ, P.PROGRAM_PRINT}),
})

ROLE_NAMES: Mapping[Role, str] = MappingProxyType({
    Role.ADMINISTRATOR: "administrator", Role.THERAPIST: "therapist",
    Role.ASSISTANT: "assistant", Role.FRONT_DESK: "front desk",
})


def allows(role: Role, permission: Permission | None) -> bool:
    """Whether `role` may do what needs `permission` (None: any signed-in user)."""
    return permission is None or permission in ROLE_PERMISSIONS[role]


class PermissionDeniedError(KeystoneError):
    """The signed-in person's role may not do this; nothing was done (the refusal is audited)."""

    def __init__(self, role: Role, permission: Permission | None, message: str = ""):
        self.role, self.permission = role, permission
        action = _ACTIONS[permission] if permission is not None else "do this"
        super().__init__(message or f"Your role ({ROLE_NAMES[role]}) cannot {action}.")


_ANY = None
# (attribute of Clinic, method or property) -> the permission it needs; None = any signed-in user.
METHOD_PERMISSIONS: Mapping[tuple[str, str], Permission | None] = MappingProxyType({
    ("patients", "day_first"): _ANY,
    ("patients", "validate"): P.PATIENT_REGISTER,
    ("patients", "find_duplicates"): P.PATIENT_REGISTER,
    ("patients", "register"): P.PATIENT_REGISTER,
    ("patients", "register_many"): P.PATIENT_IMPORT,
    ("patients", "update"): P.PATIENT_EDIT,
    ("patients", "set_archived"): P.PATIENT_ARCHIVE,
    ("patients", "open_chart"): P.CHART_OPEN,
    ("patients", "get"): P.PATIENT_SEARCH,
    ("patients", "resolve"): P.PATIENT_SEARCH,
    ("patients", "search"): P.PATIENT_SEARCH,
    ("patients", "count"): P.PATIENT_SEARCH,
    ("importer", "import_file"): P.PATIENT_IMPORT,
    ("importer", "import_bytes"): P.PATIENT_IMPORT,
    ("demo", "load"): P.DEMO_LOAD,
    # Episode titles are on the chart's front page (the front desk prints programs by episode).
    ("episodes", "for_patient"): P.CHART_OPEN,
    ("episodes", "get"): P.CHART_OPEN,
    ("episodes", "open_episode"): P.CLINICAL_WRITE,
    ("episodes", "discharge"): P.CLINICAL_WRITE,
    ("episodes", "due"): P.CLINICAL_READ,
    ("notes", "get"): P.CLINICAL_READ,
    ("notes", "for_episode"): P.CLINICAL_READ,
    ("notes", "attachments"): P.CLINICAL_READ,
    ("notes", "copy_forward_content"): P.CLINICAL_READ,
    ("notes", "copy_forward_source"): P.CLINICAL_READ,
    ("notes", "verify_signature"): P.CLINICAL_READ,
    ("notes", "verify_addenda"): P.CLINICAL_READ,
    ("notes", "create"): P.CLINICAL_WRITE,
    ("notes", "save"): P.CLINICAL_WRITE,
    ("notes", "autosave"): P.CLINICAL_WRITE,
    ("notes", "recovered_draft"): P.CLINICAL_WRITE,
    ("notes", "discard_recovered_draft"): P.CLINICAL_WRITE,
    ("notes", "add_attachment"): P.CLINICAL_WRITE,
    ("notes", "replace_attachment"): P.CLINICAL_WRITE,
    ("notes", "remove_attachment"): P.CLINICAL_WRITE,
    ("notes", "sign"): P.NOTE_SIGN,
    ("notes", "awaiting_cosignature"): P.NOTE_SIGN,  # the co-signature queue: signers only
    ("notes", "add_addendum"): P.NOTE_ADDENDUM,
    ("note_export", "document"): P.CLINICAL_READ,
    ("note_export", "export"): P.NOTE_EXPORT,
    # Measure definitions and scoring a form hold no patient data.
    ("measures", "catalog"): _ANY,
    ("measures", "today"): _ANY,
    ("measures", "definition"): _ANY,
    ("measures", "score"): _ANY,
    ("measures", "record"): P.MEASURE_WRITE,
    ("measures", "mark_in_error"): P.MEASURE_WRITE,
    ("measures", "history"): P.MEASURE_READ,
    ("measures", "first_and_last"): P.MEASURE_READ,
    ("measures", "get"): P.MEASURE_READ,
    ("templates", "load"): _ANY,
    ("templates", "templates"): _ANY,
    ("templates", "get"): _ANY,
    ("templates", "ids"): _ANY,
    ("protocols", "load"): _ANY,
    ("protocols", "get"): _ANY,
    ("protocols", "ids"): _ANY,
    ("plans", "get"): P.CLINICAL_READ,
    ("plans", "for_episode"): P.CLINICAL_READ,
    ("plans", "check_goals"): P.MEASURE_READ,
    ("plans", "evidence"): P.MEASURE_READ,
    ("plans", "summary"): P.MEASURE_READ,
    ("plans", "create"): P.PLAN_WRITE,
    ("plans", "update"): P.PLAN_WRITE,
    ("plans", "add_goal"): P.PLAN_WRITE,
    ("plans", "update_goal"): P.PLAN_WRITE,
    ("plans", "set_goal_status"): P.PLAN_WRITE,
    ("plans", "apply_protocol"): P.PLAN_WRITE,
    ("return_to_run", "facts"): P.CLINICAL_READ,
    ("return_to_run", "check_entry"): P.CLINICAL_READ,
    ("return_to_run", "current_stage"): P.CLINICAL_READ,
    ("return_to_run", "sessions"): P.CLINICAL_READ,
    ("return_to_run", "plan"): P.PLAN_WRITE,
    ("return_to_run", "readiness"): P.CLINICAL_READ,
    ("return_to_run", "confirm_readiness"): P.PLAN_WRITE,
    ("return_to_run", "record_session"): P.CLINICAL_WRITE,
    ("return_to_run", "mark_session_in_error"): P.CLINICAL_WRITE,
    ("exercises", "library"): _ANY,
    ("exercises", "all"): _ANY,
    ("exercises", "search"): _ANY,
    ("exercises", "categories"): _ANY,
    ("exercises", "get"): _ANY,
    ("exercises", "clinic_exercise"): _ANY,
    ("exercises", "photo"): _ANY,
    ("exercises", "create"): P.PROGRAM_WRITE,
    ("exercises", "update"): P.PROGRAM_WRITE,
    ("exercises", "archive"): P.PROGRAM_WRITE,
    ("exercises", "set_photo"): P.PROGRAM_WRITE,
    ("exercises", "clear_photo"): P.PROGRAM_WRITE,
    ("home_programs", "get"): P.PROGRAM_READ,
    ("home_programs", "for_episode"): P.PROGRAM_READ,
    ("home_programs", "versions"): P.PROGRAM_READ,
    ("home_programs", "version"): P.PROGRAM_READ,
    ("home_programs", "current_for_patient"): P.PROGRAM_READ,
    ("home_programs", "version_on"): P.PROGRAM_READ,
    ("home_programs", "exercise_document"): _ANY,
    ("home_programs", "known_exercise_ids"): _ANY,
    ("home_programs", "printable_calendar"): P.PROGRAM_READ,
    ("home_programs", "get_or_create_draft"): P.PROGRAM_WRITE,
    ("home_programs", "set_items"): P.PROGRAM_WRITE,
    ("home_programs", "set_options"): P.PROGRAM_WRITE,
    ("home_programs", "replace_draft"): P.PROGRAM_WRITE,
    ("home_programs", "hand_out"): P.PROGRAM_HAND_OUT,
    ("handouts", "draft_document"): P.PROGRAM_WRITE,
    ("handouts", "draft_pdf"): P.PROGRAM_WRITE,
    ("handouts", "version_document"): P.PROGRAM_PRINT,
    ("handouts", "version_pdf"): P.PROGRAM_PRINT,
    ("handouts", "current_pdf"): P.PROGRAM_PRINT,
    ("handouts", "record_output"): P.PROGRAM_PRINT,
    # Clinic name, address and logo go on every printout.
    ("settings", "get"): _ANY,
    ("settings", "version"): _ANY,
    ("settings", "update"): P.SETTINGS_MANAGE,
    ("settings", "set_details"): P.SETTINGS_MANAGE,
    # Daily and on-exit backups run as whoever is signed in, to the clinic's folder (only an
    # administrator may choose another: services.backups checks that itself).
    ("backups", "settings"): _ANY,
    ("backups", "due_daily"): _ANY,
    ("backups", "due_on_exit"): _ANY,
    ("backups", "folder_missing"): _ANY,
    ("backups", "backup_now"): _ANY,
    ("backups", "update_settings"): P.BACKUP_RUN,
    ("backups", "list_backups"): P.BACKUP_RUN,
    # Signing in and one's own password and PIN need no permission; user administration does.
    ("auth", "needs_first_administrator"): _ANY,
    ("auth", "create_first_administrator"): _ANY,
    ("auth", "login"): _ANY,
    ("auth", "logout"): _ANY,
    ("auth", "verify_unlock"): _ANY,
    ("auth", "set_pin"): _ANY,
    ("auth", "change_password"): _ANY,
    ("auth", "idle_lock_minutes"): _ANY,
    # Everyone is warned while a sign-in still has its published demo password.
    ("auth", "demo_password_users"): _ANY,
    ("auth", "set_idle_lock_minutes"): P.SETTINGS_MANAGE,
    ("auth", "list_users"): P.USERS_MANAGE,
    ("auth", "create_user"): P.USERS_MANAGE,
    ("auth", "update_user"): P.USERS_MANAGE,
    ("auth", "reset_password"): P.USERS_MANAGE,
    ("auth", "unlock_account"): P.USERS_MANAGE,
    # The audit trail: reading it is itself audited (services.audit).
    ("audit", "verify"): P.AUDIT_VIEW,
    ("audit", "query"): P.AUDIT_VIEW,
    ("audit", "export_csv"): P.AUDIT_VIEW,
    ("audit", "users"): P.AUDIT_VIEW,
    ("audit", "actions"): P.AUDIT_VIEW,
})
