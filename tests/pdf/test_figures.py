"""Exercise figures on paper: the primitives become a reportlab Drawing that renders to a PDF."""

from __future__ import annotations

import pytest
from reportlab.graphics import renderPDF

from keystone_desk.content.exercises import ExerciseLibrary
from keystone_desk.domain.figure_model import LOW_INK_PALETTE, Pose
from keystone_desk.domain.figures import figure_primitives
from keystone_desk.pdf.figures import figure_drawing, pair_drawing


def test_a_figure_drawing_renders_to_a_pdf():
    drawing = figure_drawing(figure_primitives(Pose(near_ankle=-30)), 120, 120)
    assert (drawing.width, drawing.height) == (120, 120)
    pdf = renderPDF.drawToString(drawing)
    assert pdf.startswith(b"%PDF") and len(pdf) > 500


@pytest.mark.parametrize("exercise", list(ExerciseLibrary.load()), ids=lambda e: e.id)
def test_every_exercise_pair_renders_to_a_pdf(exercise):
    drawing = pair_drawing(exercise.figure_start, exercise.figure_end, 220, 100)
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")


def test_the_low_ink_palette_renders_too():
    drawing = figure_drawing(figure_primitives(Pose()), 60, 60, palette=LOW_INK_PALETTE)
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")
