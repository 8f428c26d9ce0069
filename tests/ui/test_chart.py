"""PatientChart: the header a therapist reads first, the red-flag banner, the intake, archiving."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QTabWidget

from keystone_desk.domain.intake import RED_FLAG_QUESTIONS, RedFlag
from keystone_desk.services.patients import PatientChanged
from keystone_desk.ui import messages
from keystone_desk.ui.patients.chart import PatientChart
from tests.conftest import intake_values
from tests.ui.find_widgets import button_named, visible_text

TODAY = date(2026, 11, 27)

FULL_INTAKE = intake_values(
    first_name="Joseph", last_name="Okafor", preferred_name="Joe", pronouns="he/him", sex="male",
    date_of_birth="1971-04-19", mobile_phone="(555) 201-7788", home_phone="555 201 0001",
    email="joe.okafor@example.com", address="12 Harbour Road, Portsmouth",
    emergency_name="Ada Okafor", emergency_relationship="wife", emergency_phone="555 201 0002",
    referral_source="Physician", referring_provider="Dr. Mensah", referral_date="2026-11-20",
    payer="Harbor Mutual Health", member_id="HMH-22817",
    chief_complaint="Felt a kick at the back of the left ankle playing squash.",
    side="left", onset="sudden", onset_date="2026-11-18", pain_now="3", pain_best="2",
    pain_worst="6", activity="Squash", goals="Back on court by spring.",
    medications="Ciprofloxacin finished last week", corticosteroid_injection=True,
    pop_or_snap=True, cannot_rise_on_toes=True, fever_unwell="no", calf_swelling="no",
    night_pain="no", consent_to_treat=True, privacy_notice=True,
)  # weight loss was not asked
SCREEN_CLEAR = {flag.value: "no" for flag in RedFlag}


@pytest.fixture
def make_chart(qtbot, therapist, settings):
    """A patient the therapist registered, in the chart as the signed-in therapist sees it."""
    def make(values: dict[str, object]) -> PatientChart:
        saved = therapist.patients.register(therapist.user, values)
        chart = PatientChart(therapist, saved.patient, lambda: TODAY, settings=settings)
        qtbot.addWidget(chart)
        chart.resize(1100, 800)
        chart.show()
        qtbot.waitExposed(chart)
        return chart

    return make


def texts(chart: PatientChart) -> list[str]:
    return [label.text() for label in chart.findChildren(QLabel) if label.isVisibleTo(chart)]


def banner(chart: PatientChart, name: str) -> QLabel:
    found = chart.findChild(QLabel, f"{name}_banner")
    assert found is not None
    return found


def show_tab(qtbot, chart: PatientChart, text: str) -> None:
    """Click the chart's tab reading `text`, as a person would."""
    tabs = chart.findChild(QTabWidget, "chart_record")
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if visible_text(bar.tabText(i)) == text)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def test_header_says_who_the_patient_is(make_chart):
    chart = make_chart(FULL_INTAKE)
    shown = texts(chart)
    assert "Okafor, Joseph (Joe)" in shown
    assert "55 years · born 19 Apr 1971 · Male · he/him" in shown
    assert "(555) 201-7788 · 555 201 0001 · joe.okafor@example.com" in shown


def test_red_flags_are_in_a_banner_that_cannot_be_missed(make_chart):
    chart = make_chart(FULL_INTAKE)
    red = banner(chart, "red_flags")
    assert red.isVisible()
    assert "RED FLAGS" in red.text()
    assert RED_FLAG_QUESTIONS[RedFlag.POP_OR_SNAP] in red.text()
    assert RED_FLAG_QUESTIONS[RedFlag.CANNOT_RISE_ON_TOES] in red.text()
    assert RED_FLAG_QUESTIONS[RedFlag.NIGHT_PAIN] not in red.text()
    risk = banner(chart, "risk")
    assert risk.isVisible()
    assert "Fluoroquinolone antibiotic" in risk.text()
    assert "Recent corticosteroid injection" in risk.text()


def test_no_banner_when_the_screen_was_clear(make_chart):
    chart = make_chart(intake_values(**SCREEN_CLEAR))
    assert not banner(chart, "red_flags").isVisible()
    assert not banner(chart, "red_flag_screen").isVisible()
    assert not banner(chart, "risk").isVisible()
    assert not banner(chart, "archived").isVisible()


