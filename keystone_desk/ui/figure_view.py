"""Exercise figures on screen: the domain's figure primitives painted with QPainter.

`paint_figure` is the one painting routine (the PDF drawing in pdf/figures.py mirrors it: same
palette, widths, round caps and joins); `FigureView` shows an exercise's start and end positions
side by side with an arrow. Imports the domain and PySide6 only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..domain.figure_model import (
    FIGURE_BOX,
    PALETTE,
    Circle,
    Ink,
    Point,
    Polygon,
    Polyline,
    Pose,
    Primitive,
    Segment,
)
from ..domain.figures import PAIR_BOX, figure_primitives, pair_primitives


def paint_figure(painter: QPainter, primitives: Iterable[Primitive], rect: QRectF, *,
                 box: tuple[float, float] = FIGURE_BOX,
                 palette: Mapping[Ink, str] = PALETTE) -> None:
    """Paint primitives laid out in `box` into `rect`, scaled to fit and centred."""
    scale = min(rect.width() / box[0], rect.height() / box[1])
    left = rect.x() + (rect.width() - box[0] * scale) / 2
    bottom = rect.y() + (rect.height() + box[1] * scale) / 2
    colour = {ink: QColor(value) for ink, value in palette.items()}

    def at(p: Point) -> QPointF:
        return QPointF(left + p.x * scale, bottom - p.y * scale)

    def pen(ink: Ink | None, width: float) -> QPen:
        if ink is None or width <= 0:
            return QPen(Qt.PenStyle.NoPen)
        return QPen(colour[ink], width * scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin)

    def brush(ink: Ink | None) -> QBrush:
        return QBrush(colour[ink]) if ink is not None else QBrush(Qt.BrushStyle.NoBrush)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for prim in primitives:
        match prim:
            case Segment(start=a, end=b, width=w, ink=ink):
                painter.setPen(pen(ink, w))
                painter.drawLine(at(a), at(b))
            case Polyline(points=points, width=w, ink=ink):
                painter.setPen(pen(ink, w))
                painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
                painter.drawPolyline(QPolygonF([at(q) for q in points]))
            case Circle(centre=c, radius=r, fill=fill, outline=outline, width=w):
                painter.setPen(pen(outline, w))
                painter.setBrush(brush(fill))
                painter.drawEllipse(at(c), r * scale, r * scale)
            case Polygon(points=points, fill=fill, outline=outline, width=w):
                painter.setPen(pen(outline, w))
                painter.setBrush(brush(fill))
                painter.drawPolygon(QPolygonF([at(q) for q in points]))
    painter.restore()


class FigureView(QWidget):
    """An exercise's start position → end position (or one position when there is no end)."""

    def __init__(self, start: Pose | None = None, end: Pose | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._primitives: list[Primitive] = []
        self._box = FIGURE_BOX
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Exercise figure: start and end positions"))
        self.set_poses(start, end)

    def set_poses(self, start: Pose | None, end: Pose | None = None) -> None:
        if start is not None and end is not None:
            self._primitives, self._box = pair_primitives(start, end), PAIR_BOX
        elif start is not None or end is not None:
            only = start if start is not None else end
            assert only is not None
            self._primitives, self._box = figure_primitives(only), FIGURE_BOX
        else:
            self._primitives, self._box = [], FIGURE_BOX
        self.update()

    def primitives(self) -> list[Primitive]:
        return list(self._primitives)

    def sizeHint(self) -> QSize:
        return QSize(440, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(176, 80)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            paint_figure(painter, self._primitives, QRectF(self.rect()).adjusted(4, 4, -4, -4),
                         box=self._box)
        finally:
            painter.end()
