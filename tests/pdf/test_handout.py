"""The home-program handout PDF: what it says (real, selectable text in any Latin name), what it
must not say, and its options (paper, large print, low ink), read back with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from statistics import median

import pytest
from PIL import Image
from pypdf import PdfReader

from keystone_desk.content.exercise_files import library_exercise_document
from keystone_desk.content.exercises import ExerciseLibrary
from keystone_desk.domain.clinic_settings import ClinicBranding
from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.pdf.handout import (
    CalendarRow,
    CalendarSheet,
    ExerciseCard,
    HandoutDocument,
    HandoutOptions,
    LogRow,
    render_handout,
)
from keystone_desk.services.handout_document import HandoutItem, exercise_card

EXERCISES = ("heel-drop-straight-knee-step", "heel-drop-bent-knee-step", "hsr-seated-calf-raise",
             "band-ankle-inversion", "glute-bridge", "stretch-soleus")
CLINIC = ClinicBranding("Harbour Physio & Running", "12 Harbour St\nPortland", "(555) 010-2000")
LIBRARY = ExerciseLibrary.load()


def png(colour: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (60, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def library_cards(exercise_ids, sides=("right", "left", "both", ""), notes=None):
    """Cards as the app words them (services.handout_document), for the given sides in turn."""
    made = []
    for n, exercise_id in enumerate(exercise_ids):
        item = ProgramItem(exercise_id, sides[n % len(sides)], LIBRARY.get(exercise_id).dosage,
                           notes(n) if notes else "", n + 1)
        made.append(exercise_card(HandoutItem(item, library_exercise_document(exercise_id))))
    return tuple(made)


@pytest.fixture(scope="module")
def cards() -> tuple[ExerciseCard, ...]:
    return library_cards(EXERCISES,
                         notes=lambda n: "Go slowly on the way down." if n == 0 else "")


def document(cards, **changes) -> HandoutDocument:
    doc = HandoutDocument(
        branding=CLINIC, patient_name="Łukasz Wiśniewski", date="27 Nov 2026",
        therapist="Zoë Ångström, PT", options=HandoutOptions(), cards=cards, version=3,
        log_rows=tuple(LogRow(c.name, 2, "2× a day") for c in cards),
        log_days=tuple(f"Day {n}" for n in range(1, 15)))
    return replace(doc, **changes)


def calendar() -> CalendarSheet:
    rows = tuple(CalendarRow(n, f"Mon {n} Dec", (n + 1) // 2,
                             f"Walk {5 - (n + 1) // 2} min, run 1 min — 6 times")
                 for n in range(1, 9))
    return CalendarSheet("Mon 30 Nov 2026", rows, ("Pain up to 3/10: move on to the next stage.",
                                                   "Pain above 5/10 or limping: go back a stage."),
                         "Add distance by no more than 10 % a week.")


def pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def text(data: bytes) -> str:
    return " ".join(pages(data))


def content_streams(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)


def font_sizes(data: bytes) -> list[float]:
    return [float(size) for size in re.findall(r"/F[\w+]+ ([\d.]+) Tf", content_streams(data))]


def test_every_exercise_its_dosage_and_who_it_is_for_are_real_text(cards):
    printed = text(render_handout(document(cards)))
    for card in cards:
        assert card.name in printed
        for part in card.dosage.split(" · "):
            assert part in printed, part
    for words in ("Łukasz Wiśniewski", "Zoë Ångström, PT", "Harbour Physio & Running",
                  "(555) 010-2000", "27 Nov 2026", "Go slowly on the way down.", "Right leg"):
        assert words in printed, words


def test_the_pain_guide_is_a_traffic_light_in_our_words(cards):
    printed = text(render_handout(document(cards)))
    assert "How much pain is OK?" in printed
    assert "0–2: go ahead" in printed and "3–5: fine if it settles" in printed
    assert "Above 5, or worse next morning: ease off" in printed


def test_every_page_says_page_n_of_m_and_the_version(cards):
    texts = pages(render_handout(document(cards)))
    assert len(texts) > 2
    for number, page in enumerate(texts, start=1):
        assert f"Home program version 3 · given 27 Nov 2026 · page {number} of {len(texts)}" in page


def test_a_draft_preview_says_it_was_not_handed_out(cards):
    printed = text(render_handout(document(cards[:1], version=None)))
    assert "Preview — not yet handed out" in printed and "DRAFT" in printed


def test_the_log_sheet_has_a_row_per_exercise_and_a_column_per_day(cards):
    last = pages(render_handout(document(cards[:2])))[-1]
    assert "Exercise log" in last and "Pain next morning (0–10)" in last
    assert "Week 1" in last and "Week 2" in last and "Day 14" in last
    assert last.count(cards[0].name) == 2  # once a week


def test_the_run_calendar_prints_only_when_the_program_has_one(cards):
    without = text(render_handout(document(cards[:1])))
    assert "return-to-run calendar" not in without
    printed = text(render_handout(document(cards[:1], run_calendar=calendar())))
    assert "Your return-to-run calendar" in printed and "Mon 30 Nov 2026" in printed
    assert "Walk 4 min, run 1 min — 6 times" in printed and "Mon 8 Dec" in printed
    assert "Pain above 5/10 or limping: go back a stage." in printed
    assert "Add distance by no more than 10 % a week." in printed


@pytest.mark.parametrize("paper, size", [("a4", (595.28, 841.89)), ("letter", (612.0, 792.0))])
def test_paper_size(cards, paper, size):
    reader = PdfReader(io.BytesIO(render_handout(
        document(cards[:1], options=HandoutOptions(paper=paper)))))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size,
                                                                                            abs=0.1)


def test_large_print_makes_all_the_type_larger(cards):
    normal = font_sizes(render_handout(document(cards)))
    large = font_sizes(render_handout(document(cards, options=HandoutOptions(large_print=True))))
    assert median(large) / median(normal) == pytest.approx(1.3, abs=0.05)
    assert min(large) > min(normal) and max(large) > max(normal)
    assert max(large) >= 20  # the dosage line


def _colour_operations(data: bytes) -> list[tuple[float, float, float]]:
    found = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", content_streams(data))
    return [(float(r), float(g), float(b)) for r, g, b in found]


def test_low_ink_is_greys_only_with_no_coloured_fills(cards):
    coloured = render_handout(document(cards, run_calendar=calendar()))
    assert any(max(c) - min(c) > 0.02 for c in _colour_operations(coloured))
    low_ink = render_handout(document(cards, run_calendar=calendar(),
                                      options=HandoutOptions(low_ink=True)))
    operations = _colour_operations(low_ink)
    assert operations and all(max(c) - min(c) < 0.01 for c in operations)
    assert not re.search(r"\bk\b|\bK\b", content_streams(low_ink))  # no CMYK colours either


def test_low_ink_prints_the_logo_and_photos_in_grey(cards):
    doc = document((replace(cards[0], photo=png((30, 160, 60))),),
                   branding=replace(CLINIC, logo=png(), logo_mime="image/png"),
                   options=HandoutOptions(low_ink=True))
    reader = PdfReader(io.BytesIO(render_handout(doc)))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 2
    assert all(image.image.mode in ("L", "LA") for image in images)


def test_the_clinic_photo_replaces_the_drawing_and_a_broken_one_falls_back(cards):
    with_photo = render_handout(document((replace(cards[0], photo=png()),)))
    assert len(PdfReader(io.BytesIO(with_photo)).pages[0].images) == 1
    broken = render_handout(document((replace(cards[0], photo=b"not a picture"),)))
    assert not any(page.images for page in PdfReader(io.BytesIO(broken)).pages)
    assert cards[0].name in text(broken)


def test_a_sparse_card_prints_without_the_parts_it_lacks():
    printed = text(render_handout(document((ExerciseCard("Wall sit", "3 × 30 s holds"),))))
    assert "Wall sit" in printed and "3 × 30 s holds" in printed
    assert "HOW TO DO IT" in printed and "TIPS" not in printed


def test_invariant_output_is_byte_identical(cards):
    doc = document(cards, run_calendar=calendar())
    assert render_handout(doc, invariant=True) == render_handout(doc, invariant=True)


def test_text_the_patient_typed_cannot_break_the_layout(cards):
    card = replace(cards[0], notes="Use <b>both</b> legs & count 1 < 2 > 0")
    printed = text(render_handout(document((card,))))
    assert "Use <b>both</b> legs & count 1 < 2 > 0" in printed


def test_every_font_a_page_names_is_in_its_resources(cards):
    reader = PdfReader(io.BytesIO(render_handout(document(cards, run_calendar=calendar()))))
    for page in reader.pages:
        used = set(re.findall(r"/(F[\w+]+) [\d.]+ Tf", page.get_contents().get_data().decode(
            "latin-1")))
        fonts = {name.lstrip("/") for name in page["/Resources"]["/Font"]}
        assert used <= fonts


def test_figures_are_drawn_once_and_replayed_with_no_document_resources():
    from keystone_desk.pdf import handout_pictures

    for exercise in LIBRARY:
        if exercise.figure_start is None:
            continue
        for low_ink in (False, True):
            drawn = handout_pictures._figure_operators(exercise.figure_start, exercise.figure_end,
                                                       240.0, 110.0, low_ink)
            assert isinstance(drawn, str) and "Tf" not in drawn and " gs" not in drawn
