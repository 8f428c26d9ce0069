"""Reading fields out of a parsed TOML content file with messages that name the place, shared by
the loaders of measures and protocols. Each loader passes its own error type, so a problem surfaces
as that loader's error with the file name added by the loader. Imports domain only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.sources import Verification


class FieldReader:
    def __init__(self, error: type[Exception]):
        self._error = error

    def known_keys(self, raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(raw) - allowed)
        if unknown:
            place = f"{where}: " if where else ""
            raise self._error(f"{place}unknown key{'s' if len(unknown) > 1 else ''} "
                              f"{', '.join(unknown)} (expected some of {', '.join(sorted(allowed))})")

    def text(self, raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise self._error(f"{where + '.' if where else ''}{key}: required text is missing")
        return value.strip()

    def verification(self, raw: Any, where: str) -> Verification:
        if not isinstance(raw, dict):
            raise self._error(f"{where}: expected a table")
        self.known_keys(raw, {"claim", "source", "status", "url"}, where)
        return Verification(self.text(raw, "claim", where), self.text(raw, "source", where),
                            self.text(raw, "status", where),
                            self.text(raw, "url", where, required=False))
