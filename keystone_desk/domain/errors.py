"""Exceptions for user-caused problems, with messages fit to show a clinic user.

Must not import Qt, SQL or anything outside the standard library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class KeystoneError(Exception):
    """Base for errors whose message is meant for the person at the screen."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem with one field: `field` is the domain field name, `message` plain words."""

    field: str
    message: str


class ValidationError(KeystoneError):
    """One or more fields are not acceptable; nothing was written."""

    def __init__(self, problems: list[FieldProblem] | FieldProblem):
        self.problems = [problems] if isinstance(problems, FieldProblem) else list(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))

    def for_field(self, field: str) -> list[str]:
        return [p.message for p in self.problems if p.field == field]


class ConflictError(KeystoneError):
    """Somebody else saved the record after it was read; the caller decides reload or overwrite."""

    def __init__(self, entity: str, entity_id: int, expected: int, actual: int):
        self.entity, self.entity_id = entity, entity_id
        self.expected_version, self.actual_version = expected, actual
        super().__init__(
            f"This {entity} was changed by someone else while you were editing it "
            f"(you opened version {expected}; it is now version {actual})."
        )


class SignedNoteError(KeystoneError):
    """The note is signed: it can only gain addenda."""


class DatabaseBusyError(KeystoneError):
    """Another app instance held the clinic database for longer than we wait; nothing written."""


class NotFoundError(KeystoneError):
    """The record asked for does not exist (or is not visible)."""


class DuplicatePatientError(KeystoneError):
    """A patient with the same name and date of birth already exists; nothing was written."""

    def __init__(self, existing_ids: Sequence[int]):
        self.existing_ids = list(existing_ids)
        super().__init__(
            "A patient with the same name and date of birth is already registered."
        )