def test_intake_reads_in_sections(qtbot, make_chart):
    chart = make_chart(FULL_INTAKE)
    show_tab(qtbot, chart, "Intake details")
    shown = texts(chart)
    for expected in ("12 Harbour Road, Portsmouth", "Ada Okafor (wife), 555 201 0002",
                     "Dr. Mensah", "20 Nov 2026", "Harbor Mutual Health", "HMH-22817",
                     "Felt a kick at the back of the left ankle playing squash.", "Left",
                     "Sudden · 18 Nov 2026", "3/10 now · 2/10 at best · 6/10 at worst",
                     "Back on court by spring.", "Ciprofloxacin finished last week",
                     "Given", "Acknowledged", "27 Nov 2026"):
        assert any(expected in text for text in shown), expected
    titles = [box.title() for box in chart.findChildren(QGroupBox)]
    assert titles == ["Contact", "Referral and payer", "Consent", "Presenting problem",
                      "History", "Red-flag screen"]


def test_consent_shows_when_and_who_recorded_it(qtbot, make_chart, therapist):
    chart = make_chart(FULL_INTAKE)
    show_tab(qtbot, chart, "Intake details")
    recorded = [t for t in texts(chart) if t.endswith(f"by {therapist.user.display_name}")]
    assert len(recorded) == 1 and "2026" in recorded[0]


def test_red_flag_screen_lists_every_question_with_its_answer(make_chart):
    chart = make_chart(FULL_INTAKE)
    answers = {label.accessibleName(): label.text() for label in chart.findChildren(QLabel)
               if label.accessibleName() in RED_FLAG_QUESTIONS.values()}
    assert answers[RED_FLAG_QUESTIONS[RedFlag.POP_OR_SNAP]] == "Yes"
    assert answers[RED_FLAG_QUESTIONS[RedFlag.FEVER_UNWELL]] == "No"
    assert answers[RED_FLAG_QUESTIONS[RedFlag.WEIGHT_LOSS]] == "Not asked"
    assert len(answers) == len(RED_FLAG_QUESTIONS)


def test_an_unfinished_screen_says_so_until_every_question_has_an_answer(qtbot, make_chart,
                                                                         therapist):
    chart = make_chart(intake_values())  # registered without asking any question
    screen = banner(chart, "red_flag_screen")
    assert screen.isVisible() and not banner(chart, "red_flags").isVisible()
    assert screen.text().startswith("Red-flag screen not done: 6 of 6 questions not asked yet.")
    assert all(question in screen.text() for question in RED_FLAG_QUESTIONS.values())
    show_tab(qtbot, chart, "Intake details")
    answers = [label.text() for label in chart.findChildren(QLabel)
               if label.accessibleName() in RED_FLAG_QUESTIONS.values()]
    assert answers == ["Not asked"] * len(RED_FLAG_QUESTIONS)  # never a silent "No"
    partly = make_chart(FULL_INTAKE)  # two flags yes, three no, weight loss not asked
    assert "Red-flag screen not done: 1 of 6" in banner(partly, "red_flag_screen").text()
    assert RED_FLAG_QUESTIONS[RedFlag.WEIGHT_LOSS] in banner(partly, "red_flag_screen").text()
    assert RED_FLAG_QUESTIONS[RedFlag.POP_OR_SNAP] in banner(partly, "red_flags").text()
    patient = therapist.patients.get(partly.patient.id)
    change = therapist.patients.update(therapist.user, patient.id, {
        **patient.intake.to_raw(), "weight_loss": "no"}, patient.version)
    partly.apply_change(change)
    assert not banner(partly, "red_flag_screen").isVisible()
    assert banner(partly, "red_flags").isVisible()


def test_edit_details_asks_to_edit_this_patient(qtbot, make_chart):
    chart = make_chart(intake_values())
    with qtbot.waitSignal(chart.edit_requested) as asked:
        qtbot.mouseClick(button_named(chart, "Edit details"), Qt.MouseButton.LeftButton)
    assert asked.args == [chart.patient_id]


