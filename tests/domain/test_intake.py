"""Intake validation: every problem reported at once, against the field it belongs to."""

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keystone_desk.domain.errors import ValidationError
from keystone_desk.domain.intake import (
    ANSWER_FIELDS,
    Answer,
    Intake,
    RedFlag,
    Sex,
    mentions_fluoroquinolone,
    validate_intake,
)
from tests.conftest import intake_values

TODAY = date(2026, 11, 27)


def problems(**values: object) -> dict[str, list[str]]:
    try:
        validate_intake(intake_values(**values), TODAY)
    except ValidationError as error:
        found: dict[str, list[str]] = {}
        for p in error.problems:
            found.setdefault(p.field, []).append(p.message)
        return found
    return {}


def test_minimal_front_desk_intake_is_valid():
    intake = validate_intake(intake_values(), TODAY)
    assert intake.first_name == "Maria"
    assert intake.date_of_birth == date(1988, 6, 2)
    assert intake.sex is Sex.FEMALE
    assert not intake.has_red_flags


def test_required_fields_are_all_reported_together():
    found = problems(first_name=" ", last_name="", date_of_birth="", sex="", mobile_phone="")
    assert set(found) == {"first_name", "last_name", "date_of_birth", "sex", "mobile_phone"}


def test_home_phone_alone_is_enough():
    assert problems(mobile_phone="", home_phone="020 7946 0958") == {}


def test_date_of_birth_cannot_be_in_the_future_or_over_120_years_ago():
    assert "future" in problems(date_of_birth="2026-11-28")["date_of_birth"][0]
    assert "older than 120" in problems(date_of_birth="1905-11-27")["date_of_birth"][0]
    assert problems(date_of_birth="1905-11-28") == {}


def test_pain_scores_are_whole_numbers_from_0_to_10_and_consistent():
    assert problems(pain_now="11")["pain_now"]
    assert problems(pain_now="3.5")["pain_now"]
    assert problems(pain_best="6", pain_worst="4")["pain_best"]
    assert problems(pain_now="7", pain_worst="5")["pain_worst"]
    assert problems(pain_now="3", pain_best="1", pain_worst="8") == {}


def test_onset_before_birth_is_refused():
    assert problems(onset_date="1980-01-01")["onset_date"]


def test_weekly_running_volume_accepts_a_decimal_comma():
    intake = validate_intake(intake_values(weekly_running_km="32,5"), TODAY)
    assert intake.weekly_running_km == 32.5
    assert problems(weekly_running_km="-1")["weekly_running_km"]
    assert problems(weekly_running_km="nan")["weekly_running_km"]


def test_red_flags_are_read_from_their_own_keys():
    intake = validate_intake(
        intake_values(pop_or_snap=True, calf_swelling="yes", night_pain=False), TODAY
    )
    assert intake.red_flags == {RedFlag.POP_OR_SNAP, RedFlag.CALF_SWELLING}
    assert intake.red_flags_denied == {RedFlag.NIGHT_PAIN}
    assert intake.has_red_flags


def test_a_question_never_answered_is_not_asked_never_no():
    intake = validate_intake(intake_values(), TODAY)
    assert all(intake.red_flag_answer(flag) is Answer.NOT_ASKED for flag in RedFlag)
    assert intake.red_flags_not_asked == list(RedFlag)
    assert not intake.red_flag_screen_done
    assert intake.fluoroquinolone is Answer.NOT_ASKED
    assert intake.corticosteroid_injection is Answer.NOT_ASKED
    assert intake.to_raw()["night_pain"] == "not_asked"


def test_the_screen_is_done_once_every_red_flag_has_an_answer():
    answered = {flag.value: "no" for flag in RedFlag}
    intake = validate_intake(intake_values(**{**answered, "weight_loss": "not asked"}), TODAY)
    assert intake.red_flags_not_asked == [RedFlag.WEIGHT_LOSS]
    intake = validate_intake(intake_values(**{**answered, "weight_loss": Answer.YES}), TODAY)
    assert intake.red_flag_screen_done
    assert intake.red_flags == {RedFlag.WEIGHT_LOSS}
    assert intake.red_flags_denied == set(RedFlag) - {RedFlag.WEIGHT_LOSS}


