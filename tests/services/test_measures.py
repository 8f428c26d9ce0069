"""MeasureService: recording outcome measures for an episode, refusing bad answers with nothing
written, marking wrong results in error (never deleting them), history and first-vs-last change."""

import json
import sqlite3
from datetime import date

import pytest

from keystone_desk.domain.errors import NotFoundError, ValidationError
from keystone_desk.domain.json_values import json_safe
from keystone_desk.domain.measures import ChangeStatus
from tests.measure_fixtures import VISA_A_EXAMPLE, open_episode

SEP_3, OCT_15, NOV_26 = date(2026, 9, 3), date(2026, 10, 15), date(2026, 11, 26)


@pytest.fixture
def episode_id(clinic, admin):
    return open_episode(clinic, admin)


def count(clinic, table, where="1"):
    return clinic.db.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def measure_events(clinic):
    return [e for e in clinic.db.execute(
        "SELECT action, entity, entity_id, patient_id, detail, user_id FROM audit_events "
        "WHERE entity = 'measure_result' ORDER BY id").fetchall()]


def test_recording_stores_answers_score_and_an_audit_event(clinic, admin, episode_id):
    result = clinic.measures.record(admin, episode_id, "VISA-A", SEP_3, VISA_A_EXAMPLE)
    assert result.measure_id == "visa-a" and result.score == 54 and result.problems == ()
    assert result.answers == VISA_A_EXAMPLE and result.taken_on == SEP_3
    assert result.entered_by == admin.id and not result.in_error
    assert clinic.measures.get(result.id) == result
    patient_id = clinic.episodes.get(episode_id).patient_id
    assert measure_events(clinic) == [("create", "measure_result", result.id, patient_id,
                                       "VISA-A 54", admin.id)]


def test_an_incomplete_form_is_kept_without_a_score(clinic, admin, episode_id):
    answers = {str(n): 4 for n in range(1, 20)}
    result = clinic.measures.record(admin, episode_id, "lefs", SEP_3, answers)
    assert result.score is None
    assert "Item 20 is not answered." in result.problems
    assert measure_events(clinic)[0][4] == "LEFS no score"


def test_two_item_8_branches_are_refused_naming_both_and_nothing_is_written(
        clinic, admin, episode_id):
    with pytest.raises(ValidationError) as refused:
        clinic.measures.record(admin, episode_id, "visa-a", SEP_3,
                               {**VISA_A_EXAMPLE, "8A": 7})
    assert {p.field for p in refused.value.problems} == {"8A", "8B"}
    assert "answer only one of 8A, 8B or 8C" in refused.value.for_field("8A")[0]
    assert count(clinic, "measure_results") == 0 and measure_events(clinic) == []


@pytest.mark.parametrize(("item", "value", "words"), [
    ("7", 5, "Item 7: 5 is not one of its answers"),
    ("1", 11, "Item 1: 11 is not one of its answers"),
    ("9", 3, "VISA-A has no item '9'"),
])
def test_invalid_answers_are_refused_naming_the_item(clinic, admin, episode_id, item, value,
                                                     words):
    with pytest.raises(ValidationError) as refused:
        clinic.measures.record(admin, episode_id, "visa-a", SEP_3,
                               {**VISA_A_EXAMPLE, item: value})
    assert words in refused.value.for_field(item)[0]
    assert count(clinic, "measure_results") == 0


def test_a_future_date_and_an_unknown_episode_are_refused(clinic, admin, episode_id):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        clinic.measures.record(admin, episode_id, "nprs", date(2026, 11, 28), {"1": 3})
    with pytest.raises(NotFoundError):
        clinic.measures.record(admin, episode_id + 99, "nprs", SEP_3, {"1": 3})
    assert count(clinic, "measure_results") == 0


def test_psfs_activities_must_be_named_and_are_kept(clinic, admin, episode_id):
    ratings = {"1": 4, "2": 5, "3": 7}
    with pytest.raises(ValidationError) as refused:
        clinic.measures.record(admin, episode_id, "psfs", SEP_3, ratings,
                               {"1": "Running 5 km", "2": "Stairs"})
    assert [p.field for p in refused.value.problems] == ["3"]
    result = clinic.measures.record(admin, episode_id, "psfs", SEP_3, ratings,
                                    {"1": " Running  5 km", "2": "Stairs", "3": "Hopping",
                                     "4": "not rated, not kept"})
    assert result.activities == {"1": "Running 5 km", "2": "Stairs", "3": "Hopping"}
    assert result.score == pytest.approx(16 / 3)
    assert clinic.measures.get(result.id).activities == result.activities


def test_marking_in_error_needs_a_reason(clinic, admin, episode_id):
    result = clinic.measures.record(admin, episode_id, "nprs", SEP_3, {"1": 6})
    for reason in ("", "   \n "):
        with pytest.raises(ValidationError) as refused:
            clinic.measures.mark_in_error(admin, result.id, reason)
        assert refused.value.for_field("reason") == ["Say why this result is wrong."]
    assert not clinic.measures.get(result.id).in_error
    assert [e[0] for e in measure_events(clinic)] == ["create"]


def test_marking_in_error_keeps_the_result_with_its_reason_and_is_audited(
        clinic, admin, episode_id, clock):
    result = clinic.measures.record(admin, episode_id, "nprs", SEP_3, {"1": 6})
    marked = clinic.measures.mark_in_error(admin, result.id, "Rating belonged to the other leg")
    assert marked.in_error and marked.error_reason == "Rating belonged to the other leg"
    assert marked.error_by == admin.id and marked.error_at == clock.now
    assert marked.score == 6 and marked.answers == {"1": 6}
    assert measure_events(clinic)[-1][:2] == ("mark_in_error", "measure_result")
    assert measure_events(clinic)[-1][4] == "Rating belonged to the other leg"
    with pytest.raises(ValidationError, match="already marked in error"):
        clinic.measures.mark_in_error(admin, result.id, "again")


