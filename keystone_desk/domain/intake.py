"""The patient intake record: its fields, pick-lists, red-flag screen and validation rules.

Raw values arrive as text (from the intake form or a CSV file) and leave as a typed `Intake`, or a
`ValidationError` naming every field that is wrong. Standard library only.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from .contact import age_on, email_problem, parse_date, phone_problem
from .errors import FieldProblem, ValidationError

_E = TypeVar("_E", bound=StrEnum)

MAX_AGE_YEARS = 120
MAX_NAME_CHARS = 100
MAX_TEXT_CHARS = 4000


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"
    UNDISCLOSED = "undisclosed"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NOT_APPLICABLE = "n/a"


class Onset(StrEnum):
    GRADUAL = "gradual"
    SUDDEN = "sudden"


class Answer(StrEnum):
    """The answer to a yes/no intake question, which may not have been asked yet.

    "Not asked" is not "No": a chart must never read as if a question had been ruled out when no
    one asked it.
    """

    NOT_ASKED = "not_asked"
    NO = "no"
    YES = "yes"


class RedFlag(StrEnum):
    """Screening questions whose positive answer means: tell the therapist, consider referral."""

    POP_OR_SNAP = "pop_or_snap"
    CANNOT_RISE_ON_TOES = "cannot_rise_on_toes"
    CALF_SWELLING = "calf_swelling"
    FEVER_UNWELL = "fever_unwell"
    NIGHT_PAIN = "night_pain"
    WEIGHT_LOSS = "weight_loss"


RED_FLAG_QUESTIONS: dict[RedFlag, str] = {
    RedFlag.POP_OR_SNAP: "Felt a sudden pop or snap at the back of the ankle",
    RedFlag.CANNOT_RISE_ON_TOES: "Unable to rise up on the toes of the painful leg",
    RedFlag.CALF_SWELLING: "Calf swelling, redness or warmth",
    RedFlag.FEVER_UNWELL: "Fever, or feeling generally unwell",
    RedFlag.NIGHT_PAIN: "Pain at night that is not eased by rest or position",
    RedFlag.WEIGHT_LOSS: "Weight loss without trying",
}

SEX_LABELS = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.INTERSEX: "Intersex",
              Sex.UNDISCLOSED: "Prefer not to say"}
SIDE_LABELS = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.BOTH: "Both",
               Side.NOT_APPLICABLE: "Not applicable"}
ONSET_LABELS = {Onset.GRADUAL: "Gradual", Onset.SUDDEN: "Sudden"}
ANSWER_LABELS = {Answer.NOT_ASKED: "Not asked", Answer.NO: "No", Answer.YES: "Yes"}
REFERRAL_SOURCES = ("Self", "Physician", "Podiatrist", "Orthopaedic surgeon", "Coach or club",
                    "Another patient", "Insurer", "Other")

# Antibiotics of the fluoroquinolone class (generic and common brand names): tendon rupture risk.
_FLUOROQUINOLONES = re.compile(
    r"\b(\w*floxacin|cipro|ciproxin|levaquin|avelox|floxin|noroxin|factive|baxdela|tavanic)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Intake:
    """Everything the front desk and therapist record at intake. Optional text is '' when blank."""

    first_name: str
    last_name: str
    date_of_birth: date
    sex: Sex
    preferred_name: str = ""
    pronouns: str = ""
    mobile_phone: str = ""
    home_phone: str = ""
    email: str = ""
    address: str = ""
    preferred_language: str = ""
    emergency_name: str = ""
    emergency_relationship: str = ""
    emergency_phone: str = ""
    referral_source: str = ""
    referring_provider: str = ""
    referral_date: date | None = None
    payer: str = ""
    member_id: str = ""
    chief_complaint: str = ""
    side: Side | None = None
    onset_date: date | None = None
    onset: Onset | None = None
    pain_now: int | None = None
    pain_best: int | None = None
    pain_worst: int | None = None
    activity: str = ""
    weekly_running_km: float | None = None
    goals: str = ""
    conditions: str = ""
    surgeries: str = ""
    medications: str = ""
    fluoroquinolone: Answer = Answer.NOT_ASKED
    corticosteroid_injection: Answer = Answer.NOT_ASKED
    red_flags: frozenset[RedFlag] = field(default_factory=frozenset)  # answered yes
    red_flags_denied: frozenset[RedFlag] = field(default_factory=frozenset)  # answered no
    consent_to_treat: bool = False
    privacy_notice: bool = False

    def __post_init__(self) -> None:
        for name in ANSWER_FIELDS:
            if not isinstance(getattr(self, name), Answer):
                raise TypeError(f"{name} takes an Answer (not asked / no / yes), "
                                f"not {getattr(self, name)!r}")
        if both := self.red_flags & self.red_flags_denied:
            raise ValueError(f"Red flags answered both yes and no: {sorted(both)}")

    @property
    def display_name(self) -> str:
        """'Last, First (Preferred)' as a front desk reads a list."""
        name = f"{self.last_name}, {self.first_name}"
        if self.preferred_name and self.preferred_name != self.first_name:
            name += f" ({self.preferred_name})"
        return name

    @property
    def phone(self) -> str:
        return self.mobile_phone or self.home_phone

    @property
    def has_red_flags(self) -> bool:
        return bool(self.red_flags)

    def red_flag_answer(self, flag: RedFlag) -> Answer:
        if flag in self.red_flags:
            return Answer.YES
        return Answer.NO if flag in self.red_flags_denied else Answer.NOT_ASKED

    @property
    def red_flags_not_asked(self) -> list[RedFlag]:
        """The screening questions still without an answer, in the order they are asked."""
        return [flag for flag in RedFlag if self.red_flag_answer(flag) is Answer.NOT_ASKED]

    @property
    def red_flag_screen_done(self) -> bool:
        """Every red-flag question has been answered yes or no."""
        return not self.red_flags_not_asked

    def rupture_risk_factors(self) -> list[str]:
        """Risk factors for tendon rupture recorded in the history, in plain words."""
        found = []
        if self.fluoroquinolone is Answer.YES or mentions_fluoroquinolone(self.medications):
            found.append("Fluoroquinolone antibiotic")
        if self.corticosteroid_injection is Answer.YES:
            found.append("Recent corticosteroid injection")
        return found

    def to_raw(self) -> dict[str, object]:
        """Values as a form or CSV shows them: dates ISO, numbers as text, ticks as bools, and
        each red-flag and medication question as its Answer's value ("not_asked", "no", "yes")."""
        raw: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "red_flags":
                raw.update({flag.value: self.red_flag_answer(flag).value for flag in RedFlag})
            elif f.name == "red_flags_denied":
                continue
            elif isinstance(value, bool):
                raw[f.name] = value
            elif value is None:
                raw[f.name] = ""
            elif isinstance(value, float):
                raw[f.name] = f"{value:g}"
            else:
                raw[f.name] = str(value)
        return raw


