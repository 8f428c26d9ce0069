"""Where the clinic's data lives (platformdirs), and the few preferences read at start-up.

No Qt, no SQL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "KeystoneDesk"
DB_ENV = "KEYSTONE_DESK_DB"


@dataclass(frozen=True, slots=True)
class Paths:
    database: Path
    upgrade_backups: Path


def resolve_paths(db_arg: str | None = None) -> Paths:
    """`--db PATH`, else $KEYSTONE_DESK_DB, else clinic.db in the user's data directory."""
    chosen = db_arg or os.environ.get(DB_ENV)
    database = Path(chosen).expanduser() if chosen else user_data_path(APP_NAME) / "clinic.db"
    return Paths(database=database, upgrade_backups=database.parent / "upgrade-backups")
