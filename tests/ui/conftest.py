"""Fixtures for widget tests: settings kept in a temporary file, and names of shown rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from keystone_desk.ui import messages


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
