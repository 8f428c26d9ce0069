"""Checks and normal forms for phone numbers, email addresses and dates typed by people.

Standard library only.
"""

from __future__ import annotations

import re
from datetime import date

from .text_search import date_candidates

_PHONE_ALLOWED = re.compile(r"^\+?[\d\s().\-/]+(\s*(x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def phone_problem(text: str) -> str | None:
    """Why a phone number is not acceptable, or None. Any common formatting is fine."""
    if not _PHONE_ALLOWED.match(text.strip()):
        return "Use digits, spaces, ( ) - . and an optional leading +, e.g. (555) 201-3344."
    main = re.split(r"(?i)x|ext", text)[0]
    digits = sum(c.isdigit() for c in main)
    if digits < 7:
        return "A phone number needs at least 7 digits."
    if digits > 15:
        return "A phone number has at most 15 digits."
    return None


def email_problem(text: str) -> str | None:
    if len(text) > 254 or not _EMAIL.match(text.strip()):
        return "Enter an email address like name@example.com."
    return None


def parse_date(text: str, *, day_first: bool = True) -> date:
    """A date typed as 2026-11-03, 03/11/2026 or 11/03/2026 (clinic date order decides ties).

    Raises ValueError with a message fit to show.
    """
    text = text.strip()
    options = date_candidates(text)
    if not options:
        raise ValueError("Enter a date as YYYY-MM-DD, e.g. 1985-03-14.")
    if len(options) == 1 or _ISO_DATE.match(text):
        return options[0]
    return options[0] if day_first else options[1]


def age_on(birth: date, today: date) -> int:
    """Completed years of age on `today`."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
