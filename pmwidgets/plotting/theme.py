"""Every colour, font and size the charts use, in one place.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common
colour-vision deficiencies. Colour is never the only carrier of meaning: critical tasks are also
hatched and labelled.
"""

from __future__ import annotations

#: The Okabe-Ito palette.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#999999"

# Gantt chart
CRITICAL_TASK = VERMILLION
NORMAL_TASK = BLUE
SUMMARY = BLACK
MILESTONE = BLACK
CRITICAL_MILESTONE = VERMILLION
PROGRESS_FILL = BLACK
PROGRESS_ALPHA = 0.45
BASELINE_BAR = GREY
NON_WORKING_DAY = "#EEEEEE"
TODAY_LINE = BLUISH_GREEN
STATUS_DATE_LINE = REDDISH_PURPLE
ARROW = "#555555"
SELECTION_OUTLINE = BLACK
CRITICAL_HATCH = "right_diagonal_line"
NO_HATCH = "blank"
CRITICAL_HATCH_COLOR = "#FFFFFF"
CRITICAL_LABEL = "critical"

FONT = "Helvetica, Arial, sans-serif"
LABEL_FONT_SIZE = "11px"

#: Pixels per task row; the plan table uses the same so that rows line up.
ROW_HEIGHT = 24
#: Rows shown before the chart scrolls vertically (by panning) and the table scrolls.
MAX_VISIBLE_ROWS = 20
#: Pixels above the first row: the chart's date axis, and the table's column headers, so that
#: table rows and chart rows line up side by side.
HEADER_HEIGHT = 40
#: Pixels below the last row of the chart.
FOOTER_HEIGHT = 12
AXIS_HEIGHT = HEADER_HEIGHT + FOOTER_HEIGHT
CHART_WIDTH = 900

#: Fractions of a row.
BAR_HEIGHT = 0.5
BASELINE_HEIGHT = 0.2
BASELINE_OFFSET = 0.3
SUMMARY_HEIGHT = 0.25
#: Pixels.
MILESTONE_SIZE = 14
SUMMARY_END_SIZE = 9
ARROW_HEAD_SIZE = 7
LINE_WIDTH = 2
SELECTION_LINE_WIDTH = 3

#: Non-working days are shaded only while the visible range is at most this many days.
NON_WORKING_MAX_DAYS = 120
