"""The probability-impact matrix as bokeh data and figure: threats and opportunities side by side.

The two 5x5 grids are drawn as PMI draws them, mirrored: threats on the left with impact rising to
the right, opportunities on the right with impact rising to the left, so that the two
high-impact edges meet in the middle (one empty column between them); probability rises upward
on both. Cell centres sit on whole plot units: threat impact ``i`` at ``x = i``, opportunity
impact ``i`` at ``x = 12 - i``, probability ``p`` at ``y = p``.

:func:`matrix_data` gives one row per cell (threats first, then opportunities, each by
probability then impact: see :func:`cell_index`), so the tap selection indices of the ``cells``
source are cells. Only open risks are counted. :func:`movement_data` gives the arrows from each
open risk's inherent cell to its residual one.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

from bokeh.core.properties import value
from bokeh.models import (
    Arrow,
    ColumnDataSource,
    FixedTicker,
    GlyphRenderer,
    HoverTool,
    Label,
    NormalHead,
    Range1d,
    TapTool,
)
from bokeh.plotting import figure

from pmwidgets.core.risks import LEVELS, Risk, RiskBand, RiskKind, RiskScale
from pmwidgets.plotting import theme

#: A cell: (kind, probability, impact), kind ``"threat"`` or ``"opportunity"``.
Cell = tuple[str, int, int]

KINDS = (RiskKind.THREAT.value, RiskKind.OPPORTUNITY.value)
CELLS_PER_GRID = LEVELS * LEVELS
CELL_COUNT = len(KINDS) * CELLS_PER_GRID
#: x of the opportunities' impact 1 column, plus one: x = MIRROR - impact.
MIRROR = 2 * LEVELS + 2
TITLE_Y = LEVELS + 0.8
#: Offset of the band mark from a cell's centre, towards its top-left corner, in cells.
MARK_INSET = theme.RISK_CELL_SIZE / 2 - 0.05

SOURCES = ("cells", "movement", "highlight")
CELL_COLUMNS = (
    "kind",
    "kind_text",
    "probability",
    "impact",
    "probability_label",
    "impact_label",
    "x",
    "y",
    "score",
    "band",
    "colour",
    "alpha",
    "ink",
    "count",
    "label",
    "mark",
    "mark_x",
    "mark_y",
    "titles",
    "ids",
)
MOVEMENT_COLUMNS = (
    "kind",
    "from_probability",
    "from_impact",
    "to_probability",
    "to_impact",
    "x_start",
    "y_start",
    "x_end",
    "y_end",
    "count",
    "label",
    "label_x",
    "label_y",
    "ids",
)
#: Names of the movement arrows and their count labels, shown only in movement mode.
MOVEMENT_MODELS = ("movement_arrows", "movement_labels")

#: Tooltip of a cell. Every field is escaped by bokeh except ``titles``, which
#: :func:`matrix_data` escapes itself so that only its ``<br>`` separators are markup.
TOOLTIPS = [
    ("Cell", "@kind_text: probability @probability_label, impact @impact_label"),
    ("Band", "@band (score @score)"),
    ("Open risks", "@count"),
    ("Titles", "@titles{safe}"),
]


def cell_index(cell: Cell) -> int:
    """Row of ``cell`` in the ``cells`` source."""
    kind, probability, impact = cell
    return KINDS.index(kind) * CELLS_PER_GRID + (probability - 1) * LEVELS + (impact - 1)


def cell_at(index: int) -> Cell:
    """The cell drawn by row ``index`` of the ``cells`` source (the inverse of cell_index)."""
    grid, within = divmod(index, CELLS_PER_GRID)
    probability, impact = divmod(within, LEVELS)
    return (KINDS[grid], probability + 1, impact + 1)


def all_cells() -> list[Cell]:
    """Every cell in source row order."""
    return [cell_at(k) for k in range(CELL_COUNT)]


def cell_xy(cell: Cell) -> tuple[float, float]:
    """Plot coordinates of a cell's centre (opportunities mirrored)."""
    kind, probability, impact = cell
    x = impact if kind == RiskKind.THREAT.value else MIRROR - impact
    return float(x), float(probability)


def risk_cell(risk: Risk, *, residual: bool) -> Cell:
    """The cell a risk sits in, before (inherent) or after (residual) its response."""
    probability, impact = risk.residual if residual else (risk.probability, risk.impact)
    return (RiskKind(risk.kind).value, probability, impact)


