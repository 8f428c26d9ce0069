""""Today" is the clinic's local date in every service, as on screen: a date a person picks from
the local calendar is never "in the future" because UTC has not reached it yet."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.errors import ValidationError
from keystone_desk.services.clinic import Clinic
from tests.conftest import FakeClock, intake_values

# 22:30 UTC on 27 Nov is 09:30 on 28 Nov in Sydney (UTC+11 in summer).
LATE_UTC = datetime(2026, 11, 27, 22, 30, tzinfo=UTC)
SYDNEY_TODAY = date(2026, 11, 28)


@pytest.fixture
def local_zone() -> Iterator[Callable[[str], None]]:
    """Sets the computer's time zone for the test (TZ + tzset) and restores it afterwards."""
    saved = os.environ.get("TZ")

    def use(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def sydney_morning(tmp_path, local_zone) -> Iterator[Clinic]:
    local_zone("Australia/Sydney")
    clinic = Clinic(tmp_path / "clinic.db", clock=FakeClock(LATE_UTC))
    yield clinic
    clinic.close()


def test_a_morning_in_sydney_accepts_todays_local_date_everywhere(sydney_morning):
    clinic = sydney_morning
    admin = clinic.builtin_administrator()
    assert clinic.measures.today() == SYDNEY_TODAY
    patient = clinic.patients.register(
        admin, intake_values(referral_date=SYDNEY_TODAY.isoformat())).patient
    clinic.patients.register_many(admin, [intake_values(
        first_name="Zoë", referral_date=SYDNEY_TODAY.isoformat())])
    episode = clinic.episodes.open_episode(admin, patient.id, "Right Achilles",
                                           opened_on=SYDNEY_TODAY)
    assert clinic.episodes.open_episode(admin, patient.id, "Left calf").opened_on == SYDNEY_TODAY
    clinic.measures.record(admin, episode.id, "nprs", SYDNEY_TODAY, {"1": 5})
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY)
    assert note.header.visit_date == SYDNEY_TODAY


def test_an_evening_in_new_york_does_not_offer_tomorrow(tmp_path, local_zone):
    local_zone("America/New_York")
    evening = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)  # 21:30 on 27 Nov in New York
    clinic = Clinic(tmp_path / "clinic.db", clock=FakeClock(evening))
    admin = clinic.builtin_administrator()
    assert clinic.measures.today() == date(2026, 11, 27)
    patient = clinic.patients.register(admin, intake_values()).patient
    with pytest.raises(ValidationError):
        clinic.episodes.open_episode(admin, patient.id, "Right Achilles",
                                     opened_on=date(2026, 11, 28))
    clinic.close()
