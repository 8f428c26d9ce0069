"""The clinic's "today": the local calendar date of the clinic's clock.

The clock gives an aware UTC time and people enter dates as the local calendar says, so every date
checked against today (not in the future, a default visit date, what is due) uses the local date;
the UTC date would tell an evening user in the Americas, or a morning user in Australia, that
today is in the future. The local zone is the computer's. Standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime


def local_date(moment: datetime) -> date:
    """The calendar date at the clinic when `moment` happened."""
    return moment.astimezone().date()


def clinic_today(clock: Callable[[], datetime]) -> date:
    """Today's date at the clinic, by `clock`."""
    return local_date(clock())
