"""Fixtures for widget tests: settings kept in a temporary file, modal boxes stubbed, and
`signed_in(role)`: the signed-in session a window is given, as the app gives it after sign-in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from keystone_desk.domain.users import Role
from keystone_desk.services.clinic import Clinic
from keystone_desk.services.session import ClinicSession
from keystone_desk.ui import messages
from tests.ui.access_helpers import sign_in_as

SignIn = Callable[..., ClinicSession]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window geometry goes to a throwaway file, never to the developer's own settings."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Fail loudly if a test would block on a modal question; record error messages instead."""
    shown: list[tuple[str, str]] = []

    def unexpected_question(*args: object, **kwargs: object) -> bool:
        raise AssertionError(f"unexpected question box: {args[1:3]}")

    monkeypatch.setattr(messages, "confirm", unexpected_question)
    monkeypatch.setattr(messages, "ask_yes_no", unexpected_question)
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, **kw: shown.append((title, text)))
    return shown


@pytest.fixture
def sign_in_clinic(tmp_path: Path, clock):  # type: ignore[no-untyped-def]
    """A clinic whose passwords hash with a cheap argon2 profile, so sign-in tests stay fast."""
    from argon2 import PasswordHasher

    from keystone_desk.services.clinic import Clinic

    clinic = Clinic(tmp_path / "signin.db", clock=clock,
                    password_hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield clinic
    clinic.close()


@pytest.fixture
def signed_in(clinic: Clinic) -> SignIn:
    """`signed_in(Role.THERAPIST)`: a `ClinicSession` on the test's clinic for a user of that role
    who signed in with their password (made on first use; the same session on later calls, unless
    another `username` is given). Windows under test get this, never the bare clinic."""
    sessions: dict[tuple[Role, str], ClinicSession] = {}

    def sign_in(role: Role, username: str = "", name: str = "") -> ClinicSession:
        key = (role, username)
        if key not in sessions:
            sessions[key] = sign_in_as(clinic, role, username, name)
        return sessions[key]

    return sign_in


@pytest.fixture
def therapist(signed_in: SignIn) -> ClinicSession:
    """A therapist signed in: charting, plans, programs."""
    return signed_in(Role.THERAPIST)


@pytest.fixture
def front_desk(signed_in: SignIn) -> ClinicSession:
    """The front desk signed in: registering patients, intake, reprinting programs."""
    return signed_in(Role.FRONT_DESK)


@pytest.fixture
def administrator(signed_in: SignIn) -> ClinicSession:
    """The administrator signed in: users, audit trail, backups, clinic details, demo clinic."""
    return signed_in(Role.ADMINISTRATOR)
