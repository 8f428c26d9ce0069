"""The demo clinic's users: one per role, with published demo passwords (docs/command-line.md).

Only for the fictional demo clinic: anyone who has read the docs knows these passwords. The
built-in administrator gets its demo password only while no user has one (a fresh file); users
already there are left as they are. While any account can still sign in with its demo password,
AuthService.demo_password_users names it (the window warns everyone). No Qt, no SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..domain.users import BUILTIN_ADMIN_USERNAME, Role, User

if TYPE_CHECKING:  # auth checks accounts against DEMO_USERS: imported there at run time
    from .auth import AuthService


class DemoUser(NamedTuple):
    username: str
    display_name: str
    role: Role
    credentials: str
    password: str


DEMO_ADMIN = DemoUser(BUILTIN_ADMIN_USERNAME, "Clinic administrator", Role.ADMINISTRATOR, "",
                      "demo-admin-2026")
DEMO_THERAPIST = DemoUser("maria.lopez", "Maria Lopez", Role.THERAPIST, "PT, DPT",
                          "demo-therapist-2026")
DEMO_USERS: tuple[DemoUser, ...] = (
    DEMO_ADMIN,
    DEMO_THERAPIST,
    DemoUser("sam.okafor", "Sam Okafor", Role.ASSISTANT, "PTA", "demo-assistant-2026"),
    DemoUser("jordan.reyes", "Jordan Reyes", Role.FRONT_DESK, "", "demo-frontdesk-2026"),
)


def create_demo_users(auth: AuthService, actor: User) -> User:
    """Add the demo users that are missing; returns the demo therapist (who charts the demo)."""
    if auth.needs_first_administrator() and actor.username == BUILTIN_ADMIN_USERNAME:
        actor = auth.create_first_administrator(DEMO_ADMIN.username, DEMO_ADMIN.display_name,
                                                DEMO_ADMIN.password)
    existing = {account.user.username: account.user for account in auth.list_users(actor)}
    for demo in DEMO_USERS[1:]:
        if demo.username not in existing:
            existing[demo.username] = auth.create_user(actor, demo.username, demo.display_name,
                                                       demo.role, demo.password, demo.credentials)
    therapist = existing[DEMO_THERAPIST.username]
    return therapist if therapist.role is Role.THERAPIST else actor
