"""The administrator sets the idle-lock time in the Users dialog; a refusal shows beside the
field; the running idle timer of the signed-in app picks the new time up at once."""

from __future__ import annotations

from keystone_desk.domain.users import Role
from keystone_desk.ui.access.sign_in_flow import SignInFlow
from keystone_desk.ui.access.users_dialog import UsersDialog

from .access_helpers import ADMIN_PASSWORD, sign_in, user_with_role
from .find_widgets import action_named, input_labelled


def test_administrator_saves_the_idle_lock_minutes(qtbot, clinic, administrator):
    dialog = UsersDialog(administrator)
    qtbot.addWidget(dialog)
    field = input_labelled(dialog, "Lock the screen after idle")
    assert field.value() == 10 and field.isVisibleTo(dialog)
    assert (field.minimum(), field.maximum()) == (1, 240)
    field.setValue(3)
    with qtbot.waitSignal(dialog.idle_lock_changed):
        dialog.save_idle.click()
    assert clinic.auth.idle_lock_minutes() == 3
    assert "3 idle minutes" in dialog.status.text()


def test_a_refused_idle_time_is_explained_beside_the_field(qtbot, clinic, administrator,
                                                            monkeypatch):
    dialog = UsersDialog(administrator)
    qtbot.addWidget(dialog)
    real = clinic.auth.set_idle_lock_minutes
    monkeypatch.setattr(clinic.auth, "set_idle_lock_minutes",
                        lambda actor, minutes: real(actor, 0))  # as if 0 got past the field
    input_labelled(dialog, "Lock the screen after idle").setValue(5)
    with qtbot.assertNotEmitted(dialog.idle_lock_changed):
        dialog.save_idle.click()
    assert dialog.idle_error.isVisibleTo(dialog)
    assert dialog.idle_error.text() == "Choose between 1 and 240 minutes."
    assert clinic.auth.idle_lock_minutes() == 10
    assert input_labelled(dialog, "Lock the screen after idle").value() == 5  # typing kept


def test_the_running_idle_timer_picks_up_the_new_time(qtbot, sign_in_clinic, settings,
                                                      monkeypatch):
    user_with_role(sign_in_clinic, Role.ADMINISTRATOR)
    flow = SignInFlow(sign_in_clinic, settings=settings)
    qtbot.addWidget(flow.start())
    with qtbot.waitSignal(flow.window_shown):
        sign_in(qtbot, flow, "admin", ADMIN_PASSWORD)
    qtbot.addWidget(flow.window)
    assert flow.idle.timer.interval() == 10 * 60_000

    def exec_(self):
        input_labelled(self, "Lock the screen after idle").setValue(2)
        self.save_idle.click()
        return 0

    monkeypatch.setattr(UsersDialog, "exec", exec_)
    action_named(flow.window, "Users…").trigger()
    assert flow.idle.timer.interval() == 2 * 60_000 and flow.idle.timer.isActive()
    flow.idle.stop()