def cell_members(risks: Iterable[Risk], *, residual: bool) -> dict[Cell, list[Risk]]:
    """The open risks of each occupied cell, in register order."""
    members: dict[Cell, list[Risk]] = {}
    for risk in risks:
        if risk.status == "open":
            members.setdefault(risk_cell(risk, residual=residual), []).append(risk)
    return members


def band_marks(bands: Sequence[RiskBand]) -> dict[str, str]:
    """The shortest prefix of each band's name that no other band's name starts with.

    Printed in each cell next to its colour, so that the band is never told by colour alone.
    """
    names = [band.name for band in bands]
    marks = {}
    for name in names:
        others = [other for other in names if other != name]
        length = 1
        while length < len(name) and any(o.startswith(name[:length]) for o in others):
            length += 1
        marks[name] = name[:length]
    return marks


def ink(colour: str) -> str:
    """Dark or light text, whichever reads better on ``colour`` (``#RRGGBB``; dark otherwise).

    Uses the WCAG relative luminance: light text when it contrasts more than dark text does.
    """
    digits = colour.lstrip("#")
    if len(digits) != 6:
        return theme.RISK_DARK_INK
    try:
        channels = [int(digits[k : k + 2], 16) / 255 for k in (0, 2, 4)]
    except ValueError:
        return theme.RISK_DARK_INK
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    on_dark = 1.05 / (luminance + 0.05)
    on_light = (luminance + 0.05) / 0.05
    return theme.RISK_LIGHT_INK if on_dark > on_light else theme.RISK_DARK_INK


def hover_titles(risks: Sequence[Risk]) -> str:
    """The ids and titles of a cell's risks, HTML-escaped, one per line (``<br>``).

    At most ``theme.RISK_HOVER_TITLES`` are listed, then how many more there are.
    """
    shown = [html.escape(f"{r.id} {r.title}") for r in risks[: theme.RISK_HOVER_TITLES]]
    hidden = len(risks) - len(shown)
    if hidden > 0:
        shown.append(f"and {hidden} more")
    return "<br>".join(shown)


def matrix_data(risks: Iterable[Risk], scale: RiskScale, *, residual: bool) -> dict[str, list]:
    """The columns of the ``cells`` source: one row per cell of both grids.

    Parameters
    ----------
    risks : iterable of Risk
        The register; only open risks are counted.
    scale : RiskScale
        Level labels and bands.
    residual : bool
        Place risks by their residual probability and impact instead of their inherent ones.

    Returns
    -------
    dict
        The :data:`CELL_COLUMNS` of each cell, in :func:`cell_index` order: alpha is faded for
        an empty cell, ink is the text colour, label the count (empty when 0), mark the band's
        short name (drawn at mark_x, mark_y), titles the escaped HTML of the tooltip and ids the
        risk ids, comma-joined.
    """
    members = cell_members(risks, residual=residual)
    marks = band_marks(scale.bands)
    rows = [_cell_row(cell, members.get(cell, []), scale, marks) for cell in all_cells()]
    return _columns(rows, CELL_COLUMNS)


def _cell_row(cell: Cell, held: list[Risk], scale: RiskScale, marks: dict[str, str]) -> dict:
    kind, probability, impact = cell
    band = scale.band(probability * impact)
    x, y = cell_xy(cell)
    return {
        "kind": kind,
        "kind_text": kind.capitalize(),
        "probability": probability,
        "impact": impact,
        "probability_label": scale.probability_labels[probability - 1],
        "impact_label": scale.impact_labels[impact - 1],
        "x": x,
        "y": y,
        "score": probability * impact,
        "band": band.name,
        "colour": band.colour,
        "alpha": 1.0 if held else theme.RISK_EMPTY_ALPHA,
        "ink": ink(band.colour),
        "count": len(held),
        "label": str(len(held)) if held else "",
        "mark": marks[band.name],
        "mark_x": x - MARK_INSET,
        "mark_y": y + MARK_INSET,
        "titles": hover_titles(held),
        "ids": ",".join(r.id for r in held),
    }


