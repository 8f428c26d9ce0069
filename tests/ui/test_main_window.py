"""MainWindow: from the patient list to a chart and back, actions and shortcuts, handing changes on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabBar, QToolBar, QToolButton

from keystone_desk.ui import messages
from keystone_desk.ui.main_window import MainWindow
from keystone_desk.ui.patients.chart import PatientChart
from tests.conftest import intake_values
from tests.ui.find_widgets import action_named, button_named, input_labelled
from tests.ui.intake_driver import type_into


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
def front_desk_window(qtbot, front_desk, settings, no_dialogs):
    return shown(qtbot, front_desk, settings)


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


def register_in_the_form(qtbot, window, first: str, last: str, button: str) -> None:
    """Ctrl+N, type the least a new patient needs by the labels, click `button`."""
    from keystone_desk.ui.patients.intake_form import IntakeForm

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = next(w for w in window.findChildren(IntakeForm) if w.isVisible())
    for label, text in (("Legal first name *", first), ("Legal last name *", last),
                        ("Date of birth *", "02/06/1988"), ("Sex *", "Female"),
                        ("Mobile phone †", "(555) 201-3344")):
        type_into(qtbot, form, label, text)
    qtbot.mouseClick(button_named(form, button), Qt.MouseButton.LeftButton)
    assert not form.isVisible()


def test_save_registers_and_stays_on_the_list_save_and_open_opens_the_chart(
        qtbot, front_desk_window, clinic):
    window = front_desk_window
    register_in_the_form(qtbot, window, "Nia", "Kim", "Save")
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Patients"]
    assert window.tabs.currentIndex() == 0
    assert window.patient_list.model.index(0, 0).data() == "Kim, Nia"
    assert clinic.patients.count() == 1
    register_in_the_form(qtbot, window, "Ola", "Berg", "Save and open chart")
    [berg] = clinic.patients.search("Berg")
    assert window.tabs.currentWidget() is window.chart_for(berg.id)
    assert window.tabs.tabText(1) == "Berg, Ola"


def open_charts(window, clinic, admin, count: int) -> list[int]:
    ids = []
    for n in range(count):
        name = "".join(chr(ord("a") + int(d)) for d in f"{n:02d}")
        ids.append(clinic.patients.register(admin, intake_values(
            first_name=f"Alexandra{name}", last_name=f"Montgomery-Smythe{name}")).patient.id)
        window.open_chart(ids[-1])
    return ids


def test_with_twenty_charts_open_the_patients_tab_is_in_sight_and_one_click_away(
        qtbot, window, clinic, admin):
    window.resize(1366, 768)
    ids = open_charts(window, clinic, admin, 20)
    bar = window.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.tabRect(20).right() <= bar.width())
    first = bar.tabRect(0)
    assert bar.tabText(0) == "Patients" and bar.rect().contains(first)
    assert first.width() >= bar.fontMetrics().horizontalAdvance("Patients")  # never elided
    assert all(bar.rect().contains(bar.tabRect(i)) for i in range(bar.count()))
    assert bar.tabToolTip(20) == "Montgomery-Smythebj, Alexandrabj"  # elided, not lost
    # Crowded: only the chart in front keeps its close button, the others keep a few letters.
    closable = [i for i in range(bar.count())
                if bar.tabButton(i, QTabBar.ButtonPosition.RightSide) is not None]
    assert closable == [window.tabs.currentIndex()] == [20]
    qtbot.mouseClick(bar, Qt.MouseButton.MiddleButton, pos=bar.tabRect(5).center())
    assert bar.count() == 20 and window.chart_for(ids[4]) is None  # a middle click closes one
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=first.center())
    assert window.tabs.currentWidget() is window.patient_list


def test_no_chart_can_be_dragged_in_front_of_the_patients_tab(qtbot, window, clinic, admin):
    window.resize(1366, 768)
    open_charts(window, clinic, admin, 3)
    bar = window.tabs.tabBar()
    for dragged, target in ((2, 0), (0, 3)):  # a chart onto the list's tab; the list's tab away
        start, end = bar.tabRect(dragged).center(), bar.tabRect(target).center()
        qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
        for step in range(1, 11):
            qtbot.mouseMove(bar, start + (end - start) * step / 10)
            qtbot.wait(10)
        qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=end)
        qtbot.waitUntil(lambda: bar.tabText(0) == "Patients")
        qtbot.wait(50)
        assert window.tabs.widget(0) is window.patient_list


def test_the_charts_button_lists_every_chart_and_closes_the_others(qtbot, window, clinic, admin):
    ids = open_charts(window, clinic, admin, 4)
    button = window.findChild(QToolButton, "open_charts")
    assert button.isVisible() and button.text() == "Charts (4)"
    entries = [a.text() for a in window.tabs.menu_actions()]
    assert entries == ["Patients", *(f"Montgomery-Smythe{n}, Alexandra{n}" for n in (
        "aa", "ab", "ac", "ad")), "Close other charts", "Close all charts"]
    next(a for a in window.tabs.menu_actions() if a.text().endswith("ab")).trigger()
    assert window.tabs.currentWidget() is window.chart_for(ids[1])
    next(a for a in window.tabs.menu_actions() if a.text() == "Close other charts").trigger()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Patients", "Montgomery-Smytheab, Alexandraab"]
    assert [window.chart_for(i) is not None for i in ids] == [False, True, False, False]
    next(a for a in window.tabs.menu_actions() if a.text() == "Close all charts").trigger()
    assert window.tabs.count() == 1 and not button.isVisible()


def test_empty_clinic_offers_the_demo_and_loads_it_in_the_background(
        qtbot, monkeypatch, admin_window, clinic):
    window = admin_window
    asked = []
    monkeypatch.setattr(messages, "ask_yes_no",
                        lambda parent, title, text: asked.append(text) or True)
    with qtbot.waitSignal(window.tasks.busy_changed, check_params_cb=lambda busy: not busy,
                          timeout=30000):
        window.offer_demo_clinic_if_empty()
    [question] = asked
    assert question.startswith("This clinic has no patients yet. Load a demo clinic with about "
                               "25 example patients?")
    assert ("It also creates three demo sign-ins, maria.lopez (therapist), sam.okafor "
            "(assistant), jordan.reyes (front desk), whose passwords are published in the "
            "documentation.") in question
    assert clinic.patients.count(include_archived=True) >= 20
    assert window.patient_list.model.rowCount() >= 20
    notice = window.notices.demo_passwords  # the demo's sign-ins now exist: the notice says so
    assert notice.isVisible()
    assert "maria.lopez, sam.okafor" in notice.label.text()


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


# --- notices everyone sees until an administrator acts ----------------------------------------

def test_demo_sign_ins_are_named_in_a_notice_for_every_role_until_their_passwords_change(
        qtbot, monkeypatch, clinic, administrator, settings, no_dialogs):
    from keystone_desk.services.demo_users import create_demo_users
    from keystone_desk.services.session import ClinicSession
    from keystone_desk.ui.access.users_dialog import UsersDialog

    create_demo_users(clinic.auth, administrator.user)
    desk = ClinicSession(clinic, clinic.auth.login("jordan.reyes", "demo-frontdesk-2026"))
    desk_notice = shown(qtbot, desk, settings).notices.demo_passwords
    assert desk_notice.isVisible()
    assert all(name in desk_notice.label.text()
               for name in ("maria.lopez", "sam.okafor", "jordan.reyes"))
    assert "An administrator changes them (File → Users…)." in desk_notice.label.text()
    assert not desk_notice.button.isVisible()
    window = shown(qtbot, administrator, settings)
    notice = window.notices.demo_passwords
    assert notice.isVisible() and "Reset password" in notice.label.text()
    seen = []

    def reset_each_in_the_dialog(dialog):  # what the administrator does in Users…
        seen.append({r.user.username for r in (dialog.model.account_at(i)
                                                for i in range(dialog.model.rowCount()))
                     if dialog.model.has_demo_password(r)})
        for account in clinic.auth.list_users(administrator.user):
            if account.user.username in seen[0]:
                administrator.auth.reset_password(administrator.user, account.user.id,
                                                  f"{account.user.username}-own-secret")
        return 0
    monkeypatch.setattr(UsersDialog, "exec", reset_each_in_the_dialog)
    qtbot.mouseClick(button_named(notice, "Users…"), Qt.MouseButton.LeftButton)
    assert seen == [{"maria.lopez", "sam.okafor", "jordan.reyes"}]
    assert not notice.isVisible()
    assert clinic.auth.demo_password_users() == []
    assert clinic.db.execute("SELECT count(*) FROM audit_events WHERE action = "
                             "'reset_password'").fetchone() == (3,)


@pytest.mark.parametrize("role", ["front_desk", "therapist", "administrator"])
def test_no_backup_folder_is_a_notice_for_everyone_it_affects(qtbot, request, settings,
                                                              no_dialogs, role):
    session = request.getfixturevalue(role)
    window = shown(qtbot, session, settings)
    notice = window.notices.backup_folder
    assert notice.isVisible()
    assert notice.label.text().startswith(
        "Backups are switched on, but no backup folder has been chosen, so no backup is being "
        "made.")
    assert notice.button.isVisible() == (role == "administrator")
    if role != "administrator":
        assert "Ask an administrator to choose one (File → Backups…)." in notice.label.text()


def test_the_administrator_chooses_the_backup_folder_from_the_notice(
        qtbot, monkeypatch, administrator, clinic, settings, no_dialogs, tmp_path):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from keystone_desk.ui.admin.backup_dialog import BackupDialog

    window = shown(qtbot, administrator, settings)
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))

    def choose_and_save(dialog):
        assert dialog.windowTitle() == "Backups"
        qtbot.mouseClick(button_named(dialog, "Choose…"), Qt.MouseButton.LeftButton)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(BackupDialog, "exec", choose_and_save)
    notice = window.notices.backup_folder
    qtbot.mouseClick(button_named(notice, "Choose backup folder…"), Qt.MouseButton.LeftButton)
    assert clinic.backups.settings().folder == str(folder)
    assert not notice.isVisible()
    assert not window.findChild(QToolBar, "notices_toolbar").isVisible()
