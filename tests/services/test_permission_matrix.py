"""Every service method, called as every role through a ClinicSession, is allowed exactly when the
permission matrix (domain.permissions) says so. A refused call raises PermissionDeniedError before
it looks at its arguments, leaves one "denied" audit event and changes nothing else.

Each role works in its own copy of a small demo clinic (3 charted patients with signed notes,
outcome scores, a plan of care and a home program handed out). Calls that change records get
fresh records to change, built as the demo therapist outside the session.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.clinic_exercises import ExerciseDraft
from keystone_desk.domain.exercises import Dosage
from keystone_desk.domain.permissions import METHOD_PERMISSIONS, PermissionDeniedError, allows
from keystone_desk.domain.plan_goals import Comparator, GoalKind, GoalStatus, GoalTarget, GoalTerm
from keystone_desk.domain.users import Role, User
from keystone_desk.services.clinic import Clinic
from keystone_desk.services.session import GUARDED_SERVICES, ClinicSession
from tests.conftest import CHEAP_HASHER, FakeClock, intake_values

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
_unique = itertools.count(1)


@dataclass
class World:
    clinic: Clinic
    users: dict[Role, User]
    patient_id: int
    episode_id: int
    note_id: int
    result_id: int
    program_id: int
    version: int
    plan_id: int
    tmp: Any

    @property
    def therapist(self) -> User:
        return self.users[Role.THERAPIST]

    def new_patient(self) -> Any:
        n = next(_unique)
        return self.clinic.patients.register(
            self.therapist, intake_values(first_name=f"Test{_letters(n)}")).patient

    def new_episode(self) -> Any:
        return self.clinic.episodes.open_episode(self.therapist, self.new_patient().id, "Knee")

    def new_draft(self) -> Any:
        return self.clinic.notes.create(self.therapist, self.new_episode().id, NoteKind.DAILY,
                                        content={"subjective": "Better."})

    def goal(self) -> Any:
        return self.clinic.plans.add_goal(self.therapist, self.plan_id, GOAL)


def _letters(n: int) -> str:
    return "".join(chr(ord("a") + int(d)) for d in str(n))


GOAL = GoalTarget(GoalTerm.LONG, GoalKind.ACTIVITY, "Run 5 km with pain at most 2/10", 2,
                  Comparator.AT_MOST, "/10 pain", date(2027, 1, 30))
DRAFT = ExerciseDraft("Wall sit", "isometric", "Strong thighs.", "Back against a wall.",
                      ("Slide down.", "Hold, then slide back up."), dosage=Dosage(sets=3, reps=1),
                      figure_from="calf-isometric-hold-standing")


def _csv() -> bytes:
    n = _letters(next(_unique))
    return (f"first_name,last_name,date_of_birth,phone,email\nImp{n},Row,1990-03-01,"
            f"555 010 1111,\n").encode()


Args = tuple[tuple[Any, ...], dict[str, Any]]


def a(*args: Any, **kwargs: Any) -> Args:
    return args, kwargs


def _exercise(w: World) -> Any:
    return w.clinic.exercises.create(w.therapist, DRAFT)


def _program_draft(w: World) -> Any:
    return w.clinic.home_programs.get_or_create_draft(w.therapist, w.new_episode().id)


def _plan(w: World) -> Any:
    return w.clinic.plans.get(w.plan_id)


def _note_edit(w: World) -> Args:
    note = w.new_draft()
    return a(note.id, note.header, {"subjective": "Worse."}, note.version)


def _run_session(w: World) -> Any:
    return w.clinic.return_to_run.record_session(w.therapist, w.episode_id, _today(w), 1, False,
                                                 False, stage=1)


def _today(w: World) -> date:
    return w.clinic.clock().date()


# (service, method) -> the arguments of a plausible call (actor left out: the session fills it).
CALLS: dict[tuple[str, str], Callable[[World], Args]] = {
    ("patients", "validate"): lambda w: a(intake_values()),
    ("patients", "find_duplicates"): lambda w: a(w.clinic.patients.validate(intake_values())),
    ("patients", "register"): lambda w: a(intake_values(first_name=f"N{_letters(next(_unique))}")),
    ("patients", "register_many"): lambda w: a([intake_values(
        first_name=f"M{_letters(next(_unique))}")]),
    ("patients", "update"): lambda w: (lambda p: a(p.id, intake_values(
        first_name=p.intake.first_name, email="x@example.org"), p.version))(w.new_patient()),
    ("patients", "set_archived"): lambda w: (lambda p: a(p.id, True, p.version))(w.new_patient()),
    ("patients", "open_chart"): lambda w: a(w.patient_id),
    ("patients", "get"): lambda w: a(w.patient_id),
    ("patients", "resolve"): lambda w: a(str(w.patient_id)),
    ("patients", "search"): lambda w: a("a"),
    ("patients", "count"): lambda w: a(),
    ("importer", "import_file"): lambda w: (
        lambda path: (path.write_bytes(_csv()), a(path))[1])(w.tmp / f"{next(_unique)}.csv"),
    ("importer", "import_bytes"): lambda w: a(_csv()),
    ("demo", "load"): lambda w: a(patients=1),
    ("episodes", "for_patient"): lambda w: a(w.patient_id),
    ("episodes", "get"): lambda w: a(w.episode_id),
    ("episodes", "open_episode"): lambda w: a(w.new_patient().id, "Ankle"),
    ("episodes", "discharge"): lambda w: (lambda e: a(e.id, _today(w), e.version))(
        w.new_episode()),
    ("episodes", "due"): lambda w: a(w.clinic.episodes.get(w.episode_id)),
    ("notes", "get"): lambda w: a(w.note_id),
    ("notes", "for_episode"): lambda w: a(w.episode_id),
    ("notes", "attachments"): lambda w: a(w.note_id),
    ("notes", "copy_forward_content"): lambda w: a(w.episode_id),
    ("notes", "copy_forward_source"): lambda w: a(w.episode_id),
    ("notes", "awaiting_cosignature"): lambda w: a(),
    ("notes", "verify_signature"): lambda w: a(w.note_id),
    ("notes", "verify_addenda"): lambda w: a(w.note_id),
    ("notes", "create"): lambda w: a(w.new_episode().id, NoteKind.DAILY),
    ("notes", "save"): _note_edit,
    ("notes", "autosave"): _note_edit,
    ("notes", "recovered_draft"): lambda w: a(w.note_id),
    ("notes", "discard_recovered_draft"): lambda w: a(w.new_draft().id),
    ("notes", "add_attachment"): lambda w: a(w.new_draft().id, "photo", "x.png", "image/png", PNG),
    ("notes", "replace_attachment"): lambda w: a(w.new_draft().id, "photo", "x.png", "image/png",
                                                 PNG),
    ("notes", "remove_attachment"): lambda w: (lambda n: a(n.id, w.clinic.notes.add_attachment(
        w.therapist, n.id, "photo", "x.png", "image/png", PNG).id))(w.new_draft()),
    ("notes", "sign"): lambda w: (lambda n: a(n.id, "PT, DPT", n.version))(w.new_draft()),
    ("notes", "add_addendum"): lambda w: a(w.note_id, "Late entry", "Also iced.", "PT, DPT"),
    ("note_export", "document"): lambda w: a(w.note_id),
    ("note_export", "export"): lambda w: a(w.note_id, invariant=True),
    ("measures", "definition"): lambda w: a("nprs"),
    ("measures", "score"): lambda w: a("nprs", {"1": 3}),
    ("measures", "today"): lambda w: a(),
    ("measures", "record"): lambda w: a(w.episode_id, "nprs", _today(w), {"1": 3}),
    ("measures", "mark_in_error"): lambda w: a(w.clinic.measures.record(
        w.therapist, w.episode_id, "nprs", _today(w), {"1": 4}).id, "Wrong patient"),
    ("measures", "history"): lambda w: a(w.episode_id),
    ("measures", "first_and_last"): lambda w: a(w.episode_id),
    ("measures", "get"): lambda w: a(w.result_id),
    ("templates", "get"): lambda w: a(w.clinic.templates.ids()[0]),
    ("templates", "ids"): lambda w: a(),
    ("protocols", "get"): lambda w: a(w.clinic.protocols.ids()[0]),
    ("protocols", "ids"): lambda w: a(),
    ("plans", "get"): lambda w: a(w.plan_id),
    ("plans", "for_episode"): lambda w: a(w.episode_id),
    ("plans", "check_goals"): lambda w: a(w.episode_id),
    ("plans", "evidence"): lambda w: a(w.episode_id),
    ("plans", "summary"): lambda w: a(w.episode_id),
    ("plans", "create"): lambda w: a(w.new_episode().id),
    ("plans", "update"): lambda w: (lambda p: a(p.id, p.content, p.version))(_plan(w)),
    ("plans", "add_goal"): lambda w: a(w.plan_id, GOAL),
    ("plans", "update_goal"): lambda w: (lambda g: a(g.id, GOAL, g.version))(w.goal()),
    ("plans", "set_goal_status"): lambda w: (lambda g: a(g.id, GoalStatus.PROGRESSING,
                                                         g.version))(w.goal()),
    ("plans", "apply_protocol"): lambda w: a(w.new_episode().id, w.clinic.protocols.ids()[0],
                                             _today(w)),
    ("return_to_run", "facts"): lambda w: a(w.episode_id),
    ("return_to_run", "check_entry"): lambda w: a(w.episode_id),
    ("return_to_run", "current_stage"): lambda w: a(w.episode_id),
    ("return_to_run", "sessions"): lambda w: a(w.episode_id),
    ("return_to_run", "plan"): lambda w: (lambda e: (w.clinic.return_to_run.confirm_readiness(
        w.therapist, e, reason="Runs pain-free in the clinic"), a(e, _today(w), first_stage=1))[1])(
        w.new_episode().id),
    ("return_to_run", "readiness"): lambda w: a(w.episode_id),
    ("return_to_run", "confirm_readiness"): lambda w: a(w.new_episode().id,
                                                        reason="Runs pain-free in the clinic"),
    ("return_to_run", "record_session"): lambda w: a(w.episode_id, _today(w), 1, False, False,
                                                     stage=1),
    ("return_to_run", "mark_session_in_error"): lambda w: a(_run_session(w).id, "Wrong day"),
    ("exercises", "all"): lambda w: a(),
    ("exercises", "search"): lambda w: a("calf"),
    ("exercises", "categories"): lambda w: a(),
    ("exercises", "get"): lambda w: a("calf-isometric-hold-standing"),
    ("exercises", "clinic_exercise"): lambda w: a(_exercise(w).id),
    ("exercises", "photo"): lambda w: a("calf-isometric-hold-standing"),
    ("exercises", "create"): lambda w: a(DRAFT),
    ("exercises", "update"): lambda w: (lambda e: a(e.id, DRAFT, w.clinic.exercises.clinic_exercise(
        e.id).version))(_exercise(w)),
    ("exercises", "archive"): lambda w: (lambda e: a(e.id, w.clinic.exercises.clinic_exercise(
        e.id).version))(_exercise(w)),
    ("exercises", "set_photo"): lambda w: a(_exercise(w).id, PNG, "image/png"),
    ("exercises", "clear_photo"): lambda w: a(_exercise(w).id),
    ("home_programs", "get"): lambda w: a(w.program_id),
    ("home_programs", "for_episode"): lambda w: a(w.episode_id),
    ("home_programs", "versions"): lambda w: a(w.program_id),
    ("home_programs", "version"): lambda w: a(w.program_id, w.version),
    ("home_programs", "current_for_patient"): lambda w: a(w.patient_id),
    ("home_programs", "version_on"): lambda w: a(w.patient_id, _today(w)),
    ("home_programs", "printable_calendar"): lambda w: a(w.clinic.home_programs.get(w.program_id)),
    ("home_programs", "exercise_document"): lambda w: a("calf-isometric-hold-standing"),
    ("home_programs", "known_exercise_ids"): lambda w: a(),
    ("home_programs", "get_or_create_draft"): lambda w: a(w.new_episode().id),
    ("home_programs", "set_items"): lambda w: (lambda p: a(p.id, (), p.version))(
        _program_draft(w)),
    ("home_programs", "set_options"): lambda w: (lambda p: a(p.id, {"paper": "a4"}, p.version))(
        _program_draft(w)),
    ("home_programs", "replace_draft"): lambda w: a(w.new_episode().id, items=(), reason="Start"),
    ("home_programs", "hand_out"): lambda w: (lambda e: (
        w.clinic.home_programs.replace_draft(w.therapist, e, items=w.clinic.home_programs.get(
            w.program_id).items, reason="Copy"), a(
            w.clinic.home_programs.for_episode(e).id))[1])(w.new_episode().id),
    ("handouts", "draft_document"): lambda w: a(w.program_id),
    ("handouts", "draft_pdf"): lambda w: a(w.program_id),
    ("handouts", "version_document"): lambda w: a(w.clinic.home_programs.version(w.program_id,
                                                                                 w.version)),
    ("handouts", "version_pdf"): lambda w: a(w.program_id, w.version),
    ("handouts", "current_pdf"): lambda w: a(w.patient_id),
    ("handouts", "record_output"): lambda w: a(w.program_id, w.version, "print"),
    ("settings", "get"): lambda w: a(),
    ("settings", "version"): lambda w: a(),
    ("settings", "update"): lambda w: a(w.clinic.settings.get()),
    ("settings", "set_details"): lambda w: a(phone="555 010 2000"),
    ("backups", "settings"): lambda w: a(),
    ("backups", "due_daily"): lambda w: a(),
    ("backups", "due_on_exit"): lambda w: a(),
    ("backups", "folder_missing"): lambda w: a(),
    ("backups", "list_backups"): lambda w: a(w.tmp),
    ("audit", "verify"): lambda w: a(),
    ("audit", "query"): lambda w: a(limit=5),
    ("audit", "export_csv"): lambda w: a(w.tmp / f"audit{next(_unique)}.csv"),
    ("audit", "users"): lambda w: a(),
    ("audit", "actions"): lambda w: a(),
    ("auth", "needs_first_administrator"): lambda w: a(),
    ("auth", "idle_lock_minutes"): lambda w: a(),
    ("auth", "demo_password_users"): lambda w: a(),
    ("auth", "set_idle_lock_minutes"): lambda w: a(12),
    ("auth", "list_users"): lambda w: a(),
    ("auth", "create_user"): lambda w: a(f"user{next(_unique)}", "New Person", Role.ASSISTANT,
                                         "long enough pass"),
    ("auth", "update_user"): lambda w: (lambda u: a(
        u.id, display_name="Renamed", role=Role.ASSISTANT, credentials="", archived=False,
        expected_version=1))(w.clinic.auth.create_user(
            w.users[Role.ADMINISTRATOR], f"upd{next(_unique)}", "U", Role.ASSISTANT,
            "long enough pass")),
    ("auth", "reset_password"): lambda w: a(w.users[Role.FRONT_DESK].id, "demo-frontdesk-2026"),
    ("auth", "unlock_account"): lambda w: a(w.users[Role.FRONT_DESK].id),
    ("auth", "logout"): lambda w: a(),
    ("auth", "set_pin"): lambda w: a("1357"),
}
# Sign-in itself, and calls whose arguments a role-independent test covers elsewhere
# (test_auth, tests/services/test_backups): only the guard is checked for them.
GUARD_ONLY = {("auth", "login"), ("auth", "create_first_administrator"),
              ("auth", "verify_unlock"), ("auth", "change_password"),
              ("backups", "backup_now"), ("backups", "update_settings"),
              ("templates", "load"), ("protocols", "load")}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[Role, World]:
    built: dict[Role, World] = {}
    for role in Role:
        tmp = tmp_path_factory.mktemp(role.value)
        clinic = Clinic(tmp / "clinic.db", clock=FakeClock(), password_hasher=CHEAP_HASHER)
        admin = clinic.builtin_administrator()
        clinic.demo.load(admin, patients=3)
        users = {acc.user.role: acc.user for acc in clinic.auth.list_users(admin)}
        episode = clinic.episodes.for_patient(1)[0]
        program = clinic.home_programs.for_episode(episode.id)
        versions = clinic.home_programs.versions(program.id)
        plan = clinic.plans.for_episode(episode.id)
        result = clinic.measures.history(episode.id)[0]
        signed = next(n for n in clinic.notes.for_episode(episode.id) if n.is_signed)
        built[role] = World(clinic, users, 1, episode.id, signed.id, result.id, program.id,
                            versions[-1].number, plan.id, tmp)
    yield built
    for world in built.values():
        world.clinic.close()


KEYS = sorted(METHOD_PERMISSIONS)


def _audit_rows(clinic: Clinic) -> list[tuple[Any, ...]]:
    return clinic.db.execute("SELECT user_id, action, entity, entity_id, patient_id, detail "
                             "FROM audit_events ORDER BY id").fetchall()


def _snapshot(clinic: Clinic) -> dict[str, list[tuple[Any, ...]]]:
    tables = [t for t in clinic.db.table_names() if not t.startswith(("patient_search", "_"))
              and t != "audit_events"]
    return {t: clinic.db.execute(f"SELECT * FROM [{t}]").fetchall() for t in tables}


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k[0]}.{k[1]}")
def test_every_service_method_as_every_role(worlds, key, role):
    world = worlds[role]
    session = ClinicSession(world.clinic, world.users[role])
    service, method = key
    allowed = allows(role, METHOD_PERMISSIONS[key])
    assert session.can_call(service, method) is allowed
    target = getattr(world.clinic, service)
    static = inspect.getattr_static(target, method, None)
    is_property = not (inspect.isfunction(static) or isinstance(static, staticmethod | classmethod))
    if not allowed:
        args, kwargs = CALLS[key](world) if key in CALLS else (
            # the guard refuses before looking at the arguments
            (_Untouchable(),), {"anything": _Untouchable()})
        before, audit_before = _snapshot(world.clinic), _audit_rows(world.clinic)
        with pytest.raises(PermissionDeniedError) as refused:
            guarded = getattr(getattr(session, service), method)
            if not is_property:
                guarded(*args, **kwargs)
        assert str(refused.value).startswith(f"Your role ({role.value.replace('_', ' ')})")
        assert _snapshot(world.clinic) == before
        new = _audit_rows(world.clinic)[len(audit_before):]
        assert [(u, action, entity) for u, action, entity, *_ in new] == [
            (world.users[role].id, "denied", f"{service}.{method}")]
        return
    if is_property:
        getattr(getattr(session, service), method)
    elif key in CALLS:
        args, kwargs = CALLS[key](world)
        getattr(getattr(session, service), method)(*args, **kwargs)
    else:
        assert key in GUARD_ONLY, f"no plausible call for {service}.{method}: add one to CALLS"


class _Untouchable:
    """An argument that fails the test if anything looks at it."""

    def __getattribute__(self, name: str) -> Any:
        if name == "__class__":  # isinstance() may ask; that reads nothing of the value
            return object.__getattribute__(self, name)
        raise AssertionError(f"the guard looked at an argument ({name})")


def test_every_public_method_of_every_clinic_service_has_a_matrix_entry(worlds):
    clinic = worlds[Role.THERAPIST].clinic
    services = [name for name, value in inspect.getmembers(type(clinic))
                if isinstance(value, property | type(Clinic.demo))]
    services += ["patients", "episodes", "notes"]
    missing = []
    for service in set(services):
        kind = type(getattr(clinic, service))
        for name, _ in inspect.getmembers(kind):
            if not name.startswith("_") and (service, name) not in METHOD_PERMISSIONS:
                missing.append(f"{service}.{name}")
    assert not missing, f"add these to domain.permissions.METHOD_PERMISSIONS: {missing}"
    assert {s for s, _ in METHOD_PERMISSIONS} == GUARDED_SERVICES


def test_every_matrix_entry_names_a_real_method(worlds):
    clinic = worlds[Role.THERAPIST].clinic
    ghosts = [f"{s}.{m}" for s, m in METHOD_PERMISSIONS if not hasattr(getattr(clinic, s), m)]
    assert not ghosts


def test_a_session_acts_only_as_its_own_user(worlds):
    world = worlds[Role.THERAPIST]
    session = ClinicSession(world.clinic, world.therapist)
    someone_else = world.users[Role.ASSISTANT]
    with pytest.raises(PermissionDeniedError, match="cannot act as someone else"):
        session.episodes.open_episode(someone_else, world.patient_id, "Hip")
    assert _audit_rows(world.clinic)[-1][1:3] == ("denied", "episodes.open_episode")
    episode = session.episodes.open_episode(world.therapist, world.patient_id, "Hip")
    assert episode.patient_id == world.patient_id


def test_a_refusal_names_the_patient_in_the_audit_trail(worlds):
    world = worlds[Role.FRONT_DESK]
    session = ClinicSession(world.clinic, world.users[Role.FRONT_DESK])
    with pytest.raises(PermissionDeniedError, match=r"front desk\) cannot see outcome"):
        session.plans.summary(world.episode_id)
    with pytest.raises(PermissionDeniedError):
        session.handouts.draft_pdf(world.program_id)
    with pytest.raises(PermissionDeniedError):
        session.patients.set_archived(world.patient_id, True, 1)
    assert _audit_rows(world.clinic)[-1][3:5] == (None, world.patient_id)

