"""The exercise library's files (resources/exercises/<id>.toml) as plain ids and documents.

Enough for what protocols and home programs need before and besides the full exercise loader:
which ids exist (protocol files and program items are checked against them) and the file's content
as a JSON-able mapping (a handed-out program keeps the text it printed). The file name is the
exercise id. Imports the standard library only.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .resources import resources_dir

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def default_exercises_dir() -> Path:
    return resources_dir() / "exercises"


def library_exercise_ids(folder: Path | None = None) -> frozenset[str] | None:
    """The library's exercise ids, or None while the library has no folder yet."""
    folder = default_exercises_dir() if folder is None else folder
    if not folder.is_dir():
        return None
    return frozenset(path.stem for path in folder.glob("*.toml"))


def library_exercise_document(exercise_id: str, folder: Path | None = None
                              ) -> dict[str, Any] | None:
    """The exercise file's content as read, or None when there is no such (readable) file."""
    if not _ID.match(exercise_id):
        return None
    path = (default_exercises_dir() if folder is None else folder) / f"{exercise_id}.toml"
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    """TOML dates and times become ISO text, so the document is plain JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