def movement_data(risks: Iterable[Risk]) -> dict[str, list]:
    """The columns of the ``movement`` source: one arrow per (inherent cell, residual cell) pair.

    Open risks whose response moves them are grouped by where they start and end; risks that
    stay in their cell draw no arrow. An arrow stops ``theme.RISK_ARROW_INSET`` cells short of
    both centres so that it does not cover the counts.

    Returns
    -------
    dict
        The :data:`MOVEMENT_COLUMNS` of each arrow: label is ``"×n"`` for ``n`` risks, drawn
        at label_x, label_y (the middle), and ids the risk ids, comma-joined.
    """
    moves: dict[tuple[Cell, Cell], list[str]] = {}
    for risk in risks:
        start, end = risk_cell(risk, residual=False), risk_cell(risk, residual=True)
        if risk.status == "open" and start != end:
            moves.setdefault((start, end), []).append(risk.id)
    rows = [_arrow_row(start, end, ids) for (start, end), ids in moves.items()]
    return _columns(rows, MOVEMENT_COLUMNS)


def _arrow_row(start: Cell, end: Cell, ids: list[str]) -> dict:
    (x0, y0), (x1, y1) = cell_xy(start), cell_xy(end)
    inset = theme.RISK_ARROW_INSET / math.hypot(x1 - x0, y1 - y0)
    dx, dy = (x1 - x0) * inset, (y1 - y0) * inset
    return {
        "kind": start[0],
        "from_probability": start[1],
        "from_impact": start[2],
        "to_probability": end[1],
        "to_impact": end[2],
        "x_start": x0 + dx,
        "y_start": y0 + dy,
        "x_end": x1 - dx,
        "y_end": y1 - dy,
        "count": len(ids),
        "label": f"×{len(ids)}",
        "label_x": (x0 + x1) / 2,
        "label_y": (y0 + y1) / 2,
        "ids": ",".join(ids),
    }


def _columns(rows: list[dict], names: tuple[str, ...]) -> dict[str, list]:
    return {name: [row[name] for row in rows] for name in names}


def highlight_data(cell: Cell | None) -> dict[str, list]:
    """The columns of the ``highlight`` source: the outlined (selected) cell, if any."""
    if cell is None:
        return {"x": [], "y": []}
    x, y = cell_xy(cell)
    return {"x": [x], "y": [y]}


def label_axes(fig: figure, scale: RiskScale) -> None:
    """Name the levels on the axes: impact under both grids (mirrored), probability on the left.

    Only labels change here (nothing is sent when they are the same); the ticks are set once
    by :func:`risk_matrix_figure`.
    """
    impact_labels = {}
    for impact, label in enumerate(scale.impact_labels, start=1):
        impact_labels[impact] = label
        impact_labels[MIRROR - impact] = label
    fig.xaxis.major_label_overrides = impact_labels
    fig.yaxis.major_label_overrides = dict(enumerate(scale.probability_labels, start=1))


def risk_matrix_figure(
    risks: Sequence[Risk], scale: RiskScale, *, residual: bool = False, movement: bool = False
) -> tuple[figure, dict[str, ColumnDataSource]]:
    """Build the risk matrix: two mirrored 5x5 heat maps with counts, hover and tap.

    Parameters
    ----------
    risks : sequence of Risk
        The register; only open risks are counted.
    scale : RiskScale
        Level labels and the bands that colour the cells.
    residual : bool
        Count risks at their residual cells instead of their inherent ones.
    movement : bool
        Show the arrows from inherent to residual cells (the models named in
        :data:`MOVEMENT_MODELS`, whose ``visible`` a widget toggles).

    Returns
    -------
    figure : bokeh.plotting.figure
        Hover and tap tools only, no toolbar. Tapping selects a row of the ``cells`` source.
    sources : dict of str to ColumnDataSource
        ``cells`` (:func:`matrix_data`), ``movement`` (:func:`movement_data`) and
        ``highlight`` (:func:`highlight_data`, empty), each named so in the document.
    """
    data = {
        "cells": matrix_data(risks, scale, residual=residual),
        "movement": movement_data(risks),
        "highlight": highlight_data(None),
    }
    sources = {name: ColumnDataSource(data=data[name], name=name) for name in SOURCES}
    size = theme.RISK_CELL_PIXELS
    fig = figure(
        x_range=Range1d(0.5, MIRROR - 0.5),
        y_range=Range1d(0.5, LEVELS + 1),
        width=(MIRROR - 1) * size + 2 * size,
        height=int((LEVELS + 0.5) * size) + size,
        tools=[],
        toolbar_location=None,
        output_backend="canvas",
    )
    fig.toolbar.logo = None
    fig.grid.visible = False
    fig.outline_line_alpha = 0
    fig.xaxis.axis_label = "Impact (rising towards the centre)"
    fig.yaxis.axis_label = "Probability"
    for axis in (*fig.xaxis, *fig.yaxis):
        axis.major_label_text_font = theme.FONT
        axis.axis_label_text_font = theme.FONT
    levels = range(1, LEVELS + 1)
    fig.xaxis.ticker = FixedTicker(ticks=sorted([*levels, *(MIRROR - i for i in levels)]))
    fig.yaxis.ticker = FixedTicker(ticks=list(levels))
    label_axes(fig, scale)
    for kind, middle in ((KINDS[0], (1 + LEVELS) / 2), (KINDS[1], MIRROR - (1 + LEVELS) / 2)):
        fig.add_layout(
            Label(
                x=middle,
                y=TITLE_Y,
                text="Threats" if kind == RiskKind.THREAT.value else "Opportunities",
                text_align="center",
                text_baseline="middle",
                text_font=theme.FONT,
                text_font_size=theme.RISK_TITLE_FONT_SIZE,
                text_font_style="bold",
            )
        )
    cells = _draw_cells(fig, sources)
    _draw_movement(fig, sources["movement"], visible=movement)
    fig.add_tools(TapTool(renderers=[cells]), HoverTool(renderers=[cells], tooltips=TOOLTIPS))
    return fig, sources