def mentions_fluoroquinolone(medications: str) -> bool:
    return bool(_FLUOROQUINOLONES.search(medications))


def read_answer(value: object) -> Answer | None:
    """A yes / no / not-asked answer as a form or a CSV cell gives it, or None if it is none of
    them. Missing (None) or blank is "not asked"; a tick (True) is yes and an explicit False no."""
    if isinstance(value, Answer):
        return value
    if value is None:
        return Answer.NOT_ASKED
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    word = str(value).strip().lower()
    if word in _NOT_ASKED_WORDS:
        return Answer.NOT_ASKED
    if word in _TRUE_WORDS:
        return Answer.YES
    return Answer.NO if word in _FALSE_WORDS else None


REQUIRED_FIELDS = ("first_name", "last_name", "date_of_birth", "sex")
TEXT_FIELDS = tuple(
    f.name for f in dataclasses.fields(Intake)
    if f.type == "str" and f.name not in ("first_name", "last_name")
)
BOOL_FIELDS = ("consent_to_treat", "privacy_notice")
ANSWER_FIELDS = ("fluoroquinolone", "corticosteroid_injection")
_TRUE_WORDS = {"1", "true", "yes", "y", "x", "on"}
_FALSE_WORDS = {"", "0", "false", "no", "n", "off"}
# Words that leave a question unanswered (a blank cell, or a form saying so).
_NOT_ASKED_WORDS = {"", "not_asked", "not asked", "not-asked", "unknown", "?", "-"}


