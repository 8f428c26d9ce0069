"""A home-program handout as a PDF: `HandoutDocument` (everything already worded for the patient)
-> `render_handout`.

Page 1 carries the clinic's letterhead, who the handout is for (the patient's name only: no
phone, address or date of birth, since the sheet lives on a fridge door), the date and the
therapist; then the exercise cards (handout_cards: two to a page where they fit, never split
across pages); the pain guide as a traffic light (after the cards, or on page 1 when the first
card does not fit under the letterhead, as in large print); the return-to-run calendar when
there is one; and the log sheet to bring back. Every page says "Home program version N · given
<date> · page N of M". Options: Letter or A4, large print (every size × 1.3), and low ink
(black and white, no fills, the figures in greys). Text stays real text in the embedded DejaVu
font. Imports the domain, theme, page_furniture, handout_style, handout_cards, handout_sheets
and handout_pictures; reportlab only inside functions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ..domain.clinic_settings import ClinicBranding, one_line_address
from . import handout_pictures as pictures
from .handout_cards import CARD_GAP, CardMaker, ExerciseCard
from .handout_sheets import (
    PAIN_GUIDE,
    CalendarRow,
    CalendarSheet,
    LogRow,
    PainGuide,
    Sheets,
    escape_text,
)
from .handout_style import colours, handout_styles, paragraph, scale
from .page_furniture import PageFurniture, numbered_canvas
from .theme import FONT, register_fonts

PAPERS = ("letter", "a4")
_MARGIN = 40.0


@dataclass(frozen=True, slots=True)
class HandoutOptions:
    paper: str = "letter"  # "letter" or "a4"
    large_print: bool = False
    low_ink: bool = False

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}")


@dataclass(frozen=True, slots=True)
class HandoutDocument:
    """A handout ready to print: every value is already the words that appear on paper."""

    branding: ClinicBranding
    patient_name: str
    date: str  # "27 Nov 2026"
    therapist: str
    options: HandoutOptions
    cards: tuple[ExerciseCard, ...]
    version: int | None = None  # None: a preview of a draft, not yet handed out
    program_title: str = ""  # "Heavy slow resistance calf training", or ""
    pain_guide: PainGuide = PAIN_GUIDE
    run_calendar: CalendarSheet | None = None
    log_rows: tuple[LogRow, ...] = ()
    log_days: tuple[str, ...] = field(default=())  # column heads of the log sheet: "Fri 27 Nov"

    @property
    def footer(self) -> str:
        if self.version is None:
            return f"Preview — not yet handed out · {self.date}"
        return f"Home program version {self.version} · given {self.date}"


def render_handout(doc: HandoutDocument, *, invariant: bool = False) -> bytes:
    """The handout as PDF bytes. `invariant=True` gives byte-identical output for the same input."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    options = doc.options
    palette = colours(options.low_ink)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=LETTER if options.paper == "letter" else A4, leftMargin=_MARGIN,
        rightMargin=_MARGIN, topMargin=38, bottomMargin=48, invariant=int(invariant),
        initialFontName=FONT, title=f"Home exercise program — {doc.patient_name} — {doc.date}",
        author=doc.therapist, subject=doc.branding.name, creator="Keystone Desk",
        producer="Keystone Desk")
    furniture = PageFurniture(
        footer=doc.footer, header=f"{doc.patient_name} · home exercise program · {doc.date}",
        draft=doc.version is None, margin=_MARGIN + 6, text_colour=palette.muted,
        rule_colour=palette.rule, font_size=8.0 * min(scale(options.large_print), 1.2))
    story = _Story(template.width - 12, options)  # the frame pads 6 pt on each side
    story.letterhead(doc)
    cards = story.card_tables(doc.cards)
    # The pain guide follows the cards and fills the last card's page; but when the first card
    # does not fit under the letterhead (large print), it comes first, so that page 1 is not
    # the letterhead alone.
    guide_first = bool(cards) and (story.height() + _height(cards[0], story.width)
                                   > template.height - 12)
    if guide_first:
        story.sheets.pain_guide(doc.pain_guide)
    story.cards(cards)
    if not guide_first:
        story.sheets.pain_guide(doc.pain_guide)
    if doc.run_calendar is not None:
        story.sheets.run_calendar(doc.run_calendar)
    if doc.log_rows:
        story.sheets.log_sheet(doc.log_rows, doc.log_days)
    template.build(story.flowables, canvasmaker=numbered_canvas(furniture))
    return buffer.getvalue()


