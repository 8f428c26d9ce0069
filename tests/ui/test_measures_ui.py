"""Outcome measures on screen: filling a form by clicking, question 8's one branch, PSFS activity
names, the history table (struck-through results in error), its model contract and the chart."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from keystone_desk.ui.charting.measures import MarkInErrorDialog, MeasureForm, MeasureHistoryView
from keystone_desk.ui.charting.measures.table_model import ResultColumn, ResultRole
from keystone_desk.ui.charting.measures.trend_chart import BAND_SERIES, SCORE_SERIES
from keystone_desk.ui.questions import Answer
from tests.measure_fixtures import VISA_A_EXAMPLE, open_episode
from tests.ui.find_widgets import button_named, input_labelled

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 27)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def episode_id(clinic, admin):
    return open_episode(clinic, admin)


@pytest.fixture
def make_form(qtbot, clinic):
    def make(measure_id: str) -> MeasureForm:
        form = MeasureForm(clinic.measures.definition(measure_id), today=TODAY)
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        return form

    return make


@pytest.fixture
def make_view(qtbot, therapist, episode_id, no_dialogs):
    def make() -> MeasureHistoryView:
        view = MeasureHistoryView(therapist, episode_id)
        qtbot.addWidget(view)
        view.resize(900, 700)
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


def choose(qtbot, form: MeasureForm, item_id: str, points: int) -> None:
    """Click the radio button for `points` beside item `item_id`, as a person would."""
    button = form.input_for(item_id).button_for(points)
    form.input_for(item_id).ensurePolished()
    qtbot.mouseClick(button, LEFT, pos=button.rect().center())
    assert button.isChecked()


def fill(qtbot, form: MeasureForm, answers: dict[str, int]) -> None:
    for item_id, points in answers.items():
        choose(qtbot, form, item_id, points)


def test_filling_visa_a_by_clicking_shows_the_score(qtbot, make_form):
    form = make_form("visa-a")
    assert form.score_text() == "No score yet" and not form.save_button().isEnabled()
    fill(qtbot, form, VISA_A_EXAMPLE)
    assert form.score_text() == "Score: 54 / 100"
    assert form.answers() == VISA_A_EXAMPLE
    assert form.save_button().isEnabled() and form.save_button().text() == "Save"


def test_every_item_is_labelled_by_its_number_and_words(make_form):
    form = make_form("visa-a")
    assert input_labelled(form, "3. Pain after walking on level ground for about six minutes") \
        is form.input_for("3")
    assert input_labelled(form, "Date taken").date().toPython() == TODAY


def test_choosing_a_second_item_8_branch_clears_the_first_and_says_so(qtbot, make_form):
    form = make_form("visa-a")
    fill(qtbot, form, {k: v for k, v in VISA_A_EXAMPLE.items() if k != "8B"})
    choose(qtbot, form, "8A", 7)
    assert form.score_text() == "Score: 51 / 100" and form.notice_text("8") == ""
    choose(qtbot, form, "8B", 10)
    assert form.input_for("8A").value() is None
    assert "your answer to 8A was cleared when you chose 8B" in form.notice_text("8")
    assert form.answers() == VISA_A_EXAMPLE and form.score_text() == "Score: 54 / 100"


def test_a_skipped_item_is_flagged_and_saving_says_there_is_no_score(qtbot, make_form):
    form = make_form("visa-a")
    fill(qtbot, form, {k: v for k, v in VISA_A_EXAMPLE.items() if k != "3"})
    assert form.problem_text("3") == "Not answered yet."
    assert form.score_text() == "No score yet"
    assert not form.save_button().isEnabled()
    assert form.save_unscored_button().isVisible() and form.save_unscored_button().isEnabled()
    qtbot.mouseClick(form.input_for("3").clear_button(), LEFT)  # nothing to clear: stays blank
    choose(qtbot, form, "3", 8)
    assert form.problem_text("3") == "" and form.score_text() == "Score: 54 / 100"
    qtbot.mouseClick(form.input_for("3").clear_button(), LEFT)
    assert form.input_for("3").value() is None and form.score_text() == "No score yet"


def test_enter_saves_only_a_scored_visa_a_and_says_once_why_there_is_no_score(
        qtbot, make_view, clinic, episode_id):
    """Issue 8 §3.1: Enter meant "Save without a score". The default is the scoring save; with
    items missing, Enter saves nothing and one line beside the buttons names what is missing."""
    view = make_view()
    form = view.open_record_form()
    fill(qtbot, form, {k: v for k, v in VISA_A_EXAMPLE.items() if k not in ("3", "8B")})
    assert form.save_button().isDefault() and not form.save_unscored_button().isDefault()
    why = form.status_text()
    assert why.startswith("No score: VISA-A is scored with no item unanswered.")
    assert "Not answered: 3 and question 8." in why
    assert [t for t in _label_texts(form) if "Not answered:" in t] == [why]  # said once
    qtbot.keyClick(form.input_for("2").button_for(6), Qt.Key.Key_Return)
    assert form.isVisible() and clinic.measures.history(episode_id) == []
    assert form.answers() == {k: v for k, v in VISA_A_EXAMPLE.items() if k not in ("3", "8B")}

    choose(qtbot, form, "3", 8)
    choose(qtbot, form, "8B", 10)
    assert form.status_text() == "" and not form.save_unscored_button().isVisible()
    with qtbot.waitSignal(view.results_changed):
        qtbot.keyClick(form.input_for("8B").button_for(10), Qt.Key.Key_Return)
    assert not form.isVisible()
    assert [r.score for r in clinic.measures.history(episode_id)] == [54]


def test_saving_without_a_score_is_a_click_on_its_own_button(qtbot, make_view, clinic,
                                                              episode_id):
    view = make_view()
    form = view.open_record_form()
    fill(qtbot, form, {k: v for k, v in VISA_A_EXAMPLE.items() if k != "3"})
    with qtbot.waitSignal(view.results_changed):
        qtbot.mouseClick(button_named(form, "Save without a score"), LEFT)
    [saved] = clinic.measures.history(episode_id)
    assert saved.score is None and "3" not in saved.answers


def _label_texts(root) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in root.findChildren(QLabel) if label.isVisible()]


def test_psfs_ratings_need_their_activity_named(qtbot, make_form):
    form = make_form("psfs")
    for n, points in (("1", 4), ("2", 5), ("3", 7)):
        qtbot.keyClicks(input_labelled(form, f"Activity {n}"), f"activity {n}")
        choose(qtbot, form, n, points)
    assert form.score_text() == "Score: 5.3 / 10"
    choose(qtbot, form, "4", 9)
    assert form.problem_text("4") == "Name the activity, or clear its rating."
    assert not form.save_button().isEnabled()
    qtbot.keyClicks(input_labelled(form, "Activity 4"), "Kneeling to garden")
    assert form.save_button().isEnabled() and form.score_text() == "Score: 6.3 / 10"
    assert form.activities()["4"] == "Kneeling to garden"


def test_recording_from_the_history_view_adds_a_row(qtbot, make_view, clinic, episode_id):
    view = make_view()
    assert view.table_model().rowCount() == 0 and view.chart_view() is None
    form = view.open_record_form()
    fill(qtbot, form, VISA_A_EXAMPLE)
    with qtbot.waitSignal(view.results_changed) as changed:
        qtbot.mouseClick(form.save_button(), LEFT)
    assert changed.args[0].score == 54
    assert [r.score for r in clinic.measures.history(episode_id)] == [54]
    model = view.table_model()
    assert model.rowCount() == 1
    assert model.index(0, ResultColumn.SCORE).data() == "54"
    assert model.index(0, ResultColumn.CHANGE).data() == "Baseline"


def test_marking_in_error_needs_a_reason_and_strikes_the_row_through(qtbot, make_view, clinic,
                                                                     admin, episode_id):
    clinic.measures.record(admin, episode_id, "visa-a", date(2026, 9, 3), VISA_A_EXAMPLE)
    wrong = clinic.measures.record(admin, episode_id, "visa-a", date(2026, 10, 1),
                                   {**VISA_A_EXAMPLE, "8B": 20})
    view = make_view()
    mark = button_named(view, "Mark in error…")
    assert not mark.isEnabled()
    view.table_view().selectRow(1)
    assert view.table_view().selectionModel().selectedRows()[0].data(ResultRole).id == wrong.id
    qtbot.mouseClick(mark, LEFT)
    dialog = view.findChild(MarkInErrorDialog)
    assert dialog is not None and not dialog.ok_button().isEnabled()
    qtbot.keyClicks(input_labelled(dialog, "Reason"), "   ")
    assert not dialog.ok_button().isEnabled()
    qtbot.keyClicks(dialog.reason_input(), "Answers from another patient's form")
    with qtbot.waitSignal(view.results_changed):
        qtbot.mouseClick(dialog.ok_button(), LEFT)
    assert clinic.measures.get(wrong.id).in_error
    model = view.table_model()
    row = model.row_of(wrong.id)
    font = model.index(row, ResultColumn.SCORE).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.strikeOut()
    assert model.index(row, ResultColumn.NOTE).data() == (
        "In error: Answers from another patient's form")
    assert model.index(row, ResultColumn.CHANGE).data() == ""
    assert not mark.isEnabled()  # the selected row is already in error


def test_the_table_model_passes_the_qt_model_checks(qtmodeltester, clinic, admin, episode_id):
    from keystone_desk.ui.charting.measures.table_model import MeasureResultTableModel

    for day, extra in ((date(2026, 9, 3), {}), (date(2026, 10, 1), {"8B": 20})):
        clinic.measures.record(admin, episode_id, "visa-a", day, {**VISA_A_EXAMPLE, **extra})
    bad = clinic.measures.record(admin, episode_id, "visa-a", date(2026, 10, 2), VISA_A_EXAMPLE)
    clinic.measures.mark_in_error(admin, bad.id, "duplicate")
    model = MeasureResultTableModel()
    qtmodeltester.check(model)
    model.set_rows(clinic.measures.definition("visa-a"), clinic.measures.history(episode_id))
    qtmodeltester.check(model)
    assert [model.index(r, ResultColumn.MCID).data() for r in range(3)] == [
        "", "Less than the MCID", ""]


def test_the_trend_chart_draws_the_scores_that_count_and_the_mcid_band(
        qtbot, make_view, clinic, admin, episode_id):
    record = clinic.measures.record
    for day, extra in ((date(2026, 9, 3), {}), (date(2026, 10, 1), {"8B": 20}),
                       (date(2026, 11, 20), {"7": 10, "8B": 20})):
        record(admin, episode_id, "visa-a", day, {**VISA_A_EXAMPLE, **extra})
    wrong = record(admin, episode_id, "visa-a", date(2026, 11, 21), {**VISA_A_EXAMPLE, "1": 0})
    clinic.measures.mark_in_error(admin, wrong.id, "typo")
    record(admin, episode_id, "visa-a", date(2026, 11, 22), {"1": 4})  # no score
    view = make_view()
    chart = view.chart_view().chart()
    series = {s.objectName(): s for s in chart.series()}
    points = series[SCORE_SERIES].points()
    assert [p.y() for p in points] == [54, 64, 70]
    band = series[BAND_SERIES]
    assert {p.y() for p in band.upperSeries().points()} == {54 + 14}
    assert {p.y() for p in band.lowerSeries().points()} == {54 - 14}
    view.grab()  # renders offscreen without crashing


def test_no_chart_is_built_until_there_is_a_score_to_draw(qtbot, make_view):
    view = make_view()
    assert view.chart_view() is None


def test_importing_the_measures_ui_does_not_load_qtcharts():
    code = ("import sys; import keystone_desk.ui.charting.measures; "
            "assert 'PySide6.QtCharts' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_escape_on_a_filled_form_asks_before_dropping_the_answers(qtbot, make_form, monkeypatch):
    form = make_form("visa-a")
    fill(qtbot, form, {"1": 7, "2": 5})
    asked: list[str] = []
    replies = [Answer.CANCEL, Answer.DISCARD]
    monkeypatch.setattr(form, "_ask", lambda q: asked.append(q.title) or replies.pop(0))
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and form.answers() == {"1": 7, "2": 5}  # kept filling in
    qtbot.mouseClick(button_named(form, "Cancel"), LEFT)
    assert not form.isVisible()  # discarded on the second ask
    assert asked == ["Discard the answers?", "Discard the answers?"]


def test_escape_on_an_untouched_form_just_closes(qtbot, make_form, monkeypatch):
    form = make_form("nprs")
    monkeypatch.setattr(form, "_ask", lambda q: pytest.fail(f"asked {q.title}"))
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
