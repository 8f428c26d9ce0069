"""Dates and times as they are printed on paper: "2 Jun 1988", "27 Nov 2026 16:30" (local time).

English month names regardless of the computer's locale, so a printed note reads the same on
every workstation (documents are in English until translated handouts arrive). Standard library.
"""

from __future__ import annotations

from datetime import date, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def print_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def print_local_time(value: datetime) -> str:
    """A stored UTC time in the computer's local time zone."""
    local = value.astimezone()
    return f"{print_date(local.date())} {local:%H:%M}"
