"""Contact sheets of every exercise figure, to look at them: start → end with the exercise's name.

    uv run python tools/figure_sheet.py                 # docs/exercise-figures.png + a PDF sheet
    uv run python tools/figure_sheet.py --only pogo-hops,skipping --png /tmp/some.png

The PNG is painted by the Qt renderer (ui/figure_view.paint_figure), the one-page PDF by the
reportlab renderer (pdf/figures.figure_drawing); when poppler's pdftoppm is installed the PDF is
also rasterised at 80 dpi beside it, so the two renderers can be compared picture for picture.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from keystone_desk.content.exercises import (  # noqa: E402
    ExerciseLibrary,
    default_exercises_dir,
    load_exercise,
)
from keystone_desk.domain.exercises import Exercise  # noqa: E402
from keystone_desk.domain.figures import PAIR_BOX, pair_primitives  # noqa: E402

COLUMNS = 3


def exercises(only: set[str]) -> list[Exercise]:
    """The library in its order (by category); with --only, just those files, each on its own."""
    if only:
        return [load_exercise(default_exercises_dir() / f"{i}.toml") for i in sorted(only)]
    return list(ExerciseLibrary.load())


def qt_sheet(items: list[Exercise], path: Path, cell_w: int = 440) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    from keystone_desk.ui.figure_view import paint_figure

    _app = QGuiApplication.instance() or QGuiApplication([])
    figure_h = round(cell_w * PAIR_BOX[1] / PAIR_BOX[0])
    cell_h = figure_h + 40
    rows = -(-len(items) // COLUMNS)
    image = QImage(cell_w * COLUMNS, cell_h * rows, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    name_font, id_font = QFont("DejaVu Sans", 10), QFont("DejaVu Sans", 8)
    for n, exercise in enumerate(items):
        x, y = (n % COLUMNS) * cell_w, (n // COLUMNS) * cell_h
        painter.setPen(QPen(QColor("#dadce0")))
        painter.drawRect(x, y, cell_w - 1, cell_h - 1)
        assert exercise.figure_start and exercise.figure_end
        paint_figure(painter, pair_primitives(exercise.figure_start, exercise.figure_end),
                     QRectF(x + 4, y + 4, cell_w - 8, figure_h - 4), box=PAIR_BOX)
        painter.setPen(QPen(QColor("#1f2328")))
        painter.setFont(name_font)
        painter.drawText(QRectF(x + 6, y + figure_h, cell_w - 12, 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, exercise.name)
        painter.setPen(QPen(QColor("#5f6368")))
        painter.setFont(id_font)
        painter.drawText(QRectF(x + 6, y + figure_h + 18, cell_w - 12, 18),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         f"{exercise.id} · {exercise.category.value}")
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(path))


def pdf_sheet(items: list[Exercise], path: Path) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from keystone_desk.pdf.figures import figure_drawing
    from keystone_desk.pdf.theme import FONT, register_fonts

    register_fonts()
    page_w, page_h = A4
    margin = 24.0
    cell_w = (page_w - 2 * margin) / COLUMNS
    rows = -(-len(items) // COLUMNS)
    cell_h = (page_h - 2 * margin) / max(rows, 1)
    figure_h = min(cell_h - 12, cell_w * PAIR_BOX[1] / PAIR_BOX[0])
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    for n, exercise in enumerate(items):
        x = margin + (n % COLUMNS) * cell_w
        top = page_h - margin - (n // COLUMNS) * cell_h
        assert exercise.figure_start and exercise.figure_end
        drawing = figure_drawing(pair_primitives(exercise.figure_start, exercise.figure_end),
                                 cell_w - 6, figure_h, box=PAIR_BOX)
        renderPDF.draw(drawing, canvas, x + 3, top - figure_h)
        canvas.setFont(FONT, 6.5)
        canvas.drawString(x + 4, top - figure_h - 8, exercise.name)
    canvas.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated exercise ids")
    parser.add_argument("--cell-width", type=int, default=440,
                        help="pixels per exercise in the PNG")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "exercise-figures.png")
    parser.add_argument("--pdf", type=Path, default=Path(tempfile.gettempdir())
                        / "keystone-figure-sheet" / "exercise-figures.pdf")
    args = parser.parse_args(argv)
    items = exercises({s.strip() for s in args.only.split(",") if s.strip()})
    qt_sheet(items, args.png, args.cell_width)
    args.pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf_sheet(items, args.pdf)
    print(f"Qt sheet:  {args.png}\nPDF sheet: {args.pdf}")
    if shutil.which("pdftoppm"):
        stem = args.pdf.with_name(args.pdf.stem + "-pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(args.pdf), str(stem)],
                       check=True)
        print(f"PDF as PNG: {stem}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
