"""Helpers for sign-in tests: users of each role with known passwords, signing in through the
LoginDialog, and `sign_in_as` for the signed-in session a window under test is given."""

from __future__ import annotations

from typing import Any

from keystone_desk.domain.users import Role, User
from keystone_desk.services.session import ClinicSession

ADMIN_PASSWORD = "clinic-admin-2026"
PASSWORD = "correct horse battery"


def first_administrator(clinic: Any) -> User:
    return clinic.auth.create_first_administrator("admin", "Alex Admin", ADMIN_PASSWORD)


def user_with_role(clinic: Any, role: Role, username: str = "", name: str = "") -> User:
    """A user of `role` with PASSWORD (the first administrator is created if need be)."""
    if clinic.auth.needs_first_administrator():
        admin = first_administrator(clinic)
    else:
        admin = clinic.auth.login("admin", ADMIN_PASSWORD)
    if role is Role.ADMINISTRATOR and not username:
        return admin
    username = username or role.value.replace("_", "")
    return clinic.auth.create_user(admin, username, name or f"Pat {role.value.title()}", role,
                                   PASSWORD)


def sign_in_as(clinic: Any, role: Role, username: str = "", name: str = "") -> ClinicSession:
    """A user of `role` (made with `user_with_role`) signed in with their password, as a session."""
    made = user_with_role(clinic, role, username, name)
    password = ADMIN_PASSWORD if role is Role.ADMINISTRATOR and not username else PASSWORD
    return ClinicSession(clinic, clinic.auth.login(made.username, password))


def sign_in(qtbot: Any, flow: Any, username: str, password: str) -> None:
    """Type into the flow's LoginDialog and press Sign in."""
    login = flow.login
    assert login is not None and not login.first_run
    login.username.setText(username)
    login.password.setText(password)
    login.accept_button.click()
