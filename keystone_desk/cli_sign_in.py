"""Who the command line acts as: `--user USERNAME` (or $KEYSTONE_DESK_USER) with the password from
$KEYSTONE_DESK_PASSWORD or a prompt, signed in through clinic.auth like the app's sign-in, and
then every call goes through a ClinicSession (refused and audited when the role may not).

On a clinic where no user has a password yet (a fresh set-up) commands act as the built-in
administrator, as before sign-in existed, and say so once on stderr. Never imports Qt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from .domain.errors import KeystoneError
from .domain.users import BUILTIN_ADMIN_USERNAME
from .services.clinic import Clinic
from .services.session import ClinicSession

USER_ENV = "KEYSTONE_DESK_USER"
PASSWORD_ENV = "KEYSTONE_DESK_PASSWORD"


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="USERNAME",
                        help=f"act as this clinic user (default: ${USER_ENV}); the password "
                             f"comes from ${PASSWORD_ENV} or is asked for")


def sign_in(clinic: Clinic, options: argparse.Namespace) -> ClinicSession:
    """A session for the person named on the command line (KeystoneError if they cannot sign
    in: unknown user, wrong password, locked account)."""
    if clinic.auth.needs_first_administrator():
        print(f"keystone-desk: no user of {clinic.path} has a password yet; acting as the "
              f"built-in administrator ({BUILTIN_ADMIN_USERNAME}).", file=sys.stderr)
        return ClinicSession(clinic, clinic.builtin_administrator())
    username = getattr(options, "user", None) or os.environ.get(USER_ENV, "")
    if not username:
        raise KeystoneError(f"{clinic.path} has users who sign in: say who you are with "
                            f"--user USERNAME (or set {USER_ENV}).")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise KeystoneError(f"no password for {username}: set {PASSWORD_ENV} or run the "
                                "command in a terminal to be asked for it.")
        password = getpass.getpass(f"Password for {username}: ")
    return ClinicSession(clinic, clinic.auth.login(username, password))
