"""Turning domain dataclasses into plain JSON values (for note content and exports). Stdlib only."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from fractions import Fraction
from typing import Any


def json_safe(value: Any) -> Any:
    """Dataclasses become dicts, dates ISO strings, enums their values, fractions floats."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Fraction):
        return float(value)
    return value
