"""Where clinical content comes from: a fact and the source it was checked against. Stdlib only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verification:
    """What was checked against which source, and how it came out ("verified", "not verified…")."""

    claim: str
    source: str
    status: str
    url: str = ""