class _Reader:
    """Collects every problem in one pass so the person sees all of them at once."""

    def __init__(self, raw: Mapping[str, object], today: date, day_first: bool):
        self.raw, self.today, self.day_first = raw, today, day_first
        self.problems: list[FieldProblem] = []

    def fail(self, name: str, message: str) -> None:
        self.problems.append(FieldProblem(name, message))

    def text(self, name: str, limit: int = MAX_TEXT_CHARS) -> str:
        value = str(self.raw.get(name) or "").strip()
        if len(value) > limit:
            self.fail(name, f"Keep this under {limit} characters.")
        return value

    def flag(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word not in _TRUE_WORDS | _FALSE_WORDS:
            self.fail(name, "Answer yes or no.")
        return word in _TRUE_WORDS

    def answer(self, name: str) -> Answer:
        answer = read_answer(self.raw.get(name))
        if answer is None:
            self.fail(name, "Answer yes or no, or leave it blank if it was not asked.")
            return Answer.NOT_ASKED
        return answer

    def date(self, name: str, *, required: bool = False) -> date | None:
        text = self.text(name, 40)
        if not text:
            if required:
                self.fail(name, "Required.")
            return None
        try:
            value = parse_date(text, day_first=self.day_first)
        except ValueError as exc:
            self.fail(name, str(exc))
            return None
        if value > self.today:
            self.fail(name, "This date is in the future.")
        return value

    def choice(self, name: str, enum: type[_E], *, required: bool = False) -> _E | None:
        text = self.text(name, 40).lower()
        if not text:
            if required:
                self.fail(name, "Required.")
            return None
        try:
            return enum(text)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            self.fail(name, f"Choose one of: {allowed}.")
            return None

    def number(self, name: str, low: float, high: float, *, whole: bool) -> float | None:
        text = self.text(name, 20).replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or value != value or (whole and not value.is_integer()):
            kind = "a whole number" if whole else "a number"
            self.fail(name, f"Enter {kind} from {low:g} to {high:g}.")
            return None
        if not low <= value <= high:
            self.fail(name, f"Enter a value from {low:g} to {high:g}.")
            return None
        return value

    def phone(self, name: str) -> str:
        value = self.text(name, 40)
        if value and (problem := phone_problem(value)):
            self.fail(name, problem)
        return value


def _breaks_lines(text: str) -> bool:
    """Whether `text` holds a line break, tab or other control character."""
    return any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text)


def validate_intake(raw: Mapping[str, object], today: date, *, day_first: bool = True) -> Intake:
    """Check raw intake values; return the typed record or raise ValidationError with every problem.

    Red-flag answers are read from keys named after `RedFlag` values; they and the medication
    questions (ANSWER_FIELDS) may be yes, no or not asked (a missing key or a blank).
    """
    r = _Reader(raw, today, day_first)
    first, last = r.text("first_name", MAX_NAME_CHARS), r.text("last_name", MAX_NAME_CHARS)
    for name, value in (("first_name", first), ("last_name", last)):
        if not value:
            r.fail(name, "Required.")
    for name in ("first_name", "last_name", "preferred_name"):
        if _breaks_lines(str(raw.get(name) or "").strip()):  # a CSV cell can hold a line break
            r.fail(name, "A name is one line: remove the line break.")
    birth = r.date("date_of_birth", required=True)
    if birth and birth <= today and age_on(birth, today) > MAX_AGE_YEARS:
        r.fail("date_of_birth", f"That would make the patient older than {MAX_AGE_YEARS}.")
    sex = r.choice("sex", Sex, required=True)
    texts = {name: r.text(name) for name in TEXT_FIELDS}
    phones = {name: r.phone(name) for name in ("mobile_phone", "home_phone", "emergency_phone")}
    if not (phones["mobile_phone"] or phones["home_phone"]):
        r.fail("mobile_phone", "Enter at least one phone number (mobile or home).")
    if texts["email"] and (problem := email_problem(texts["email"])):
        r.fail("email", problem)
    dates = {name: r.date(name) for name in ("referral_date", "onset_date")}
    for name, day in dates.items():
        if day and birth and day < birth:
            r.fail(name, "This date is before the date of birth.")
    pains = {name: r.number(name, 0, 10, whole=True) for name in ("pain_now", "pain_best", "pain_worst")}
    best, now, worst = pains["pain_best"], pains["pain_now"], pains["pain_worst"]
    if best is not None and worst is not None and best > worst:
        r.fail("pain_best", "Best pain cannot be higher than worst pain.")
    if now is not None and worst is not None and now > worst:
        r.fail("pain_worst", "Worst pain cannot be lower than pain now.")
    weekly_km = r.number("weekly_running_km", 0, 400, whole=False)
    consent, privacy = r.flag("consent_to_treat"), r.flag("privacy_notice")
    fluoroquinolone, steroid = r.answer("fluoroquinolone"), r.answer("corticosteroid_injection")
    screen = {flag: r.answer(flag.value) for flag in RedFlag}
    side, onset = r.choice("side", Side), r.choice("onset", Onset)
    if r.problems:
        raise ValidationError(r.problems)
    assert birth is not None and sex is not None
    typed = Intake(
        first_name=first, last_name=last, date_of_birth=birth, sex=sex, side=side, onset=onset,
        referral_date=dates["referral_date"], onset_date=dates["onset_date"],
        pain_now=_whole(now), pain_best=_whole(best), pain_worst=_whole(worst),
        weekly_running_km=weekly_km, consent_to_treat=consent, privacy_notice=privacy,
        fluoroquinolone=fluoroquinolone, corticosteroid_injection=steroid,
        red_flags=frozenset(flag for flag, answer in screen.items() if answer is Answer.YES),
        red_flags_denied=frozenset(flag for flag, answer in screen.items() if answer is Answer.NO),
    )
    text_values: dict[str, Any] = {**texts, **phones}  # every one a str field of Intake
    return dataclasses.replace(typed, **text_values)


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)
