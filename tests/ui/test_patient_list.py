"""PatientList and PatientTableModel: finding patients as the front desk types, page by page."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QCheckBox, QLineEdit

from keystone_desk.domain.patients import PatientId, PatientSummary
from keystone_desk.ui.patients.patient_list import PatientList
from keystone_desk.ui.patients.table_model import (
    RED_FLAG_MARKER,
    PatientColumn,
    PatientRole,
    PatientTableModel,
    SortRole,
)
from tests.conftest import intake_values
from tests.ui.find_widgets import button_named, input_labelled

TODAY = date(2026, 11, 27)


@pytest.fixture
def patient_list(qtbot, clinic):
    widget = PatientList(clinic.patients.search, lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def registered(clinic, admin):
    """A few patients whose names, phones and birthdays people type in many ways."""
    ids = {}
    for key, values in {
        "lukasz": intake_values(first_name="Łukasz", last_name="Wiśniewski",
                                date_of_birth="1979-11-03", mobile_phone="+48 512 345 678"),
        "obrien": intake_values(first_name="Siobhán", last_name="O'Brien",
                                date_of_birth="1992-02-14", mobile_phone="(555) 310-0420",
                                email="siobhan.obrien@example.com"),
        "maria": intake_values(pronouns="she/her", night_pain=True),
        "archived": intake_values(first_name="Arthur", last_name="Dent",
                                  date_of_birth="1960-03-08", mobile_phone="555 420 4242"),
    }.items():
        ids[key] = clinic.patients.register(admin, values).patient.id
    archived = clinic.patients.get(ids["archived"])
    clinic.patients.set_archived(admin, archived.id, True, archived.version)
    return ids


def shown_names(widget: PatientList) -> list[str]:
    model = widget.table.model()
    return [model.index(row, PatientColumn.NAME).data() for row in range(model.rowCount())]


def search(qtbot, widget: PatientList, text: str) -> list[str]:
    box = input_labelled(widget, "Search patients")
    box.clear()
    if text.isascii():
        qtbot.keyClicks(box, text)
    else:  # QTest cannot synthesise keys outside Latin-1; this is how an input method types
        box.insert(text)
    return shown_names(widget)


def test_qt_can_draw_text_with_a_real_font(qapp):
    # PySide6 ships no fonts: without one Qt draws empty boxes and every test still passes.
    assert any(family.startswith("DejaVu") for family in QFontDatabase.families())


def test_search_box_is_labelled_and_explains_what_it_finds(patient_list):
    box = input_labelled(patient_list, "Search patients")
    assert isinstance(box, QLineEdit)
    assert box.placeholderText() == "Name, phone, email or date of birth"
    assert box.isClearButtonEnabled()
    assert isinstance(button_named(patient_list, "Show archived"), QCheckBox)


def test_empty_search_lists_active_patients_a_to_z(patient_list, registered):
    patient_list.refresh()
    assert shown_names(patient_list) == ["García, Maria", "O'Brien, Siobhán",
                                         "Wiśniewski, Łukasz"]
    assert patient_list.status_text == "3 patients"


@pytest.mark.parametrize(("typed", "expected"), [
    ("lukasz", "Wiśniewski, Łukasz"),
    ("wisniewski", "Wiśniewski, Łukasz"),
    ("obrien", "O'Brien, Siobhán"),
    ("O’Brien", "O'Brien, Siobhán"),
    ("siobhan", "O'Brien, Siobhán"),
    ("555.310.0420", "O'Brien, Siobhán"),
    ("3100420", "O'Brien, Siobhán"),
    ("512 345", "Wiśniewski, Łukasz"),
    ("1992-02-14", "O'Brien, Siobhán"),
    ("14/02/1992", "O'Brien, Siobhán"),
    ("2/14/1992", "O'Brien, Siobhán"),
    ("siobhan.obrien@example", "O'Brien, Siobhán"),
])
def test_typing_finds_patients_however_the_name_phone_or_date_is_written(
        qtbot, patient_list, registered, typed, expected):
    assert search(qtbot, patient_list, typed) == [expected]
    assert patient_list.status_text == "1 patient"


def test_archived_patients_appear_only_when_asked_for(qtbot, patient_list, registered):
    assert search(qtbot, patient_list, "dent") == []
    assert patient_list.status_text == "No patients match “dent”"
    qtbot.mouseClick(button_named(patient_list, "Show archived"), Qt.MouseButton.LeftButton)
    assert shown_names(patient_list) == ["Dent, Arthur"]
    index = patient_list.model.index(0, PatientColumn.FLAGS)
    assert index.data() == "Archived"
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed


def test_red_flag_is_marked_and_explained(qtbot, patient_list, registered):
    search(qtbot, patient_list, "garcia")
    flags = patient_list.model.index(0, PatientColumn.FLAGS)
    assert flags.data() == f"{RED_FLAG_MARKER} Red flag"
    assert "review before treating" in flags.data(Qt.ItemDataRole.ToolTipRole).lower()
    assert flags.data(Qt.ItemDataRole.FontRole).bold()


def test_rows_carry_their_patient_and_raw_sort_values(qtbot, patient_list, registered):
    search(qtbot, patient_list, "obrien")
    model = patient_list.model
    summary = model.index(0, PatientColumn.EMAIL).data(PatientRole)
    assert isinstance(summary, PatientSummary) and summary.id == registered["obrien"]
    assert model.index(0, PatientColumn.DATE_OF_BIRTH).data() == "14 Feb 1992"
    assert model.index(0, PatientColumn.DATE_OF_BIRTH).data(SortRole) == "1992-02-14"
    assert model.index(0, PatientColumn.AGE).data() == "34"
    assert model.index(0, PatientColumn.AGE).data(SortRole) == 34


def test_enter_in_the_search_box_opens_the_best_match(qtbot, patient_list, registered):
    box = input_labelled(patient_list, "Search patients")
    qtbot.keyClicks(box, "obrien")
    with qtbot.waitSignal(patient_list.open_patient_requested) as opened:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert opened.args == [registered["obrien"]]


def test_enter_with_no_match_opens_nothing(qtbot, patient_list, registered):
    box = input_labelled(patient_list, "Search patients")
    qtbot.keyClicks(box, "nobody")
    with qtbot.assertNotEmitted(patient_list.open_patient_requested):
        qtbot.keyClick(box, Qt.Key.Key_Return)


def test_down_arrow_moves_into_the_list_and_enter_opens_that_row(qtbot, patient_list, registered):
    patient_list.refresh()
    patient_list.activateWindow()
    box = input_labelled(patient_list, "Search patients")
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert patient_list.table.hasFocus()
    qtbot.keyClick(patient_list.table, Qt.Key.Key_Down)
    assert patient_list.current_patient().id == registered["obrien"]
    with qtbot.waitSignal(patient_list.open_patient_requested) as opened:
        qtbot.keyClick(patient_list.table, Qt.Key.Key_Return)
    assert opened.args == [registered["obrien"]]


def test_double_click_opens_the_patient_under_the_pointer(qtbot, patient_list, registered):
    patient_list.refresh()
    table = patient_list.table
    row = patient_list.model.row_of(registered["lukasz"])
    centre = table.visualRect(patient_list.model.index(row, PatientColumn.NAME)).center()
    # As a person does: the first click selects the row, the double-click opens it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert patient_list.current_patient().id == registered["lukasz"]
    with qtbot.waitSignal(patient_list.open_patient_requested) as opened:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened.args == [registered["lukasz"]]


def test_selection_follows_the_patient_not_the_row_number(clinic, admin, qtbot, patient_list,
                                                         registered):
    patient_list.refresh()
    patient_list.table.selectRow(patient_list.model.row_of(registered["obrien"]))
    # A new patient sorted above O'Brien moves her down a row; she stays selected.
    change = clinic.patients.register(admin, intake_values(first_name="Ann", last_name="Byrne"))
    patient_list.apply_change(change)
    assert patient_list.current_patient().id == registered["obrien"]
    assert shown_names(patient_list)[0] == "Byrne, Ann"


def test_list_pages_in_a_hundred_at_a_time(clinic, admin, qtbot, patient_list):
    with clinic.db.atomic():
        for n in range(250):
            clinic.patients.register(admin, intake_values(
                first_name=f"Pat{n:03d}", last_name="Paging", mobile_phone=f"555 010 {n:04d}"))
    model = patient_list.model
    search(qtbot, patient_list, "paging")
    assert model.rowCount() == 100 and model.canFetchMore()
    assert patient_list.status_text == "Showing the first 100; keep typing to narrow"
    model.fetchMore()
    assert model.rowCount() == 200
    model.fetchMore()
    assert model.rowCount() == 250 and not model.canFetchMore()
    assert patient_list.status_text == "250 patients"
    ids = [model.index(row, 0).data(PatientRole).id for row in range(250)]
    assert len(set(ids)) == 250


def test_each_keystroke_loads_one_page_and_counts_nothing(qtbot):
    calls = []

    def fetch(text, *, include_archived=False, limit=100, offset=0):
        calls.append((text, include_archived, limit, offset))
        return [summary(n) for n in range(offset, min(offset + limit, 5000))]

    widget = PatientList(fetch, lambda: TODAY)
    qtbot.addWidget(widget)
    calls.clear()
    qtbot.keyClicks(input_labelled(widget, "Search patients"), "smi")
    assert calls == [("s", False, 101, 0), ("sm", False, 101, 0), ("smi", False, 101, 0)]
    assert widget.model.rowCount() == 100


def summary(n: int, **changes: object) -> PatientSummary:
    values: dict[str, object] = dict(
        id=PatientId(n + 1), uid=f"uid-{n}", last_name=f"Last{n:05d}", first_name="Anna",
        preferred_name="", date_of_birth=date(1980, 1, 1 + n % 28), phone="555 0100",
        email="", red_flags=n % 3, archived=n % 7 == 0)
    values.update(changes)
    return PatientSummary(**values)  # type: ignore[arg-type]


def test_model_passes_qt_model_checks_through_queries_and_paging(qtmodeltester):
    rows = [summary(n) for n in range(230)]

    def fetch(text, *, include_archived=False, limit=100, offset=0):
        found = [r for r in rows if text.lower() in r.last_name.lower()]
        return found[offset:offset + limit]

    model = PatientTableModel(fetch, lambda: TODAY)
    qtmodeltester.check(model)
    model.set_query("last001")
    qtmodeltester.check(model)
    model.set_query("")
    model.fetchMore()
    model.fetchMore()
    qtmodeltester.check(model)
    assert model.rowCount() == 230 and not model.canFetchMore()
    model.set_query("nobody")
    qtmodeltester.check(model)


def test_model_with_real_clinic_passes_qt_model_checks(qtmodeltester, clinic, registered):
    model = PatientTableModel(clinic.patients.search, lambda: TODAY)
    model.set_query("", include_archived=True)
    assert model.rowCount() == 4
    qtmodeltester.check(model)


def test_clicking_on_nothing_selects_nothing(qtbot, patient_list):
    qtbot.mouseClick(patient_list.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert patient_list.current_patient() is None
    assert patient_list.status_text.startswith("No ")
