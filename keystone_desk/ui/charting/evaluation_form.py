"""EvaluationForm: an initial evaluation generated from an evaluation template, ready to embed.

Shows the template's sections (EvaluationSections) in a scroll area under a red "Refer" banner
that appears as soon as a refer rule fires (a positive Thompson test, a palpable gap, ...) or when
intake reported red flags. Left/right pairs show their limb symmetry index live. The form holds
values and still images only in memory: the note editor that hosts it reads `values()` and
`images()`, saves them through the notes service, and autosaves on `changed`. It never talks to
the database. Signed notes show it with `set_read_only(True)`.
Choosing an image file goes through `_choose_image_file`, the one place this widget opens a
dialog (tests replace it). Must not import services' internals, store or SQL.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...domain.errors import FieldProblem
from ...domain.evaluation_values import involved_side, referral_reasons
from ...domain.note_images import FILE_PATTERNS, MAX_IMAGE_BYTES, MAX_IMAGE_TEXT, image_mime
from ...domain.templates import EvaluationTemplate, FieldKind, validate_values
from .evaluation_images import Image
from .evaluation_sections import EvaluationSections

REFER_STYLE = ("background: #b3261e; color: #ffffff; border: 2px solid #7f1d18; "
               "border-radius: 4px; padding: 10px 12px;")
LOCK_STYLE = ("background: #e8eaed; color: #202124; border: 1px solid #9aa0a6; "
              "border-radius: 4px; padding: 6px 10px;")
# Locked inputs keep dark text: a signed note must stay easy to read, only not to change.
LOCKED_PAGE_STYLE = ("#evaluationPage { background: #f1f3f4; } "
                     "QLineEdit:disabled, QPlainTextEdit:disabled, QComboBox:disabled "
                     "{ color: #202124; background: #f8f9fa; border: 1px solid #c4c7c5; "
                     "border-radius: 3px; padding: 1px 3px; } "
                     "QCheckBox:disabled { color: #202124; }")
IMAGE_FILTER = "PNG or JPEG pictures ({patterns})"
# Kinds that are finished as soon as they change; typed ones only once the person moves on.
_TYPED_KINDS = frozenset({FieldKind.TEXT, FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.DATE,
                          FieldKind.TIME, FieldKind.BILATERAL})


class EvaluationForm(QWidget):
    """The evaluation a therapist fills in: template-driven inputs, LSI, refer banner, images."""

    changed = Signal()  # the person edited something (values or images); not set_values()

    def __init__(self, template: EvaluationTemplate, *, involved_side: str = "",
                 red_flags: Sequence[str] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self._template = template
        self._default_side = involved_side
        self._red_flags = list(red_flags)
        self._unknown_values: dict[str, Any] = {}
        self._unknown_images: dict[str, Image] = {}
        self._touched: set[str] = set()
        self._read_only = False
        self._build_ui()
        self._connect_signals()
        self.set_values({})

    @property
    def template(self) -> EvaluationTemplate:
        return self._template

    # ----- values and images

    def values(self) -> dict[str, Any]:
        """What the form holds, field id → value (the shape in domain.templates); blanks left out.
        Values for fields this template does not know, given to set_values(), are kept."""
        return {**self._unknown_values, **self._sections.values()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show `values` (a blank form for {}). The involved side, when `values` has none, comes
        from the constructor's `involved_side`. Does not emit `changed`."""
        known = {field.id for field in self._template.fields}
        self._unknown_values = {k: v for k, v in values.items() if k not in known}
        shown = dict(values)
        side_field = self._template.involved_side_field
        if side_field is not None and side_field.id not in shown and self._default_side:
            shown[side_field.id] = self._default_side
        with QSignalBlocker(self._sections):
            self._sections.set_values(shown)
        self._touched = set(values) & known  # what a loaded draft holds shows its problems now
        self._refresh()

    def images(self) -> dict[str, tuple[str, str, bytes]]:
        """Image slot (field id) → (file name, MIME type, bytes), for every slot with an image."""
        found: dict[str, tuple[str, str, bytes]] = dict(self._unknown_images)
        for key, slot in self._sections.image_slots().items():
            if slot.image is not None:
                found[key] = slot.image
        return found

    def set_images(self, images: Mapping[str, tuple[str, str, bytes]]) -> None:
        """Show stored images by slot; slots missing from `images` are emptied. No `changed`."""
        slots = self._sections.image_slots()
        self._unknown_images = {k: Image(*v) for k, v in images.items() if k not in slots}
        for key, slot in slots.items():
            stored = images.get(key)
            if not slot.set_image(Image(*stored) if stored else None):
                slot.show_error(self.tr("This stored image cannot be shown."))

    # ----- what the values say

    def problems(self) -> list[FieldProblem]:
        """Every value that does not fit its field (shown or not yet shown)."""
        return validate_values(self._template, self._sections.values())

    def show_all_problems(self) -> list[FieldProblem]:
        """Show every problem beside its field (before signing, say) and return them."""
        self._touched = {field.id for field in self._template.fields}
        self._revalidate()
        first = self._sections.first_in_error()
        if first is not None:
            self._scroll.ensureWidgetVisible(first.cell)
        return self.problems()

    def referral_reasons(self) -> list[str]:
        """The refer rules the values set off now, in plain words."""
        return referral_reasons(self._template, self._sections.values())

    # ----- locking

    def set_read_only(self, read_only: bool) -> None:
        """Lock every input (a signed note), with a notice saying why; unlock for a draft."""
        self._read_only = read_only
        self._sections.set_read_only(read_only)
        self._lock_notice.setVisible(read_only)
        self._page.setStyleSheet(LOCKED_PAGE_STYLE if read_only else "")

    def is_read_only(self) -> bool:
        return self._read_only

    # ----- building

    def _build_ui(self) -> None:
        self._banner = QLabel()
        self._banner.setObjectName("referBanner")
        self._banner.setWordWrap(True)
        self._banner.setTextFormat(Qt.TextFormat.RichText)
        self._banner.setStyleSheet(REFER_STYLE)
        self._lock_notice = QLabel("<b>{}</b> {}".format(html.escape(self.tr("Signed.")),
                                   html.escape(self.tr("This evaluation is locked and cannot be "
                                                       "changed; corrections go in an addendum."))))
        self._lock_notice.setObjectName("lockNotice")
        self._lock_notice.setWordWrap(True)
        self._lock_notice.setStyleSheet(LOCK_STYLE)
        self._lock_notice.hide()
        self._sections = EvaluationSections(self._template)
        self._page = QWidget()
        self._page.setObjectName("evaluationPage")
        page_layout = QVBoxLayout(self._page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self._sections)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setWidget(self._page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._banner)
        layout.addWidget(self._lock_notice)
        layout.addWidget(self._scroll, 1)

    def _connect_signals(self) -> None:
        self._sections.edited.connect(self._on_sections_edited)
        self._sections.left.connect(self._on_sections_left)
        self._sections.attach_requested.connect(self._on_sections_attach_requested)

    # ----- reacting to edits

    def _on_sections_edited(self, key: str) -> None:
        field = self._template.field(key)
        if field is not None and field.kind not in _TYPED_KINDS:
            self._touched.add(key)
        self._refresh()
        self.changed.emit()

    def _on_sections_left(self, key: str) -> None:
        self._touched.add(key)
        self._revalidate()

    def _refresh(self) -> None:
        values = self._sections.values()
        default = "" if self._template.involved_side_field else self._default_side
        self._sections.show_symmetry(involved_side(self._template, values, default))
        self._update_banner(referral_reasons(self._template, values))
        self._revalidate()

    def _revalidate(self) -> None:
        """Show the problems of fields the person has finished with; clear fixed ones at once."""
        problems = validate_values(self._template, self._sections.values())
        showing = {key for key, entry in self._sections.inputs.items() if entry.error}
        self._sections.show_problems(
            [p for p in problems if p.field in self._touched or p.field in showing])

    def _update_banner(self, reasons: list[str]) -> None:
        parts: list[str] = []
        if reasons:
            parts.append(f"<span style='font-size: 15pt; font-weight: bold;'>"
                         f"⚠ {html.escape(self.tr('Refer'))}</span>")
            parts += [f"• {html.escape(reason)}" for reason in reasons]
        if self._red_flags:
            heading = (self.tr("Red flags reported at intake:") if reasons else
                       self.tr("Red flags reported at intake — consider referral:"))
            parts.append(f"<b>{html.escape(heading)}</b>")
            parts += [f"• {html.escape(flag)}" for flag in self._red_flags]
        self._banner.setText("<br>".join(parts))
        self._banner.setVisible(bool(parts))

    # ----- images

    def _on_sections_attach_requested(self, key: str) -> None:
        slot = self._sections.image_slots()[key]
        path = self._choose_image_file(slot.field.label)
        if path is None:
            return
        try:
            data = path.read_bytes()
        except OSError as error:
            slot.show_error(self.tr("Could not read {name}: {reason}").format(
                name=path.name, reason=error.strerror or error))
            return
        mime = image_mime(data)  # what the bytes are, whatever the file is called
        if not mime:
            slot.show_error(self.tr("{name} is not a PNG or JPEG picture; save it as one and "
                                    "attach it again.").format(name=path.name))
            return
        if len(data) > MAX_IMAGE_BYTES:
            slot.show_error(self.tr("{name} is larger than {limit}; attach a smaller picture.")
                            .format(name=path.name, limit=MAX_IMAGE_TEXT))
            return
        if not slot.set_image(Image(path.name, mime, data)):
            slot.show_error(self.tr("{name} is not a picture this app can show.").format(
                name=path.name))
            return
        slot.clear_error()
        self.changed.emit()

    def _choose_image_file(self, title: str) -> Path | None:
        """Ask for an image file; None if the person cancels. Tests replace this method."""
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Attach image: {title}").format(title=title), "",
            self.tr(IMAGE_FILTER).format(patterns=" ".join(FILE_PATTERNS)))
        return Path(chosen) if chosen else None
