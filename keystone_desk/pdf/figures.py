"""Exercise figures on paper: the domain's figure primitives as a reportlab Drawing.

The Qt view (ui/figure_view.py) paints the same primitives with the same palette, widths, round caps
and joins, so a handout shows exactly what the therapist saw on screen. reportlab is imported when
a drawing is first made, not at import. Imports the domain, reportlab and the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from ..domain.figure_model import (
    FIGURE_BOX,
    PALETTE,
    Circle,
    Ink,
    Polygon,
    Polyline,
    Pose,
    Primitive,
    Segment,
    View,
)
from ..domain.figures import PAIR_BOX, pair_primitives

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

_ROUND: Final = 1  # reportlab's code for round caps and round joins


def figure_drawing(primitives: Iterable[Primitive], width: float, height: float, *,
                   box: tuple[float, float] = FIGURE_BOX,
                   palette: Mapping[Ink, str] = PALETTE) -> Drawing:
    """A `width` × `height` point Drawing of primitives laid out in `box`, scaled to fit and
    centred (aspect ratio kept, line widths scaled with it)."""
    from reportlab.graphics.shapes import Circle as RCircle
    from reportlab.graphics.shapes import Drawing, Group
    from reportlab.graphics.shapes import Line as RLine
    from reportlab.graphics.shapes import Polygon as RPolygon
    from reportlab.graphics.shapes import PolyLine as RPolyLine
    from reportlab.lib.colors import HexColor

    scale = min(width / box[0], height / box[1])
    group = Group()
    group.transform = (scale, 0, 0, scale, (width - box[0] * scale) / 2,
                       (height - box[1] * scale) / 2)
    colour = {ink: HexColor(value) for ink, value in palette.items()}
    for prim in primitives:
        match prim:
            case Segment(start=a, end=b, width=w, ink=ink):
                group.add(RLine(a.x, a.y, b.x, b.y, strokeColor=colour[ink], strokeWidth=w,
                                strokeLineCap=_ROUND))
            case Polyline(points=points, width=w, ink=ink):
                group.add(RPolyLine([c for q in points for c in (q.x, q.y)],
                                    strokeColor=colour[ink], strokeWidth=w,
                                    strokeLineCap=_ROUND, strokeLineJoin=_ROUND))
            case Circle(centre=c, radius=r, fill=fill, outline=outline, width=w):
                group.add(RCircle(c.x, c.y, r, fillColor=colour[fill] if fill else None,
                                  strokeColor=colour[outline] if outline and w else None,
                                  strokeWidth=w))
            case Polygon(points=points, fill=fill, outline=outline, width=w):
                group.add(RPolygon([c for q in points for c in (q.x, q.y)],
                                   fillColor=colour[fill] if fill else None,
                                   strokeColor=colour[outline] if outline and w else None,
                                   strokeWidth=w, strokeLineJoin=_ROUND, strokeLineCap=_ROUND))
    drawing = Drawing(width, height)
    drawing.add(group)
    return drawing


def pair_drawing(start: Pose, end: Pose, width: float, height: float, *,
                 view: View | str | None = None,
                 palette: Mapping[Ink, str] = PALETTE) -> Drawing:
    """Start → end side by side with the arrow between, as on screen (FigureView)."""
    return figure_drawing(pair_primitives(start, end, view), width, height, box=PAIR_BOX,
                          palette=palette)
