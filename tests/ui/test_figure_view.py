"""Exercise figures on screen: QPainter draws the domain's primitives offscreen, and FigureView
shows start → end."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from keystone_desk.domain.figure_model import LOW_INK_PALETTE, PALETTE, Ink, Pose, Prop, Stance
from keystone_desk.domain.figures import figure_primitives
from keystone_desk.ui.figure_view import FigureView, paint_figure

HEEL_DROP_END = Pose(props=frozenset({Prop.STEP}), stance=Stance.NEAR, near_ankle=20, far_hip=5,
                     far_knee=85)


def painted(primitives, palette=PALETTE, size=(200, 200)) -> QImage:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_figure(painter, primitives, QRectF(0, 0, *size), palette=palette)
    painter.end()
    return image


def colours(image: QImage) -> dict[str, int]:
    counts: dict[str, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            name = image.pixelColor(x, y).name()
            counts[name] = counts.get(name, 0) + 1
    return counts


def test_a_figure_paints_offscreen_with_the_working_leg_highlighted(qapp):
    counts = colours(painted(figure_primitives(HEEL_DROP_END)))
    drawn = sum(n for name, n in counts.items() if name != "#ffffff")
    assert drawn > 500
    for ink in (Ink.BODY, Ink.WORKING, Ink.PROP_FILL):
        assert counts.get(PALETTE[ink], 0) > 20, ink


def test_the_low_ink_palette_paints_in_greys_only(qapp):
    counts = colours(painted(figure_primitives(HEEL_DROP_END), LOW_INK_PALETTE))
    for name in counts:
        colour = QColor(name)
        assert max(colour.red(), colour.green(), colour.blue()) - min(
            colour.red(), colour.green(), colour.blue()) <= 2, name


def test_figure_view_shows_start_and_end_side_by_side(qtbot):
    view = FigureView(Pose(), Pose(near_ankle=-30, far_ankle=-30))
    qtbot.addWidget(view)
    view.resize(440, 200)
    image = view.grab().toImage()
    counts = colours(image)
    background = max(counts, key=lambda name: counts[name])
    left = sum(1 for x in range(0, 200, 2) for y in range(0, 200, 2)
               if image.pixelColor(x, y).name() != background)
    right = sum(1 for x in range(240, 440, 2) for y in range(0, 200, 2)
                if image.pixelColor(x, y).name() != background)
    assert left > 100 and right > 100
    assert view.accessibleName()


def test_figure_view_can_show_one_pose_or_nothing(qtbot):
    view = FigureView()
    qtbot.addWidget(view)
    assert view.primitives() == []
    view.set_poses(Pose())
    assert view.primitives() == figure_primitives(Pose())
