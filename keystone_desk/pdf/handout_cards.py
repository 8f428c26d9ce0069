"""The exercise cards of a home-program handout, two to a page where they fit.

A card is a title band (number, name and the side: "Right leg", "Both legs"), then two columns
that read like a newspaper's — the figure (or the clinic's photo), how much, why, how to do it,
tips, what to take care of — split where the two columns come out even (never straight after a
label), and the therapist's note for this patient across the foot. Balanced columns keep a card
near half a page, so two share one. A card moves whole to the next page; only a card taller
than a whole page (large print with a long note) splits, inside its columns.

Imports the domain, handout_style, handout_sheets, handout_pictures and reportlab (lazily) and
the standard library.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ..domain.figure_model import Pose
from . import handout_pictures as pictures
from .handout_sheets import escape_text
from .handout_style import colours, handout_styles, paragraph, scale
from .theme import FONT

SIDE_LABELS = {"left": "Left leg", "right": "Right leg", "both": "Both legs",
               "each": "Each leg"}
PICTURE_RATIO = 100 / 220  # the figure pair's proportions (domain.figures.PAIR_BOX)
MAX_PICTURE_WIDTH = 190.0  # at normal print; wider columns centre the picture
CARD_GAP = 7.0  # between two cards on a page, at normal print


@dataclass(frozen=True, slots=True)
class ExerciseCard:
    """One exercise as the patient reads it. `start`/`end` draw the figure; `photo` (PNG or JPEG
    bytes, the clinic's own) is shown instead when given. `side` is domain.exercises.card_side's
    answer: "left", "right", "each", "both" or ""."""

    name: str
    dosage: str  # domain.exercises.dosage_text: "3 sets × 15 reps · 2× a day · every day"
    side: str = ""
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
class _Part:
    """One flowable of a card's column flow; a label keeps with what follows it."""

    flowable: Any
    label: bool = False


class CardMaker:
    """Builds card tables `width` points wide at normal or large print, in colour or low ink."""

    def __init__(self, width: float, large_print: bool, low_ink: bool):
        self.width = width
        self.low_ink = low_ink
        self.k = scale(large_print)
        self.c = colours(low_ink)
        self.s = handout_styles(large_print, low_ink)
        self.pad = 6.5 * self.k

    def para(self, text: str, style: str) -> Any:
        return paragraph(text, self.s[style])

    def card(self, number: int, card: ExerciseCard) -> Any:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import TableStyle

        pad, column = self.pad, self.width / 2
        left, right = _balanced(self._flow(card, column - 2 * pad), column - 2 * pad)
        rows: list[list[Any]] = [[self._title(number, card), ""], [left, right]]
        if card.notes:
            rows.append([self.para(f"<b>From your therapist:</b> {escape_text(card.notes)}",
                                   "note"), ""])
        table = _card_table_class()(rows, colWidths=[column, column], hAlign="LEFT",
                                    splitInRow=1)
        rule = HexColor(self.c.rule)
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.9, rule), ("LINEBELOW", (0, 0), (-1, 0), 0.6, rule),
            ("SPAN", (0, 0), (1, 0)),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
            ("TOPPADDING", (0, 1), (-1, 1), pad * 0.7),
        ]
        if self.c.card_band:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HexColor(self.c.card_band)))
        if card.notes:
            commands += [("SPAN", (0, 2), (1, 2)), ("LINEABOVE", (0, 2), (-1, 2), 0.6, rule)]
            if self.c.note_fill:
                commands.append(("BACKGROUND", (0, 2), (-1, 2), HexColor(self.c.note_fill)))
        table.setStyle(TableStyle(commands))
        return table

    def _title(self, number: int, card: ExerciseCard) -> Any:
        """The number and name, with the side on the right ("Right leg", "Both legs")."""
        from reportlab.platypus import Table, TableStyle

        side = SIDE_LABELS.get(card.side, "")
        title = self.para(f"<font color='{self.c.accent}'>{number}</font>&nbsp;&nbsp;"
                          f"{escape_text(card.name)}", "card_title")
        side_width = 82 * self.k if side else 0.0
        table = Table([[title, self.para(f"<para alignment='right'>{side}</para>", "side")
                        if side else ""]],
                      colWidths=[self.width - 2 * self.pad - side_width, side_width])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def _flow(self, card: ExerciseCard, width: float) -> list[_Part]:
        """Everything in the two columns, in reading order."""
        from reportlab.platypus import Spacer

        gap = Spacer(1, 4 * self.k)
        parts = [_Part(p) for p in (self._picture(card, width), gap) if p is not None]
        amount, _, rest = card.dosage.partition(" · ")
        parts += [_Part(self.para("HOW MUCH", "label"), True),
                  _Part(self.para(escape_text(amount), "dosage"))]
        if rest:
            parts.append(_Part(self.para(escape_text(rest), "dosage_more")))
        for label, text in (("Weight", card.load), ("Speed", card.tempo)):
            if text:
                parts.append(_Part(self.para(f"<b>{label}:</b> {escape_text(text)}", "body")))
        if card.purpose:
            parts.append(_Part(self.para(f"<b>Why:</b> {escape_text(card.purpose)}",
                                         "body_before")))
        parts.append(_Part(self.para("HOW TO DO IT", "label_before"), True))
        if card.starting_position:
            parts.append(_Part(self.para(f"<b>Start:</b> {escape_text(card.starting_position)}",
                                         "body_after")))
        parts += [_Part(self.para(f"<b>{n}.</b>&nbsp;{escape_text(step)}", "body_after"))
                  for n, step in enumerate(card.steps, start=1)]
        for label, texts in (("TIPS", card.cues), ("TAKE CARE", card.cautions)):
            if texts:
                parts.append(_Part(self.para(label, "label_before"), True))
                parts += [_Part(self.para(f"•&nbsp;{escape_text(text)}", "body_after"))
                          for text in texts]
        return parts

    def _picture(self, card: ExerciseCard, width: float) -> Any | None:
        width = min(width, MAX_PICTURE_WIDTH * self.k)
        height = width * PICTURE_RATIO
        if card.photo:
            image = pictures.photo(card.photo, self.low_ink, width, height * 1.3)
            if image is not None:
                return image
        if card.start is not None and card.end is not None:
            return pictures.figure_pair(card.start, card.end, width, height, self.low_ink)
        return None


