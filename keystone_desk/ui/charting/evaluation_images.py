"""An image slot of the evaluation form: one optional still (a gait view) with its thumbnail.

The slot holds the picture as bytes, with its file name and MIME type, until the note editor
saves it as an attachment; it never touches files or the database itself. Choosing a file is the
form's job (one stub-able method), so the slot only asks for it with `attach_requested`.
Qt widgets only; no services, no store.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.templates import TemplateField
from .evaluation_inputs import EvaluationInput

THUMBNAIL_WIDTH = 200
THUMBNAIL_HEIGHT = 150
EMPTY_STYLE = ("QLabel { border: 1px dashed #9aa0a6; border-radius: 4px; color: #5f6368; "
               "background: #f8f9fa; }")
FILLED_STYLE = "QLabel { border: 1px solid #9aa0a6; border-radius: 4px; background: #202124; }"


class Image(NamedTuple):
    """A still image as the note will store it."""

    filename: str
    mime: str
    data: bytes


class ImageSlotInput(EvaluationInput):
    """Thumbnail with "Attach image…" and "Remove"; its value lives in `image`, not in values."""

    attach_requested = Signal(str)  # the field id

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        self.image: Image | None = None
        self._locked = False
        self.thumbnail = QLabel()
        self.thumbnail.setObjectName(f"{field.id}Thumbnail")
        self.thumbnail.setFixedSize(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.attach = QPushButton(self.tr("Attach image…"))
        self.remove = QPushButton(self.tr("Remove"))
        for button in (self.attach, self.remove):
            button.setAccessibleDescription(field.label)
        self.attach.clicked.connect(self._on_attach_clicked)
        self.remove.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.attach)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        body = QWidget()
        body.setFocusProxy(self.attach)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.thumbnail)
        layout.addLayout(buttons)
        self._finish(body, body, self.attach, self.remove)
        self.set_image(None)

    def value(self) -> object:
        return None

    def set_value(self, value: object) -> None:
        """Images are not values; set_image() places one."""

    def set_image(self, image: Image | None) -> bool:
        """Show `image` (or the empty slot); False when the bytes are not a picture Qt can read."""
        pixmap = QPixmap()
        if image is not None and not pixmap.loadFromData(image.data):
            return False
        self.image = image
        if image is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self.tr("No image"))
            self.thumbnail.setStyleSheet(EMPTY_STYLE)
            self.thumbnail.setToolTip("")
        else:
            self.thumbnail.setText("")
            self.thumbnail.setPixmap(pixmap.scaled(
                THUMBNAIL_WIDTH - 2, THUMBNAIL_HEIGHT - 2, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
            self.thumbnail.setStyleSheet(FILLED_STYLE)
            self.thumbnail.setToolTip(image.filename)
        self._update_buttons()
        return True

    def set_read_only(self, locked: bool) -> None:
        self._locked = locked
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.attach.setEnabled(not self._locked)
        self.remove.setEnabled(self.image is not None and not self._locked)

    def _on_attach_clicked(self) -> None:
        self.attach_requested.emit(self.key)

    def _on_remove_clicked(self) -> None:
        self.set_image(None)
        self._on_input_changed()
