"""The note PDF: signer and "page N of M" on every page, real text in a Unicode font, drafts
marked on every page, reproducible bytes for tests."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pypdf
import pytest

from keystone_desk.pdf.note_export import (
    AddendumEntry,
    BilateralRow,
    BilateralTable,
    NoteDocument,
    OutcomeRow,
    OutcomeTable,
    Row,
    Section,
    SignatureLine,
    TextBlock,
    render_note,
)
from keystone_desk.pdf.theme import ClinicBranding

SIGNER = SignatureLine("Łukasz Wiśniewski", "PT, DPT", "27 Nov 2026 16:30", "ab" * 32)


def document(*, long_text: int = 0, signature: SignatureLine | None = SIGNER,
             patient: str = "José Núñez") -> NoteDocument:
    history = "\n".join(
        f"Visit {i}: morning stiffness about 20 minutes, easing with walking; pain 3/10 at rest "
        f"and 5/10 on the last run, which was 8 km on trails." for i in range(long_text))
    return NoteDocument(
        clinic=ClinicBranding(address="12 Harbour St", phone="(555) 010-2233"),
        patient_name=patient, date_of_birth="2 Jun 1988",
        episode_title="Right Achilles midportion tendinopathy, Nov 2026",
        note_title="Daily note", visit_date="27 Nov 2026", time_in="09:30", time_out="10:15",
        therapist="Łukasz Wiśniewski",
        sections=(
            Section("Subjective", (TextBlock(history or "Morning stiffness 20 min"),)),
            Section("Objective", (
                Row("Cadence", "168 steps/min"),
                BilateralTable((BilateralRow("Knee-to-wall (cm)", "11.5", "9.0", "78.3 %", True),
                                BilateralRow("Heel raise (reps)", "25", "24", "96.0 %"))),
            )),
            Section("Outcome measures", (OutcomeTable((OutcomeRow(
                "VISA-A", "42 (2 Oct 2026)", "68 (27 Nov 2026)", "+26", "Improved"),)),)),
        ),
        addenda=(AddendumEntry("Side recorded wrongly", "Heel raises were R 25 / L 18.",
                               SIGNER),),
        signature=signature,
    )


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_every_page_of_a_long_signed_note_names_the_signer_and_counts_pages():
    texts = pages(render_note(document(long_text=120)))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert (f"Signed by Łukasz Wiśniewski, PT, DPT · 27 Nov 2026 16:30 · "
                f"page {number} of {len(texts)}") in text
    assert "Visit 119: morning stiffness" in texts[-1] or "Visit 119" in "".join(texts)


def test_non_ascii_names_are_real_text_in_the_embedded_font():
    data = render_note(document(patient="Łukasz Wiśniewski-Ørsted"))
    assert "Łukasz Wiśniewski-Ørsted" in pages(data)[0]
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = {str(font["/BaseFont"]) for font in
             reader.pages[0]["/Resources"]["/Font"].get_object().values()
             if "/BaseFont" in font.get_object()}
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts
    assert b"/FontFile2" in data  # the TrueType font is embedded, not referenced


def test_bilateral_values_print_as_left_right_lsi_with_the_deficit_flagged():
    text = pages(render_note(document()))[0]
    assert re.search(r"Measure\s+Left\s+Right\s+LSI", text)
    assert "78.3 % (under 90 %)" in text and "96.0 %" in text


def test_an_unsigned_draft_says_so_on_every_page():
    texts = pages(render_note(document(long_text=120, signature=None)))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"DRAFT — not signed · page {number} of {len(texts)}" in text
        assert "Signed by" not in text.replace("Signed by Łukasz Wiśniewski, PT, DPT on", "")


def test_invariant_output_is_byte_identical_across_runs():
    assert render_note(document(), invariant=True) == render_note(document(), invariant=True)


def test_pdf_package_is_not_imported_at_start_up_and_loads_reportlab_only_to_render():
    code = ("import sys\n"
            "import keystone_desk.app, keystone_desk.ui.main_window\n"
            "assert not any(m.startswith('keystone_desk.pdf') for m in sys.modules)\n"
            "import keystone_desk.pdf.note_export\n"
            "assert 'reportlab' not in sys.modules, 'reportlab imported before rendering'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("paper, width", [("A4", 595.28), ("Letter", 612.0)])
def test_paper_size_follows_the_clinic(paper, width):
    doc = document()
    doc = NoteDocument(**{**{f: getattr(doc, f) for f in doc.__slots__},
                          "clinic": ClinicBranding(paper=paper)})
    page = pypdf.PdfReader(io.BytesIO(render_note(doc))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(width, abs=0.1)
