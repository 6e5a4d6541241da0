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
MAX_VISIBLE_ROWS = 19
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

# Risk matrix
#: Pixels per matrix cell; the chart is 11 cells wide (two grids and a gap) and 5.5 high.
RISK_CELL_PIXELS = 64
#: Fraction of a cell its coloured square fills (the rest is a white gutter).
RISK_CELL_SIZE = 0.94
#: Fill opacity of cells holding no risk, so that the cells holding risks stand out.
RISK_EMPTY_ALPHA = 0.35
RISK_GUTTER = "#FFFFFF"
RISK_DARK_INK = BLACK
RISK_LIGHT_INK = "#FFFFFF"
RISK_COUNT_FONT_SIZE = "18px"
RISK_MARK_FONT_SIZE = "10px"
RISK_TITLE_FONT_SIZE = "14px"
RISK_HIGHLIGHT = BLACK
RISK_HIGHLIGHT_WIDTH = 4
RISK_ARROW = "#333333"
RISK_ARROW_WIDTH = 2
RISK_ARROW_HEAD_SIZE = 9
#: How far (in cells) an arrow stops short of the centres it joins, clear of the counts.
RISK_ARROW_INSET = 0.3
#: Titles listed in a cell's tooltip before "and N more".
RISK_HOVER_TITLES = 10

# Risk trend
RISK_TREND_WIDTH = 900
RISK_TREND_HEIGHT = 360
EXPOSURE_LINE = BLACK
EXPOSURE_MARKER_SIZE = 7
#: A bar is this share of the time to its nearest neighbouring version (so bars never
#: overlap), and at most a week wide (a lone version, or versions saved weeks apart).
TREND_BAR_SHARE = 0.8
TREND_MAX_BAR_MS = 7 * 86_400_000.0

# Resource load
RESOURCE_LOAD_WIDTH = 900
RESOURCE_LOAD_HEIGHT = 360
#: The stack colours, cycled by task (Okabe-Ito without black, grey and vermillion, which mark
#: the capacity line and over-allocations).
RESOURCE_LOAD_PALETTE = (BLUE, ORANGE, SKY_BLUE, BLUISH_GREEN, REDDISH_PURPLE, YELLOW)
#: A bar is this share of its period's width.
RESOURCE_LOAD_BAR_SHARE = 0.8
RESOURCE_LOAD_SEGMENT_LINE = "#FFFFFF"
RESOURCE_LOAD_CAPACITY = BLACK
RESOURCE_LOAD_CAPACITY_DASH = "dashed"
RESOURCE_LOAD_OVER = VERMILLION
RESOURCE_LOAD_OVER_MARKER = "inverted_triangle"
RESOURCE_LOAD_OVER_MARKER_SIZE = 12
RESOURCE_LOAD_OVER_TEXT = BLACK
RESOURCE_LOAD_OVER_FONT_SIZE = "11px"
#: Pixels between the top of an over-allocated bar and its "over by" label.
RESOURCE_LOAD_OVER_LABEL_OFFSET = 10
RESOURCE_LOAD_HIGHLIGHT = BLACK
RESOURCE_LOAD_HIGHLIGHT_WIDTH = 3
#: Extra room above the tallest bar for the "over by" labels, as a share of the y range.
RESOURCE_LOAD_Y_PADDING = 0.2

# Earned value
EARNED_VALUE_WIDTH = 900
EARNED_VALUE_HEIGHT = 380
#: Each line differs by colour and by dash or marker, so none is told by colour alone: PV a
#: plain line, EV circles, AC squares, the forecast dashed to a diamond, the status date dotted.
PLANNED_VALUE_LINE = BLUE
EARNED_VALUE_LINE = BLUISH_GREEN
EARNED_VALUE_MARKER = "circle"
ACTUAL_COST_LINE = ORANGE
ACTUAL_COST_MARKER = "square"
FORECAST_LINE = VERMILLION
FORECAST_DASH = "dashed"
FORECAST_MARKER = "diamond"
EARNED_VALUE_MARKER_SIZE = 8
STATUS_DATE_DASH = "dotted"

# RAG ratings: each colour is always shown beside its level's word and mark.
RAG_COLOURS = {"green": BLUISH_GREEN, "amber": ORANGE, "red": VERMILLION}
#: A figure that cannot be measured yet.
RAG_NOT_MEASURED = GREY
#: Text on a RAG colour (black reads on all three, white does not on orange).
RAG_INK = BLACK
