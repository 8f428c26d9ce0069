"""The idle screen lock: every window of the app hides patient data until the same person enters
their PIN or password; switching user is refused while typing is unsaved."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from keystone_desk.domain.users import Role
from keystone_desk.ui import messages
from keystone_desk.ui.access.sign_in_flow import SignInFlow
from tests.conftest import intake_values

from .access_helpers import PASSWORD, sign_in, user_with_role
from .find_widgets import action_named, input_labelled

PIN = "4821"


def visible_texts() -> list[str]:
    """All text a person could read on screen, in every window of the app."""
    texts = []
    for window in QApplication.topLevelWidgets():
        if not window.isVisible():
            continue
        texts.append(window.windowTitle())
        for widget in window.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel | QLineEdit):
                texts.append(widget.text())
            model = getattr(widget, "model", None)
            if callable(model) and model() is not None:
                m = model()
                texts.extend(str(m.index(r, c).data()) for r in range(m.rowCount())
                             for c in range(m.columnCount()))
    return texts


def signed_in_therapist(qtbot, clinic, settings):
    therapist = user_with_role(clinic, Role.THERAPIST, "dana", "Dana Reyes")
    clinic.auth.set_pin(therapist, PIN)
    user_with_role(clinic, Role.FRONT_DESK, "fran", "Fran Desk")
    patient = clinic.patients.register(therapist, intake_values()).patient
    flow = SignInFlow(clinic, settings=settings)
    qtbot.addWidget(flow.start())
    with qtbot.waitSignal(flow.window_shown):
        sign_in(qtbot, flow, "dana", PASSWORD)
    qtbot.addWidget(flow.window)
    flow.window.open_chart(int(patient.id))
    return flow


def test_idle_time_locks_and_hides_patient_names_in_every_window(qtbot, sign_in_clinic,
                                                                 settings, no_dialogs):
    flow = signed_in_therapist(qtbot, sign_in_clinic, settings)
    action_named(flow.window, "New patient").trigger()  # an intake form window too
    assert any("García" in text for text in visible_texts())
    flow.window.account_actions.lock_now.trigger()  # Ctrl+L, the same slot the idle timer calls
    assert flow.is_locked
    assert not any("García" in text for text in visible_texts())
    assert "Locked — Dana Reyes" in visible_texts()


def test_the_idle_timer_locks_after_the_clinic_idle_time(qtbot, sign_in_clinic, settings):
    flow = signed_in_therapist(qtbot, sign_in_clinic, settings)
    assert flow.idle.timer.isActive()
    assert flow.idle.timer.interval() == sign_in_clinic.auth.idle_lock_minutes() * 60_000
    flow.idle.start(30)  # a short idle time
    with qtbot.waitSignal(flow.locked, timeout=2000):
        pass
    assert flow.is_locked and not flow.window.isVisible()
    assert not any("García" in text for text in visible_texts())
    flow.idle.stop()


def test_wrong_pin_stays_locked_and_right_pin_unlocks(qtbot, sign_in_clinic, settings):
    flow = signed_in_therapist(qtbot, sign_in_clinic, settings)
    flow.lock()
    screen = flow.lock_screen
    input_labelled(screen, "PIN or password").setText("0000")
    screen.unlock.click()
    assert flow.is_locked
    assert screen.error.text() == "That is not your PIN or password."
    input_labelled(screen, "PIN or password").setText(PIN)
    with qtbot.waitSignal(flow.unlocked):
        screen.unlock.click()
    assert not flow.is_locked and flow.window.isVisible()
    assert any("García" in text for text in visible_texts())
    flow.idle.stop()


def test_another_users_password_does_not_unlock(qtbot, sign_in_clinic, settings):
    flow = signed_in_therapist(qtbot, sign_in_clinic, settings)
    flow.lock()
    input_labelled(flow.lock_screen, "PIN or password").setText(PASSWORD[::-1])
    flow.lock_screen.unlock.click()
    sign_in_clinic.auth.reset_password(sign_in_clinic.auth.login("admin", "clinic-admin-2026"),
                                       sign_in_clinic.auth.login("fran", PASSWORD).id,
                                       "fran-desk-password")
    input_labelled(flow.lock_screen, "PIN or password").setText("fran-desk-password")
    flow.lock_screen.unlock.click()
    assert flow.is_locked and not flow.window.isVisible()
    flow.idle.stop()


def test_switch_user_is_refused_while_intake_typing_is_unsaved(qtbot, sign_in_clinic, settings,
                                                               no_dialogs):
    flow = signed_in_therapist(qtbot, sign_in_clinic, settings)
    action_named(flow.window, "New patient").trigger()
    form = next(w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.windowTitle() == "New patient")
    input_labelled(form, "Legal first name *").setText("Ramón")
    assert form.is_dirty()
    flow.lock()
    assert not form.isVisible()
    assert flow.switch_user() is False
    assert no_dialogs[-1][0] == "Cannot switch user"
    assert "New patient" in no_dialogs[-1][1]
    assert flow.is_locked and flow.user is not None
    input_labelled(flow.lock_screen, "PIN or password").setText(PIN)
    flow.lock_screen.unlock.click()
    assert form.isVisible()
    assert input_labelled(form, "Legal first name *").text() == "Ramón"  # the typing is still there
    input_labelled(form, "Legal first name *").setText("")  # closing it must not ask at teardown
    flow.idle.stop()


def test_switch_user_signs_out_and_asks_who_is_next(qtbot, sign_in_clinic, settings, monkeypatch):
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    flow = signed_in_therapist(qtbot, sign_in_clinic, settings)
    flow.lock()
    assert flow.switch_user()
    assert flow.user is None and flow.window is None and not flow.is_locked
    with qtbot.waitSignal(flow.window_shown) as shown:
        sign_in(qtbot, flow, "fran", PASSWORD)
    qtbot.addWidget(shown.args[0])
    assert flow.session.user.username == "fran"
    flow.idle.stop()
