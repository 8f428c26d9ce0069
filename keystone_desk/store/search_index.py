"""Patient search: the words stored for each patient and the FTS5 query built from typed input.

Folding rules live in domain.text_search; this module only turns them into rows and SQL.
Every query word is quoted before MATCH, so no typed text can change the query's meaning.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from ..domain.intake import Intake
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
    first_key: str  # folded first name, for first-name prefix matches
    identity_key: str  # folded full name + date of birth, for duplicate checks
    red_flag_count: int


def identity_key(first_name: str, last_name: str, date_of_birth: str) -> str:
    return f"{fold(last_name).replace(' ', '')}|{fold(first_name).replace(' ', '')}|{date_of_birth}"


def index_words_for_row(
    first_name: str, last_name: str, preferred_name: str, date_of_birth: str, phone: str,
    email: str, intake_json: str,
) -> IndexKeys:
    intake = json.loads(intake_json)
    phones = {phone, intake.get("mobile_phone", ""), intake.get("home_phone", "")}
    return index_keys(first_name, last_name, preferred_name, date_of_birth, phones, email,
                      len(intake.get("red_flags", [])))


def index_words_for_intake(intake: Intake) -> IndexKeys:
    """The same keys as `index_words_for_row`, straight from the record (bulk inserts)."""
    phones = {intake.phone, intake.mobile_phone, intake.home_phone}
    return index_keys(intake.first_name, intake.last_name, intake.preferred_name,
                      intake.date_of_birth.isoformat(), phones, intake.email,
                      len(intake.red_flags))


def index_keys(
    first_name: str, last_name: str, preferred_name: str, date_of_birth: str,
    phones: Iterable[str], email: str, red_flag_count: int,
) -> IndexKeys:
    names = name_words(first_name, last_name, preferred_name)
    words = list(names)
    for number in sorted(p for p in phones if p):
        words.extend(phone_words(number))
    words.extend(fold(email).split())
    words.append(date_word(date.fromisoformat(date_of_birth)))
    return IndexKeys(
        words=" ".join(dict.fromkeys(words)),
        name_words=" ".join(names),
        sort_key=f"{fold(last_name)}\x1f{fold(first_name)}",
        first_key=fold(first_name),
        identity_key=identity_key(first_name, last_name, date_of_birth),
        red_flag_count=red_flag_count,
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


_ABOVE_ALL_WORDS = "\x7f"  # sorts after every folded character, closing a prefix range


def search_patients(
    db: Database, query: SearchQuery, columns: str, *, include_archived: bool, limit: int,
    offset: int,
) -> list[tuple[Any, ...]]:
    """Rows of `columns` (aliased `p.`) for patients matching `query`, best first.

    Best first means, for a query starting with a name word W: last names starting with W (A–Z),
    then first names starting with W, then any other match (email, phone, other name parts).
    Each tier walks an index in order and stops at `limit`, so a common three-letter prefix on a
    large clinic reads one page, never every match.
    """
    if query.matches_nothing:
        return []
    archived = "" if include_archived else " AND p.archived = 0"
    if query.is_empty:
        tiers = [_Tier(f"1{archived}", [], "p.sort_key, p.id")]
    else:
        tiers = _tiers(query, archived)
    return _page(db, columns, tiers, limit, offset)


@dataclass(frozen=True, slots=True)
class _Tier:
    where: str
    params: list[Any]
    order: str
    from_index: bool = False  # read from the FTS table joined to patients

    @property
    def source(self) -> str:
        if self.from_index:
            return "patient_search s JOIN patients p ON p.id = s.rowid"
        return "patients p"


def _tiers(query: SearchQuery, archived: str) -> list[_Tier]:
    match = match_expression(query)
    # The catch-all tier is driven by the FTS index in rowid order, so it streams and stops at
    # the page size even when most of the clinic matches (an email domain, an area code).
    anything = _Tier(f"patient_search MATCH ?{archived}", [match], "s.rowid", from_index=True)
    word = query.groups[0][0]
    if not word.isalpha():
        return [anything]
    rest = " AND p.id IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?)"
    rest, rest_params = (rest, [match]) if len(query.groups) > 1 else ("", [])
    by_last = "p.sort_key >= ? AND p.sort_key < ?"
    by_first = "p.first_key >= ? AND p.first_key < ?"
    span = [word, word + _ABOVE_ALL_WORDS]
    return [
        _Tier(f"{by_last}{archived}{rest}", [*span, *rest_params], "p.sort_key, p.id"),
        _Tier(f"{by_first} AND NOT ({by_last}){archived}{rest}", [*span, *span, *rest_params],
              "p.first_key, p.sort_key, p.id"),
        _Tier(f"{anything.where} AND NOT ({by_last}) AND NOT ({by_first})",
              [match, *span, *span], "s.rowid", from_index=True),
    ]


def _page(db: Database, columns: str, tiers: list[_Tier], limit: int,
          offset: int) -> list[tuple[Any, ...]]:
    """Rows offset..offset+limit of the tiers read one after another."""
    rows: list[tuple[Any, ...]] = []
    skip = offset
    for tier in tiers:
        wanted = limit - len(rows)
        if wanted <= 0:
            break
        found = db.execute(
            f"SELECT {columns} FROM {tier.source} WHERE {tier.where} ORDER BY {tier.order} "
            "LIMIT ? OFFSET ?",
            [*tier.params, wanted, skip],
        ).fetchall()
        if not found and skip:
            size = db.execute(
                f"SELECT count(*) FROM {tier.source} WHERE {tier.where}", tier.params
            ).fetchone()[0]
            skip = max(skip - size, 0)
            continue
        rows.extend(found)
        skip = 0
    return rows
