"""The evaluation form generated from a template, driven by its visible labels.

The form holds values and images in memory only (the note editor saves them), so these tests
check what is on screen and what `values()` / `images()` hand over; the image file dialog is
stubbed at `EvaluationForm._choose_image_file`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QBuffer, QByteArray
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from keystone_desk.content.templates import TemplateCatalog
from keystone_desk.ui.charting.evaluation_form import EvaluationForm
from tests.ui.evaluation_driver import (
    choose_result,
    choose_segment,
    click,
    field,
    message_under,
    pick,
    shown,
    side,
    type_pair,
    type_text,
)
from tests.ui.find_widgets import button_named, input_labelled

CATALOG = TemplateCatalog.load()
HEEL_RAISE = "Single-leg heel raise (reps)"
THOMPSON = "Thompson / Simmonds squeeze test"
INPUT_TYPES = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton)

ACHILLES_VALUES = {
    "involved_side": "left",
    "morning_stiffness_min": 20,
    "history": "Seven weeks of left Achilles pain since adding hill repeats.",
    "pain_run": 4,
    "felt_pop": False,
    "weekly_km": 42.5,
    "surfaces": ["road", "trail"],
    "hills": "some",
    "shoe_drop_mm": 10,
    "cadence": 162,
    "foot_strike": "rearfoot",
    "overstride": True,
    "arm_swing": "holds the left arm stiffly",  # "Other…", in the therapist's words
    "knee_to_wall": {"left": 9.5, "right": 10},
    "heel_raise": {"left": 18, "right": 25},
    "hop_pain": {"left": 3, "right": None},
    "thickening": True,
    "thompson": {"left": "negative", "right": "negative"},
    "arc_sign": {"left": "positive"},
    "diagnosis": {"condition": "midportion_tendinopathy", "side": "left", "icd10": "M76.62"},
    "irritability": "moderate",
    "plan_summary": "Heavy slow resistance three times a week; cadence up 5 %.",
}


@pytest.fixture
def open_form(qtbot) -> Callable[..., EvaluationForm]:
    def open_(template_id: str = "achilles-running", **options: object) -> EvaluationForm:
        form = EvaluationForm(CATALOG.get(template_id), **options)
        qtbot.addWidget(form)
        form.resize(1100, 900)
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()  # focus moves (and fields are left) only in the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
        return form
    return open_


def png_bytes(width: int = 64, height: int = 48) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_heel_raise_18_against_25_shows_72_percent_and_a_deficit_flag(qtbot, open_form):
    form = open_form(involved_side="left")
    type_pair(qtbot, form, HEEL_RAISE, "18", "25")
    assert shown(form, "heel_raiseLsi") == "72 %"
    assert "Under 90 %" in shown(form, "heel_raiseLsiFlag")
    assert form.values()["heel_raise"] == {"left": 18, "right": 25}


def test_a_symmetric_pair_is_not_flagged(qtbot, open_form):
    form = open_form(involved_side="right")
    type_pair(qtbot, form, "Knee-to-wall lunge (cm)", "10", "9,5")  # a decimal comma reads too
    assert shown(form, "knee_to_wallLsi") == "95 %"
    assert shown(form, "knee_to_wallLsiFlag") == ""
    assert form.values()["knee_to_wall"] == {"left": 10, "right": 9.5}


def test_changing_the_involved_side_recomputes_every_lsi(qtbot, open_form):
    form = open_form(involved_side="left")
    type_pair(qtbot, form, HEEL_RAISE, "18", "25")
    choose_segment(qtbot, form, "Involved side", "Right")
    assert shown(form, "heel_raiseLsi") == "138.9 %"
    assert shown(form, "heel_raiseLsiFlag") == ""
    choose_segment(qtbot, form, "Involved side", "Both")
    assert shown(form, "heel_raiseLsi") == "—"
    assert shown(form, "heel_raiseLsiFlag") == "Both sides involved: no LSI"
    assert form.values()["involved_side"] == "both"


def test_the_involved_side_starts_from_the_episode(open_form):
    form = open_form(involved_side="right")
    assert button_named(field(form, "Involved side"), "Right").isChecked()
    assert form.values() == {"involved_side": "right"}


def test_positive_thompson_shows_the_refer_banner_with_its_reason(qtbot, open_form):
    form = open_form(involved_side="right")
    assert shown(form, "referBanner") == ""
    choose_result(qtbot, form, THOMPSON, "Right", "Positive")
    banner = shown(form, "referBanner")
    assert "Refer" in banner
    assert "Possible Achilles rupture" in banner and "positive on the right" in banner
    assert form.referral_reasons() == [
        "Possible Achilles rupture: refer for same-day medical review "
        "(Thompson / Simmonds squeeze test: positive on the right)"]
    choose_result(qtbot, form, THOMPSON, "Right", "Positive")  # clicked again: cleared
    assert shown(form, "referBanner") == ""
    assert "thompson" not in form.values()


def test_red_flags_from_intake_show_in_the_banner(qtbot, open_form):
    form = open_form(red_flags=["Felt a sudden pop or snap at the back of the ankle"])
    banner = shown(form, "referBanner")
    assert "Red flags reported at intake" in banner
    assert "Felt a sudden pop or snap" in banner


def test_changed_is_emitted_on_every_edit_but_not_when_loading(qtbot, open_form):
    form = open_form()
    edits: list[bool] = []
    form.changed.connect(lambda: edits.append(True))
    form.set_values(ACHILLES_VALUES)
    assert edits == []
    type_text(qtbot, field(form, "Cadence (steps/min)"), "7", leave=False)
    assert len(edits) == 1
    with qtbot.waitSignal(form.changed, timeout=1000):
        choose_segment(qtbot, form, "Crepitus", "Yes")


def test_values_round_trip_through_set_values(open_form):
    form = open_form()
    form.set_values(ACHILLES_VALUES)
    assert form.values() == ACHILLES_VALUES
    assert field(form, "Arm swing").currentText() == "Other…"
    assert shown(form, "heel_raiseLsi") == "72 %"
    assert shown(form, "diagnosisCode") == "M76.62"
    again = open_form()
    again.set_values(form.values())
    assert again.values() == ACHILLES_VALUES
    again.set_values({})
    assert again.values() == {}


def test_general_template_round_trips_dates_and_unsided_tests(open_form):
    values = {"involved_side": "right", "onset_date": "2026-10-09", "lumbar_screen": "negative",
              "timed_hop": {"left": 2.05, "right": 2.5}, "region": ["knee"],
              "diagnosis": {"condition": "patellofemoral_pain", "side": "right",
                            "icd10": "M22.2X1"}}
    form = open_form("general-lower-extremity")
    form.set_values(values)
    assert form.values() == values
    assert shown(form, "timed_hopLsi") == "82 %"  # lower is better: 2.05 / 2.5


def test_values_for_fields_the_template_does_not_know_are_kept(open_form):
    form = open_form()
    form.set_values({**ACHILLES_VALUES, "retired_field": "from version 0"})
    assert form.values()["retired_field"] == "from version 0"


def test_choices_no_longer_in_the_template_are_shown_and_kept(open_form):
    form = open_form()
    old = {"foot_strike": "heel_first",
           "diagnosis": {"condition": "haglund", "side": "left", "icd10": "M77.32"}}
    form.set_values(old)
    assert form.values() == old
    assert field(form, "Foot strike").currentText() == "heel_first (not in the list)"
    assert {p.field for p in form.problems()} == {"foot_strike", "diagnosis"}


def test_a_number_out_of_range_is_explained_once_the_person_moves_on(qtbot, open_form):
    form = open_form()
    type_text(qtbot, field(form, "Pain at rest (0–10)"), "12", leave=False)
    assert message_under(form, "Pain at rest (0–10)").startswith("Numeric pain rating")
    type_text(qtbot, field(form, "Pain at rest (0–10)"), "", leave=True)
    assert message_under(form, "Pain at rest (0–10)") == "Must be between 0 and 10."
    assert [p.field for p in form.problems()] == ["pain_rest"]
    field(form, "Pain at rest (0–10)").setText("2")
    assert message_under(form, "Pain at rest (0–10)").startswith("Numeric pain rating")
    assert form.problems() == []


def test_text_typed_into_a_number_box_is_kept_and_reported(qtbot, open_form):
    form = open_form()
    type_text(qtbot, field(form, "Weekly distance (km)"), "about 40")
    assert form.values()["weekly_km"] == "about 40"
    assert message_under(form, "Weekly distance (km)") == "Enter a number."


def test_the_diagnosis_code_follows_condition_and_side(qtbot, open_form):
    form = open_form(involved_side="left")
    pick(form, "Diagnosis", "Achilles tendon rupture or strain (initial encounter)")
    assert field(form, "Diagnosis side").currentText() == "Left"  # from the involved side
    assert shown(form, "diagnosisCode") == "S86.012A"
    pick(form, "Diagnosis side", "Right")
    assert form.values()["diagnosis"] == {
        "condition": "achilles_rupture", "side": "right", "icd10": "S86.011A"}


def test_read_only_disables_every_input_and_says_why(open_form):
    form = open_form()
    form.set_values(ACHILLES_VALUES)
    form.set_read_only(True)
    inputs = [w for w in form.findChildren(QWidget) if isinstance(w, INPUT_TYPES)]
    assert len(inputs) > 100
    assert [w for w in inputs if w.isEnabled()] == []
    assert "locked" in shown(form, "lockNotice")
    assert form.values() == ACHILLES_VALUES  # still shown, still readable
    form.set_read_only(False)
    assert side(form, HEEL_RAISE, "Left").isEnabled()
    assert shown(form, "lockNotice") == ""


def test_attaching_an_image_shows_a_thumbnail_and_hands_over_the_bytes(qtbot, open_form,
                                                                        monkeypatch, tmp_path):
    form = open_form()
    data = png_bytes()
    (tmp_path / "side.png").write_bytes(data)
    asked: list[str] = []
    monkeypatch.setattr(form, "_choose_image_file",
                        lambda title: asked.append(title) or tmp_path / "side.png")
    slot = field(form, "Side view still")
    with qtbot.waitSignal(form.changed, timeout=1000):
        click(qtbot, button_named(slot, "Attach image…"))
    assert asked == ["Side view still"]
    thumbnail = form.findChild(QLabel, "gait_image_sideThumbnail")
    assert not thumbnail.pixmap().isNull()
    assert form.images() == {"gait_image_side": ("side.png", "image/png", data)}
    assert "gait_image_side" not in form.values()
    click(qtbot, button_named(slot, "Remove"))
    assert form.images() == {}
    assert thumbnail.pixmap().isNull()


def test_stored_images_are_shown_and_returned(open_form):
    form = open_form()
    stored = {"gait_image_rear": ("rear.png", "image/png", png_bytes(120, 90))}
    form.set_images(stored)
    assert form.images() == stored
    assert not form.findChild(QLabel, "gait_image_rearThumbnail").pixmap().isNull()


def test_a_file_that_is_not_a_picture_is_refused_with_a_reason(qtbot, open_form, monkeypatch,
                                                                 tmp_path):
    form = open_form()
    (tmp_path / "notes.png").write_text("not really a picture")
    monkeypatch.setattr(form, "_choose_image_file", lambda title: tmp_path / "notes.png")
    click(qtbot, button_named(field(form, "Front view still"), "Attach image…"))
    assert form.images() == {}
    assert message_under(form, "Front view still") == (
        "notes.png is not a PNG or JPEG picture; save it as one and attach it again.")


def test_cancelling_the_file_dialog_changes_nothing(qtbot, open_form, monkeypatch):
    form = open_form()
    monkeypatch.setattr(form, "_choose_image_file", lambda title: None)
    click(qtbot, button_named(field(form, "Rear view still"), "Attach image…"))
    assert form.images() == {}


@pytest.mark.parametrize("template_id", CATALOG.ids())
def test_every_input_is_labelled(open_form, template_id):
    form = open_form(template_id)
    template = CATALOG.get(template_id)
    for template_field in template.fields:
        assert input_labelled(form, template_field.label).isVisible()
    edits = [w for w in form.findChildren(QWidget)
             if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox) and w.isVisible()]
    assert all(w.accessibleName() for w in edits)
    buddies = {id(lbl.buddy()) for lbl in form.findChildren(QLabel) if lbl.buddy() is not None}
    assert [w.accessibleName() for w in edits if id(w) not in buddies] == []
