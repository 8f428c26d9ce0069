"""MainWindow: from the patient list to a chart and back, actions and shortcuts, handing changes on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabBar

from keystone_desk.ui import messages
from keystone_desk.ui.main_window import MainWindow
from keystone_desk.ui.patients.chart import PatientChart
from tests.conftest import intake_values
from tests.ui.find_widgets import action_named, button_named, input_labelled


def shown(qtbot, session, settings) -> MainWindow:
    made = MainWindow(session, settings)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow)
    return made


@pytest.fixture
def window(qtbot, therapist, settings, no_dialogs):
    return shown(qtbot, therapist, settings)


@pytest.fixture
def admin_window(qtbot, administrator, settings, no_dialogs):
    """The demo clinic is the administrator's to load."""
    return shown(qtbot, administrator, settings)


@pytest.fixture
def garcia(clinic, admin):
    return clinic.patients.register(admin, intake_values(night_pain=True)).patient.id


def search_and_press_enter(qtbot, window: MainWindow, text: str) -> None:
    box = input_labelled(window, "Search patients")
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def view_events(clinic, patient_id):
    return clinic.db.execute(
        "SELECT action, user_id FROM audit_events WHERE patient_id = ? AND action = 'view'",
        [patient_id]).fetchall()


def test_title_and_status_bar_say_which_clinic_and_who_is_acting(window, therapist):
    assert window.windowTitle() == "clinic.db — Keystone Desk"
    labels = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert f"Signed in: {therapist.user.display_name} (therapist)" in labels


def test_patients_tab_comes_first_and_cannot_be_closed(window):
    assert window.tabs.tabText(0) == "Patients"
    bar = window.tabs.tabBar()
    assert bar.tabButton(0, QTabBar.ButtonPosition.RightSide) is None
    assert bar.tabButton(0, QTabBar.ButtonPosition.LeftSide) is None


def test_enter_opens_the_chart_with_name_and_red_flag_banner(qtbot, window, clinic, therapist,
                                                            garcia):
    window.patient_list.refresh()
    search_and_press_enter(qtbot, window, "garcia")
    chart = window.tabs.currentWidget()
    assert isinstance(chart, PatientChart) and chart.patient_id == garcia
    assert window.tabs.tabText(window.tabs.currentIndex()) == "García, Maria"
    assert chart.findChild(QLabel, "red_flags_banner").isVisible()
    assert view_events(clinic, garcia) == [("view", therapist.user.id)]


def test_opening_an_open_chart_focuses_its_tab(qtbot, window, clinic, garcia):
    window.open_chart(garcia)
    window.tabs.setCurrentIndex(0)
    window.open_chart(garcia)
    assert window.tabs.count() == 2
    assert window.tabs.currentWidget() is window.chart_for(garcia)
    assert len(view_events(clinic, garcia)) == 1


def test_closing_a_chart_tab_forgets_it(qtbot, window, garcia):
    window.open_chart(garcia)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == 1 and window.chart_for(garcia) is None


def test_ctrl_f_goes_back_to_the_search_box(qtbot, window, garcia):
    window.open_chart(garcia)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    box = input_labelled(window, "Search patients")
    qtbot.waitUntil(box.hasFocus)


def test_archiving_from_the_chart_hides_the_patient_from_the_list(
        qtbot, monkeypatch, window, clinic, garcia):
    window.patient_list.refresh()
    assert window.patient_list.model.rowCount() == 1
    window.open_chart(garcia)
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: True)
    qtbot.mouseClick(button_named(window.chart_for(garcia), "Archive patient"),
                     Qt.MouseButton.LeftButton)
    assert window.patient_list.model.rowCount() == 0
    assert clinic.patients.get(garcia).archived


