"""`keystone-desk backup` and `keystone-desk restore`: the headless side of backups, on the same
services as the app. Registered by cli._parser; failures are KeystoneErrors that cli.run reports in
plain words. Never imports Qt.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from .cli_sign_in import USER_ENV, add_user_argument, sign_in
from .domain.errors import KeystoneError
from .domain.permissions import Permission
from .services.backups import check_before_opening, restore
from .services.clinic import Clinic
from .settings import resolve_paths


def add_commands(commands: Any, db_help: str) -> None:
    backup = commands.add_parser(
        "backup", help="copy the clinic database into a folder and verify the copy",
        description="Take an online backup (other windows may keep working) into DIR, check it "
                    "with SQLite's integrity check, and keep the newest N backups there. "
                    "Recorded in the audit trail.")
    backup.add_argument("--db", help=db_help)
    add_user_argument(backup)
    backup.add_argument("--to", required=True, type=Path, metavar="DIR",
                        help="the backup folder (a USB stick or network drive)")
    backup.add_argument("--keep", type=_keep, metavar="N",
                        help="keep the newest N backups in DIR (default: the clinic's setting)")
    backup.set_defaults(handler=_backup)

    rest = commands.add_parser(
        "restore", help="put a backup in place of the clinic database (after a safety copy)",
        description="Check BACKUP, copy the current clinic database aside (a safety copy, "
                    "even if it is damaged), then put BACKUP in its place. Close the app first.")
    rest.add_argument("backup", metavar="BACKUP", type=Path, help="a backup file")
    rest.add_argument("--db", help=db_help)
    add_user_argument(rest)
    rest.set_defaults(handler=_restore)


def _keep(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 365:
        raise argparse.ArgumentTypeError(f"expected a number of backups from 1 to 365, not {text!r}")
    return value


def _backup(options: argparse.Namespace) -> int:
    paths = resolve_paths(options.db)
    if not paths.database.is_file():
        raise KeystoneError(f"there is no clinic database at {paths.database}.")
    clinic = Clinic(paths.database, backup_dir=paths.upgrade_backups)
    try:
        session = sign_in(clinic, options)  # refused and audited unless the role may back up
        if options.keep is not None:
            current = session.backups.settings()
            session.backups.update_settings(session.user, current.folder or str(options.to),
                                            options.keep, current.daily, current.on_exit)
        result = session.backups.backup_now(session.user, options.to)
    finally:
        clinic.close()
    print(f"Backed up {paths.database} to {result.path} ({_size(result.size)}, "
          f"{result.seconds:.2f} s, verified).")
    return 0


def _restore(options: argparse.Namespace) -> int:
    paths = resolve_paths(options.db)
    if not options.backup.is_file():
        raise KeystoneError(f"there is no backup file at {options.backup}.")
    username = _restoring_user(options, paths.database)
    result = restore(options.backup, paths.database, actor_username=username,
                     upgrade_backups=paths.upgrade_backups)
    if result.safety_copy is not None:
        print(f"Safety copy of the previous database: {result.safety_copy}")
    print(f"Restored {paths.database} from {options.backup} (verified).")
    return 0


def _restoring_user(options: argparse.Namespace, database: Path) -> str | None:
    """Who restores: on a sound clinic file the person signs in and must be allowed to restore;
    a damaged file cannot be asked, so the name given (if any) is recorded as it is."""
    if not database.is_file() or check_before_opening(database).problems:
        return getattr(options, "user", None) or os.environ.get(USER_ENV)
    clinic = Clinic(database)
    try:
        session = sign_in(clinic, options)
        if not session.can(Permission.BACKUP_RESTORE):
            raise KeystoneError(f"{session.user.username} may not restore backups; ask an "
                                "administrator.")
        return session.user.username
    finally:
        clinic.close()


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"