def _balanced(parts: list[_Part], width: float) -> tuple[list[Any], list[Any]]:
    """The parts cut into a left and a right column of about equal height: the cut that makes
    the taller column shortest, between two parts (never straight after a label or a spacer)
    or between two lines of the paragraph that straddles the middle."""
    flowables = [p.flowable for p in parts]
    heights = [_height(f, width) for f in flowables]
    before = [_space_before(f) for f in flowables]
    after = [float(f.getSpaceAfter()) for f in flowables]
    prefix = [0.0]
    for height in heights:
        prefix.append(prefix[-1] + height)
    total = prefix[-1] - before[0] - after[-1]  # as a cell measures a list (_column_height)
    best: tuple[float, list[Any], list[Any]] = (total, flowables, [])
    for cut in range(1, len(parts)):
        left = prefix[cut] - before[0] - after[cut - 1]
        right = prefix[-1] - prefix[cut] - before[cut] - after[-1]
        previous = parts[cut - 1]
        if not (previous.label or _is_spacer(previous.flowable)) and max(left, right) < best[0]:
            best = (max(left, right), flowables[:cut], flowables[cut:])
        if prefix[cut - 1] < total / 2 < prefix[cut] and not previous.label:
            for first, rest in _paragraph_cuts(previous.flowable, width,
                                               total / 2 - prefix[cut - 1]):
                halves = ([*flowables[:cut - 1], first], [rest, *flowables[cut:]])
                taller = max(_column_height(halves[0], width), _column_height(halves[1], width))
                if taller < best[0]:
                    best = (taller, *halves)
    return best[1], best[2]


def _column_height(flowables: list[Any], width: float) -> float:
    """As a table cell measures a list: the first's space before and the last's space after
    do not count."""
    if not flowables:
        return 0.0
    return (sum(_height(f, width) for f in flowables) - _space_before(flowables[0])
            - float(flowables[-1].getSpaceAfter()))


def _paragraph_cuts(flowable: Any, width: float, room: float) -> list[tuple[Any, Any]]:
    """The ways to cut a paragraph in two between its lines, as reportlab allows (no first
    line left alone), that come nearest to filling `room` points: the lines that fit, and one
    more. None for anything but a paragraph."""
    from reportlab.platypus import Paragraph

    if not isinstance(flowable, Paragraph):
        return []
    leading = flowable.style.leading
    lines = round(Paragraph.wrap(flowable, width, 10_000)[1] / leading)
    fit = int(max(room - _space_before(flowable), 0) // leading)
    cuts = []
    for kept in (k for k in (fit, fit + 1) if 0 < k < lines):
        Paragraph.wrap(flowable, width, 10_000)  # a split forgets the lines (not our cache)
        halves = flowable.split(width, kept * leading + 0.5)
        if len(halves) == 2:
            for half in halves:  # a half may carry the whole paragraph's measured size
                half.__dict__.pop("_measured_at", None)
            cuts.append((halves[0], halves[1]))
    Paragraph.wrap(flowable, width, 10_000)  # whole again, should it stay whole
    return cuts


def _height(flowable: Any, width: float) -> float:
    _, high = flowable.wrap(width, 10_000)
    return float(high) + _space_before(flowable) + float(getattr(flowable, "getSpaceAfter",
                                                                 lambda: 0)())


def _space_before(flowable: Any) -> float:
    return float(getattr(flowable, "getSpaceBefore", lambda: 0)())


def _is_spacer(flowable: Any) -> bool:
    from reportlab.platypus import Spacer

    return isinstance(flowable, Spacer)


@functools.cache
def _card_table_class() -> type:
    from reportlab.platypus import Table

    class CardTable(Table):
        """A card moves whole to the next page rather than split; only a card taller than a
        whole page splits (inside its columns: splitInRow). Its columns are fixed, so its
        height depends on the width only: a card tried at the foot of one page and then put
        on the next is measured once, not twice (what KeepTogether would cost)."""

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            measured = getattr(self, "_measured_at", None)
            if measured is None or abs(measured - available_width) > 0.01:
                super().wrap(available_width, available_height)
                self._measured_at = available_width
            # Table.wrap's own result, kept by reportlab in private attributes the stubs omit.
            return self._width, self._height  # type: ignore[attr-defined]

        def split(self, available_width: float, available_height: float) -> list[Any]:
            frame = getattr(self, "_frame", None)
            at_top = frame is None or getattr(frame, "_atTop", True)
            return super().split(available_width, available_height) if at_top else []

    return CardTable
