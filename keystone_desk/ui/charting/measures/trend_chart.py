"""The trend chart of one measure in an episode: score over time with the MCID band around baseline.

QtCharts is heavy, so it is imported inside `build_trend_chart`, the first time a chart is drawn,
never when this module is imported. Results marked in error or without a score are left out. The
band runs from baseline − MCID to baseline + MCID (kept inside the score's range): a score
outside it has changed by at least the MCID. Imports Qt and domain types only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from ....domain.measure_results import MeasureResult, baseline_of, in_time_order
from ....domain.measures import Direction, MeasureDefinition, plain_number

if TYPE_CHECKING:  # for annotations only: QtCharts loads with the first chart
    from PySide6.QtCharts import QAbstractAxis, QAbstractSeries, QChart, QChartView
    from PySide6.QtWidgets import QWidget

SCORE_COLOUR = "#1565c0"
BAND_COLOUR = QColor(46, 125, 50, 45)
BAND_EDGE = "#2e7d32"
BASELINE_COLOUR = "#546e7a"
SCORE_SERIES = "score"
BAND_SERIES = "mcid_band"
BASELINE_SERIES = "baseline"


@dataclass(frozen=True, slots=True)
class TrendPoint:
    taken_on: date
    score: float


def trend_points(results: Sequence[MeasureResult]) -> list[TrendPoint]:
    """The points the chart draws: results that count, oldest first."""
    return [TrendPoint(r.taken_on, r.score) for r in in_time_order(results)
            if r.counts and r.score is not None]


def build_trend_chart(definition: MeasureDefinition, results: Sequence[MeasureResult],
                      tr: QObject) -> QChart:
    """A QChart of `results` (imported here: QtCharts loads on first use, not at start-up)."""
    from PySide6.QtCharts import (
        QAreaSeries,
        QChart,
        QDateTimeAxis,
        QLineSeries,
        QScatterSeries,
        QValueAxis,
    )

    points = trend_points(results)
    chart = QChart()
    chart.setTitle(tr.tr("{measure} over time").format(measure=definition.short_name))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    first, last = _x_range(points)

    x_axis = QDateTimeAxis()
    x_axis.setFormat("d MMM yy")
    x_axis.setRange(_msecs_datetime(first), _msecs_datetime(last))
    x_axis.setTickCount(min(max(len(points), 2), 6))
    y_axis = QValueAxis()
    low, high = float(definition.scoring.minimum), float(definition.scoring.maximum)
    y_axis.setRange(low, high)
    y_axis.setLabelFormat("%d" if definition.scoring.decimals == 0 else "%.1f")
    better = (tr.tr("higher is better") if definition.scoring.direction is
              Direction.HIGHER_IS_BETTER else tr.tr("lower is better"))
    y_axis.setTitleText(tr.tr("Score ({better})").format(better=better))
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)

    baseline = baseline_of(results)
    mcid = definition.mcid.points
    if baseline is not None and baseline.score is not None and mcid is not None:
        # The area series does not own its edges: parent them to the chart so they live on.
        upper, lower = QLineSeries(chart), QLineSeries(chart)
        top = min(baseline.score + float(mcid), high)
        bottom = max(baseline.score - float(mcid), low)
        for x in (_msecs(first), _msecs(last)):
            upper.append(x, top)
            lower.append(x, bottom)
        band = QAreaSeries(upper, lower)
        band.setObjectName(BAND_SERIES)
        band.setName(tr.tr("Within the MCID of baseline (±{mcid})").format(
            mcid=plain_number(mcid)))
        band.setBrush(QBrush(BAND_COLOUR))
        band.setPen(QPen(QColor(BAND_EDGE), 1, Qt.PenStyle.DotLine))
        _attach(chart, band, x_axis, y_axis)
    if baseline is not None and baseline.score is not None:
        line = QLineSeries()
        line.setObjectName(BASELINE_SERIES)
        line.setName(tr.tr("Baseline {score}").format(
            score=definition.format_score(baseline.score)))
        line.setPen(QPen(QColor(BASELINE_COLOUR), 1.5, Qt.PenStyle.DashLine))
        line.append(_msecs(first), baseline.score)
        line.append(_msecs(last), baseline.score)
        _attach(chart, line, x_axis, y_axis)

    scores = QLineSeries()
    scores.setObjectName(SCORE_SERIES)
    scores.setName(tr.tr("Score"))
    scores.setPen(QPen(QColor(SCORE_COLOUR), 2.5))
    markers = QScatterSeries()
    markers.setObjectName("score_markers")
    markers.setMarkerSize(9)
    markers.setColor(QColor(SCORE_COLOUR))
    markers.setBorderColor(QColor(SCORE_COLOUR))
    for point in points:
        scores.append(_msecs(point.taken_on), point.score)
        markers.append(_msecs(point.taken_on), point.score)
    _attach(chart, scores, x_axis, y_axis)
    _attach(chart, markers, x_axis, y_axis)
    chart.legend().markers(markers)[0].setVisible(False)
    return chart


def make_chart_view(parent: QWidget | None = None) -> QChartView:
    """An antialiased QChartView (QtCharts imported here, on first use)."""
    from PySide6.QtCharts import QChartView

    view = QChartView(parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return view


def _attach(chart: QChart, series: QAbstractSeries, x_axis: QAbstractAxis,
            y_axis: QAbstractAxis) -> None:
    chart.addSeries(series)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)


def _x_range(points: list[TrendPoint]) -> tuple[date, date]:
    """The dates shown: the results' span with a margin, at least two weeks wide."""
    if not points:
        today = date.today()
        return today - timedelta(days=7), today + timedelta(days=7)
    first, last = points[0].taken_on, points[-1].taken_on
    margin = max((last - first).days // 12, 3)
    first, last = first - timedelta(days=margin), last + timedelta(days=margin)
    if (last - first).days < 14:
        middle = first + (last - first) / 2
        first, last = middle - timedelta(days=7), middle + timedelta(days=7)
    return first, last


def _msecs_datetime(day: date) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(_msecs(day)))


def _msecs(day: date) -> float:
    # Noon local time: the point sits in the middle of its day whatever the time zone.
    return datetime.combine(day, time(12)).timestamp() * 1000