def test_a_saved_edit_reaches_the_list_the_chart_and_the_tab(window, clinic, admin, garcia):
    window.patient_list.refresh()
    window.open_chart(garcia)
    change = clinic.patients.update(admin, garcia, intake_values(first_name="Marisol"), 1)
    window.apply_change(change)
    chart = window.chart_for(garcia)
    assert chart.patient.intake.first_name == "Marisol"
    assert window.tabs.tabText(window.tabs.indexOf(chart)) == "García, Marisol"
    name = window.patient_list.model.index(0, 0).data()
    assert name == "García, Marisol"


def test_ctrl_n_opens_a_blank_registration_form(qtbot, window):
    from keystone_desk.ui.patients.intake_form import IntakeForm

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    forms = [w for w in window.findChildren(IntakeForm) if w.isVisible()]
    assert len(forms) == 1 and forms[0].patient is None
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len([w for w in window.findChildren(IntakeForm) if w.isVisible()]) == 1


def test_edit_details_opens_the_form_for_that_patient(qtbot, window, garcia):
    from keystone_desk.ui.patients.intake_form import IntakeForm

    window.open_chart(garcia)
    qtbot.mouseClick(button_named(window.chart_for(garcia), "Edit details"),
                     Qt.MouseButton.LeftButton)
    forms = [w for w in window.findChildren(IntakeForm) if w.isVisible()]
    assert len(forms) == 1 and forms[0].patient.id == garcia


def test_a_patient_registered_in_the_form_opens_in_a_chart(qtbot, window, clinic, admin):
    from keystone_desk.ui.patients.intake_form import IntakeForm

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = next(w for w in window.findChildren(IntakeForm) if w.isVisible())
    change = clinic.patients.register(admin, intake_values(first_name="Nia", last_name="Kim"))
    form.patient_saved.emit(change)
    assert window.tabs.currentWidget() is window.chart_for(change.patient.id)
    assert window.patient_list.model.index(0, 0).data() == "Kim, Nia"


def test_empty_clinic_offers_the_demo_and_loads_it_in_the_background(
        qtbot, monkeypatch, admin_window, clinic):
    window = admin_window
    asked = []
    monkeypatch.setattr(messages, "ask_yes_no",
                        lambda parent, title, text: asked.append(text) or True)
    with qtbot.waitSignal(window.tasks.busy_changed, check_params_cb=lambda busy: not busy,
                          timeout=30000):
        window.offer_demo_clinic_if_empty()
    assert asked == ["This clinic has no patients yet. Load a demo clinic with about 25 "
                     "example patients?"]
    assert clinic.patients.count(include_archived=True) >= 20
    assert window.patient_list.model.rowCount() >= 20


def test_a_clinic_with_patients_is_not_offered_the_demo(admin_window, garcia):
    admin_window.offer_demo_clinic_if_empty()  # no_dialogs fails the test if a question is asked


def test_load_demo_clinic_action_asks_before_adding_examples(qtbot, monkeypatch, admin_window,
                                                           clinic, garcia):
    window = admin_window
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: False)
    action_named(window, "Load demo clinic…").trigger()
    assert not window.tasks.busy
    assert clinic.patients.count(include_archived=True) == 1


def test_window_size_is_remembered(qtbot, therapist, settings, no_dialogs):
    first = MainWindow(therapist, settings)
    qtbot.addWidget(first)
    first.resize(700, 520)  # the offscreen screen is 800×600
    first.show()
    qtbot.waitExposed(first)
    first.close()
    second = MainWindow(therapist, settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 520)


def test_quit_closes_the_window(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_closing_a_chart_closes_the_notes_it_opened(qtbot, window, clinic, admin, garcia):
    from keystone_desk.domain.charting import NoteKind

    episode = clinic.episodes.open_episode(admin, garcia, "Right Achilles pain, Nov 2026")
    note = clinic.notes.create(admin, episode.id, NoteKind.DAILY)
    window.open_chart(garcia)
    editor = window.chart_for(garcia).episodes.open_note(note.id)
    assert editor.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.chart_for(garcia) is None and not editor.isVisible()
