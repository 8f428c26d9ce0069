"""A home-program handout as a PDF: `HandoutDocument` (everything already worded for the patient)
-> `render_handout`.

Page 1 carries the clinic's letterhead, who the handout is for (the patient's name only: no
phone, address or date of birth, since the sheet lives on a fridge door), the date and the
therapist; then one card per exercise (figure or the clinic's photo, the dosage in large type,
why, how to do it, tips, cautions, the therapist's note), each kept on one page where it fits;
the pain guide as a traffic light; the return-to-run calendar when there is one; and the log
sheet to bring back. Every page
says "Home program version N · given <date> · page N of M". Options: Letter or A4, large print
(every size × 1.3), and low ink (black and white, no fills, the figures in greys).
Text stays real text in the embedded DejaVu font. Imports the domain, theme, page_furniture,
handout_style, handout_sheets and figures; reportlab only inside functions.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from typing import Any

from ..domain.clinic_settings import ClinicBranding, one_line_address
from ..domain.figure_model import Pose
from . import handout_pictures as pictures
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
_SIDE_LABELS = {"left": "LEFT LEG", "right": "RIGHT LEG", "both": "BOTH LEGS"}


@dataclass(frozen=True, slots=True)
class HandoutOptions:
    paper: str = "letter"  # "letter" or "a4"
    large_print: bool = False
    low_ink: bool = False

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}")


@dataclass(frozen=True, slots=True)
class ExerciseCard:
    """One exercise as the patient reads it. `start`/`end` draw the figure; `photo` (PNG or JPEG
    bytes, the clinic's own) is shown instead when given."""

    name: str
    dosage: str  # domain.exercises.dosage_text: "3 sets × 15 reps · 2× a day · every day"
    side: str = ""  # "left", "right", "both" or ""
    start: Pose | None = None
    end: Pose | None = None
    photo: bytes | None = None
    load: str = ""
    tempo: str = ""
    purpose: str = ""
    starting_position: str = ""
    steps: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    notes: str = ""  # the therapist's words for this patient


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
        rightMargin=_MARGIN, topMargin=44, bottomMargin=54, invariant=int(invariant),
        initialFontName=FONT, title=f"Home exercise program — {doc.patient_name} — {doc.date}",
        author=doc.therapist, subject=doc.branding.name, creator="Keystone Desk",
        producer="Keystone Desk")
    furniture = PageFurniture(
        footer=doc.footer, header=f"{doc.patient_name} · home exercise program · {doc.date}",
        draft=doc.version is None, margin=_MARGIN + 6, text_colour=palette.muted,
        rule_colour=palette.rule, font_size=8.0 * min(scale(options.large_print), 1.2))
    story = _Story(template.width - 12, options)  # the frame pads 6 pt on each side
    story.letterhead(doc)
    story.cards(doc.cards)
    story.sheets.pain_guide(doc.pain_guide)  # after the cards: it fills the last card's page
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
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import HRFlowable, Spacer, Table, TableStyle

        clinic = doc.branding
        details = " · ".join(p for p in (one_line_address(clinic.address), clinic.phone) if p)
        words = [self.para(escape_text(clinic.name), "clinic")]
        if details:
            words.append(self.para(escape_text(details), "clinic_detail"))
        logo = pictures.logo(clinic, self.options.low_ink, 110.0, 46.0) if clinic.logo else None
        if logo is not None:
            head = Table([[logo, words]], colWidths=[logo.drawWidth + 12, None], hAlign="LEFT")
            head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            self.flowables.append(head)
        else:
            self.flowables += words
        self.flowables += [Spacer(1, 5), HRFlowable(width="100%", thickness=0.8,
                                                    color=HexColor(self.c.rule)),
                           Spacer(1, 8 * self.k),
                           self.para("Your home exercise program", "title")]
        if doc.program_title:
            self.flowables.append(self.para(escape_text(doc.program_title), "small"))
        meta = [[self.para("FOR", "meta_label"), self.para("DATE", "meta_label"),
                 self.para("YOUR THERAPIST", "meta_label")],
                [self.para(escape_text(doc.patient_name), "meta_bold"),
                 self.para(escape_text(doc.date), "meta"),
                 self.para(escape_text(doc.therapist or "—"), "meta")]]
        table = Table(meta, colWidths=[self.width * f for f in (0.44, 0.22, 0.34)],
                      hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        self.flowables += [Spacer(1, 6 * self.k), table, Spacer(1, 8 * self.k), self.para(
            "Do each exercise as shown, as often as it says. The pain guide after the exercises "
            "tells you how much discomfort is fine. Tick the log sheet each day and bring it to "
            "your next visit.",
            "intro")]

    # ----- the exercise cards

    def cards(self, cards: tuple[ExerciseCard, ...]) -> None:
        from reportlab.platypus import KeepTogether, Spacer

        if not cards:
            return
        heading = self.para("Your exercises", "heading")
        for number, card in enumerate(cards, start=1):
            table = self._card(number, card)
            # The heading is never left alone at the foot of a page.
            self.flowables += ([KeepTogether([heading, table])] if number == 1 else [table])
            self.flowables.append(Spacer(1, 10 * self.k))

    def _card(self, number: int, card: ExerciseCard) -> Any:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import TableStyle

        half = self.width / 2
        pad = 7 * self.k
        rows: list[list[Any]] = [[self._title(number, card, pad), ""]]
        spans = [0]
        if card.purpose:
            rows.append([self.para(f"<b>Why:</b> {escape_text(card.purpose)}", "body"), ""])
            spans.append(1)
        picture_row = len(rows)
        rows += [[self._picture(card, half - 2 * pad), self._dosage(card)],
                 [self._how_to(card), self._tips(card)]]
        if card.notes:
            rows.append([self.para(f"<b>From your therapist:</b> {escape_text(card.notes)}",
                                   "note"), ""])
            spans.append(len(rows) - 1)
        table = _card_table_class()(rows, colWidths=[half, half], hAlign="LEFT")
        rule = HexColor(self.c.rule)
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.9, rule), ("LINEBELOW", (0, 0), (-1, 0), 0.6, rule),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.7),
            ("VALIGN", (0, picture_row), (0, picture_row), "MIDDLE"),
            *(("SPAN", (0, row), (1, row)) for row in spans),
        ]
        if self.c.card_band:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HexColor(self.c.card_band)))
        if card.notes:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, rule))
            if self.c.note_fill:
                commands.append(("BACKGROUND", (0, -1), (-1, -1), HexColor(self.c.note_fill)))
        table.setStyle(TableStyle(commands))
        return table

    def _title(self, number: int, card: ExerciseCard, pad: float) -> Any:
        """The number and name, with the side on the right ("RIGHT LEG")."""
        from reportlab.platypus import Table, TableStyle

        side = _SIDE_LABELS.get(card.side, "")
        title = self.para(f"<font color='{self.c.accent}'>{number}</font>&nbsp;&nbsp;"
                          f"{escape_text(card.name)}", "card_title")
        side_width = 90 * self.k if side else 0.0
        table = Table([[title, self.para(side, "side") if side else ""]],
                      colWidths=[self.width - 2 * pad - side_width, side_width])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def _picture(self, card: ExerciseCard, width: float) -> Any:
        height = width * 100 / 220  # the figure pair's proportions (domain.figures.PAIR_BOX)
        if card.photo:
            image = pictures.photo(card.photo, self.options.low_ink, width, height * 1.3)
            if image is not None:
                return image
        if card.start is not None and card.end is not None:
            return pictures.figure_pair(card.start, card.end, width, height, self.options.low_ink)
        return ""

    def _dosage(self, card: ExerciseCard) -> list[Any]:
        amount, _, rest = card.dosage.partition(" · ")
        parts = [self.para("HOW MUCH", "label"), self.para(escape_text(amount), "dosage")]
        if rest:
            parts.append(self.para(escape_text(rest), "dosage_more"))
        for label, text in (("Weight", card.load), ("Speed", card.tempo)):
            if text:
                parts.append(self.para(f"<b>{label}:</b> {escape_text(text)}", "body"))
        return _spaced(parts, 3 * self.k)

    def _how_to(self, card: ExerciseCard) -> list[Any]:
        parts: list[Any] = [self.para("HOW TO DO IT", "label")]
        if card.starting_position:
            parts.append(self.para(f"<b>Start:</b> {escape_text(card.starting_position)}",
                                   "body_after"))
        parts += [self.para(f"<b>{n}.</b>&nbsp;{escape_text(step)}", "body_after")
                  for n, step in enumerate(card.steps, start=1)]
        return parts

    def _tips(self, card: ExerciseCard) -> list[Any]:
        parts: list[Any] = []
        if card.cues:
            parts.append(self.para("TIPS", "label"))
            parts += [self.para(f"•&nbsp;{escape_text(cue)}", "body_after") for cue in card.cues]
        if card.cautions:
            parts.append(self.para("TAKE CARE", "label"))
            parts += [self.para(f"•&nbsp;{escape_text(text)}", "body_after")
                      for text in card.cautions]
        return parts


