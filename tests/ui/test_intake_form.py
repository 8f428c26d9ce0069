"""The intake form, driven as a person drives it: find fields by label, type, tab, click Save.

Modal questions are stubbed at `IntakeForm._ask`; every test checks the screen and the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from keystone_desk.domain.intake import RED_FLAG_QUESTIONS, RedFlag, validate_intake
from keystone_desk.domain.intake import Answer as Reply
from keystone_desk.domain.patients import Patient
from keystone_desk.ui.patients.intake_form import DEFAULT_SIZE, Answer, IntakeForm
from tests.conftest import FIXED_NOW, intake_values
from tests.ui.find_widgets import button_named
from tests.ui.intake_driver import (
    Answers,
    answer,
    clear,
    click,
    field,
    message_under,
    shown,
    tick,
    type_into,
)

CANNOT_RISE = RED_FLAG_QUESTIONS[RedFlag.CANNOT_RISE_ON_TOES]
FLUOROQUINOLONE = "Fluoroquinolone antibiotic (e.g. ciprofloxacin) in the last 2 years"
STEROID = "Corticosteroid injection near the tendon recently"


@pytest.fixture
def open_form(qtbot, front_desk, monkeypatch) -> Iterator[Callable[..., IntakeForm]]:
    """Opens an active IntakeForm window, signed in as the front desk; unexpected questions
    fail the test."""
    forms: list[IntakeForm] = []

    def open_(patient: Patient | None = None) -> IntakeForm:
        form = IntakeForm(front_desk, patient)
        monkeypatch.setattr(form, "_ask", Answers())
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
        forms.append(form)
        return form

    yield open_
    for form in forms:  # closing to tidy up must not count as a question the test forgot
        monkeypatch.setattr(form, "_ask", lambda question: Answer.DISCARD)
        form.close()


def fill_minimal(qtbot, form: QWidget, *, first: str = "Maria", last: str = "García",
                 birth: str = "02/06/1988") -> None:
    type_into(qtbot, form, "Legal first name *", first)
    type_into(qtbot, form, "Legal last name *", last)
    type_into(qtbot, form, "Date of birth *", birth)
    type_into(qtbot, form, "Sex *", "Female")
    type_into(qtbot, form, "Mobile phone †", "(555) 201-3344")


def registered(clinic, admin, **overrides: object) -> Patient:
    return clinic.patients.register(admin, intake_values(**overrides)).patient


# ----- registering

def test_front_desk_registers_a_minimal_new_patient(qtbot, open_form, clinic):
    form = open_form()
    assert form.windowTitle() == "New patient"
    fill_minimal(qtbot, form)
    with qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save")
    change = saved.args[0]
    assert change.created
    assert not form.isVisible()
    [summary] = clinic.patients.search("García")
    assert (summary.first_name, summary.date_of_birth) == ("Maria", date(1988, 6, 2))
    assert clinic.patients.get(summary.id).intake.mobile_phone == "(555) 201-3344"


def test_save_registers_without_opening_the_chart_and_save_and_open_asks_for_it(
        qtbot, open_form, clinic):
    form = open_form()
    fill_minimal(qtbot, form)
    with qtbot.assertNotEmitted(form.open_patient_requested):
        click(qtbot, form, "Save")
    assert not form.isVisible() and clinic.patients.count() == 1
    form = open_form()
    fill_minimal(qtbot, form, first="Rui", last="Costa")
    with qtbot.waitSignal(form.open_patient_requested) as opened:
        click(qtbot, form, "Save and open chart")
    [costa] = clinic.patients.search("Costa")
    assert opened.args == [costa.id]
    assert not form.isVisible()
    details = open_form(clinic.patients.get(costa.id))  # an existing patient's chart is open
    assert not button_named(details, "Save and open chart").isVisible()


def test_the_form_fits_a_1366_by_768_screen_and_scrolls(open_form, qtbot):
    form = open_form()
    room = form.screen().availableGeometry()  # the test screen is 800×800
    assert (form.width(), form.height()) == (min(DEFAULT_SIZE[0], room.width() - 24),
                                             min(DEFAULT_SIZE[1], room.height() - 48))
    assert DEFAULT_SIZE[0] <= 1340 and DEFAULT_SIZE[1] <= 720  # a 1366×768 screen's client area
    assert form.minimumSizeHint().width() <= 1340 and form.minimumSizeHint().height() <= 720
    scroll = form.findChild(QScrollArea)
    assert scroll.verticalScrollBar().maximum() > 0  # the sections scroll, the buttons stay
    assert button_named(form, "Save").isVisible()


def test_ctrl_s_saves(qtbot, open_form, clinic):
    form = open_form()
    fill_minimal(qtbot, form)
    with qtbot.waitSignal(form.patient_saved):
        qtbot.keyClick(field(form, "Legal first name *"), Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
    assert clinic.patients.count() == 1


def test_essential_fields_come_first_when_tabbing(qtbot, open_form):
    form = open_form()
    first = field(form, "Legal first name *")
    assert QApplication.focusWidget() is first
    order = [first]
    for _ in range(4):
        qtbot.keyClick(order[-1], Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [field(form, name) for name in (
        "Legal first name *", "Legal last name *", "Date of birth *", "Sex *", "Mobile phone †")]


# ----- validation

def test_missing_required_fields_are_explained_beside_them_and_typing_is_kept(
        qtbot, open_form, clinic):
    form = open_form()
    type_into(qtbot, form, "Legal first name *", "Maria")
    type_into(qtbot, form, "Email", "maria@example.com")
    click(qtbot, form, "Save")
    assert form.isVisible()
    assert message_under(form, "Legal last name *") == "Required."
    assert message_under(form, "Date of birth *") == "Required."
    assert message_under(form, "Sex *") == "Required."
    assert "at least one phone" in message_under(form, "Mobile phone †")
    assert message_under(form, "Legal first name *") == ""
    assert "Legal last name" in shown(form, "errorSummary")
    assert QApplication.focusWidget() is field(form, "Legal last name *")
    assert field(form, "Legal first name *").text() == "Maria"
    assert field(form, "Email").text() == "maria@example.com"
    assert clinic.patients.count() == 0


def test_errors_clear_as_they_are_fixed(qtbot, open_form, clinic):
    form = open_form()
    click(qtbot, form, "Save")
    type_into(qtbot, form, "Legal last name *", "García", leave=False)
    assert message_under(form, "Legal last name *") == ""
    assert message_under(form, "Legal first name *") == "Required."
    assert clinic.patients.count() == 0


def test_untouched_fields_stay_quiet_until_save(qtbot, open_form):
    form = open_form()
    type_into(qtbot, form, "Legal first name *", "")
    assert message_under(form, "Legal first name *") == "Required."  # left it blank
    assert message_under(form, "Legal last name *") == ""  # not reached yet
    assert shown(form, "errorSummary") == ""


@pytest.mark.parametrize(("typed", "expected"), [
    ("2030-01-01", "This date is in the future."),
    ("1900-01-01", "That would make the patient older than 120."),
    ("31/02/1988", "Enter a date as YYYY-MM-DD"),
])
def test_impossible_dates_of_birth_are_refused(qtbot, open_form, clinic, typed, expected):
    form = open_form()
    fill_minimal(qtbot, form, birth=typed)
    assert message_under(form, "Date of birth *").startswith(expected)  # when leaving the field
    click(qtbot, form, "Save")
    assert message_under(form, "Date of birth *").startswith(expected)
    assert field(form, "Date of birth *").text() == typed
    assert clinic.patients.count() == 0


def test_a_day_first_date_is_spelled_out_beneath_the_field(qtbot, open_form):
    form = open_form()
    type_into(qtbot, form, "Date of birth *", "02/06/1988")
    assert message_under(form, "Date of birth *") == "2 Jun 1988"


def test_bad_phone_and_email_are_refused(qtbot, open_form, clinic):
    form = open_form()
    fill_minimal(qtbot, form)
    clear(qtbot, form, "Mobile phone †")
    type_into(qtbot, form, "Mobile phone †", "555-CALL-ME")
    type_into(qtbot, form, "Email", "maria@")
    type_into(qtbot, form, "Emergency contact phone", "12")
    click(qtbot, form, "Save")
    assert message_under(form, "Mobile phone †").startswith("Use digits")
    assert message_under(form, "Email") == "Enter an email address like name@example.com."
    assert message_under(form, "Emergency contact phone") == (
        "A phone number needs at least 7 digits.")
    assert clinic.patients.count() == 0


def test_pain_scores_must_make_sense_together(qtbot, open_form, clinic):
    form = open_form()
    fill_minimal(qtbot, form)
    type_into(qtbot, form, "Pain at best (0–10)", "8")
    type_into(qtbot, form, "Pain at worst (0–10)", "3")
    click(qtbot, form, "Save")
    assert message_under(form, "Pain at best (0–10)") == (
        "Best pain cannot be higher than worst pain.")
    assert clinic.patients.count() == 0


def test_odd_input_never_crashes_the_form(qtbot, open_form, clinic):
    form = open_form()
    for label, text in (("Legal first name *", "💥" * 150), ("Legal last name *", "'; DROP--"),
                        ("Date of birth *", "0000-00-00"), ("Weekly running (km)", "1e400"),
                        ("Referral date", "99/99/9999"), ("Onset date", "   "),
                        ("Mobile phone †", "+" + "9" * 40), ("Referral source", "Ω" * 50)):
        type_into(qtbot, form, label, text)
    click(qtbot, form, "Save")
    assert message_under(form, "Legal first name *") == "Keep this under 100 characters."
    assert message_under(form, "Weekly running (km)") == "Enter a value from 0 to 400."
    assert clinic.patients.count() == 0


# ----- clinical warnings

def test_a_red_flag_shows_the_banner_and_is_stored(qtbot, open_form, clinic):
    form = open_form()
    fill_minimal(qtbot, form)
    assert shown(form, "redFlagBanner") == ""
    type_into(qtbot, form, CANNOT_RISE, "Yes")
    banner = shown(form, "redFlagBanner")
    assert "Red flag — tell the therapist before treatment / consider referral" in banner
    assert CANNOT_RISE in banner
    with qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save")
    patient = clinic.patients.get(saved.args[0].patient.id)
    assert patient.intake.red_flags == {RedFlag.CANNOT_RISE_ON_TOES}
    reopened = open_form(patient)
    assert CANNOT_RISE in shown(reopened, "redFlagBanner")
    assert field(reopened, CANNOT_RISE).currentText() == "Yes"


def test_red_flag_and_medication_questions_start_not_asked_and_keep_three_answers(
        qtbot, open_form, clinic):
    form = open_form()
    fill_minimal(qtbot, form)
    questions = [*RED_FLAG_QUESTIONS.values(), FLUOROQUINOLONE, STEROID]
    assert [field(form, q).currentText() for q in questions] == ["Not asked"] * 8
    assert [field(form, q).itemText(i) for q in questions[:1] for i in range(3)] == [
        "Not asked", "No", "Yes"]
    assert "Not asked yet: 6 of 6" in shown(form, "redFlagScreenStatus")
    type_into(qtbot, form, RED_FLAG_QUESTIONS[RedFlag.POP_OR_SNAP], "No")
    type_into(qtbot, form, RED_FLAG_QUESTIONS[RedFlag.NIGHT_PAIN], "Yes")
    type_into(qtbot, form, STEROID, "No")
    assert "Not asked yet: 4 of 6" in shown(form, "redFlagScreenStatus")
    assert RED_FLAG_QUESTIONS[RedFlag.NIGHT_PAIN] in shown(form, "redFlagBanner")
    with qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save")
    intake = clinic.patients.get(saved.args[0].patient.id).intake
    assert intake.red_flags == {RedFlag.NIGHT_PAIN}
    assert intake.red_flags_denied == {RedFlag.POP_OR_SNAP}
    assert intake.red_flag_answer(RedFlag.CALF_SWELLING) is Reply.NOT_ASKED
    assert (intake.corticosteroid_injection, intake.fluoroquinolone) == (
        Reply.NO, Reply.NOT_ASKED)
    reopened = open_form(clinic.patients.get(saved.args[0].patient.id))
    assert [field(reopened, q).currentText() for q in (
        RED_FLAG_QUESTIONS[RedFlag.POP_OR_SNAP], RED_FLAG_QUESTIONS[RedFlag.NIGHT_PAIN],
        RED_FLAG_QUESTIONS[RedFlag.CALF_SWELLING], STEROID, FLUOROQUINOLONE)] == [
        "No", "Yes", "Not asked", "No", "Not asked"]
    for flag in RedFlag:  # answering the rest completes the screen
        if field(reopened, RED_FLAG_QUESTIONS[flag]).currentText() == "Not asked":
            type_into(qtbot, reopened, RED_FLAG_QUESTIONS[flag], "No")
    assert shown(reopened, "redFlagScreenStatus") == (
        "Every question has an answer: the screen is done.")


def test_fluoroquinolone_in_medications_suggests_answering_yes(qtbot, open_form, clinic):
    form = open_form()
    fill_minimal(qtbot, form)
    type_into(qtbot, form, "Medications", "Ciprofloxacin 500 mg twice daily")
    note = shown(form, "fluoroquinoloneNote")
    assert "tendon rupture" in note and FLUOROQUINOLONE in note
    type_into(qtbot, form, FLUOROQUINOLONE, "Yes")
    assert shown(form, "fluoroquinoloneNote") == ""
    with qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save")
    intake = clinic.patients.get(saved.args[0].patient.id).intake
    assert intake.fluoroquinolone is Reply.YES
    assert intake.medications == "Ciprofloxacin 500 mg twice daily"


# ----- duplicates

def test_duplicate_offers_to_open_the_existing_record(qtbot, open_form, clinic, admin,
                                                      monkeypatch):
    existing = registered(clinic, admin)
    form = open_form()
    fill_minimal(qtbot, form)
    asked = answer(monkeypatch, form, Answer.OPEN_EXISTING, Answer.DISCARD)
    with qtbot.waitSignal(form.open_patient_requested) as opened:
        click(qtbot, form, "Save")
    assert opened.args == [existing.id]
    assert asked.texts[0] == "A patient with this name and date of birth already exists."
    labels = [text for _, text in asked.questions[0].answers]
    assert labels == ["Open existing record", "Save as a new patient anyway", "Cancel"]
    assert not form.isVisible()
    assert clinic.patients.count() == 1


def test_duplicate_saved_as_new_patient_when_chosen(qtbot, open_form, clinic, admin, monkeypatch):
    registered(clinic, admin)
    form = open_form()
    fill_minimal(qtbot, form)
    answer(monkeypatch, form, Answer.SAVE_ANYWAY)
    with qtbot.waitSignal(form.patient_saved):
        click(qtbot, form, "Save")
    assert len(clinic.patients.search("García")) == 2
    assert not form.isVisible()


def test_opening_the_existing_record_offers_to_copy_the_new_phone_and_email(
        qtbot, open_form, clinic, admin, front_desk, monkeypatch):
    existing = registered(clinic, admin, email="old@example.com")
    form = open_form()
    fill_minimal(qtbot, form)  # the same mobile phone as on the record
    type_into(qtbot, form, "Home phone †", "020 7946 0958")
    type_into(qtbot, form, "Email", "maria.new@example.com")
    type_into(qtbot, form, "Chief complaint", "Heel pain on running")
    asked = answer(monkeypatch, form, Answer.OPEN_EXISTING, Answer.COPY_CONTACT)
    with qtbot.waitSignal(form.open_patient_requested) as opened, \
            qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save")
    assert opened.args == [existing.id]
    question = asked.questions[1]
    assert question.title == "Copy the new contact details?"
    assert "Home phone: 020 7946 0958 (on the record: none)" in question.text
    assert "Email: maria.new@example.com (on the record: old@example.com)" in question.text
    assert "Mobile phone" not in question.text
    assert [text for _, text in question.answers] == [
        "Copy them and open", "Open without copying", "Back to the form"]
    after = clinic.patients.get(existing.id)
    assert saved.args[0].patient == after
    assert (after.intake.home_phone, after.intake.email) == ("020 7946 0958",
                                                             "maria.new@example.com")
    assert after.intake.chief_complaint == "" and after.version == existing.version + 1
    assert clinic.db.execute(
        "SELECT user_id FROM audit_events WHERE action = 'update' AND patient_id = ?",
        [existing.id]).fetchall() == [(front_desk.user.id,)]
    assert clinic.patients.count() == 1 and not form.isVisible()


def test_opening_the_existing_record_without_copying_leaves_it_unchanged(
        qtbot, open_form, clinic, admin, monkeypatch):
    existing = registered(clinic, admin)
    form = open_form()
    fill_minimal(qtbot, form)
    type_into(qtbot, form, "Email", "maria.new@example.com")
    answer(monkeypatch, form, Answer.OPEN_EXISTING, Answer.OPEN_ONLY)
    with qtbot.waitSignal(form.open_patient_requested), \
            qtbot.assertNotEmitted(form.patient_saved):
        click(qtbot, form, "Save")
    assert clinic.patients.get(existing.id) == existing


def test_a_record_changed_meanwhile_is_not_overwritten_by_the_copy(
        qtbot, open_form, clinic, admin, monkeypatch, no_dialogs):
    existing = registered(clinic, admin)
    form = open_form()
    fill_minimal(qtbot, form)
    type_into(qtbot, form, "Email", "maria.new@example.com")
    answer(monkeypatch, form, Answer.OPEN_EXISTING, Answer.COPY_CONTACT)
    read = clinic.patients.get(existing.id)
    clinic.patients.update(admin, existing.id, {**read.intake.to_raw(), "email": "x@example.com"},
                           read.version)  # saved at another desk after the form read it
    monkeypatch.setattr(form._patients, "get", lambda patient_id: read)
    with qtbot.assertNotEmitted(form.open_patient_requested):
        click(qtbot, form, "Save")
    assert no_dialogs[0][0] == "Contact details not copied"
    assert clinic.patients.get(existing.id).intake.email == "x@example.com"
    assert form.isVisible() and field(form, "Email").text() == "maria.new@example.com"


@pytest.mark.parametrize("answers", [(Answer.CANCEL,), (Answer.OPEN_EXISTING, Answer.CANCEL)])
def test_duplicate_cancelled_keeps_everything_typed(qtbot, open_form, clinic, admin, monkeypatch,
                                                    answers):
    registered(clinic, admin)
    form = open_form()
    fill_minimal(qtbot, form)
    type_into(qtbot, form, "Chief complaint", "Heel pain on running")
    answer(monkeypatch, form, *answers)
    with qtbot.assertNotEmitted(form.open_patient_requested), \
            qtbot.assertNotEmitted(form.patient_saved):
        click(qtbot, form, "Save")
    assert form.isVisible()
    assert field(form, "Chief complaint").text() == "Heel pain on running"
    assert clinic.patients.count() == 1


# ----- existing patients and conflicts

def test_existing_patient_saves_and_stays_open(qtbot, open_form, clinic, admin):
    patient = registered(clinic, admin)
    form = open_form(patient)
    assert form.windowTitle() == "Patient details — García, Maria"
    assert field(form, "Date of birth *").text() == "1988-06-02"
    assert field(form, "Sex *").currentText() == "Female"
    type_into(qtbot, form, "Preferred name", "Mari")
    with qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save")
    assert not saved.args[0].created
    assert form.isVisible() and not form.is_dirty()
    assert shown(form, "saveStatus").startswith("Saved")
    assert form.windowTitle() == "Patient details — García, Maria (Mari)"
    stored = clinic.patients.get(patient.id)
    assert (stored.intake.preferred_name, stored.version) == ("Mari", 2)


def _two_forms_in_conflict(qtbot, open_form, clinic, admin) -> tuple[Patient, IntakeForm]:
    """Form A saves a preferred name; form B, opened on the same version, then edits the email."""
    patient = registered(clinic, admin)
    first, second = open_form(patient), open_form(patient)
    first.activateWindow()
    type_into(qtbot, first, "Preferred name", "Mari")
    click(qtbot, first, "Save")
    assert clinic.patients.get(patient.id).version == 2
    second.activateWindow()
    type_into(qtbot, second, "Email", "maria@example.com")
    return patient, second


def test_conflict_reload_takes_their_version(qtbot, open_form, clinic, admin, monkeypatch):
    patient, second = _two_forms_in_conflict(qtbot, open_form, clinic, admin)
    asked = answer(monkeypatch, second, Answer.RELOAD)
    with qtbot.assertNotEmitted(second.patient_saved):
        click(qtbot, second, "Save")
    assert "saved by someone else" in asked.texts[0]
    assert field(second, "Preferred name").text() == "Mari"
    assert field(second, "Email").text() == ""
    assert not second.is_dirty()
    stored = clinic.patients.get(patient.id)
    assert (stored.intake.preferred_name, stored.intake.email, stored.version) == ("Mari", "", 2)


def test_conflict_keep_mine_saves_over_theirs(qtbot, open_form, clinic, admin, monkeypatch):
    patient, second = _two_forms_in_conflict(qtbot, open_form, clinic, admin)
    answer(monkeypatch, second, Answer.KEEP_MINE)
    with qtbot.waitSignal(second.patient_saved):
        click(qtbot, second, "Save")
    stored = clinic.patients.get(patient.id)
    assert (stored.intake.preferred_name, stored.intake.email, stored.version) == (
        "", "maria@example.com", 3)
    assert shown(second, "saveStatus").startswith("Saved")


def test_conflict_cancel_keeps_mine_on_screen_unsaved(qtbot, open_form, clinic, admin,
                                                       monkeypatch):
    patient, second = _two_forms_in_conflict(qtbot, open_form, clinic, admin)
    answer(monkeypatch, second, Answer.CANCEL)
    click(qtbot, second, "Save")
    assert field(second, "Email").text() == "maria@example.com" and second.is_dirty()
    assert clinic.patients.get(patient.id).intake.email == ""


# ----- closing

def test_closing_a_clean_form_asks_nothing(qtbot, open_form):
    form = open_form()  # its stub fails the test if anything is asked
    type_into(qtbot, form, "Legal first name *", "M")
    clear(qtbot, form, "Legal first name *")
    assert form.close()


def test_escape_with_unsaved_changes_asks_and_cancel_keeps_the_form(qtbot, open_form, clinic,
                                                                     monkeypatch):
    form = open_form()
    type_into(qtbot, form, "Legal first name *", "Maria")
    asked = answer(monkeypatch, form, Answer.CANCEL)
    qtbot.keyClick(field(form, "Legal last name *"), Qt.Key.Key_Escape)
    assert asked.texts == ["Save the changes to this patient before closing?"]
    assert form.isVisible() and field(form, "Legal first name *").text() == "Maria"


def test_discarding_unsaved_changes_closes_without_saving(qtbot, open_form, clinic, monkeypatch):
    form = open_form()
    type_into(qtbot, form, "Legal first name *", "Maria")
    answer(monkeypatch, form, Answer.DISCARD)
    click(qtbot, form, "Cancel")
    assert not form.isVisible()
    assert clinic.patients.count() == 0


def test_saving_when_closing(qtbot, open_form, clinic, monkeypatch):
    form = open_form()
    type_into(qtbot, form, "Legal first name *", "Maria")
    answer(monkeypatch, form, Answer.SAVE)
    assert not form.close()  # not valid yet: stays open showing why
    assert message_under(form, "Legal last name *") == "Required."
    fill_minimal(qtbot, form, first="")
    answer(monkeypatch, form, Answer.SAVE)
    with qtbot.waitSignal(form.patient_saved):
        assert form.close()
    assert clinic.patients.count() == 1


# ----- consent and accessibility

def test_consent_is_recorded_with_who_and_when(qtbot, open_form, clinic, front_desk):
    form = open_form()
    fill_minimal(qtbot, form)
    assert shown(form, "consentRecord") == "Not given yet."
    tick(qtbot, form, "Consent to treat given")
    assert shown(form, "consentRecord") == (
        f"Will be recorded as given by {front_desk.user.display_name} when you save.")
    with qtbot.waitSignal(form.patient_saved) as saved:
        click(qtbot, form, "Save")
    patient = clinic.patients.get(saved.args[0].patient.id)
    assert patient.intake.consent_to_treat and not patient.intake.privacy_notice
    assert (patient.consent.recorded_at, patient.consent.recorded_by) == (
        FIXED_NOW, front_desk.user.display_name)
    record = shown(open_form(patient), "consentRecord")
    local = FIXED_NOW.astimezone()
    assert record.startswith(f"Recorded {local.day} ")
    assert record.endswith(f"{local.year}, {local:%H:%M} by {front_desk.user.display_name}")


def test_every_input_is_labelled_with_its_accessible_name(open_form):
    form = open_form()
    labelled = {label.buddy(): label.text() for label in form.findChildren(QLabel)
                if label.buddy() is not None}
    inputs = [w for w in form.findChildren(QWidget)
              if isinstance(w, (QLineEdit, QComboBox, QPlainTextEdit, QAbstractButton))
              and not isinstance(w.parentWidget(), QComboBox) and not isinstance(w, QPushButton)]
    assert len(inputs) == len(form.raw())
    for widget in inputs:
        text = widget.text() if isinstance(widget, QCheckBox) else labelled[widget]
        assert text and widget.accessibleName() == text
    assert field(form, "Legal first name *").accessibleName() == "Legal first name *"


def test_form_values_have_the_shape_the_service_reads(open_form, clinic):
    form = open_form()
    intake = validate_intake(intake_values(), date(2026, 11, 27))
    assert set(form.raw()) == set(intake.to_raw())
