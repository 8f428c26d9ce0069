"""A clinical note as a PDF: `NoteDocument` (everything already worded for print) -> `render_note`.

The document says who the patient is (name and date of birth only: a note travels to doctors and
insurers, so no phone or address), the visit, the note's sections, outcome tables, addenda and the
signature. Every page carries "Signed by <name>, <credentials> · <when> · page N of M" — or
"DRAFT — not signed" — so a single page taken out of the pile still says what it is. A signed
note says whether its content still matches its signature; when it does not, every page says so.
Text stays real text in the embedded DejaVu font (selectable, searchable, any Latin name).
Imports the domain-free dataclasses of this module, theme and page_furniture; reportlab only
inside `render_note`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from .page_furniture import PageFurniture, numbered_canvas
from .theme import FONT, RULE, SHADE, ClinicBranding, page_size, register_fonts, styles

DRAFT_FOOTER = "DRAFT — not signed"
MISMATCH = "CONTENT DOES NOT MATCH ITS SIGNATURE"
MISMATCH_EXPLAINED = (f"{MISMATCH}: what is printed here was changed after it was signed. "
                      "Do not rely on it; ask the clinic for the signed record.")
VERIFIED = "Signature verified: the content is exactly what was signed."
_MARGIN = 42.0
_SHORT_VALUE = 160  # longer values print as paragraphs under their label, not in a table cell


@dataclass(frozen=True, slots=True)
class Row:
    """A labelled value, e.g. ("Cadence", "172 steps/min")."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Free text; line breaks are kept."""

    text: str


@dataclass(frozen=True, slots=True)
class BilateralRow:
    label: str
    left: str
    right: str
    lsi: str = ""  # "82.4 %", or "" when there is none
    deficit: bool = False  # under the LSI threshold: printed in red


@dataclass(frozen=True, slots=True)
class BilateralTable:
    rows: tuple[BilateralRow, ...]


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    measure: str
    first: str  # "42 (2 Oct 2026)"
    last: str
    change: str  # "+26"
    status: str  # "Improved (at least the MCID)"


@dataclass(frozen=True, slots=True)
class OutcomeTable:
    rows: tuple[OutcomeRow, ...]
    empty_text: str = "No outcome measures recorded"


SectionItem = Row | TextBlock | BilateralTable | OutcomeTable


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    items: tuple[SectionItem, ...]


@dataclass(frozen=True, slots=True)
class SignatureLine:
    name: str
    credentials: str
    signed_at: str  # local date and time, as printed
    content_hash: str = ""
    verified: bool | None = None  # whether the content still matches the hash; None: not checked

    @property
    def signer(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass(frozen=True, slots=True)
class AddendumEntry:
    reason: str
    body: str
    signature: SignatureLine


@dataclass(frozen=True, slots=True)
class NoteDocument:
    """A note ready to print: every value is already the words that appear on paper."""

    clinic: ClinicBranding
    patient_name: str
    date_of_birth: str
    episode_title: str
    note_title: str  # "Daily note"
    visit_date: str
    time_in: str
    time_out: str
    therapist: str
    sections: tuple[Section, ...]
    addenda: tuple[AddendumEntry, ...] = ()
    signature: SignatureLine | None = None  # None: a draft

    @property
    def footer(self) -> str:
        if self.signature is None:
            return DRAFT_FOOTER
        signed = f"Signed by {self.signature.signer} · {self.signature.signed_at}"
        mismatched = self.signature.verified is False or any(
            a.signature.verified is False for a in self.addenda)
        return f"{MISMATCH} · {signed}" if mismatched else signed


def render_note(doc: NoteDocument, *, invariant: bool = False) -> bytes:
    """The note as PDF bytes. `invariant=True` gives byte-identical output for the same input."""
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=page_size(doc.clinic), leftMargin=_MARGIN, rightMargin=_MARGIN,
        topMargin=46, bottomMargin=58, invariant=int(invariant), initialFontName=FONT,
        title=f"{doc.note_title} — {doc.patient_name} — {doc.visit_date}",
        author=doc.signature.name if doc.signature else doc.therapist,
        subject=doc.episode_title, creator="Keystone Desk", producer="Keystone Desk",
    )
    furniture = PageFurniture(
        footer=doc.footer, draft=doc.signature is None, margin=_MARGIN + 6,
        header=f"{doc.patient_name} · born {doc.date_of_birth} · {doc.note_title}, "
               f"{doc.visit_date}",
    )
    story = _Story(template.width - 12)  # the frame pads 6 pt on each side
    story.letterhead(doc)
    for section in doc.sections:
        story.section(section)
    story.signature(doc.signature)
    story.addenda(doc.addenda)
    template.build(story.flowables, canvasmaker=numbered_canvas(furniture))
    return buffer.getvalue()


def _markup(text: str) -> str:
    return escape(text)


