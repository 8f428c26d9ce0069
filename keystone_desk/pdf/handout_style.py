"""The look of a home-program handout: its colours (full colour, or black-and-white low ink with
no fills) and its paragraph styles at normal or large print.

Kept apart from theme.py because a handout is read at arm's length on a fridge door, not filed:
larger type than a clinical note, and two looks chosen per handout. Styles are built once per
(large print, low ink) pair. Imports reportlab (lazily), theme and the standard library only.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.figure_model import LOW_INK_PALETTE, PALETTE, Ink
from .theme import FONT, FONT_BOLD, register_fonts

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

LARGE_PRINT_SCALE = 1.3


@dataclass(frozen=True, slots=True)
class HandoutColours:
    """Hex colours; a fill of None means "leave the paper white" (low ink)."""

    ink: str
    muted: str
    rule: str
    accent: str
    card_band: str | None  # behind each card's title
    note_fill: str | None  # behind the therapist's note
    go: str  # the pain guide's three bands
    careful: str
    stop: str
    go_fill: str | None
    careful_fill: str | None
    stop_fill: str | None
    figure: Mapping[Ink, str]

    @property
    def fills(self) -> bool:
        return self.card_band is not None


COLOUR = HandoutColours(
    ink="#1f2328", muted="#5f6368", rule="#b9c0c7", accent="#1a5c8a",
    card_band="#e8f0f7", note_fill="#fff8e1",
    go="#2e7d32", careful="#9a5b00", stop="#b3261e",
    go_fill="#e6f4e7", careful_fill="#fff1d6", stop_fill="#fde7e5", figure=PALETTE)
# Black and white: greys only, nothing filled but the figures' own grey strokes and shapes.
LOW_INK = HandoutColours(
    ink="#000000", muted="#4d4d4d", rule="#8c8c8c", accent="#000000",
    card_band=None, note_fill=None,
    go="#000000", careful="#000000", stop="#000000",
    go_fill=None, careful_fill=None, stop_fill=None, figure=LOW_INK_PALETTE)


def colours(low_ink: bool) -> HandoutColours:
    return LOW_INK if low_ink else COLOUR


def scale(large_print: bool) -> float:
    return LARGE_PRINT_SCALE if large_print else 1.0


# (font size, leading) at normal print, bold or not, and the colour role.
_STYLES: Mapping[str, tuple[float, float, bool, str]] = {
    "clinic": (15, 18, True, "accent"),
    "clinic_detail": (9, 12, False, "muted"),
    "title": (20, 24, True, "ink"),
    "meta_label": (8, 10, True, "muted"),
    "meta": (12, 15, False, "ink"),
    "meta_bold": (12, 15, True, "ink"),
    "intro": (10, 13.5, False, "ink"),
    "heading": (15, 19, True, "accent"),
    "card_title": (13, 16, True, "ink"),
    "card_number": (14, 17.5, True, "accent"),
    "side": (10.5, 13, True, "accent"),
    "dosage": (15.5, 19, True, "accent"),
    "dosage_more": (11.5, 14.5, True, "ink"),
    "label": (8, 10.5, True, "muted"),
    "body": (9, 11.5, False, "ink"),
    "body_bold": (9.5, 12.8, True, "ink"),
    "small": (8.5, 11, False, "muted"),
    "note": (10, 13, False, "ink"),
    "band_title": (12.5, 15.5, True, "ink"),
    "band_text": (9.5, 12.5, False, "ink"),
    "cell": (9.5, 12, False, "ink"),
    "cell_bold": (9.5, 12, True, "ink"),
    "cell_small": (8, 10, False, "muted"),
    "scale": (11, 13, True, "ink"),
}


@functools.cache
def handout_styles(large_print: bool, low_ink: bool) -> dict[str, ParagraphStyle]:
    """Paragraph styles by role, e.g. "dosage", "body", "heading"; the same objects every call."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    factor, palette = scale(large_print), colours(low_ink)
    out = {}
    for name, (size, leading, bold, role) in _STYLES.items():
        out[name] = ParagraphStyle(
            name, fontName=FONT_BOLD if bold else FONT, fontSize=size * factor,
            leading=leading * factor, textColor=HexColor(getattr(palette, role)),
            spaceAfter=0, spaceBefore=0)
    for name in ("go", "careful", "stop"):
        out[f"band_{name}"] = ParagraphStyle(f"band_{name}", out["band_title"],
                                             textColor=HexColor(getattr(palette, name)))
    out["body_after"] = ParagraphStyle("body_after", out["body"], spaceAfter=2 * factor)
    out["body_before"] = ParagraphStyle("body_before", out["body"], spaceBefore=4 * factor)
    out["label_before"] = ParagraphStyle("label_before", out["label"], spaceBefore=4 * factor,
                                         spaceAfter=1 * factor)
    out["heading"].spaceBefore = 6 * factor
    out["heading"].spaceAfter = 5 * factor
    out["title"].spaceAfter = 4 * factor
    return out


def paragraph(text: str, style: ParagraphStyle) -> Any:
    """A Paragraph that lays out its lines once per width: inside a table a cell is measured to
    size its row and again to draw it, and the second time now costs nothing."""
    return _paragraph_class()(text, style)


@functools.cache
def _paragraph_class() -> type:
    from reportlab.platypus import Paragraph

    class MeasuredParagraph(Paragraph):
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            # A split (a page break, a card's columns) may drop the laid-out lines: then again.
            # Widths are compared to a hundredth of a point: a table's arithmetic for a column
            # and ours for the same column differ in the last bits.
            measured = getattr(self, "_measured_at", None)
            if (measured is None or abs(measured - available_width) > 0.01
                    or not hasattr(self, "blPara")):
                super().wrap(available_width, available_height)
                self._measured_at = available_width
            return self.width, self.height

    return MeasuredParagraph
