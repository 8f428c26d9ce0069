"""ClinicSettingsService: the clinic's details for every printed page, checked and audited."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from keystone_desk.domain.clinic_settings import MAX_LOGO_BYTES, ClinicBranding
from keystone_desk.domain.errors import ConflictError, ValidationError


def picture(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 90, 160)).save(out, format=kind)
    return out.getvalue()


def test_a_new_clinic_prints_with_the_default_details(clinic):
    assert clinic.settings.get() == ClinicBranding()
    assert clinic.settings.version() == 1


def test_details_are_saved_tidied_and_audited(clinic, admin):
    saved = clinic.settings.update(admin, ClinicBranding(
        "  Harbour   Physio ", "12 Harbour St\n\n Portland, ME ", " (555) 010-2000 ", "letter",
        picture("JPEG")))
    assert saved == clinic.settings.get()
    assert (saved.name, saved.address, saved.phone, saved.paper, saved.logo_mime) == (
        "Harbour Physio", "12 Harbour St\nPortland, ME", "(555) 010-2000", "Letter",
        "image/jpeg")
    assert clinic.settings.version() == 2
    row = clinic.db.execute("SELECT action, entity, detail FROM audit_events "
                            "WHERE entity = 'clinic_settings'").fetchone()
    assert row[:2] == ("update", "clinic_settings")
    assert row[2].startswith("name, address, phone, paper, logo (")


def test_set_details_keeps_what_it_is_not_given_and_can_remove_the_logo(clinic, admin):
    clinic.settings.set_details(admin, name="Harbour Physio", logo=picture())
    clinic.settings.set_details(admin, phone="555-0100")
    kept = clinic.settings.get()
    assert (kept.name, kept.phone, kept.logo_mime) == ("Harbour Physio", "555-0100", "image/png")
    assert clinic.settings.set_details(admin, logo=None).logo == b""
    assert clinic.settings.get().has_logo is False


@pytest.mark.parametrize("logo, message", [
    (b"GIF89a" + b"\0" * 20, "PNG or JPEG"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_LOGO_BYTES, "at most 2 MB"),
])
def test_the_logo_must_be_a_small_png_or_jpeg(clinic, admin, logo, message):
    with pytest.raises(ValidationError) as raised:
        clinic.settings.set_details(admin, logo=logo)
    assert [p.field for p in raised.value.problems] == ["logo"]
    assert message in raised.value.problems[0].message
    assert clinic.settings.get() == ClinicBranding()


def test_each_wrong_field_is_named(clinic, admin):
    with pytest.raises(ValidationError) as raised:
        clinic.settings.update(admin, ClinicBranding(" ", "x" * 301, "1" * 61, "A3"))
    assert [p.field for p in raised.value.problems] == ["name", "address", "phone", "paper"]


def test_a_stale_edit_is_a_conflict(clinic, admin):
    opened = clinic.settings.version()
    clinic.settings.set_details(admin, name="First")
    with pytest.raises(ConflictError):
        clinic.settings.set_details(admin, name="Second", expected_version=opened)
    assert clinic.settings.get().name == "First"
