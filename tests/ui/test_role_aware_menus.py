"""Role-aware screens: Backups… (preferences and restore) only for those who may run backups,
while "Back up now" and the scheduled backups work for everyone; the plan of care is read-only
for an assistant and says so."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from keystone_desk.domain.users import Role
from keystone_desk.ui.main_window import MainWindow
from keystone_desk.ui.plans.plan_window import PlanOfCareWindow
from tests.plan_fixtures import open_episode

from .find_widgets import action_named


@pytest.mark.parametrize("role,sees_backups", [
    (Role.ADMINISTRATOR, True), (Role.THERAPIST, False), (Role.ASSISTANT, False),
    (Role.FRONT_DESK, False)])
def test_backups_dialog_only_for_those_who_may_run_backups(qtbot, signed_in, settings,
                                                            role, sees_backups):
    window = MainWindow(signed_in(role), settings=settings)
    qtbot.addWidget(window)
    assert window._backups.backups_action.isVisible() is sees_backups
    assert window._backups.back_up_now_action.isVisible()  # open to all, like scheduled backups
    window._backups.stop()


def test_a_therapist_back_up_now_still_runs(qtbot, clinic, signed_in, settings, tmp_path):
    admin = signed_in(Role.ADMINISTRATOR)
    admin.backups.update_settings(admin.user, str(tmp_path / "usb"), 3, False, False)
    window = MainWindow(signed_in(Role.THERAPIST), settings=settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.tasks.busy_changed, check_params_cb=lambda busy: not busy,
                          timeout=20000):
        action_named(window, "Back up now").trigger()
    assert len(admin.backups.list_backups()) == 1
    window._backups.stop()


def plan_window_as(qtbot, clinic, signed_in, role) -> PlanOfCareWindow:
    episode = open_episode(clinic, signed_in(Role.THERAPIST).user)
    window = PlanOfCareWindow(signed_in(role), episode)
    qtbot.addWidget(window)
    return window


def usable_buttons(window) -> set[str]:
    """Buttons shown and enabled (a disabled section disables the buttons in it)."""
    return {b.text().replace("&", "") for b in window.findChildren(QPushButton)
            if b.isVisibleTo(window) and b.isEnabled()}


def test_an_assistant_reads_the_plan_of_care_without_editing_controls(qtbot, clinic, signed_in):
    window = plan_window_as(qtbot, clinic, signed_in, Role.ASSISTANT)
    assert "Read only" in window._state.text()
    assert usable_buttons(window) <= {"Close"}
    assert not window._diagnoses.isEnabled() and not window._frequency.isEnabled()
    assert not window._save_shortcut.isEnabled()


def test_a_therapist_edits_the_plan_of_care(qtbot, clinic, signed_in):
    window = plan_window_as(qtbot, clinic, signed_in, Role.THERAPIST)
    assert "Read only" not in window._state.text()
    assert {"Save", "Add goal…", "Apply protocol…"} <= usable_buttons(window)
    assert window._diagnoses.isEnabled()