def test_archive_asks_first_then_archives_and_reports_the_change(
        qtbot, monkeypatch, clinic, make_chart):
    chart = make_chart(intake_values())
    questions = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, accept, **kw: questions.append(text) or True)
    with qtbot.waitSignal(chart.patient_changed) as changed:
        qtbot.mouseClick(button_named(chart, "Archive patient"), Qt.MouseButton.LeftButton)
    assert questions == ["Archive García, Maria?"]
    assert isinstance(changed.args[0], PatientChanged)
    assert clinic.patients.get(chart.patient_id).archived
    assert banner(chart, "archived").isVisible()
    assert button_named(chart, "Restore patient")


def test_declining_the_question_archives_nothing(qtbot, monkeypatch, clinic, make_chart):
    chart = make_chart(intake_values())
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: False)
    with qtbot.assertNotEmitted(chart.patient_changed):
        qtbot.mouseClick(button_named(chart, "Archive patient"), Qt.MouseButton.LeftButton)
    assert not clinic.patients.get(chart.patient_id).archived


def test_restore_brings_the_patient_back(qtbot, monkeypatch, clinic, admin, make_chart):
    chart = make_chart(intake_values())
    chart.apply_change(clinic.patients.set_archived(admin, chart.patient.id, True, 1))
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: True)
    qtbot.mouseClick(button_named(chart, "Restore patient"), Qt.MouseButton.LeftButton)
    assert not clinic.patients.get(chart.patient_id).archived
    assert not banner(chart, "archived").isVisible()


def test_archiving_a_record_someone_else_changed_explains_and_reloads(
        qtbot, monkeypatch, clinic, admin, make_chart, no_dialogs):
    chart = make_chart(intake_values())
    clinic.patients.update(admin, chart.patient.id, intake_values(first_name="Marie"), 1)
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: True)
    qtbot.mouseClick(button_named(chart, "Archive patient"), Qt.MouseButton.LeftButton)
    assert no_dialogs and no_dialogs[0][0] == "Patient changed"
    assert not clinic.patients.get(chart.patient_id).archived
    assert "García, Marie" in texts(chart)


def test_chart_ignores_changes_to_other_patients(clinic, admin, make_chart):
    chart = make_chart(intake_values())
    other = clinic.patients.register(admin, intake_values(first_name="Ana", last_name="Silva"))
    chart.apply_change(other)
    assert "García, Maria" in texts(chart)


def test_chart_opens_on_the_episodes_with_the_banners_above_every_tab(qtbot, make_chart):
    chart = make_chart(FULL_INTAKE)
    tabs = chart.findChild(QTabWidget, "chart_record")
    assert [visible_text(tabs.tabText(i)) for i in range(tabs.count())] == [
        "Episodes of care", "Intake details"]
    assert tabs.currentWidget() is chart.episodes
    for tab in ("Intake details", "Episodes of care"):
        show_tab(qtbot, chart, tab)
        red = banner(chart, "red_flags")
        assert red.isVisible() and red.geometry().bottom() < tabs.geometry().top()


def history_answers(chart: PatientChart) -> dict[str, str]:
    """The History box as it reads: caption -> answer."""
    from PySide6.QtWidgets import QFormLayout

    box = next(b for b in chart.findChildren(QGroupBox) if b.title() == "History")
    form = box.findChild(QFormLayout)
    rows = {}
    for row in range(form.rowCount()):
        caption = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        value = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if caption is not None and value is not None:
            rows[caption.widget().text()] = value.widget().text()
    return rows


def test_a_no_answer_reads_no_and_an_unasked_one_not_asked(qtbot, make_chart):
    chart = make_chart(intake_values(corticosteroid_injection="no", fluoroquinolone="no"))
    show_tab(qtbot, chart, "Intake details")
    answers = history_answers(chart)
    assert answers["Corticosteroid injection"] == "No"
    assert answers["Fluoroquinolone antibiotic"] == "No"
    chart = make_chart(intake_values(first_name="Ana", corticosteroid_injection="yes"))
    show_tab(qtbot, chart, "Intake details")
    answers = history_answers(chart)
    assert answers["Corticosteroid injection"] == "Yes"
    assert answers["Fluoroquinolone antibiotic"] == "Not asked"
