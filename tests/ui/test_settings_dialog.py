"""Clinic details…: typed, checked beside each field, saved through the service (audited), and
reachable from the main window's File menu."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from keystone_desk.domain.clinic_settings import ClinicBranding
from keystone_desk.ui import settings_dialog
from keystone_desk.ui.settings_dialog import ClinicDetailsDialog, edit_clinic_details


def picture(path, kind="PNG") -> str:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 90, 160)).save(out, format=kind)
    path.write_bytes(out.getvalue())
    return str(path)


@pytest.fixture
def dialog(qtbot):
    made = ClinicDetailsDialog(ClinicBranding())
    qtbot.addWidget(made)
    return made


def test_every_field_has_a_buddy_label_and_an_accessible_name(dialog):
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert len(buddies) == 5
    assert {w.accessibleName() for w in buddies} == {
        "Clinic name", "Address", "Phone", "Logo", "Default paper size"}


def test_typing_checks_each_field_and_explains_beside_it(dialog, qtbot):
    dialog._name.clear()
    assert dialog.error_text("name") == "Give the clinic's name."
    assert not dialog._ok.isEnabled()
    qtbot.keyClicks(dialog._name, "Harbour Physio")
    assert dialog.error_text("name") == "" and dialog._ok.isEnabled()


def test_a_logo_that_is_not_a_picture_is_refused_beside_the_logo(dialog, tmp_path, monkeypatch,
                                                                  qtbot):
    bad = tmp_path / "logo.gif"
    bad.write_bytes(b"GIF89a" + b"\0" * 10)
    monkeypatch.setattr(settings_dialog, "choose_logo_file", lambda parent: str(bad))
    qtbot.mouseClick(dialog._choose_logo, Qt.MouseButton.LeftButton)
    assert dialog.error_text("logo") == "Use a PNG or JPEG picture for the logo."
    assert not dialog._ok.isEnabled()
    qtbot.mouseClick(dialog._remove_logo, Qt.MouseButton.LeftButton)
    assert dialog.error_text("logo") == "" and dialog._ok.isEnabled()


def test_saving_writes_through_the_service_with_the_logo(clinic, administrator, tmp_path,
                                                        monkeypatch, qtbot):
    logo = picture(tmp_path / "logo.png")
    monkeypatch.setattr(settings_dialog, "choose_logo_file", lambda parent: logo)

    def type_and_save(shown: ClinicDetailsDialog) -> bool:
        qtbot.addWidget(shown)
        shown._name.setText("Harbour Physio & Running")
        shown._address.setPlainText("12 Harbour St\nPortland, ME")
        shown._phone.setText("(555) 010-2000")
        shown._paper.setCurrentText("Letter")
        qtbot.mouseClick(shown._choose_logo, Qt.MouseButton.LeftButton)
        assert not shown._logo_preview.pixmap().isNull()  # the preview shows the picture
        return True

    monkeypatch.setattr(settings_dialog, "run_dialog", type_and_save)
    saved = edit_clinic_details(None, administrator)
    assert saved == clinic.settings.get()
    assert (saved.name, saved.phone, saved.paper, saved.logo_mime) == (
        "Harbour Physio & Running", "(555) 010-2000", "Letter", "image/png")
    assert clinic.db.execute("SELECT count(*) FROM audit_events WHERE entity = "
                             "'clinic_settings'").fetchone() == (1,)


def test_cancelling_saves_nothing(clinic, administrator, monkeypatch):
    monkeypatch.setattr(settings_dialog, "run_dialog", lambda shown: False)
    assert edit_clinic_details(None, administrator) is None
    assert clinic.settings.version() == 1


def test_the_file_menu_opens_clinic_details(administrator, settings, monkeypatch, qtbot,
                                            no_dialogs):
    from keystone_desk.ui.main_window import MainWindow

    window = MainWindow(administrator, settings)
    qtbot.addWidget(window)
    shown: list[str] = []
    monkeypatch.setattr(settings_dialog, "run_dialog",
                        lambda dialog: shown.append(dialog.windowTitle()) or False)
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Clinic &details…")
    action.trigger()
    assert shown == ["Clinic details"]
