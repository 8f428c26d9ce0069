"""The administrator's audit-trail viewer: filters narrow the rows, Export CSV writes the file
(and is recorded), Verify chain reports intact or the broken entry; the model passes qtmodeltester."""

from __future__ import annotations

import csv
import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from keystone_desk.domain.users import Role, User, UserId
from keystone_desk.ui.admin.audit_table_model import AuditColumn, AuditRowRole
from keystone_desk.ui.admin.audit_viewer import AuditViewer
from tests.conftest import intake_values


def add_user(clinic, username: str, name: str, role: Role) -> User:
    with clinic.db.atomic():
        cursor = clinic.db.execute(
            "INSERT INTO users (uid, username, display_name, role, created_at) "
            "VALUES (?, ?, ?, ?, '2026-01-01T00:00:00+00:00')",
            [f"uid-{username}", username, name, role.value])
    return User(UserId(cursor.lastrowid), username, name, role)


@pytest.fixture
def trail(clinic, admin, clock):
    maria = clinic.patients.register(admin, intake_values()).patient
    jose = clinic.patients.register(admin, intake_values(first_name="José",
                                                         last_name="Núñez")).patient
    kim = add_user(clinic, "kim", "Kim Therapist", Role.THERAPIST)
    clock.now += timedelta(days=3)
    clinic.patients.open_chart(kim, maria.id)
    clinic.patients.open_chart(kim, jose.id)
    return {"maria": maria, "jose": jose, "kim": kim}


@pytest.fixture
def viewer(qtbot, trail, signed_in, no_dialogs, tmp_path):
    """The viewer as the administrator opens it, signing in after the trail was made."""
    saved_to: list[str] = []
    target = tmp_path / "export.csv"

    def ask(parent, suggested: str) -> str:
        saved_to.append(suggested)
        return str(target)

    made = AuditViewer(signed_in(Role.ADMINISTRATOR), ask_save_path=ask)
    qtbot.addWidget(made)
    made.show()
    made.export_target = target
    return made


def shown(viewer) -> list[tuple[str, str, str]]:
    """The rows on screen, leaving out the administrator's sign-in and the viewer's own reads
    (each is recorded too)."""
    model = viewer._model
    return [(model.index(r, AuditColumn.USER).data(), model.index(r, AuditColumn.ACTION).data(),
             model.index(r, AuditColumn.PATIENT).data()) for r in range(model.rowCount())
            if model.index(r, 0).data(AuditRowRole).entity not in ("audit_trail", "user")]


def test_opens_with_every_entry_newest_first(viewer, trail, admin):
    rows = shown(viewer)
    assert rows[0] == ("Kim Therapist", "view", "Núñez, José")
    assert rows[-1] == (viewer._session.user.display_name, "create", "García, Maria")
    assert viewer._session.user.id == admin.id  # the administrator who registered her
    assert len(rows) == 4
    # The four and the administrator's sign-in (two entries); the opening read comes after.
    assert "6 entries shown" in viewer._count_label.text()


def test_labels_are_buddies_of_their_fields(viewer):
    from PySide6.QtWidgets import QLabel

    buddies = {label.text(): label.buddy() for label in viewer.findChildren(QLabel)
               if label.buddy() is not None}
    assert buddies["&User:"] is viewer._user_combo
    assert buddies["&Patient:"] is viewer._patient_box
    assert buddies["&Action:"] is viewer._action_combo
    assert buddies["&From:"] is viewer._since_edit and buddies["&To:"] is viewer._until_edit
    assert viewer._patient_box.accessibleName() == "Patient"


def test_user_filter_narrows_rows(qtbot, viewer, trail):
    with qtbot.waitSignal(viewer._model.modelReset, timeout=3000):
        viewer._user_combo.setCurrentIndex(viewer._user_combo.findData(trail["kim"].id))
    assert {user for user, _, _ in shown(viewer)} == {"Kim Therapist"}
    assert len(shown(viewer)) == 2


def test_action_filter_narrows_rows(qtbot, viewer):
    with qtbot.waitSignal(viewer._model.modelReset, timeout=3000):
        viewer._action_combo.setCurrentIndex(viewer._action_combo.findData("create"))
    assert [action for _, action, _ in shown(viewer)] == ["create", "create"]