@functools.cache
def _card_table_class() -> type:
    from reportlab.platypus import Table

    class CardTable(Table):
        """A card moves whole to the next page rather than split; only a card taller than a
        whole page splits, between its rows. Its columns are fixed, so its height depends on
        the width only: a card tried at the foot of one page and then put on the next is
        measured once, not twice (what KeepTogether would cost)."""

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            if getattr(self, "_measured_at", None) != available_width:
                super().wrap(available_width, available_height)
                self._measured_at = available_width
            # Table.wrap's own result, kept by reportlab in private attributes the stubs omit.
            return self._width, self._height  # type: ignore[attr-defined]

        def split(self, available_width: float, available_height: float) -> list[Any]:
            frame = getattr(self, "_frame", None)
            at_top = frame is None or getattr(frame, "_atTop", True)
            return super().split(available_width, available_height) if at_top else []

    return CardTable


def _spaced(parts: list[Any], gap: float) -> list[Any]:
    from reportlab.platypus import Spacer

    out: list[Any] = []
    for part in parts:
        if out:
            out.append(Spacer(1, gap))
        out.append(part)
    return out


__all__ = ["CalendarRow", "CalendarSheet", "ClinicBranding", "ExerciseCard", "HandoutDocument", "HandoutOptions",
           "LogRow", "PainGuide", "render_handout"]
