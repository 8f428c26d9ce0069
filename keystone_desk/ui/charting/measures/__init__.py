"""Outcome measures in an episode: the MeasureForm dialog and the MeasureHistoryView (table + trend).

QtCharts is not imported here or by importing any module of this package; trend_chart loads it
the first time a chart is drawn.
"""

from .error_dialog import MarkInErrorDialog
from .form import MeasureForm
from .history import MeasureHistoryView

__all__ = ["MarkInErrorDialog", "MeasureForm", "MeasureHistoryView"]