class _Story:
    """The list of flowables, built part by part."""

    def __init__(self, width: float, options: HandoutOptions):
        self.width = width
        self.options = options
        self.k = scale(options.large_print)
        self.c = colours(options.low_ink)
        self.s = handout_styles(options.large_print, options.low_ink)
        self.flowables: list[Any] = []
        self.sheets = Sheets(self.flowables, width, options.large_print, options.low_ink)

    def para(self, text: str, style: str) -> Any:
        return paragraph(text, self.s[style])

    # ----- page 1

    def letterhead(self, doc: HandoutDocument) -> None:
        """The clinic on the left, whose sheet it is on the right, the title and one line on
        how to use it: kept short, so that two exercise cards still fit below it."""
        from reportlab.lib.colors import HexColor
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import HRFlowable, Spacer, Table, TableStyle

        clinic = doc.branding
        details = " · ".join(p for p in (one_line_address(clinic.address), clinic.phone) if p)
        words = [self.para(escape_text(clinic.name), "clinic")]
        if details:
            words.append(self.para(escape_text(details), "clinic_detail"))
        logo = pictures.logo(clinic, self.options.low_ink, 110.0, 46.0) if clinic.logo else None
        who = [self.para(f"<para alignment='right'>For <b>{escape_text(doc.patient_name)}</b>"
                         "</para>", "meta"),
               self.para(f"<para alignment='right'>{escape_text(doc.date)}"
                         + (f" · therapist {escape_text(doc.therapist)}" if doc.therapist else "")
                         + "</para>", "clinic_detail")]
        fixed = [logo.drawWidth + 12] if logo is not None else []
        rest = self.width - sum(fixed)
        name_style = self.s["clinic"]
        if stringWidth(clinic.name, name_style.fontName, name_style.fontSize) <= rest * 0.55:
            rows = [([logo] if logo is not None else []) + [words, who]]
            widths = [*fixed, rest * 0.55, rest * 0.45]
        else:  # a long name (or large print): the patient's name goes under the clinic's
            rows = [([logo] if logo is not None else []) + [words], ([""] if logo else []) + [who]]
            widths = [*fixed, rest]
        head = Table(rows, colWidths=widths, hAlign="LEFT")
        head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        self.flowables += [head, Spacer(1, 5), HRFlowable(width="100%", thickness=0.8,
                                                          color=HexColor(self.c.rule)),
                           Spacer(1, 5 * self.k)]
        self.flowables += self._title(doc.program_title)
        self.flowables += [Spacer(1, 1 * self.k), self.para(
            "Do each exercise as shown, as often as it says. The pain guide tells you how much "
            "discomfort is fine. Tick the log sheet each day and bring it to your next visit.",
            "intro"), Spacer(1, 7 * self.k)]

    def _title(self, program_title: str) -> list[Any]:
        """The title, with the program's name (a protocol's) beside it on the right: on a line
        of its own it would cost the room a second exercise card needs on page 1."""
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Table, TableStyle

        words = "Your home exercise program"
        title = self.para(words, "title")
        style = self.s["title"]
        room = stringWidth(words, style.fontName, style.fontSize) + 12
        if not program_title:
            return [title]
        if room > self.width * 0.7:  # large print: the name goes underneath
            return [title, self.para(escape_text(program_title), "small")]
        side = self.para(f"<para alignment='right'>{escape_text(program_title)}</para>",
                         "small")
        table = Table([[title, side]], colWidths=[room, self.width - room], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [table]

    # ----- the exercise cards

    def card_tables(self, cards: tuple[ExerciseCard, ...]) -> list[Any]:
        maker = CardMaker(self.width, self.options.large_print, self.options.low_ink)
        return [maker.card(number, card) for number, card in enumerate(cards, start=1)]

    def cards(self, tables: list[Any]) -> None:
        from reportlab.platypus import Spacer

        for table in tables:
            self.flowables += [table, Spacer(1, CARD_GAP * self.k)]

    def height(self) -> float:
        """How tall the story is so far, laid out in one column."""
        return sum(_height(f, self.width) for f in self.flowables)


def _height(flowable: Any, width: float) -> float:
    return float(flowable.wrap(width, 100_000)[1] + flowable.getSpaceBefore()
                 + flowable.getSpaceAfter())


__all__ = ["CalendarRow", "CalendarSheet", "ClinicBranding", "ExerciseCard", "HandoutDocument",
           "HandoutOptions", "LogRow", "PainGuide", "render_handout"]
