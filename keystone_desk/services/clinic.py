"""Clinic: the services for one clinic database, built once by app.py or cli.py and passed in.

No module-level state: tests build as many clinics as they like.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.json_values import json_safe
from ..domain.users import BUILTIN_ADMIN_USERNAME, User
from ..store.database import open_database
from ..store.users import UserRepository
from .episodes import EpisodeService
from .notes import NoteService
from .patients import PatientService

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from ..content.protocols import ProtocolCatalog
    from ..content.templates import TemplateCatalog
    from .audit import AuditService
    from .auth import AuthService
    from .backups import BackupService
    from .demo import DemoClinicService
    from .exercises import ExerciseService
    from .handouts import HandoutService
    from .home_programs import HomeProgramService
    from .importer import PatientImportService
    from .measures import MeasureService
    from .note_export import NoteExportService
    from .plans import PlanService
    from .return_to_run import ReturnToRunService
    from .settings import ClinicSettingsService

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Clinic:
    """One open clinic database and its services."""

    def __init__(self, path: Path | str, *, backup_dir: Path | None = None, clock: Clock = utc_now,
                 day_first: bool = True, password_hasher: PasswordHasher | None = None):
        self.path = path
        self._password_hasher = password_hasher  # None: argon2-cffi's defaults (tests: cheaper)
        self._day_first = day_first
        self.db = open_database(path, backup_dir=backup_dir)
        self.clock = clock
        self.patients = PatientService(self.db, clock, day_first=day_first)
        self.episodes = EpisodeService(self.db, clock)
        self.notes = NoteService(self.db, clock, outcome_summary=self._outcome_summary,
                                 template_for=lambda template_id: self.templates.get(template_id))

    # Built on first use: start-up of the window needs neither.
    @cached_property
    def demo(self) -> DemoClinicService:
        from .demo import DemoClinicService
        from .demo_charting import DemoChartWriter
        from .demo_programs import DemoProgramWriter

        programs = DemoProgramWriter(lambda: self.plans, self.home_programs,
                                     lambda: self.return_to_run, self.clock)
        charts = DemoChartWriter(self.db, self.episodes, self.notes, self.measures,
                                 lambda: self.templates, self.clock, programs)
        return DemoClinicService(self.patients, self.clock, charts, users=lambda: self.auth)

    @cached_property
    def importer(self) -> PatientImportService:
        from .importer import PatientImportService

        return PatientImportService(self.patients)

    @cached_property
    def measures(self) -> MeasureService:
        from ..content.measures import MeasureCatalog
        from .measures import MeasureService

        return MeasureService(self.db, self.clock, MeasureCatalog.load())

    @cached_property
    def templates(self) -> TemplateCatalog:
        """Evaluation templates from resources/templates (content.templates)."""
        from ..content.templates import TemplateCatalog

        return TemplateCatalog.load()

    @cached_property
    def note_export(self) -> NoteExportService:
        from .note_export import NoteExportService

        return NoteExportService(self.db, self.clock, self.notes, self.patients, self.episodes,
                                 templates=lambda: self.templates,
                                 branding=lambda: self.settings.get())

    # Plans of care, protocols, home programs and return to running (built on first use).
    @cached_property
    def protocols(self) -> ProtocolCatalog:
        from ..content.protocols import ProtocolCatalog

        return ProtocolCatalog.load()

    @cached_property
    def exercises(self) -> ExerciseService:
        """The exercise library and the clinic's own exercises and photos."""
        from .exercises import ExerciseService

        return ExerciseService(self.db, self.clock)

    @cached_property
    def home_programs(self) -> HomeProgramService:
        from .home_programs import HomeProgramService

        return HomeProgramService(self.db, self.clock)

    @cached_property
    def plans(self) -> PlanService:
        from .plans import PlanService

        return PlanService(self.db, self.clock, protocols=lambda: self.protocols,
                           home_programs=self.home_programs, measures=lambda: self.measures)

    @cached_property
    def return_to_run(self) -> ReturnToRunService:
        from .return_to_run import ReturnToRunService

        return ReturnToRunService(self.db, self.clock, home_programs=self.home_programs,
                                  measures=lambda: self.measures)

    # Clinic details and home-program handouts (built on first use; reportlab loads with the
    # first handout, not here).
    @cached_property
    def settings(self) -> ClinicSettingsService:
        from .settings import ClinicSettingsService

        return ClinicSettingsService(self.db, self.clock)

    @cached_property
    def backups(self) -> BackupService:
        """Backups on demand, daily and on exit, and their preferences (services.backups)."""
        from .backups import BackupService

        return BackupService(self.db, self.clock, self.path)

    @cached_property
    def handouts(self) -> HandoutService:
        from .handouts import HandoutService

        return HandoutService(self.db, self.clock, home_programs=self.home_programs,
                              patients=self.patients, branding=self.settings.get)

    @cached_property
    def audit(self) -> AuditService:
        """The administrator's audit-trail viewer, export and chain check (services.audit)."""
        from .audit import AuditService

        return AuditService(self.db, self.clock)

    @cached_property
    def auth(self) -> AuthService:
        """Signing in, the idle lock, passwords and PINs, user management (services.auth)."""
        from .auth import AuthService

        return AuthService(self.db, self.clock, self._password_hasher)

    def _outcome_summary(self, episode_id: int) -> list[dict[str, Any]]:
        """First-vs-last outcome scores for a discharge summary, as plain JSON values."""
        measures = getattr(self, "measures", None)
        if measures is None:
            return []
        return [json_safe(change) for change in measures.first_and_last(episode_id)]

    def builtin_administrator(self) -> User:
        """The user the app acts as until logins exist (issue: users and roles)."""
        return UserRepository(self.db).by_username(BUILTIN_ADMIN_USERNAME)

    def reopen(self) -> Clinic:
        """The same clinic on a new connection, with the same clock and preferences (a worker
        thread opens its own: a connection is used only on the thread that opened it)."""
        return Clinic(self.path, clock=self.clock, day_first=self._day_first,
                      password_hasher=self._password_hasher)

    def close(self) -> None:
        self.db.close()
