"""The handout's sheets besides the exercise cards: the pain guide as a traffic light, the
return-to-run calendar with tick boxes and the exercise log sheet the patient brings back.

The pain guide follows the Silbernagel pain-monitoring model, in our own words: 0–2/10 is fine,
3–5/10 is acceptable if it has settled by the next morning and is not building up week to week,
above 5/10 or worse the next morning means do less. Low ink draws the same sheets with outlines
only: ✓ ! ✕ tell the bands apart without colour. Imports handout_style, theme and reportlab
(lazily), and the standard library.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from .handout_style import colours, handout_styles, paragraph, scale
from .theme import FONT


def escape_text(text: str) -> str:
    """Plain text made safe for a reportlab paragraph (which reads a little XML)."""
    return escape(text)


@dataclass(frozen=True, slots=True)
class PainGuide:
    intro: str
    go_title: str
    go_text: str
    careful_title: str
    careful_text: str
    stop_title: str
    stop_text: str


PAIN_GUIDE = PainGuide(
    intro="Score the pain in the sore area from 0 (no pain) to 10 (the worst you can imagine), "
          "while you exercise and again when you get up the next morning.",
    go_title="0–2: go ahead",
    go_text="Little or no pain. Keep going as planned.",
    careful_title="3–5: fine if it settles",
    careful_text="Acceptable, as long as it has settled by the next morning and is not "
                 "building up from week to week.",
    stop_title="Above 5, or worse next morning: ease off",
    stop_text="Do less next time (fewer sets or less weight) and tell your therapist. Call the "
              "clinic if it does not settle within a few days.",
)


@dataclass(frozen=True, slots=True)
class CalendarRow:
    number: int
    date: str  # "Mon 30 Nov"
    stage: int
    text: str  # "Walk 4 min, run 1 min — 6 times"


@dataclass(frozen=True, slots=True)
class CalendarSheet:
    start: str  # "Mon 30 Nov 2026"
    rows: tuple[CalendarRow, ...]
    rules: tuple[str, ...]
    after_last_stage: str = ""


CALENDAR_HEADS = ("Done", "Date", "Stage", "What to do", "Pain during (0–10)",
                  "Worse next morning?")
YES_NO = "☐ yes   ☐ no"
MAX_TICKS_PER_DAY = 3
LOG_PAD = 3.0  # points each side of a log day's boxes


@dataclass(frozen=True, slots=True)
class LogRow:
    name: str
    per_day: int  # tick boxes per day (capped at 3 on paper)
    schedule: str  # "2× a day", "3 days a week"


class Sheets:
    """Appends the pain guide, run calendar and log sheet to a story's flowables."""

    def __init__(self, flowables: list[Any], width: float, large_print: bool, low_ink: bool):
        self.flowables = flowables
        self.width = width
        self.k = scale(large_print)
        self.c = colours(low_ink)
        self.s = handout_styles(large_print, low_ink)

    def para(self, text: str, style: str) -> Any:
        return paragraph(text, self.s[style])

    def _widest(self, texts: Sequence[str], style: str) -> float:
        """The width of the widest of `texts` set in `style`, unbroken."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        font = self.s[style]
        return max(stringWidth(t, font.fontName, font.fontSize) for t in texts)

    def _calendar_widths(self, sheet: CalendarSheet) -> list[float]:
        """Every column as wide as its longest word (a heading never breaks inside "Done" or
        "Stage", a date or the yes/no pair never breaks at all); "What to do" takes the rest."""
        pad = 2 * 6.0 + 1  # the table's own cell padding, and a point to spare
        heads = [self._widest(head.split(), "cell_bold") + pad for head in CALENDAR_HEADS]
        dates = self._widest([r.date for r in sheet.rows] or ["Mon 30 Nov"], "cell") + pad
        widths = [max(heads[0], 13 * self.k + pad), max(heads[1], dates), heads[2], 0.0,
                  max(heads[4], 52 * self.k), max(heads[5], self._widest([YES_NO], "cell") + pad)]
        widths[3] = self.width - sum(widths)
        return widths

    def pain_guide(self, guide: PainGuide) -> None:
        from reportlab.lib.colors import HexColor, white
        from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

        c = self.c
        bands = (("go", "✓", guide.go_title, guide.go_text, 0, 2),
                 ("careful", "!", guide.careful_title, guide.careful_text, 3, 5),
                 ("stop", "✕", guide.stop_title, guide.stop_text, 6, 10))
        numbers = [self.para(f"<para alignment='center'>{n}</para>", "scale") for n in range(11)]
        row: list[str | list[Any]] = [""] * 11  # a band's cell holds its flowables
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, 0), 3 * self.k), ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
            ("TOPPADDING", (0, 1), (-1, 1), 6 * self.k),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 7 * self.k),
            ("LEFTPADDING", (0, 1), (-1, 1), 7 * self.k),
            ("RIGHTPADDING", (0, 1), (-1, 1), 7 * self.k),
        ]
        for name, mark, title, text, low, high in bands:
            colour = HexColor(getattr(c, name))
            fill = getattr(c, f"{name}_fill")
            row[low] = [self.para(f"{mark}&nbsp;&nbsp;{escape_text(title)}", f"band_{name}"),
                        Spacer(1, 3 * self.k), self.para(escape_text(text), "band_text")]
            commands += [("SPAN", (low, 1), (high, 1)),
                         ("BOX", (low, 0), (high, 1), 1.4 if fill is None else 0.8, colour)]
            if fill is None:  # low ink: outlines only, a heavier line for the red band
                commands.append(("INNERGRID", (low, 0), (high, 0), 0.4, HexColor(c.rule)))
                if name == "stop":
                    commands.append(("BOX", (low, 0), (high, 1), 2.4, colour))
            else:
                commands += [("BACKGROUND", (low, 0), (high, 0), colour),
                             ("TEXTCOLOR", (low, 0), (high, 0), white),
                             ("BACKGROUND", (low, 1), (high, 1), HexColor(fill))]
        if c.fills:  # white figures on the coloured scale
            numbers = [self.para(f"<para alignment='center'><font color='#ffffff'>{n}</font>"
                                 "</para>", "scale") for n in range(11)]
        table = Table([numbers, row], colWidths=[self.width / 11] * 11, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        self.flowables.append(KeepTogether([
            self.para("How much pain is OK?", "heading"),
            self.para(escape_text(guide.intro), "intro"), Spacer(1, 6 * self.k), table,
            Spacer(1, 4 * self.k)]))

    def run_calendar(self, sheet: CalendarSheet) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

        c = self.c
        self.flowables += [PageBreak(), self.para("Your return-to-run calendar", "heading"),
                           self.para(f"Start on <b>{escape_text(sheet.start)}</b>. Tick each "
                                     "run when it is done and write down your pain during the "
                                     "run (0–10) and whether it was worse the next morning. "
                                     "The dates are the plan, not a deadline: repeating a "
                                     "stage moves the rest later.", "intro"),
                           Spacer(1, 6 * self.k)]
        rules = [self.para(f"•&nbsp;{escape_text(rule)}", "body_after") for rule in sheet.rules]
        box = Table([[[self.para("AFTER EACH RUN", "label"), Spacer(1, 3), *rules]]],
                    colWidths=[self.width])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.9, HexColor(c.accent)),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 8 * self.k),
                                 ("TOPPADDING", (0, 0), (-1, -1), 6 * self.k)]))
        self.flowables += [box, Spacer(1, 8 * self.k)]
        head = [self.para(t, "cell_bold") for t in CALENDAR_HEADS]
        body = [[_tick_boxes(1, 13 * self.k, c.ink), self.para(_unbroken(r.date), "cell"),
                 self.para(str(r.stage), "cell_bold"), self.para(escape_text(r.text), "cell"),
                 "", self.para(_unbroken(YES_NO), "cell")] for r in sheet.rows]
        table = Table([head, *body], colWidths=self._calendar_widths(sheet), repeatRows=1,
                      hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.5, HexColor(c.rule)),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, HexColor(c.ink)),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * self.k),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * self.k),
        ]
        for n, r in enumerate(sheet.rows, start=1):
            if n > 1 and r.stage != sheet.rows[n - 2].stage:
                commands.append(("LINEABOVE", (0, n), (-1, n), 1.6, HexColor(c.ink)))
            if c.card_band and r.stage % 2 == 0:
                commands.append(("BACKGROUND", (0, n), (-1, n), HexColor(c.card_band)))
        table.setStyle(TableStyle(commands))
        self.flowables.append(table)
        if sheet.after_last_stage:
            self.flowables.append(KeepTogether([Spacer(1, 6 * self.k), self.para(
                f"<b>After the last stage:</b> {escape_text(sheet.after_last_stage)}", "body")]))

    def log_sheet(self, rows: Sequence[LogRow], days: Sequence[str]) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import (
            HRFlowable,
            KeepTogether,
            PageBreak,
            Spacer,
            Table,
            TableStyle,
        )

        c = self.c
        self.flowables += [PageBreak(), self.para("Exercise log", "heading"), self.para(
            "Tick a box each time you do an exercise, and write down your pain when you get up "
            "the next morning (0–10). Bring this sheet to your next visit.", "intro"),
            Spacer(1, 8 * self.k)]
        weeks = [list(days[i:i + 7]) for i in range(0, len(days), 7)] or [[""] * 7]
        size = 11 * self.k
        most = min(max((r.per_day for r in rows), default=1), MAX_TICKS_PER_DAY)
        # A day is as wide as its boxes (or its heading's longest word); three boxes in large
        # print would leave no room for the names, so they go two to a line there.
        per_line = most if _boxes_width(most, size) * 7 <= 0.62 * self.width else 2
        # Room around the boxes; a day's heading breaks at most once ("Thu 10" / "Dec").
        day_width = max(_boxes_width(min(most, per_line), size) + size * 0.6,
                        *(self._widest([" ".join(d.split()[:2])], "cell_small")
                          for d in days or ["Day"])) + 2 * LOG_PAD
        tables: list[list[Any]] = []
        for week, heads in enumerate(weeks, start=1):
            first = self.width - day_width * len(heads)
            header = [self.para(f"Week {week}", "cell_bold"),
                      *(self.para(f"<para alignment='center'>{escape_text(d)}</para>",
                                  "cell_small") for d in heads)]
            body = [[[self.para(escape_text(r.name), "cell_bold"),
                      self.para(escape_text(r.schedule), "cell_small")],
                     *(_tick_boxes(min(max(r.per_day, 1), MAX_TICKS_PER_DAY), size, c.ink,
                                   per_line) for _ in heads)] for r in rows]
            pain = [self.para("Pain next morning (0–10)", "cell_bold"), *("" for _ in heads)]
            table = Table([header, *body, pain], colWidths=[first] + [day_width] * len(heads),
                          repeatRows=1, hAlign="LEFT")
            commands: list[tuple[Any, ...]] = [
                ("FONT", (0, 0), (-1, -1), FONT, 9), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("GRID", (0, 0), (-1, -1), 0.5, HexColor(c.rule)),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, HexColor(c.ink)),
                ("LINEABOVE", (0, -1), (-1, -1), 1.2, HexColor(c.ink)),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * self.k),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * self.k),
                ("LEFTPADDING", (1, 0), (-1, -1), LOG_PAD),
                ("RIGHTPADDING", (1, 0), (-1, -1), LOG_PAD),
            ]
            if c.card_band:
                commands.append(("BACKGROUND", (0, 0), (-1, 0), HexColor(c.card_band)))
            table.setStyle(TableStyle(commands))
            tables.append([table, Spacer(1, 8 * self.k)])
        lines: list[Any] = [self.para("Questions or notes for your therapist", "body_bold")]
        for _ in range(3):
            lines += [Spacer(1, 17 * self.k),
                      HRFlowable(width="100%", thickness=0.5, color=HexColor(c.rule))]
        # A week is never split across pages; when they do not all fit on one page (large
        # print), the questions go with the last week.
        tables[-1] += lines
        self.flowables += [KeepTogether(parts) for parts in tables]


def _unbroken(text: str) -> str:
    """Text for a paragraph that never breaks a line inside it."""
    return escape_text(text).replace(" ", "&nbsp;")


def _boxes_width(count: int, size: float) -> float:
    return count * size + (count - 1) * size * 0.45


def _tick_boxes(count: int, size: float, colour: str, per_line: int = 3) -> Any:
    return _tick_box_class()(count, size, colour, per_line)


@functools.cache
def _tick_box_class() -> type:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Flowable

    class TickBoxes(Flowable):
        """`count` empty squares for a pen tick, `per_line` side by side."""

        def __init__(self, count: int, size: float, colour: str, per_line: int):
            super().__init__()
            self.count, self.size, self.colour = count, size, colour
            self.per_line = max(1, min(per_line, count))
            self.lines = -(-count // self.per_line)
            self.gap = size * 0.45
            self.hAlign = "CENTER"

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return (_boxes_width(self.per_line, self.size),
                    self.lines * self.size + (self.lines - 1) * self.gap)

        def draw(self) -> None:
            self.canv.setStrokeColor(HexColor(self.colour))
            self.canv.setLineWidth(0.9)
            step = self.size + self.gap
            for n in range(self.count):
                line, place = divmod(n, self.per_line)
                self.canv.roundRect(place * step, (self.lines - 1 - line) * step, self.size,
                                    self.size, self.size * 0.15, stroke=1, fill=0)

    return TickBoxes
