"""The sign-in at start: first run creates the administrator; wrong passwords and lockout are said
plainly without telling which part was wrong."""

from __future__ import annotations

from datetime import timedelta

from keystone_desk.domain.sign_in import LOCKOUT
from keystone_desk.ui.access.sign_in_flow import SignInFlow
from keystone_desk.ui.main_window import MainWindow

from .access_helpers import ADMIN_PASSWORD, first_administrator, sign_in
from .find_widgets import input_labelled


def test_first_run_creates_the_administrator_and_opens_the_main_window_as_them(
        qtbot, sign_in_clinic, settings, no_dialogs):
    flow = SignInFlow(sign_in_clinic, settings=settings)
    login = flow.start()
    qtbot.addWidget(login)
    assert login.first_run
    assert "Create the clinic administrator" in [lbl.text() for lbl in login.findChildren(
        type(login.error))]
    input_labelled(login, "Display name").setText("Alex Admin")
    input_labelled(login, "Password").setText(ADMIN_PASSWORD)
    input_labelled(login, "Confirm password").setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(flow.window_shown) as shown:
        login.accept_button.click()
    window = shown.args[0]
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.findChild(type(login.error), "signed_in").text() == \
        "Signed in: Alex Admin (administrator)"
    assert flow.session.user.display_name == "Alex Admin"
    assert not sign_in_clinic.auth.needs_first_administrator()
    assert sign_in_clinic.auth.login("admin", ADMIN_PASSWORD).display_name == "Alex Admin"
    flow.idle.stop()


def test_first_run_keeps_typing_and_says_why_when_the_password_is_too_short(
        qtbot, sign_in_clinic, settings):
    flow = SignInFlow(sign_in_clinic, settings=settings)
    login = flow.start()
    qtbot.addWidget(login)
    input_labelled(login, "Display name").setText("Alex Admin")
    input_labelled(login, "Password").setText("short")
    input_labelled(login, "Confirm password").setText("short")
    login.accept_button.click()
    assert flow.window is None and login.isVisible()
    shown = [lbl.text() for lbl in login.findChildren(type(login.error)) if lbl.isVisible()]
    assert any("at least 10 characters" in text for text in shown)
    assert input_labelled(login, "Display name").text() == "Alex Admin"


def test_wrong_password_says_so_without_saying_which_part(qtbot, sign_in_clinic, settings):
    first_administrator(sign_in_clinic)
    flow = SignInFlow(sign_in_clinic, settings=settings)
    qtbot.addWidget(flow.start())
    sign_in(qtbot, flow, "admin", "not the password")
    assert flow.login.error.text() == "Wrong user name or password."
    assert flow.login.password.text() == ""
    sign_in(qtbot, flow, "nobody", "not the password")
    assert flow.login.error.text() == "Wrong user name or password."
    assert flow.window is None


def test_five_failures_lock_the_account_and_the_message_says_until_when(
        qtbot, sign_in_clinic, settings, clock):
    first_administrator(sign_in_clinic)
    flow = SignInFlow(sign_in_clinic, settings=settings)
    qtbot.addWidget(flow.start())
    for _ in range(5):
        sign_in(qtbot, flow, "admin", "not the password")
    sign_in(qtbot, flow, "admin", ADMIN_PASSWORD)  # even the right one, while locked
    until = (clock.now + LOCKOUT).astimezone().strftime("%H:%M")
    assert flow.login.error.text() == \
        f"This account is locked until {until} after 5 failed attempts."
    assert flow.window is None
    clock.now += LOCKOUT + timedelta(seconds=1)
    with qtbot.waitSignal(flow.window_shown) as shown:
        sign_in(qtbot, flow, "admin", ADMIN_PASSWORD)
    qtbot.addWidget(shown.args[0])
    flow.idle.stop()
