"""Plans of care and return to running on screen: `PlanOfCareWindow` and `ReturnToRunWindow`,
each in its own window for one episode (ui.charting.chart_windows opens them)."""
