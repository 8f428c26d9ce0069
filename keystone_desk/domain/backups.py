"""Backup preferences a clinic chooses (folder, how many to keep, daily, on exit) and the rules a
change to them must pass. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import FieldProblem, ValidationError

MIN_KEEP, MAX_KEEP, DEFAULT_KEEP = 1, 365, 10
MAX_FOLDER_CHARS = 1000
DAILY_INTERVAL = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BackupSettings:
    folder: str = ""  # "" until a person chooses one
    keep: int = DEFAULT_KEEP
    daily: bool = True
    on_exit: bool = True
    last_backup_at: datetime | None = None
    version: int = 0  # the clinic settings row's version (pass back to update)


def check_backup_settings(folder: object, keep: object, daily: object,
                          on_exit: object) -> tuple[str, int, bool, bool]:
    """The preferences tidied, or ValidationError naming each wrong field."""
    problems = []
    text = folder.strip() if isinstance(folder, str) else None
    if text is None:
        problems.append(FieldProblem("folder", "Choose a folder for the backups."))
    elif len(text) > MAX_FOLDER_CHARS or "\x00" in text or any(c in text for c in "\r\n"):
        problems.append(FieldProblem("folder", "That folder name cannot be used; choose the "
                                               "folder again."))
    if isinstance(keep, bool) or not isinstance(keep, int) or not MIN_KEEP <= keep <= MAX_KEEP:
        problems.append(FieldProblem("keep", f"Keep between {MIN_KEEP} and {MAX_KEEP} backups."))
    for name, value in (("daily", daily), ("on_exit", on_exit)):
        if not isinstance(value, bool):
            problems.append(FieldProblem(name, "Choose yes or no."))
    if problems:
        raise ValidationError(problems)
    return text or "", int(keep), bool(daily), bool(on_exit)  # type: ignore[call-overload]


def backup_is_due(settings: BackupSettings, now: datetime) -> bool:
    """A daily backup is due: enabled, a folder chosen, and none taken in the last day."""
    if not settings.daily or not settings.folder:
        return False
    return settings.last_backup_at is None or now - settings.last_backup_at >= DAILY_INTERVAL
