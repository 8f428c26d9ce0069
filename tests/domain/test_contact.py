"""Phone, email and date checks for values typed at the front desk."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keystone_desk.domain.contact import age_on, email_problem, parse_date, phone_problem


@pytest.mark.parametrize(
    "phone",
    ["(555) 201-3344", "+44 20 7946 0958", "555.201.3344", "0612345678", "555-201-3344 ext 12",
     "+48 601 234 567"],
)
def test_common_phone_formats_are_accepted(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["12345", "call me", "+1 555 201 3344 555 201 3344", "555-CALL-NOW"])
def test_bad_phones_are_explained(phone):
    assert phone_problem(phone)


@pytest.mark.parametrize("email", ["maria@example.com", "ł.w@przykład.pl", "a.b+c@x.co.uk"])
def test_good_emails(email):
    assert email_problem(email) is None


@pytest.mark.parametrize("email", ["maria", "maria@", "@example.com", "maria@example", "a b@x.com"])
def test_bad_emails(email):
    assert email_problem(email)


def test_parse_date_uses_clinic_order_only_when_ambiguous():
    assert parse_date("04/03/1985") == date(1985, 3, 4)
    assert parse_date("04/03/1985", day_first=False) == date(1985, 4, 3)
    assert parse_date("03/14/1985") == date(1985, 3, 14)
    assert parse_date("1985-03-14", day_first=False) == date(1985, 3, 14)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("March 14")


def test_age_counts_completed_years():
    assert age_on(date(1985, 3, 14), date(2026, 3, 13)) == 40
    assert age_on(date(1985, 3, 14), date(2026, 3, 14)) == 41
    assert age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25


@given(st.text(max_size=300))
def test_phone_and_email_checks_never_raise(text):
    phone_problem(text)
    email_problem(text)


@given(st.dates())
def test_iso_dates_round_trip(value):
    assert parse_date(value.isoformat()) == value
