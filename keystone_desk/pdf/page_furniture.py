"""What is printed on every page around a document's body: a running header, the footer line with
"page N of M", and a faint DRAFT mark on documents that are not signed.

"M" is only known once the whole document has been laid out, so the canvas keeps each finished
page's state and draws the furniture on all of them when the document is saved (the usual
two-pass "numbered canvas"). Imports reportlab, lazily (inside functions), and the standard library.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .theme import DRAFT_MARK, FONT, FONT_BOLD, MUTED, RULE, register_fonts


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """`footer` is followed by " · page N of M"; `header` shows from page 2 on (page 1 has the
    full letterhead); `draft` adds a faint diagonal mark."""

    footer: str
    header: str = ""
    draft: bool = False
    margin: float = 42.0  # points, left/right, matching the document's frame
    text_colour: str = MUTED  # a low-ink handout passes pure greys
    rule_colour: str = RULE
    font_size: float = 8.0  # large-print handouts print their footer larger too


def numbered_canvas(furniture: PageFurniture) -> Callable[..., Any]:
    """A `canvasmaker` for `doc.build(...)` that prints `furniture` on every page."""
    register_fonts()
    return functools.partial(_canvas_class(), furniture=furniture)


@functools.cache
def _canvas_class() -> type:
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._furniture = furniture
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            # reportlab's own page reset; the stubs do not declare Canvas's private methods.
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_furniture(number, total)
                super().showPage()
            super().save()

        def _draw_furniture(self, number: int, total: int) -> None:
            furniture = self._furniture
            width, height = self._pagesize  # type: ignore[attr-defined]  # private, no getter
            margin = furniture.margin
            self.saveState()
            if furniture.draft:
                self._draw_draft_mark(width, height)
            self.setStrokeColor(HexColor(furniture.rule_colour))
            self.setLineWidth(0.5)
            self.line(margin, 40, width - margin, 40)
            self.setFillColor(HexColor(DRAFT_MARK if furniture.draft else furniture.text_colour))
            self.setFont(FONT_BOLD if furniture.draft else FONT, furniture.font_size)
            self.drawCentredString(width / 2, 28,
                                   f"{furniture.footer} · page {number} of {total}")
            if number > 1 and furniture.header:
                self.setFillColor(HexColor(furniture.text_colour))
                self.setFont(FONT, furniture.font_size)
                self.drawString(margin, height - 28, furniture.header)
                self.line(margin, height - 33, width - margin, height - 33)
            self.restoreState()

        def _draw_draft_mark(self, width: float, height: float) -> None:
            self.saveState()
            self.setFillColor(HexColor(DRAFT_MARK), alpha=0.08)
            self.setFont(FONT_BOLD, 80)
            self.translate(width / 2, height / 2)
            self.rotate(40)
            self.drawCentredString(0, -20, "DRAFT")
            self.restoreState()

    return NumberedCanvas