@pytest.mark.parametrize("statement", [
    "UPDATE measure_results SET score = 99",
    "UPDATE measure_results SET answers_json = '{}'",
    "UPDATE measure_results SET in_error = 1",  # no reason
    "UPDATE measure_results SET taken_on = '2026-01-01', in_error = 1, error_reason = 'x'",
    "DELETE FROM measure_results",
])
def test_the_database_refuses_to_change_or_delete_a_result(clinic, admin, episode_id,
                                                            statement):
    result = clinic.measures.record(admin, episode_id, "visa-a", SEP_3, VISA_A_EXAMPLE)
    with pytest.raises(sqlite3.IntegrityError):
        clinic.db.execute(statement)
    assert clinic.measures.get(result.id) == result


def test_a_result_in_error_cannot_be_changed_back_by_sql(clinic, admin, episode_id):
    result = clinic.measures.record(admin, episode_id, "nprs", SEP_3, {"1": 6})
    clinic.measures.mark_in_error(admin, result.id, "wrong patient")
    with pytest.raises(sqlite3.IntegrityError):
        clinic.db.execute("UPDATE measure_results SET in_error = 0, error_reason = ''")
    assert clinic.measures.get(result.id).in_error


def test_history_is_oldest_first_and_can_leave_out_results_in_error(clinic, admin, episode_id):
    later = clinic.measures.record(admin, episode_id, "nprs", OCT_15, {"1": 4})
    first = clinic.measures.record(admin, episode_id, "nprs", SEP_3, {"1": 6})
    visa = clinic.measures.record(admin, episode_id, "visa-a", SEP_3, VISA_A_EXAMPLE)
    clinic.measures.mark_in_error(admin, later.id, "typo")
    assert [r.id for r in clinic.measures.history(episode_id)] == [first.id, visa.id, later.id]
    assert [r.id for r in clinic.measures.history(episode_id, "NPRS")] == [first.id, later.id]
    assert [r.id for r in clinic.measures.history(episode_id, "nprs",
                                                  include_in_error=False)] == [first.id]
    other_episode = open_episode(clinic, admin, first_name="Ana")
    assert clinic.measures.history(other_episode) == []


def test_first_and_last_compares_baseline_with_the_latest_per_measure(clinic, admin, episode_id):
    record = clinic.measures.record
    baseline = record(admin, episode_id, "visa-a", SEP_3, VISA_A_EXAMPLE)  # 54
    record(admin, episode_id, "visa-a", OCT_15, {**VISA_A_EXAMPLE, "8B": 14})  # 58
    latest = record(admin, episode_id, "visa-a", NOV_26, {**VISA_A_EXAMPLE, "7": 7, "8B": 20})
    wrong = record(admin, episode_id, "visa-a", date(2026, 11, 27), {**VISA_A_EXAMPLE, "1": 0})
    clinic.measures.mark_in_error(admin, wrong.id, "entered from another patient's form")
    record(admin, episode_id, "lefs", SEP_3, {str(n): 2 for n in range(1, 20)})  # no score
    record(admin, episode_id, "nprs", SEP_3, {"1": 6})
    record(admin, episode_id, "nprs", NOV_26, {"1": 5})

    changes = {c.measure_id: c for c in clinic.measures.first_and_last(episode_id)}
    assert list(changes) == ["visa-a", "nprs"]  # catalog order; LEFS never scored
    visa = changes["visa-a"]
    assert (visa.baseline.id, visa.latest.id) == (baseline.id, latest.id)
    assert (visa.baseline.score, visa.latest.score, visa.change) == (54, 67, 13)
    assert visa.status is ChangeStatus.NO_IMPORTANT_CHANGE and not visa.passes_mcid
    assert visa.mcid == 14 and visa.results_counted == 3
    nprs = changes["nprs"]
    assert nprs.change == -1 and nprs.improvement == 1
    assert nprs.status is ChangeStatus.NO_IMPORTANT_CHANGE  # 1 point, 17 %

    record(admin, episode_id, "visa-a", date(2026, 11, 27), {**VISA_A_EXAMPLE, "7": 10,
                                                             "8B": 20})  # 70
    visa = clinic.measures.first_and_last(episode_id)[0]
    assert visa.change == 16 and visa.status is ChangeStatus.IMPROVED and visa.passes_mcid


def test_first_and_last_is_plain_json_for_the_discharge_summary(clinic, admin, episode_id):
    clinic.measures.record(admin, episode_id, "psfs", SEP_3, {"1": 4, "2": 5, "3": 7},
                           {"1": "Running", "2": "Stairs", "3": "Hopping"})
    clinic.measures.record(admin, episode_id, "psfs", NOV_26, {"1": 6, "2": 7, "3": 9},
                           {"1": "Running", "2": "Stairs", "3": "Hopping"})
    summary = json.loads(json.dumps([json_safe(c) for c in
                                     clinic.measures.first_and_last(episode_id)]))
    assert summary[0]["measure_id"] == "psfs" and summary[0]["status"] == "improved"
    assert summary[0]["baseline"]["taken_on"] == "2026-09-03"
    assert summary[0]["change"] == pytest.approx(2) and summary[0]["passes_mcid"] is True


def test_the_clinic_builds_one_measure_service_on_first_use(clinic):
    assert clinic.measures is clinic.measures
    assert clinic.measures.today() == date(2026, 11, 27)
    assert [d.short_name for d in clinic.measures.catalog] == ["VISA-A", "NPRS", "LEFS",
                                                               "PSFS", "ATRS"]