def _draw_cells(fig: figure, sources: dict[str, ColumnDataSource]) -> GlyphRenderer:
    """The coloured cells, their counts and band marks, and the selected cell's outline."""
    cells = fig.rect(
        x="x",
        y="y",
        width=theme.RISK_CELL_SIZE,
        height=theme.RISK_CELL_SIZE,
        source=sources["cells"],
        fill_color="colour",
        fill_alpha="alpha",
        line_color=theme.RISK_GUTTER,
        # The selection lives in the highlight source (see RiskMatrix): a tap's own selection
        # is cleared at once and must not change how cells look meanwhile.
        selection_fill_alpha="alpha",
        nonselection_fill_alpha="alpha",
        nonselection_line_alpha=1.0,
    )
    fig.text(
        x="x",
        y="y",
        text="label",
        source=sources["cells"],
        text_align="center",
        text_baseline="middle",
        text_color="ink",
        text_font=value(theme.FONT),
        text_font_size=theme.RISK_COUNT_FONT_SIZE,
        text_font_style="bold",
    )
    fig.text(
        x="mark_x",
        y="mark_y",
        text="mark",
        source=sources["cells"],
        text_align="left",
        text_baseline="top",
        text_color="ink",
        text_font=value(theme.FONT),
        text_font_size=theme.RISK_MARK_FONT_SIZE,
    )
    fig.rect(
        x="x",
        y="y",
        width=theme.RISK_CELL_SIZE,
        height=theme.RISK_CELL_SIZE,
        source=sources["highlight"],
        fill_alpha=0,
        line_color=theme.RISK_HIGHLIGHT,
        line_width=theme.RISK_HIGHLIGHT_WIDTH,
    )
    return cells


def _draw_movement(fig: figure, source: ColumnDataSource, *, visible: bool) -> None:
    """Arrows from inherent to residual cells, each labelled with how many risks move so."""
    fig.add_layout(
        Arrow(
            name=MOVEMENT_MODELS[0],
            source=source,
            x_start="x_start",
            y_start="y_start",
            x_end="x_end",
            y_end="y_end",
            line_color=theme.RISK_ARROW,
            line_width=theme.RISK_ARROW_WIDTH,
            end=NormalHead(
                size=theme.RISK_ARROW_HEAD_SIZE,
                fill_color=theme.RISK_ARROW,
                line_color=theme.RISK_ARROW,
            ),
            visible=visible,
        )
    )
    fig.text(
        name=MOVEMENT_MODELS[1],
        x="label_x",
        y="label_y",
        text="label",
        source=source,
        text_align="center",
        text_baseline="middle",
        text_color=theme.RISK_ARROW,
        text_font=value(theme.FONT),
        text_font_size=theme.RISK_MARK_FONT_SIZE,
        background_fill_color=theme.RISK_GUTTER,
        level="overlay",
        visible=visible,
    )
