"""Folding of names, phones, emails and dates into search keys, and parsing of search input.

The same functions build the stored search document and the query, so "lukasz" finds Łukasz and
"obrien" finds O'Brien. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th",
        "ı": "i", "ħ": "h", "Ħ": "h", "ŋ": "n", "ſ": "s",
    }
)
# Apostrophes join (O'Brien -> obrien); every other non-alphanumeric separates words.
_APOSTROPHES = re.compile(r"[\u0027\u2019\u2018\u02bc\u0060\u00b4]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\d")

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 8


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics removed and punctuation turned into single spaces."""
    if text.isascii():  # most names: nothing to decompose
        return _NON_WORD.sub(" ", _APOSTROPHES.sub("", text).lower()).strip()
    text = _APOSTROPHES.sub("", text.translate(_SPECIAL_LETTERS))
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.translate(_SPECIAL_LETTERS).casefold()
    return _NON_WORD.sub(" ", stripped).strip()


def name_words(*names: str) -> list[str]:
    """Search words for names: each folded word, plus hyphenated/spaced names joined together."""
    words: list[str] = []
    for name in names:
        parts = fold(name).split()
        words.extend(parts)
        if len(parts) > 1:
            words.append("".join(parts))
    return list(dict.fromkeys(words))


def phone_digits(text: str) -> str:
    return "".join(_DIGITS.findall(text))


def phone_words(phone: str) -> list[str]:
    """Every digit suffix of 3+ digits, tagged, so a prefix query matches any part of the number."""
    digits = phone_digits(phone)
    return [f"t{digits[i:]}" for i in range(0, max(len(digits) - 2, 0))]


def date_word(value: date) -> str:
    return f"d{value:%Y%m%d}"


_DATE_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_DATE_SLASHED = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_candidates(text: str) -> list[date]:
    """Dates a typed string may mean: 1985-03-14, 14/03/1985 and 03/14/1985 are all understood."""
    text = text.strip()
    if m := _DATE_ISO.match(text):
        found = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return [found] if found else []
    if m := _DATE_SLASHED.match(text):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        options = [_safe_date(y, b, a), _safe_date(y, a, b)]  # day-first, then month-first
        return list(dict.fromkeys(d for d in options if d))
    return []


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed search: groups of alternatives; a record must match one word of every group.

    Each word is matched as a prefix. Empty `groups` means "everything".
    """

    groups: tuple[tuple[str, ...], ...]
    matches_nothing: bool = False  # something was typed, but nothing searchable (e.g. only emoji)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.matches_nothing


def parse_query(text: str) -> SearchQuery:
    """Turn anything typed in a search box into safe search words (never raises)."""
    text = text[:MAX_QUERY_CHARS].strip()
    if not text:
        return SearchQuery(())
    dates = date_candidates(text)
    if dates:
        return SearchQuery((tuple(date_word(d) for d in dates),))
    digits = phone_digits(text)
    letters = fold(_DIGITS.sub("", text)).replace(" ", "")
    if len(digits) >= 3 and not letters:
        return SearchQuery(((f"t{digits}",),))
    groups: list[tuple[str, ...]] = []
    for word in fold(text).split()[:MAX_QUERY_TERMS]:
        groups.append((word,) if not word.isdigit() else (word, f"t{word}"))
    return SearchQuery(tuple(groups), matches_nothing=not groups)
