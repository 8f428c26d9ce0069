"""Folding and query parsing: what people type in the search box becomes safe search words."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from keystone_desk.domain.text_search import (
    date_candidates,
    fold,
    name_words,
    parse_query,
    phone_words,
)


def test_fold_removes_case_diacritics_and_apostrophes():
    assert fold("Łukasz") == "lukasz"
    assert fold("O'Brien") == "obrien"
    assert fold("O’Brien") == "obrien"
    assert fold("José") == "jose"
    assert fold("Søren Ørsted") == "soren orsted"
    assert fold("Nguyễn") == "nguyen"
    assert fold("Straße") == "strasse"


def test_hyphenated_names_are_found_by_each_part_and_joined():
    assert name_words("Smith-Jones") == ["smith", "jones", "smithjones"]


def test_phone_words_let_any_part_of_the_number_match_as_a_prefix():
    words = phone_words("+1 (555) 201-3344")
    assert "t15552013344" in words
    assert "t2013344" in words
    assert "t344" in words
    assert all(len(w) >= 4 for w in words)


def test_dates_are_understood_in_three_spellings():
    assert date_candidates("1985-03-14") == [date(1985, 3, 14)]
    assert date_candidates("14/03/1985") == [date(1985, 3, 14)]
    assert date_candidates("03/14/1985") == [date(1985, 3, 14)]
    assert date_candidates("04/03/1985") == [date(1985, 3, 4), date(1985, 4, 3)]
    assert date_candidates("31/02/1985") == []


def test_query_kinds():
    assert parse_query("").is_empty
    assert parse_query("  ").is_empty
    assert parse_query("Lukasz O'Brien").groups == (("lukasz",), ("obrien",))
    assert parse_query("(555) 201-33").groups == (("t55520133",),)
    assert parse_query("1985-03-14").groups == (("d19850314",),)
    emoji = parse_query("😀😀")
    assert emoji.matches_nothing and not emoji.is_empty


@given(st.text(max_size=12000))
def test_any_input_parses_to_plain_ascii_words(text):
    query = parse_query(text)
    assert len(query.groups) <= 8
    for group in query.groups:
        for word in group:
            assert word and word.isascii() and word.isalnum()


@given(st.text())
def test_fold_is_idempotent_and_ascii(text):
    once = fold(text)
    assert fold(once) == once
    assert once.isascii()