class _Story:
    """Builds the list of flowables, one part of the note at a time."""

    def __init__(self, width: float):
        self.width = width
        self.flowables: list[Any] = []
        self.s = styles()

    def para(self, text: str, style: str = "body") -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(text, self.s[style])

    def text(self, text: str, style: str = "body") -> None:
        """Free text, a paragraph per line; blank lines keep their space."""
        from reportlab.platypus import Spacer

        for line in text.strip("\n").splitlines() or [""]:
            if line.strip():
                self.flowables.append(self.para(_markup(line), style))
            else:
                self.flowables.append(Spacer(1, 5))

    def letterhead(self, doc: NoteDocument) -> None:
        from reportlab.platypus import Spacer

        clinic = doc.clinic
        self.flowables.append(self.para(_markup(clinic.name), "clinic"))
        details = " · ".join(part for part in (clinic.address, clinic.phone) if part)
        if details:
            self.flowables.append(self.para(_markup(details), "clinic_detail"))
        self.flowables += [Spacer(1, 4), _rule(),
                           self.para(_markup(doc.note_title), "title")]
        times = "–".join(t for t in (doc.time_in, doc.time_out) if t)
        visit = f"{doc.visit_date}, {times}" if times else doc.visit_date
        rows = [("Patient", doc.patient_name), ("Date of birth", doc.date_of_birth),
                ("Episode", doc.episode_title), ("Visit", visit), ("Therapist", doc.therapist)]
        self.flowables.append(self._grid(
            [[self.para(label, "cell_bold"), self.para(_markup(value), "cell")]
             for label, value in rows], [0.22, 0.78], shaded_header=False, boxed=True))

    def section(self, section: Section) -> None:
        self.flowables.append(self.para(_markup(section.heading), "heading"))
        pending: list[Row] = []
        for item in section.items:
            if isinstance(item, Row) and _fits_cell(item.value):
                pending.append(item)
                continue
            self._rows(pending)
            pending = []
            if isinstance(item, Row):
                self.flowables.append(self.para(_markup(item.label), "label"))
                self.text(item.value)
            elif isinstance(item, TextBlock):
                self.text(item.text)
            elif isinstance(item, BilateralTable):
                self._bilateral(item)
            else:
                self._outcomes(item)
        self._rows(pending)

    def signature(self, signature: SignatureLine | None) -> None:
        from reportlab.platypus import KeepTogether, Spacer

        if signature is None:
            parts = [self.para("Draft — not signed. This note may still change.", "alert")]
        else:
            parts = [self.para(f"Electronically signed by <b>{_markup(signature.signer)}</b> on "
                               f"{_markup(signature.signed_at)}.")]
            parts += self._verification(signature)
            if signature.content_hash:
                parts.append(self.para(f"Content hash (SHA-256): {signature.content_hash}",
                                       "small"))
        self.flowables.append(KeepTogether([
            Spacer(1, 10), _rule(), Spacer(1, 4),
            *parts]))

    def addenda(self, addenda: tuple[AddendumEntry, ...]) -> None:
        from reportlab.platypus import Spacer

        if not addenda:
            return
        self.flowables.append(self.para("Addenda", "heading"))
        for number, addendum in enumerate(addenda, start=1):
            self.flowables.append(self.para(
                f"Addendum {number} — reason: {_markup(addendum.reason)}", "label"))
            self.text(addendum.body)
            signed = addendum.signature
            self.flowables += [self.para(f"Signed by {_markup(signed.signer)} on "
                                         f"{_markup(signed.signed_at)}", "small"),
                               *self._verification(signed), Spacer(1, 4)]

    def _verification(self, signature: SignatureLine) -> list[Any]:
        if signature.verified is None:
            return []
        if signature.verified:
            return [self.para(VERIFIED, "small")]
        return [self.para(_markup(MISMATCH_EXPLAINED), "alert")]

    # ----- tables

    def _rows(self, rows: list[Row]) -> None:
        if rows:
            self.flowables.append(self._grid(
                [[self.para(_markup(r.label), "cell_bold"), self.para(_markup(r.value), "cell")]
                 for r in rows], [0.38, 0.62], shaded_header=False))

    def _bilateral(self, table: BilateralTable) -> None:
        header = [self.para(text, "cell_bold") for text in ("Measure", "Left", "Right", "LSI")]
        body = [[self.para(_markup(r.label), "cell"), self.para(_markup(r.left), "cell"),
                 self.para(_markup(r.right), "cell"),
                 self.para(_markup(f"{r.lsi} (under 90 %)" if r.deficit else r.lsi),
                           "alert" if r.deficit else "cell")] for r in table.rows]
        self.flowables.append(self._grid([header, *body], [0.4, 0.17, 0.17, 0.26]))

    def _outcomes(self, table: OutcomeTable) -> None:
        if not table.rows:
            self.text(table.empty_text)
            return
        header = [self.para(text, "cell_bold")
                  for text in ("Measure", "First", "Last", "Change", "Against the MCID")]
        body = [[self.para(_markup(value), "cell") for value in (
            r.measure, r.first, r.last, r.change, r.status)] for r in table.rows]
        self.flowables.append(self._grid([header, *body], [0.17, 0.2, 0.2, 0.1, 0.33]))

    def _grid(self, rows: list[list[Any]], fractions: list[float], *, shaded_header: bool = True,
              boxed: bool = False) -> Any:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Table, TableStyle

        table = Table(rows, colWidths=[self.width * f for f in fractions],
                      repeatRows=1 if shaded_header else 0, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 9),  # cells are Paragraphs; this only avoids Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if shaded_header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HexColor(SHADE)))
        if boxed:
            commands += [("BOX", (0, 0), (-1, -1), 0.6, HexColor(RULE)),
                         ("BACKGROUND", (0, 0), (0, -1), HexColor(SHADE))]
        table.setStyle(TableStyle(commands))
        table.spaceAfter = 6
        return table


def _rule() -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import HRFlowable

    return HRFlowable(width="100%", thickness=0.7, color=HexColor(RULE))


def _fits_cell(value: str) -> bool:
    return len(value) <= _SHORT_VALUE and "\n" not in value.strip()


__all__ = [
    "AddendumEntry", "BilateralRow", "BilateralTable", "ClinicBranding", "NoteDocument",
    "OutcomeRow", "OutcomeTable", "Row", "Section", "SignatureLine", "TextBlock", "render_note",
]