def test_patient_search_box_narrows_rows(qtbot, viewer, trail):
    qtbot.keyClicks(viewer._patient_box, "nunez")
    with qtbot.waitSignal(viewer._model.modelReset, timeout=3000):
        qtbot.keyClick(viewer._patient_box, Qt.Key.Key_Return)
    assert {patient for _, _, patient in shown(viewer)} == {"Núñez, José"}
    assert viewer.filters()["patient_id"] == trail["jose"].id
    with qtbot.waitSignal(viewer._model.modelReset, timeout=3000):
        viewer._clear_button.click()
    assert len(shown(viewer)) == 4


def test_dates_narrow_rows(qtbot, viewer, clock):
    first_day = (clock.now - timedelta(days=3)).astimezone().date()
    with qtbot.waitSignal(viewer._model.modelReset, timeout=3000):
        viewer._until_edit.setDate(QDate(first_day.year, first_day.month, first_day.day))
    assert [action for _, action, _ in shown(viewer)] == ["create", "create"]
    later = first_day + timedelta(days=1)
    with qtbot.waitSignal(viewer._model.modelReset, timeout=3000):
        viewer._until_edit.setDate(viewer._until_edit.minimumDate())
        viewer._since_edit.setDate(QDate(later.year, later.month, later.day))
    assert [action for _, action, _ in shown(viewer)] == ["view", "view"]


def test_viewing_is_recorded(viewer, clinic, admin):
    events = clinic.audit.query(admin, action="view", user_id=admin.id)
    assert events and events[0].entity == "audit_trail"


def test_export_writes_the_filtered_rows_and_is_recorded(qtbot, viewer, trail, clinic, admin):
    with qtbot.waitSignal(viewer._model.modelReset, timeout=3000):
        viewer._user_combo.setCurrentIndex(viewer._user_combo.findData(trail["kim"].id))
    with qtbot.waitSignal(viewer.exported, timeout=10000) as blocker:
        viewer._export_button.click()
    assert blocker.args == [2]
    with viewer.export_target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["username"] for r in rows] == ["kim", "kim"]
    assert [r["patient"] for r in rows] == ["Núñez, José", "García, Maria"]
    assert clinic.audit.query(admin, action="export")[0].detail.startswith("2 entries to")


def test_verify_button_says_intact(qtbot, viewer):
    with qtbot.waitSignal(viewer.verified, timeout=10000) as blocker:
        viewer._verify_button.click()
    assert blocker.args[0].ok
    assert "Intact" in viewer._verify_label.text()


def test_verify_button_names_the_broken_entry(qtbot, viewer, clinic):
    conn = sqlite3.connect(str(clinic.path), isolation_level=None)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("UPDATE audit_events SET detail = 'hidden' WHERE id = 2")
    conn.close()
    with qtbot.waitSignal(viewer.verified, timeout=10000):
        viewer._verify_button.click()
    assert "entry #2" in viewer._verify_label.text()
    assert "changed" in viewer._verify_label.toolTip()


def test_rows_resolve_to_audit_rows(viewer, trail):
    row = viewer._model.index(2, 0).data(AuditRowRole)  # below the administrator's sign-in
    assert row.patient_id == trail["jose"].id and row.action == "view"


def test_the_model_passes_qtmodeltester(qtmodeltester, viewer):
    qtmodeltester.check(viewer._model)


def test_the_model_loads_a_page_at_a_time(qtmodeltester, clinic, admin, trail):
    from keystone_desk.ui.admin.audit_table_model import AuditTableModel

    model = AuditTableModel(page_size=2)
    model.set_fetch(lambda limit, before_id: clinic.audit.query(admin, limit=limit,
                                                                before_id=before_id))
    assert [r.id for r in model.rows()] == [4, 3] and model.canFetchMore()
    model.fetchMore()  # entry 5, the first read, is newer: the page continues below 3
    assert [r.id for r in model.rows()] == [4, 3, 2, 1]
    assert not model.canFetchMore()
    qtmodeltester.check(model)


def test_file_menu_opens_the_viewer_for_an_administrator(qtbot, administrator, settings,
                                                         no_dialogs):
    from keystone_desk.ui.main_window import MainWindow

    window = MainWindow(administrator, settings)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    audit = next(a for a in file_menu.actions() if a.text() == "&Audit trail…")
    assert audit.isVisible()
    audit.trigger()
    viewer = window.findChild(AuditViewer)
    assert viewer is not None and viewer.isVisible()
    viewer.close()