def test_medication_questions_have_three_answers():
    intake = validate_intake(intake_values(fluoroquinolone="No", corticosteroid_injection="Y"),
                             TODAY)
    assert intake.fluoroquinolone is Answer.NO
    assert intake.corticosteroid_injection is Answer.YES
    assert intake.rupture_risk_factors() == ["Recent corticosteroid injection"]
    assert problems(fluoroquinolone="maybe") == {"fluoroquinolone": [
        "Answer yes or no, or leave it blank if it was not asked."]}


def test_an_intake_cannot_hold_a_plain_bool_or_a_flag_answered_both_ways():
    base = validate_intake(intake_values(), TODAY)
    with pytest.raises(TypeError, match="Answer"):
        dataclasses.replace(base, fluoroquinolone=True)
    with pytest.raises(ValueError, match="both yes and no"):
        dataclasses.replace(base, red_flags=frozenset({RedFlag.NIGHT_PAIN}),
                            red_flags_denied=frozenset({RedFlag.NIGHT_PAIN}))


YES_WORDS = ["yes", "Yes", " YES ", "y", "true", "1", "x", "on", True, Answer.YES]
NO_WORDS = ["no", "No", "n", "false", "0", "off", False, Answer.NO]
NOT_ASKED_WORDS = ["", "  ", "not asked", "Not_Asked", "unknown", "?", "-", None,
                   Answer.NOT_ASKED]
QUESTIONS = [*ANSWER_FIELDS, *(flag.value for flag in RedFlag)]


@given(st.sampled_from(QUESTIONS),
       st.sampled_from([(w, Answer.YES) for w in YES_WORDS] + [(w, Answer.NO) for w in NO_WORDS]
                       + [(w, Answer.NOT_ASKED) for w in NOT_ASKED_WORDS]))
def test_every_way_of_answering_a_question_reads_as_its_answer(question, word_and_answer):
    word, expected = word_and_answer
    intake = validate_intake(intake_values(**{question: word}), TODAY)
    answer = (getattr(intake, question) if question in ANSWER_FIELDS
              else intake.red_flag_answer(RedFlag(question)))
    assert answer is expected


_KNOWN_WORDS = {str(w).strip().lower() for w in YES_WORDS + NO_WORDS + NOT_ASKED_WORDS}


@given(st.sampled_from(QUESTIONS),
       st.text(max_size=12).filter(lambda t: t.strip().lower() not in _KNOWN_WORDS))
def test_any_other_answer_is_a_problem_on_that_question_only(question, word):
    assert problems(**{question: word}) == {question: [
        "Answer yes or no, or leave it blank if it was not asked."]}


@given(st.lists(st.sampled_from(list(Answer)), min_size=len(QUESTIONS), max_size=len(QUESTIONS)))
def test_any_mix_of_answers_round_trips_through_raw_values(answers):
    intake = validate_intake(intake_values(**dict(zip(QUESTIONS, answers, strict=True))), TODAY)
    assert [intake.to_raw()[q] for q in QUESTIONS] == [a.value for a in answers]
    assert validate_intake(intake.to_raw(), TODAY) == intake


@pytest.mark.parametrize("medication", ["Ciprofloxacin 500 mg", "levofloxacin", "Cipro", "Avelox"])
def test_fluoroquinolones_are_recognised_in_the_medication_list(medication):
    assert mentions_fluoroquinolone(medication)
    intake = validate_intake(intake_values(medications=medication), TODAY)
    assert "Fluoroquinolone antibiotic" in intake.rupture_risk_factors()


def test_other_medications_are_not_flagged():
    assert not mentions_fluoroquinolone("Ibuprofen 400 mg, amoxicillin")


def test_raw_values_round_trip_through_validation():
    intake = validate_intake(
        intake_values(side="right", onset="gradual", pain_now="4", weekly_running_km="40",
                      referral_date="2026-11-01", pop_or_snap=True, consent_to_treat=True),
        TODAY,
    )
    assert validate_intake(intake.to_raw(), TODAY) == intake


FIELDS = [name for name in Intake.__dataclass_fields__
          if name not in ("red_flags", "red_flags_denied")]


@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.text(max_size=50), st.booleans())))
def test_any_raw_values_give_an_intake_or_field_problems(raw):
    try:
        intake = validate_intake(raw, TODAY)
    except ValidationError as error:
        assert error.problems
        assert all(p.field in FIELDS and p.message for p in error.problems)
    else:
        assert intake.first_name and intake.last_name


def test_a_name_is_one_line_of_text():
    for name in ("first_name", "last_name", "preferred_name"):
        assert problems(**{name: "Ana\nMaria"}) == {
            name: ["A name is one line: remove the line break."]}
