"""Who is acting: clinic users and their roles. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

UserId = NewType("UserId", int)


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    THERAPIST = "therapist"
    ASSISTANT = "assistant"
    FRONT_DESK = "front_desk"


@dataclass(frozen=True, slots=True)
class User:
    id: UserId
    username: str
    display_name: str
    role: Role


BUILTIN_ADMIN_USERNAME = "admin"
