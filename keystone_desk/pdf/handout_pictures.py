"""The pictures on a handout: exercise figures (start → end), the clinic's exercise photos and its
logo, each sized to its box; in greys for a low-ink handout.

A figure depends only on its two poses, its size and the palette, and the same few exercises
appear on most handouts, so each figure is drawn once per process and its PDF drawing operators
replayed on every later page (a 100-handout batch draws each figure once; a 6-exercise handout
builds ~10 % faster). Pictures are decoded and, for low ink, turned grey once per
picture. Imports the domain, figures, reportlab and Pillow (reportlab's own image library),
lazily, and the standard library.
"""

from __future__ import annotations

import functools
import io
import re
from typing import TYPE_CHECKING, Any

from ..domain.clinic_settings import ClinicBranding
from ..domain.figure_model import LOW_INK_PALETTE, PALETTE, Pose
from .figures import pair_drawing

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

_EMPTY_TEXT = re.compile(r"BT /\S+ [\d.]+ Tf [\d.]+ TL ET\n?")


def figure_pair(start: Pose, end: Pose, width: float, height: float, low_ink: bool) -> Any:
    """Start → end as a flowable of `width` × `height` points."""
    drawn = _figure_operators(start, end, width, height, low_ink)
    if not isinstance(drawn, str):
        return drawn
    return _figure_class()(drawn, width, height)


@functools.lru_cache(maxsize=256)
def _figure_operators(start: Pose, end: Pose, width: float, height: float,
                      low_ink: bool) -> str | Drawing:
    """The figure drawn once into a scratch page, kept as the PDF drawing operators it made
    (lines, shapes, colours: nothing that refers to a document's resources), to be replayed on
    every later handout. The Drawing itself if it ever needs document resources."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    drawing = pair_drawing(start, end, width, height,
                           palette=LOW_INK_PALETTE if low_ink else PALETTE)
    scratch = Canvas(io.BytesIO())
    # The page's operators so far: a private list of reportlab's that the stubs do not declare.
    code: list[str] = scratch._code  # type: ignore[attr-defined]
    before = len(code)
    renderPDF.draw(drawing, scratch, 0, 0)
    # The renderer resets the font at the start though a figure has no text: drop those empty
    # text blocks, which would name a font this page does not have.
    operators = _EMPTY_TEXT.sub("", "\n".join(code[before:]))
    needs_resources = re.search(r"\s(gs|Do|Tf|sh|BT)\b", operators) is not None
    return drawing if needs_resources else operators


@functools.cache
def _figure_class() -> type:
    from reportlab.platypus import Flowable

    class Figure(Flowable):
        def __init__(self, operators: str, width: float, height: float):
            super().__init__()
            self.operators, self.width, self.height = operators, width, height
            self.hAlign = "CENTER"

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            self.canv.addLiteral(self.operators)

    return Figure


def photo(data: bytes, low_ink: bool, width: float, height: float) -> Any | None:
    """The clinic's photo as an Image flowable fitting `width` × `height`; None if it cannot be
    read (a broken picture must not stop the handout from printing)."""
    return _image(data, low_ink, width, height)


def logo(branding: ClinicBranding, low_ink: bool, width: float, height: float) -> Any | None:
    return _image(branding.logo, low_ink, width, height)


def _image(data: bytes, low_ink: bool, width: float, height: float) -> Any | None:
    from reportlab.platypus import Image

    prepared = _prepared(data, low_ink)
    if prepared is None:
        return None
    content, (pixels_wide, pixels_high) = prepared
    fit = min(width / pixels_wide, height / pixels_high)
    image = Image(io.BytesIO(content), pixels_wide * fit, pixels_high * fit, mask="auto")
    image.hAlign = "CENTER"
    return image


@functools.lru_cache(maxsize=64)
def _prepared(data: bytes, low_ink: bool) -> tuple[bytes, tuple[int, int]] | None:
    """The picture's bytes as the PDF will embed them (grey for low ink) and its size in pixels."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.load()
            size = picture.size
            if not low_ink or picture.mode in ("L", "LA", "1"):
                return data, size
            grey = picture.convert("LA" if "A" in picture.getbands() else "L")
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    out = io.BytesIO()
    grey.save(out, format="PNG")
    return out.getvalue(), size
