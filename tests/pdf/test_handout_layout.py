"""How a home-program handout falls onto paper: two exercise cards to a page where they fit, no
card split across pages, no near-empty first page, tables whose headings and yes/no boxes never
break in large print, and a log sheet that fits its page. Read back with pypdf, on Letter and
A4, normal and large print, colour and low ink."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import pytest
from pypdf import PdfReader

from keystone_desk.pdf.handout import ExerciseCard, HandoutOptions, render_handout
from tests.pdf.test_handout import EXERCISES, calendar, document, library_cards

# A Silbernagel-style program as the demo clinic's runner takes home, plus a stretch.
SIX = ("heel-raise-double-leg", "heel-raise-single-leg", "hsr-seated-calf-raise",
       "heel-drop-straight-knee-step", "heel-raise-quick-rebound", "stretch-soleus")
# The two longest cards in the library first (off-a-step heel drops), then four more.
HEAVY = ("heel-drop-bent-knee-step", "heel-drop-straight-knee-step", "hsr-leg-press-calf-raise",
         "calf-isometric-hold-standing", "heel-drop-bent-knee-floor", "walk-run-intervals")
OPTIONS = [HandoutOptions(paper, large, low)
           for paper, large, low in itertools.product(("letter", "a4"), (False, True),
                                                      (False, True))]
GUIDE = "How much pain is OK?"


def pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(data)).pages]


def title(number: int, card: ExerciseCard) -> str:
    return f"{number} {card.name}"


def page_of(texts: list[str], words: str) -> int:
    return next(n for n, text in enumerate(texts) if words in text)


def test_a_six_exercise_letter_handout_is_three_pages_of_cards_then_the_guide_and_the_log():
    cards = library_cards(SIX, sides=("right",), notes=lambda n: "Go slowly." if n == 0 else "")
    texts = pages(render_handout(document(cards)))
    assert len(texts) == 5
    assert [page_of(texts, title(n, c)) for n, c in enumerate(cards, start=1)] == [
        0, 0, 1, 1, 2, 2]
    assert GUIDE in texts[3] and not any(title(n, c) in texts[3]
                                         for n, c in enumerate(cards, start=1))
    assert "Exercise log" in texts[4] and "Week 2" in texts[4]
    assert "Questions or notes for your therapist" in texts[4]


def test_with_a_run_calendar_it_is_one_page_more_and_the_cards_do_not_move():
    cards = library_cards(SIX, sides=("right",))
    texts = pages(render_handout(document(cards, run_calendar=calendar())))
    assert len(texts) == 6
    assert [page_of(texts, title(n, c)) for n, c in enumerate(cards, start=1)] == [
        0, 0, 1, 1, 2, 2]
    assert "Your return-to-run calendar" in texts[4] and "Exercise log" in texts[5]


def test_on_a4_the_same_program_also_takes_three_pages_of_cards():
    cards = library_cards(SIX, sides=("right",))
    texts = pages(render_handout(document(cards, options=HandoutOptions("a4"))))
    assert [page_of(texts, title(n, c)) for n, c in enumerate(cards, start=1)] == [
        0, 0, 1, 1, 2, 2]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: f"{o.paper}-"
                         f"{'large' if o.large_print else 'normal'}-"
                         f"{'low-ink' if o.low_ink else 'colour'}")
@pytest.mark.parametrize("program", [SIX, HEAVY, EXERCISES], ids=["six", "heavy", "mixed"])
def test_no_card_is_ever_split_across_two_pages(options, program):
    """A card's title band is its first row and the therapist's note its last: both on the same
    page means the whole card is."""
    cards = library_cards(program, notes=lambda n: f"Card {n + 1} ends here.")
    texts = pages(render_handout(document(cards, options=options, run_calendar=calendar())))
    for number, card in enumerate(cards, start=1):
        assert page_of(texts, title(number, card)) == page_of(
            texts, f"Card {number} ends here."), card.name
    if not options.large_print:  # two to a page: never more card pages than cards / 2 + 1
        card_pages = {page_of(texts, title(n, c)) for n, c in enumerate(cards, start=1)}
        assert len(card_pages) <= len(cards) // 2 + 1


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: f"{o.paper}-{o.large_print}-"
                                                           f"{o.low_ink}")
def test_the_first_page_is_never_the_letterhead_alone(options):
    """The longest card with the longest note does not fit under the letterhead in large print:
    the pain guide comes up to page 1 instead of leaving it empty."""
    cards = library_cards(HEAVY[:2], notes=lambda n: "Keep the heel slow. " * 25)
    first = pages(render_handout(document(cards, options=options)))[0]
    assert title(1, cards[0]) in first or GUIDE in first
    assert len(first) > 600


def test_a_card_taller_than_a_page_still_prints_every_word():
    steps = tuple(f"Step number {n} of a very long custom exercise, written out in full."
                  for n in range(1, 41))
    card = ExerciseCard("Very long wall sit", "3 × 30 s holds", "right", steps=steps,
                        notes="Last words of the card.")
    for large in (False, True):
        text = " ".join(pages(render_handout(document(
            (card,), options=HandoutOptions(large_print=large)))))
        assert "Step number 40 of a very long" in text and "Last words of the card." in text


def _runs(data: bytes, page: int) -> list[tuple[str, float]]:
    """Each piece of text the page draws, with its height on the page."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append((text.strip(), round(cm[5] + tm[5] * cm[3], 1)))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_large_print_keeps_the_calendar_headings_whole_and_yes_no_on_one_line(paper):
    cards = library_cards(SIX[:1])
    data = render_handout(document(cards, run_calendar=calendar(),
                                   options=HandoutOptions(paper, large_print=True)))
    page = page_of(pages(data), "Your return-to-run calendar")
    runs = _runs(data, page)
    words = [text for text, _ in runs]
    assert "Done" in words and "Stage" in words and "Date" in words
    assert not {"Don", "Stag", "e"} & set(words)
    pairs = [text for text in words if "yes" in text]
    assert len(pairs) == len(calendar().rows)
    assert all("☐" in text and "no" in text for text in pairs)  # box, yes, box, no: one line
    dates = [text for text in words if text.startswith("Mon ") and "2026" not in text]
    assert len(dates) == len(calendar().rows) and all(text.endswith("Dec") for text in dates)


