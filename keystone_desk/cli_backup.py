"""`keystone-desk backup` and `keystone-desk restore`: the headless side of backups, on the same
services as the app. Registered by cli._parser; failures are KeystoneErrors that cli.run reports in
plain words. Never imports Qt.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from .domain.errors import KeystoneError
from .domain.users import User
from .services.backups import restore
from .services.clinic import Clinic
from .settings import resolve_paths

USER_ENV = "KEYSTONE_DESK_USER"


def add_commands(commands: Any, db_help: str) -> None:
    backup = commands.add_parser(
        "backup", help="copy the clinic database into a folder and verify the copy",
        description="Take an online backup (other windows may keep working) into DIR, check it "
                    "with SQLite's integrity check, and keep the newest N backups there. "
                    "Recorded in the audit trail.")
    backup.add_argument("--db", help=db_help)
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
        actor = _actor(clinic)
        if options.keep is not None:
            current = clinic.backups.settings()
            clinic.backups.update_settings(actor, current.folder or str(options.to),
                                           options.keep, current.daily, current.on_exit)
        result = clinic.backups.backup_now(actor, options.to)
    finally:
        clinic.close()
    print(f"Backed up {paths.database} to {result.path} ({_size(result.size)}, "
          f"{result.seconds:.2f} s, verified).")
    return 0


def _restore(options: argparse.Namespace) -> int:
    paths = resolve_paths(options.db)
    if not options.backup.is_file():
        raise KeystoneError(f"there is no backup file at {options.backup}.")
    result = restore(options.backup, paths.database, actor_username=os.environ.get(USER_ENV),
                     upgrade_backups=paths.upgrade_backups)
    if result.safety_copy is not None:
        print(f"Safety copy of the previous database: {result.safety_copy}")
    print(f"Restored {paths.database} from {options.backup} (verified).")
    return 0


def _actor(clinic: Clinic) -> User:
    """The acting user. Until the CLI signs people in, the built-in administrator, like the
    other commands."""
    return clinic.builtin_administrator()


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"
