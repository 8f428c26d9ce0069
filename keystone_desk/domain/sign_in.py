"""Signing in: the rules for user names, passwords and PINs, the lockout rule, a user account as
the administrator sees it, and the errors a sign-in shows. Standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import FieldProblem, KeystoneError, ValidationError
from .users import User

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD_LENGTH = 10
IDLE_LOCK_RANGE = (1, 240)  # minutes; the database checks the same range
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
_PIN = re.compile(r"[0-9]{4,8}")


@dataclass(frozen=True, slots=True)
class UserAccount:
    """A clinic user as the user-administration screen shows them (never any hash)."""

    user: User
    credentials: str
    archived: bool
    has_password: bool
    has_pin: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    version: int


class SignInError(KeystoneError):
    """Wrong user name or password: one message for both, so neither is given away."""

    def __init__(self) -> None:
        super().__init__("The user name or password is not right.")


class AccountLockedError(KeystoneError):
    """Too many failed attempts: the account is locked until `until` (UTC)."""

    def __init__(self, until: datetime):
        self.until = until
        super().__init__(
            f"Too many failed attempts: this account is locked until "
            f"{until.astimezone().strftime('%H:%M')}. Try again then, or ask an administrator "
            f"to unlock it.")


class AlreadySetUpError(KeystoneError):
    """The first administrator exists already; sign in instead."""

    def __init__(self) -> None:
        super().__init__("This clinic already has an administrator; sign in instead.")


def normalize_username(username: str) -> str:
    return username.strip().casefold()


def username_problems(username: str) -> list[FieldProblem]:
    if _USERNAME.fullmatch(username):
        return []
    return [FieldProblem("username", "Use 2 to 32 lower-case letters, digits, dots, dashes or "
                                     "underscores, starting with a letter or digit.")]


def password_problems(password: str, username: str = "", field: str = "password"
                      ) -> list[FieldProblem]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [FieldProblem(field, f"Use at least {MIN_PASSWORD_LENGTH} characters.")]
    if password.strip() != password:
        return [FieldProblem(field, "A password cannot start or end with a space.")]
    if username and username.casefold() == password.casefold():
        return [FieldProblem(field, "A password cannot be the user name.")]
    if len(set(password)) < 4:
        return [FieldProblem(field, "Use a password with more different characters.")]
    return []


def check_pin(pin: str) -> None:
    if not _PIN.fullmatch(pin):
        raise ValidationError(FieldProblem("pin", "A PIN is 4 to 8 digits."))


def check_idle_lock_minutes(minutes: int) -> None:
    low, high = IDLE_LOCK_RANGE
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        raise ValidationError(FieldProblem(
            "idle_lock_minutes", f"Choose between {low} and {high} minutes."))


def display_name_problems(display_name: str) -> list[FieldProblem]:
    if not display_name.strip() or len(display_name) > 80:
        return [FieldProblem("display_name", "Give the name to show (up to 80 characters).")]
    return []
