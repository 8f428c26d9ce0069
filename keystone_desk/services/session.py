"""ClinicSession: the clinic's services as one signed-in person may use them, typed.

Windows and the command line get a session, never a bare Clinic. Each service is a typed property
(`session.notes` is a NoteService to a type checker, `session.templates` a TemplateCatalog), and
each call goes through a guard that looks up the method in domain.permissions.METHOD_PERMISSIONS
first: a call the person's role may not make raises PermissionDeniedError and leaves a "denied"
audit event (in its own transaction), and nothing else happens; the arguments are not looked at
beyond finding the patient for the audit entry. Methods that take an `actor` act as the signed-in
person: the actor may be left out (it is filled in) or given, and then it must be that person. A
method without an entry is refused too (deny by default), so a new service method needs its row
in the matrix. The content catalogs (templates, protocols) hold no patient data and every one of
their methods is open to any signed-in user, so the session hands out the catalogs themselves.

`reopen()` gives a new session for the same person on its own connection, for a worker thread.

No Qt, no SQL.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..domain.permissions import (
    METHOD_PERMISSIONS,
    Permission,
    PermissionDeniedError,
    allows,
)
from ..domain.users import User
from ..store.audit import AuditLog
from .clinic import Clinic, Clock

if TYPE_CHECKING:
    from ..content.protocols import ProtocolCatalog
    from ..content.templates import TemplateCatalog
    from .audit import AuditService
    from .auth import AuthService
    from .backups import BackupService
    from .demo import DemoClinicService
    from .episodes import EpisodeService
    from .exercises import ExerciseService
    from .handouts import HandoutService
    from .home_programs import HomeProgramService
    from .importer import PatientImportService
    from .measures import MeasureService
    from .note_export import NoteExportService
    from .notes import NoteService
    from .patients import PatientService
    from .plans import PlanService
    from .return_to_run import ReturnToRunService
    from .settings import ClinicSettingsService

GUARDED_SERVICES: frozenset[str] = frozenset(service for service, _ in METHOD_PERMISSIONS)
# Catalogs of clinical content: read-only, no patient data, every method open to anyone signed in.
OPEN_CATALOGS: frozenset[str] = frozenset({"templates", "protocols"})


class ClinicSession:
    """One person signed in to one clinic. Build it after `clinic.auth.login(...)`."""

    def __init__(self, clinic: Clinic, user: User):
        self.clinic = clinic  # for composition (app.py, cli.py); views use the typed services
        self.user = user
        self._guards: dict[str, GuardedService] = {}

    @property
    def path(self) -> Path | str:
        return self.clinic.path

    @property
    def clock(self) -> Clock:
        return self.clinic.clock

    def can(self, permission: Permission | None) -> bool:
        """Whether this person's role may do what needs `permission` (to hide what it cannot)."""
        return allows(self.user.role, permission)

    def can_call(self, service: str, method: str) -> bool:
        """Whether `session.<service>.<method>(...)` would be allowed."""
        key = (service, method)
        return key in METHOD_PERMISSIONS and self.can(METHOD_PERMISSIONS[key])

    def close(self) -> None:
        self.clinic.close()

    def reopen(self) -> ClinicSession:
        """The same person on a new connection to the same clinic (for a worker thread, which
        must not use this session's connection); close it when done."""
        return ClinicSession(self.clinic.reopen(), self.user)

    def _guarded(self, name: str) -> GuardedService:
        """The clinic's `name` service behind the permission guard. Each property casts it to the
        service's own type: the guard offers exactly the service's public methods and properties
        (tests/services/test_typed_session.py holds it to that), each checked first."""
        guard = self._guards.get(name)
        if guard is None:
            guard = self._guards[name] = GuardedService(self, name)
        return guard

    def _catalog(self, name: str) -> object:
        """One of OPEN_CATALOGS itself (the matrix opens all its methods to anyone signed in;
        tests/services/test_typed_session.py holds it to that)."""
        assert name in OPEN_CATALOGS
        return cast(object, getattr(self.clinic, name))

    # --- the services, one typed property each (domain.permissions lists their methods) --------

    @property
    def patients(self) -> PatientService:
        return cast("PatientService", self._guarded("patients"))

    @property
    def episodes(self) -> EpisodeService:
        return cast("EpisodeService", self._guarded("episodes"))

    @property
    def notes(self) -> NoteService:
        return cast("NoteService", self._guarded("notes"))

    @property
    def note_export(self) -> NoteExportService:
        return cast("NoteExportService", self._guarded("note_export"))

    @property
    def measures(self) -> MeasureService:
        return cast("MeasureService", self._guarded("measures"))

    @property
    def plans(self) -> PlanService:
        return cast("PlanService", self._guarded("plans"))

    @property
    def return_to_run(self) -> ReturnToRunService:
        return cast("ReturnToRunService", self._guarded("return_to_run"))

    @property
    def exercises(self) -> ExerciseService:
        return cast("ExerciseService", self._guarded("exercises"))

    @property
    def home_programs(self) -> HomeProgramService:
        return cast("HomeProgramService", self._guarded("home_programs"))

    @property
    def handouts(self) -> HandoutService:
        return cast("HandoutService", self._guarded("handouts"))

    @property
    def settings(self) -> ClinicSettingsService:
        return cast("ClinicSettingsService", self._guarded("settings"))

    @property
    def backups(self) -> BackupService:
        return cast("BackupService", self._guarded("backups"))

    @property
    def audit(self) -> AuditService:
        return cast("AuditService", self._guarded("audit"))

    @property
    def auth(self) -> AuthService:
        return cast("AuthService", self._guarded("auth"))

    @property
    def importer(self) -> PatientImportService:
        return cast("PatientImportService", self._guarded("importer"))

    @property
    def demo(self) -> DemoClinicService:
        return cast("DemoClinicService", self._guarded("demo"))

    @property
    def templates(self) -> TemplateCatalog:
        return cast("TemplateCatalog", self._catalog("templates"))

    @property
    def protocols(self) -> ProtocolCatalog:
        return cast("ProtocolCatalog", self._catalog("protocols"))

    def deny(self, service: str, method: str, permission: Permission | None,
             call: tuple[tuple[Any, ...], dict[str, Any]] | None = None,
             message: str = "") -> PermissionDeniedError:
        """Audit a refusal (in its own transaction) and return the error to raise."""
        target = getattr(getattr(self.clinic, service), method, None) if call else None
        entity_id, patient_id = _ids(target, call)
        db = self.clinic.db
        with db.atomic():
            AuditLog(db).append(self.clinic.clock(), self.user.id, "denied",
                                f"{service}.{method}", entity_id, patient_id,
                                permission.value if permission else "acting as another user")
        return PermissionDeniedError(self.user.role, permission, message)