def test_the_log_sheet_fits_one_page_in_normal_print_and_keeps_each_week_whole_in_large():
    cards = library_cards(SIX)
    normal = pages(render_handout(document(cards)))
    assert "Exercise log" in normal[-1] and "Day 14" in normal[-1]
    assert "Questions or notes for your therapist" in normal[-1]
    large = pages(render_handout(document(cards, options=HandoutOptions(large_print=True))))
    week_1, week_2 = page_of(large, "Week 1"), page_of(large, "Week 2")
    for week, page in ((1, week_1), (2, week_2)):
        first, last = (7 * (week - 1) + 1, 7 * week)
        assert f"Day {first}" in large[page] and f"Day {last}" in large[page]
        assert large[page].count(cards[-1].name) == 1  # every row of the week on its page
    assert "Questions or notes for your therapist" in large[week_2]


def test_the_side_line_follows_the_exercise():
    cards = library_cards(("heel-raise-double-leg", "heel-raise-single-leg", "walk-run-intervals",
                           "stretch-soleus"), sides=("right", "right", "right", "both"))
    assert [c.side for c in cards] == ["both", "right", "", "each"]
    text = " ".join(pages(render_handout(document(cards))))
    assert "Heel raise on both legs Both legs" in text
    assert "Heel raise on one leg Right leg" in text and "Each leg" in text
    assert text.count("Right leg") == 1 and "RIGHT LEG" not in text


def test_a_card_without_a_side_prints_no_side_line():
    card = replace(library_cards(SIX[:1])[0], side="")
    text = " ".join(pages(render_handout(document((card,)))))
    assert not any(words in text for words in ("Right leg", "Left leg", "Both legs"))
