"""DemoClinicService: fill a clinic with fictional patients, to try the app or measure it.

The first 25 are hand-written (services.demo_patients): a small running-injury practice, and most
of them come with a chart (services.demo_charting: episodes, signed notes, outcome measures) so the
demo shows what the product does. More than 25 adds synthetic patients drawn from
`random.Random(seed)`, registered only, so the same seed and the same day give the same clinic and
100,000 of them load as fast as registration allows. Patients go through
PatientService.register_many (validated like any intake, one transaction, one audit event each);
charts through the charting services. No Qt, no SQL.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.intake import REFERRAL_SOURCES, RedFlag
from ..domain.text_search import fold
from ..domain.users import User
from .bulk_registration import Progress
from .clinic_time import clinic_today
from .demo_charting import ChartedPatient, DemoChartWriter
from .demo_names import NAME_POOLS, NamePool
from .demo_patients import DEMO_PATIENTS
from .demo_users import create_demo_users
from .patients import PatientService

if TYPE_CHECKING:
    from .auth import AuthService

AUDIT_SOURCE = "demo clinic"
_OLDEST_BIRTH = date(1940, 1, 1).toordinal()
_YOUNGEST_BIRTH = date(2012, 12, 31).toordinal()

# Phone formats people actually type; each '#' becomes a digit.
_PHONE_FORMATS = (
    "(555) 0##-####", "555-0##-####", "555.0##.####", "+1 555 0## ####", "555 0## ####",
    "(555) 0##-#### x##", "+44 7700 900###", "+48 5## ### ###", "+34 6## ### ###",
    "+353 8# ### ####", "+49 15## #######", "+81 90 #### ####", "+234 80# ### ####",
)
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
_PAYERS = ("Self-pay", "Medicare", "Harbor Mutual Health", "Cascade Health Plan",
           "Pinecrest Insurance", "Workers' compensation", "Auto insurance claim")


class _Case:
    """A kind of problem the synthetic clinic sees: complaint, onset and usual weekly distance."""

    def __init__(self, complaint: str, onset: str, km: tuple[int, int], activity: str,
                 weight: int, red_flags: tuple[RedFlag, ...] = (), bilateral: bool = False):
        self.complaint, self.onset, self.km, self.activity = complaint, onset, km, activity
        self.weight, self.red_flags, self.bilateral = weight, red_flags, bilateral


_CASES = (
    _Case("Achilles sore a few centimetres above the heel; stiff for the first steps each "
          "morning, eases once warm.", "gradual", (10, 90), "Road running", 14, bilateral=True),
    _Case("Pain where the Achilles meets the heel bone, worse running uphill and in shoes "
          "that press the back of the heel.", "gradual", (5, 70), "Trail running", 8),
    _Case("Sharp pain under the heel with the first steps out of bed.", "gradual", (0, 40),
          "Walking and jogging", 8),
    _Case("Ache around the kneecap going downstairs and after sitting.", "gradual", (0, 50),
          "Running and cycling", 7),
    _Case("Turned the ankle over; swollen and bruised on the outside.", "sudden", (0, 40),
          "Court and field sports", 6),
    _Case("Burning on the outside of the knee that starts partway into each run.", "gradual",
          (15, 70), "Distance running", 5),
    _Case("Sudden pull in the back of the thigh while sprinting.", "sudden", (10, 60),
          "Sprinting and field sports", 4),
    _Case("Sharp sting in the calf pushing off; can walk but not jog.", "sudden", (5, 60),
          "Hill running", 4),
    _Case("Ache along the inner edge of the shins during runs.", "gradual", (15, 90),
          "Cross-country and track", 4, bilateral=True),
    _Case("Pain on the outside of the hip lying on that side and on stairs.", "gradual",
          (0, 30), "Walking and hiking", 3),
    _Case("Felt a pop at the back of the ankle lunging for a ball; cannot rise onto the toes.",
          "sudden", (0, 30), "Racket sports", 1,
          (RedFlag.POP_OR_SNAP, RedFlag.CANNOT_RISE_ON_TOES)),
    _Case("Calf aching, swollen and warm after a long journey.", "gradual", (0, 40),
          "Running, frequent travel", 1, (RedFlag.CALF_SWELLING,)),
)
_CASE_WEIGHTS = [case.weight for case in _CASES]
_GOALS = (
    "Run my next race without this pain.", "Get back to my running club.",
    "Walk the dog for an hour without limping.", "Play the rest of the season.",
    "Run a half marathon this year.", "Keep up with my children at the park.",
    "Stop thinking about my leg on every run.", "Train for a marathon again.",
    "Get through a work shift on my feet without pain.", "Hike the mountains this summer.",
)


class DemoClinicService:
    def __init__(self, patients: PatientService, clock: Callable[[], datetime],
                 charts: DemoChartWriter | None = None,
                 users: Callable[[], AuthService] | None = None):
        self._patients = patients
        self._clock = clock
        self._charts = charts
        self._users = users  # the demo users (services.demo_users), when given

    def load(self, actor: User, patients: int = 25, seed: int = 1,
             progress: Progress | None = None) -> int:
        """Register `patients` demo patients (fewer if some are already there); returns how many.

        The hand-written patients registered now get their charts; one of them is a discharged
        patient, archived once the chart is written.
        """
        today = clinic_today(self._clock)
        chosen = [dict(p) for p in DEMO_PATIENTS[:max(patients, 0)]]
        rows = [_dated(p, today) for p in chosen]
        if patients > len(DEMO_PATIENTS):
            taken = {_identity(r) for r in rows}
            rows += synthetic_patients(patients - len(DEMO_PATIENTS), seed, today, taken)
        result = self._patients.register_many(actor, rows, source=AUDIT_SOURCE,
                                              progress=progress)
        created = dict(zip(result.created_rows, result.created, strict=True))
        new_hand_written = {index: created[index] for index in range(len(chosen))
                            if index in created}

        def archive_discharged() -> None:
            for index, patient_id in new_hand_written.items():
                if chosen[index].get("archived"):
                    self._patients.set_archived(actor, patient_id, True, expected_version=1)

        if self._charts is None:
            archive_discharged()
        else:
            charted = {str(chosen[i]["last_name"]): ChartedPatient(pid, _onset(rows[i]))
                       for i, pid in new_hand_written.items()}
            # The demo therapist writes and signs the charts, as in a real clinic.
            author = create_demo_users(self._users(), actor) if self._users else actor
            self._charts.write(author, charted, then=archive_discharged)
        return result.count


def _dated(spec: dict[str, object], today: date) -> dict[str, object]:
    """Intake values with the days-ago fields turned into ISO dates."""
    raw = {k: v for k, v in spec.items() if k not in ("archived", "onset_days_ago",
                                                       "referral_days_ago")}
    for key, field in (("onset_days_ago", "onset_date"), ("referral_days_ago", "referral_date")):
        if key in spec:
            raw[field] = (today - timedelta(days=int(str(spec[key])))).isoformat()
    return raw


def _onset(raw: dict[str, object]) -> date | None:
    onset = raw.get("onset_date")
    return date.fromisoformat(onset) if isinstance(onset, str) else None


def _identity(raw: dict[str, object]) -> tuple[str, str, str]:
    return (fold(str(raw["first_name"])).replace(" ", ""),
            fold(str(raw["last_name"])).replace(" ", ""), str(raw["date_of_birth"]))


def synthetic_patients(count: int, seed: int, today: date,
                       taken: set[tuple[str, str, str]] | None = None) -> list[dict[str, object]]:
    """`count` distinct fictional patients; the same seed and day give the same list."""
    rng = random.Random(seed)
    taken = set() if taken is None else taken
    rows: list[dict[str, object]] = []
    while len(rows) < count:
        raw = _synthetic_patient(rng, today, len(rows))
        key = _identity(raw)
        if key not in taken:
            taken.add(key)
            rows.append(raw)
    return rows


def _synthetic_patient(rng: random.Random, today: date, number: int) -> dict[str, object]:
    pool = rng.choice(NAME_POOLS)
    female = rng.random() < 0.52
    first = rng.choice(pool.female if female else pool.male)
    last = pool.surname_for(rng.randrange(len(pool.surnames)), female)
    birth = date.fromordinal(rng.randint(_OLDEST_BIRTH, _YOUNGEST_BIRTH))
    raw: dict[str, object] = {
        "first_name": first, "last_name": last, "date_of_birth": birth.isoformat(),
        "sex": _sex(rng, female), "preferred_language": pool.language,
        "referral_source": rng.choice(REFERRAL_SOURCES), "payer": rng.choice(_PAYERS),
        "consent_to_treat": rng.random() < 0.9, "privacy_notice": rng.random() < 0.9,
    }
    phone = _phone(rng)
    raw["home_phone" if rng.random() < 0.12 else "mobile_phone"] = phone
    if rng.random() < 0.85:
        raw["email"] = _email(rng, pool, first, last, number)
    raw.update(_complaint(rng, today, birth))
    return raw


def _sex(rng: random.Random, female: bool) -> str:
    if rng.random() < 0.02:
        return rng.choice(("intersex", "undisclosed"))
    return "female" if female else "male"


def _phone(rng: random.Random) -> str:
    pattern = rng.choice(_PHONE_FORMATS)
    return "".join(str(rng.randrange(10)) if c == "#" else c for c in pattern)


def _email(rng: random.Random, pool: NamePool, first: str, last: str, number: int) -> str:
    first_part, last_part = fold(first).replace(" ", ""), fold(last).replace(" ", "")
    local = rng.choice((f"{first_part}.{last_part}", f"{first_part[:1]}{last_part}",
                        f"{last_part}{number % 97}"))
    return f"{local}@{rng.choice(_EMAIL_DOMAINS)}"


def _complaint(rng: random.Random, today: date, birth: date) -> dict[str, object]:
    case = rng.choices(_CASES, weights=_CASE_WEIGHTS)[0]
    worst = rng.randint(2, 9)
    best = rng.randint(0, min(worst, 3))
    onset_days = rng.randint(1, 14) if case.onset == "sudden" else rng.randint(14, 400)
    sides = ("left", "right", "both") if case.bilateral else ("left", "right")
    raw: dict[str, object] = {
        "chief_complaint": case.complaint, "onset": case.onset,
        "side": rng.choice(sides), "activity": case.activity,
        "onset_date": max(today - timedelta(days=onset_days), birth).isoformat(),
        "pain_worst": worst, "pain_best": best, "pain_now": rng.randint(best, worst),
        "weekly_running_km": rng.randint(*case.km), "goals": rng.choice(_GOALS),
    }
    # Screened at the first visit: every red-flag and medication question has an answer.
    raw.update({flag.value: "yes" if flag in case.red_flags else "no" for flag in RedFlag})
    raw.update(fluoroquinolone="no", corticosteroid_injection="no")
    roll = rng.random()
    if roll < 0.01:
        raw["medications"] = "Levofloxacin 500 mg daily, course finished last week"
        raw["fluoroquinolone"] = True
    elif roll < 0.02:
        raw["corticosteroid_injection"] = True
        raw["medications"] = "Steroid injection near the sore tendon two months ago"
    return raw
