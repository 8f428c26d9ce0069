"""How dates, times and ages read on screen: unambiguous day-month-year in the system language.

Pure formatting over QLocale; no services, no database.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale


def format_date(value: date | None) -> str:
    """'2 Jun 1988': month in words, so 03/04 can never be misread."""
    if value is None:
        return ""
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


def format_local_time(value: datetime | None) -> str:
    """A stored UTC time shown in the computer's local time zone, e.g. '27 Nov 2026, 16:30'."""
    if value is None:
        return ""
    local = value.astimezone()
    return f"{format_date(local.date())}, {local:%H:%M}"
