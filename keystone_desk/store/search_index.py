"""Patient search: the words stored for each patient and the FTS5 query built from typed input.

Folding rules live in domain.text_search; this module only turns them into rows and SQL.
Every query word is quoted before MATCH, so no typed text can change the query's meaning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..domain.text_search import (
    SearchQuery,
    date_word,
    fold,
    name_words,
    phone_words,
)


@dataclass(frozen=True, slots=True)
class IndexKeys:
    words: str  # the FTS document
    name_words: str  # folded name words, for ranking whole-word matches first
    sort_key: str  # list order: last name, first name
    identity_key: str  # folded full name + date of birth, for duplicate checks
    red_flag_count: int


def identity_key(first_name: str, last_name: str, date_of_birth: str) -> str:
    return f"{fold(last_name).replace(' ', '')}|{fold(first_name).replace(' ', '')}|{date_of_birth}"


def index_words_for_row(
    first_name: str, last_name: str, preferred_name: str, date_of_birth: str, phone: str,
    email: str, intake_json: str,
) -> IndexKeys:
    intake = json.loads(intake_json)
    names = name_words(first_name, last_name, preferred_name)
    phones = {phone, intake.get("mobile_phone", ""), intake.get("home_phone", "")}
    words = list(names)
    for number in sorted(p for p in phones if p):
        words.extend(phone_words(number))
    words.extend(fold(email).split())
    words.append(date_word(date.fromisoformat(date_of_birth)))
    flags = intake.get("red_flags", [])
    return IndexKeys(
        words=" ".join(dict.fromkeys(words)),
        name_words=" ".join(names),
        sort_key=f"{fold(last_name)}\x1f{fold(first_name)}",
        identity_key=identity_key(first_name, last_name, date_of_birth),
        red_flag_count=len(flags),
    )


def match_expression(query: SearchQuery) -> str:
    """FTS5 MATCH text: every group must match; a group matches if any of its words prefix-matches."""
    parts = []
    for group in query.groups:
        alternatives = " OR ".join(f'"{_quote(word)}"*' for word in group)
        parts.append(f"({alternatives})")
    return " AND ".join(parts)


def _quote(word: str) -> str:
    return word.replace('"', '""')
