"""What the signed-in person may do, asked of whatever the windows were given as "clinic".

Windows receive either a `ClinicSession` (the app, after sign-in) or a plain `Clinic` (widget tests
built before sign-in existed, and tools); a plain `Clinic` carries no user, so it may do everything,
and the services still refuse what the acting user may not. Imports no Qt.
"""

from __future__ import annotations

from typing import Any

from ...domain.permissions import Permission


def can(clinic: Any, permission: Permission) -> bool:
    """True unless the session says the person may not."""
    check = getattr(clinic, "can", None)
    return True if check is None else bool(check(permission))



def as_same_user(clinic: Any, opened: Any) -> Any:
    """A clinic opened by a background task, acting as the same signed-in user as `clinic`.

    Given a `ClinicSession`, wraps `opened` (a fresh `Clinic` on the task's own connection) in a
    session for the same user; given a plain `Clinic`, returns `opened` as it is.
    """
    user = getattr(clinic, "user", None)
    if user is None or not hasattr(clinic, "can"):
        return opened
    from ...services.session import ClinicSession  # only with a session

    return ClinicSession(opened, user)


__all__ = ["Permission", "as_same_user", "can"]
