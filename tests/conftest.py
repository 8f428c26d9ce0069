"""Shared fixtures: a fresh migrated clinic per test, offscreen Qt, a fixed clock.

QT_QPA_PLATFORM is set here, before any QApplication exists (pytest-qt has no ini key for it).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles

from keystone_desk.domain.users import Role, User, UserId
from keystone_desk.services.clinic import Clinic

FIXED_NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
# argon2id at its cheapest: the app's defaults cost ~120 ms a hash, too slow for hundreds of tests.
CHEAP_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)


class FakeClock:
    """A clock tests can move: `clock.now = ...`."""

    def __init__(self, now: datetime = FIXED_NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clinic(tmp_path: Path, clock: FakeClock):
    """A new, migrated clinic database in a temporary file."""
    c = Clinic(tmp_path / "clinic.db", clock=clock, password_hasher=CHEAP_HASHER)
    yield c
    c.close()


@pytest.fixture
def admin(clinic: Clinic) -> User:
    return clinic.builtin_administrator()


def intake_values(**overrides: object) -> dict[str, object]:
    """A valid minimal intake as a front desk would type it."""
    values: dict[str, object] = {
        "first_name": "Maria",
        "last_name": "García",
        "date_of_birth": "1988-06-02",
        "sex": "female",
        "mobile_phone": "(555) 201-3344",
    }
    values.update(overrides)
    return values


def add_therapist(clinic: Clinic, username: str = "jo") -> User:
    """A second clinic user (there is no user-management service yet)."""
    clinic.db.execute("INSERT INTO users (uid, username, display_name, role, created_at) "
                      "VALUES (?, ?, 'Jo Park', 'therapist', '2026-11-27T09:00:00+00:00')",
                      [f"uid-{username}", username])
    row = clinic.db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
    return User(UserId(row[0]), username, "Jo Park", Role.THERAPIST)
