"""Small pictures of exercises for lists: the clinic's photo when it has one, else the drawn start
and end positions painted by ui/figure_view.py's `paint_figure` (the same drawing as on paper).

`ExerciseThumbnails` keeps each picture once per exercise (and photo), so searching the library
does not paint again. Imports QtGui and the domain only.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap

from ...domain.exercises import Exercise
from ...domain.figures import PAIR_BOX, pair_primitives
from ..figure_view import paint_figure

THUMBNAIL_SIZE = QSize(88, 40)
_BORDER = QColor("#d0d4d9")


class ExerciseThumbnails:
    """Thumbnails by exercise id and photo; `icon(exercise)` paints one the first time."""

    def __init__(self, size: QSize = THUMBNAIL_SIZE):
        self.size = QSize(size)
        self._cache: dict[tuple[str, int], QIcon] = {}

    def icon(self, exercise: Exercise) -> QIcon:
        key = (exercise.id, hash(exercise.photo.data) if exercise.photo else 0)
        found = self._cache.get(key)
        if found is None:
            found = QIcon(exercise_pixmap(exercise, self.size))
            self._cache[key] = found
        return found


def exercise_pixmap(exercise: Exercise, size: QSize) -> QPixmap:
    """The exercise's photo or drawing fitted into `size`, on white with a thin frame."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    try:
        inner = QRectF(1, 1, size.width() - 2, size.height() - 2)
        if exercise.photo is not None:
            image = QImage.fromData(exercise.photo.data)
            if not image.isNull():
                scaled = image.scaled(inner.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
                painter.drawImage(int(inner.x() + (inner.width() - scaled.width()) / 2),
                                  int(inner.y() + (inner.height() - scaled.height()) / 2), scaled)
        elif exercise.figure_start is not None and exercise.figure_end is not None:
            paint_figure(painter, pair_primitives(exercise.figure_start, exercise.figure_end),
                         inner.adjusted(2, 1, -2, -1), box=PAIR_BOX)
        painter.setPen(_BORDER)
        painter.drawRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1))
    finally:
        painter.end()
    return pixmap