class GuardedService:
    """One of the clinic's services, each public method checked against the matrix first."""

    def __init__(self, session: ClinicSession, service: str):
        self._session = session
        self._service = service

    def __repr__(self) -> str:
        return f"<guarded {self._service} for {self._session.user.username}>"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        session, service = self._session, self._service
        key = (service, name)
        if key not in METHOD_PERMISSIONS:
            raise session.deny(service, name, None, message=(
                f"{service}.{name} is not in the permission matrix, so no one may use it."))
        permission = METHOD_PERMISSIONS[key]
        target = getattr(session.clinic, service)
        value = getattr(target, name) if _is_method(target, name) else None
        if value is None or not callable(value):  # a property or a plain value: checked now
            if not session.can(permission):
                raise session.deny(service, name, permission)
            return getattr(target, name)
        return _guarded_call(session, service, name, permission, value)


def _guarded_call(session: ClinicSession, service: str, name: str,
                  permission: Permission | None, method: Callable[..., Any]) -> Callable[..., Any]:
    takes_actor = _takes_actor(method)

    def call(*args: Any, **kwargs: Any) -> Any:
        if not session.can(permission):
            raise session.deny(service, name, permission, (args, kwargs))
        if takes_actor:
            args, kwargs = _as_session_user(session, service, name, args, kwargs)
        return method(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = method.__doc__
    return call


def _as_session_user(session: ClinicSession, service: str, name: str, args: tuple[Any, ...],
                     kwargs: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The call with the signed-in person as its actor (filled in when left out)."""
    if "actor" in kwargs:
        given = kwargs["actor"]
        kwargs = {**kwargs, "actor": session.user}
    elif args and isinstance(args[0], User):
        given, args = args[0], (session.user, *args[1:])
    else:
        return (session.user, *args), kwargs
    if not isinstance(given, User) or given.id != session.user.id:
        raise session.deny(service, name, None, (args, kwargs), message=(
            f"You are signed in as {session.user.display_name}; you cannot act as someone "
            f"else."))
    return args, kwargs


def _is_method(target: object, name: str) -> bool:
    """Whether `name` is a method of `target`, found without running a property."""
    static = inspect.getattr_static(target, name, None)
    return isinstance(static, staticmethod | classmethod) or inspect.isfunction(static)


def _takes_actor(method: Callable[..., Any]) -> bool:
    return "actor" in _parameters(method)


def _parameters(method: Callable[..., Any] | None) -> tuple[str, ...]:
    func = getattr(method, "__func__", method)
    return _parameter_names(func) if func is not None else ()


@cache
def _parameter_names(func: Callable[..., Any]) -> tuple[str, ...]:
    try:
        names = tuple(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return ()
    return names[1:] if names and names[0] in ("self", "cls") else names


def _ids(method: Callable[..., Any] | None,
         call: tuple[tuple[Any, ...], dict[str, Any]] | None) -> tuple[int | None, int | None]:
    """(record id, patient id) of a call, where the arguments name them plainly."""
    if call is None or method is None:
        return None, None
    names = _parameters(method)
    args, kwargs = call
    values: dict[str, Any] = {}
    positional = [n for n in names if n != "actor"] if args and not isinstance(
        args[0], User) else list(names)
    values.update(zip(positional, args, strict=False))
    values.update(kwargs)
    plain = {k: v for k, v in values.items()
             if k.endswith("_id") and isinstance(v, int) and not isinstance(v, bool)}
    patient_id = plain.pop("patient_id", None)
    entity_id = next(iter(plain.values()), None)
    return entity_id, patient_id

