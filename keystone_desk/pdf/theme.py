"""The look of every Keystone Desk PDF: the embedded Unicode font, paragraph styles, colours, the
clinic's branding.

The fonts are registered once, on the first document, not at import: importing reportlab costs
~150 ms, so nothing here imports it until a document is actually built. DejaVu Sans is bundled in
resources/fonts (with its licence) because the built-in Helvetica covers Latin-1 only, and names
such as Łukasz Wiśniewski must print. `ClinicBranding` lives in the domain (the clinic settings
own it) and is re-exported here for the documents. Imports reportlab (lazily), the domain and the
standard library only.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..domain.clinic_settings import ClinicBranding
from ..resource_paths import resources_dir

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

# A built wheel carries resources/ inside the package; a checkout has it beside the package.
FONTS_DIR = resources_dir() / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

INK = "#1f2328"
MUTED = "#5f6368"
RULE = "#c8ccd0"
SHADE = "#f1f3f4"
ALERT = "#b3261e"
ACCENT = "#1a5c8a"
DRAFT_MARK = "#d93025"


__all__ = ["ClinicBranding", "page_size", "register_fonts", "styles"]


def page_size(branding: ClinicBranding) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER

    width, height = LETTER if branding.paper.strip().lower() == "letter" else A4
    return float(width), float(height)


@functools.cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with reportlab, once per process; and write
    compressed streams as binary rather than ASCII85 (a quarter smaller, and encoding them in
    pure Python cost a handout about 3 ms)."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    # <b> inside a paragraph picks the bold face; there is no italic face, so italics stay upright.
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    rl_config.useA85 = 0


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles by role: clinic, title, heading, body, label, small, cell, cell_bold."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5,
                          textColor=HexColor(INK), spaceAfter=4)
    return {
        "body": base,
        "clinic": ParagraphStyle("clinic", base, fontName=FONT_BOLD, fontSize=13, leading=16,
                                 textColor=HexColor(ACCENT), spaceAfter=0),
        "clinic_detail": ParagraphStyle("clinic_detail", base, fontSize=8.5, leading=11,
                                        textColor=HexColor(MUTED), spaceAfter=0),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=15, leading=19,
                                spaceBefore=6, spaceAfter=6),
        "heading": ParagraphStyle("heading", base, fontName=FONT_BOLD, fontSize=11, leading=14,
                                  textColor=HexColor(ACCENT), spaceBefore=10, spaceAfter=4),
        "label": ParagraphStyle("label", base, fontName=FONT_BOLD, fontSize=9, leading=12,
                                spaceAfter=0),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5,
                                textColor=HexColor(MUTED)),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=FONT_BOLD, fontSize=9,
                                    leading=11.5, spaceAfter=0),
        "alert": ParagraphStyle("alert", base, fontName=FONT_BOLD, fontSize=9, leading=11.5,
                                textColor=HexColor(ALERT), spaceAfter=0),
    }
