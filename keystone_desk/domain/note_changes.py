"""What typing changed in a note's content, in plain words.

Used when typing can no longer be saved into its note (someone signed it meanwhile) and is offered
as the text of an addendum instead. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def content_changes(saved: Mapping[str, Any], typed: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(content key, what the typing says there) for each key the typing changed: typed order
    first, then keys the typing cleared (their text is '')."""
    changes = [(key, plain_text(value)) for key, value in typed.items()
               if value != saved.get(key) and not (_blank(value) and _blank(saved.get(key)))]
    changes += [(key, "") for key, value in saved.items()
                if key not in typed and not _blank(value)]
    return changes


def plain_text(value: Any) -> str:
    """A content value as a person would read it: nested values as 'right: positive; ...'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {plain_text(item)}" for key, item in value.items()
                         if not _blank(item))
    if isinstance(value, list | tuple):
        return "; ".join(plain_text(item) for item in value if not _blank(item))
    return str(value)


def _blank(value: Any) -> bool:
    return plain_text(value) == "" if value is not None else True
