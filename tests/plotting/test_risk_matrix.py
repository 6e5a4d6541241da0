"""The risk matrix's data and figure, checked without a browser."""

from __future__ import annotations

from datetime import date

import pytest
from bokeh.models import Arrow, ColumnDataSource, HoverTool, Label, TapTool

from pmwidgets import Plan
from pmwidgets.core.risks import RiskBand, RiskScale
from pmwidgets.plotting import theme
from pmwidgets.plotting.risk_matrix import (
    CELL_COLUMNS,
    CELL_COUNT,
    MOVEMENT_COLUMNS,
    MOVEMENT_MODELS,
    SOURCES,
    all_cells,
    band_marks,
    cell_at,
    cell_index,
    cell_xy,
    highlight_data,
    ink,
    matrix_data,
    movement_data,
    risk_matrix_figure,
)

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def plan() -> Plan:
    """Two high threats in one cell (one mitigated), a low threat, an opportunity, a closed
    threat."""
    plan = Plan("Risks", start=date(2026, 1, 5))
    plan.add_task("Build")
    plan.add_risk(
        "Steel late",
        probability=4,
        impact_cost=5,
        residual_probability=2,
        residual_impact=3,
        tasks="1",
    )
    plan.add_risk(XSS, probability=4, impact_schedule=5)
    plan.add_risk("Permit queries", probability=1, impact_scope=2)
    plan.add_risk("Grant", probability=3, impact_cost=5, kind="opportunity")
    plan.add_risk("Crane strike", probability=2, impact_cost=3, status="closed")
    return plan


def _cell(data: dict[str, list], kind: str, probability: int, impact: int) -> dict:
    k = cell_index((kind, probability, impact))
    return {name: values[k] for name, values in data.items()}


def test_one_row_per_cell_of_both_grids_in_index_order(plan: Plan) -> None:
    data = matrix_data(plan.risks, plan.risk_scale, residual=False)
    assert tuple(data) == CELL_COLUMNS
    assert {len(values) for values in data.values()} == {CELL_COUNT}
    cells = list(zip(data["kind"], data["probability"], data["impact"], strict=True))
    assert cells == all_cells()
    assert all(cell_at(cell_index(cell)) == cell for cell in cells)
    assert len(set(cells)) == 50


def test_counts_colours_and_labels_of_a_known_register(plan: Plan) -> None:
    scale = plan.risk_scale
    data = matrix_data(plan.risks, scale, residual=False)
    occupied = {
        (data["kind"][k], data["probability"][k], data["impact"][k]): data["count"][k]
        for k in range(CELL_COUNT)
        if data["count"][k]
    }
    # The closed "Crane strike" (threat 2 x 3) is not counted.
    assert occupied == {("threat", 4, 5): 2, ("threat", 1, 2): 1, ("opportunity", 3, 5): 1}
    high = _cell(data, "threat", 4, 5)
    assert (high["band"], high["colour"], high["label"], high["mark"]) == (
        "High",
        "#D55E00",
        "2",
        "H",
    )
    assert high["ids"] == "R1,R2"
    assert high["alpha"] == 1.0
    empty = _cell(data, "threat", 2, 3)
    assert (empty["count"], empty["label"], empty["titles"], empty["ids"]) == (0, "", "", "")
    assert empty["alpha"] == theme.RISK_EMPTY_ALPHA
    assert (empty["band"], empty["mark"]) == ("Medium", "M")
    for k in range(CELL_COUNT):
        band = scale.band(data["probability"][k] * data["impact"][k])
        assert (data["band"][k], data["colour"][k]) == (band.name, band.colour)
        assert data["score"][k] == data["probability"][k] * data["impact"][k]
        assert data["probability_label"][k] == scale.probability_labels[data["probability"][k] - 1]


def test_opportunities_are_mirrored_high_impact_edges_meeting_in_the_middle() -> None:
    threat_x = [cell_xy(("threat", 3, i))[0] for i in range(1, 6)]
    opportunity_x = [cell_xy(("opportunity", 3, i))[0] for i in range(1, 6)]
    assert threat_x == [1, 2, 3, 4, 5]  # impact rises to the right
    assert opportunity_x == [11, 10, 9, 8, 7]  # impact rises to the left
    # An opportunity of impact 5 sits next to the threats' impact-5 column, one gap between.
    assert opportunity_x[4] - threat_x[4] == 2
    assert {cell_xy(("opportunity", p, 5))[1] for p in range(1, 6)} == {1, 2, 3, 4, 5}
    assert cell_xy(("opportunity", 4, 1))[1] == cell_xy(("threat", 4, 1))[1] == 4


def test_titles_are_escaped_and_only_the_separators_are_markup(plan: Plan) -> None:
    data = matrix_data(plan.risks, plan.risk_scale, residual=False)
    titles = _cell(data, "threat", 4, 5)["titles"]
    assert titles == "R1 Steel late<br>R2 &lt;img src=x onerror=alert(1)&gt;"
    assert "<img" not in titles
    fig, _ = risk_matrix_figure(plan.risks, plan.risk_scale)
    (hover,) = fig.select(type=HoverTool)
    unescaped = [field for _, field in hover.tooltips if "{safe}" in field]
    assert unescaped == ["@titles{safe}"]


def test_a_crowded_cell_lists_the_first_titles_and_how_many_more() -> None:
    plan = Plan("Crowded", start=date(2026, 1, 5))
    for k in range(theme.RISK_HOVER_TITLES + 2):
        plan.add_risk(f"Risk {k}", probability=5, impact_cost=5)
    data = matrix_data(plan.risks, plan.risk_scale, residual=False)
    lines = _cell(data, "threat", 5, 5)["titles"].split("<br>")
    assert len(lines) == theme.RISK_HOVER_TITLES + 1
    assert lines[0] == "R1 Risk 0"
    assert lines[-1] == "and 2 more"


def test_residual_places_risks_after_their_response(plan: Plan) -> None:
    inherent = matrix_data(plan.risks, plan.risk_scale, residual=False)
    residual = matrix_data(plan.risks, plan.risk_scale, residual=True)
    assert _cell(residual, "threat", 4, 5)["ids"] == "R2"  # no residual set: stays
    assert _cell(residual, "threat", 2, 3)["ids"] == "R1"
    assert _cell(inherent, "threat", 2, 3)["ids"] == ""
    assert sum(residual["count"]) == sum(inherent["count"]) == 4


def test_movement_arrows_are_aggregated_per_pair_and_point_from_inherent_to_residual(
    plan: Plan,
) -> None:
    plan.add_risk("Steel price", probability=4, impact_cost=5, residual_probability=2)
    plan.update_risk("R2", residual_probability=2, residual_impact=3)
    plan.add_risk("Closed move", probability=5, impact_cost=5, residual_probability=1)
    plan.close_risk("R7")
    data = movement_data(plan.risks)
    assert tuple(data) == MOVEMENT_COLUMNS
    moves = {
        (
            data["kind"][k],
            data["from_probability"][k],
            data["from_impact"][k],
            data["to_probability"][k],
            data["to_impact"][k],
        ): (data["count"][k], data["ids"][k], data["label"][k])
        for k in range(len(data["kind"]))
    }
    # R1 and R2 make the same move; R6 another; R3, R4 (unchanged) and R7 (closed) draw none.
    assert moves == {
        ("threat", 4, 5, 2, 3): (2, "R1,R2", "×2"),
        ("threat", 4, 5, 2, 5): (1, "R6", "×1"),
    }
    # The arrow of R6 runs straight down from (x 5, y 4) to (x 5, y 2), stopping short of both.
    k = data["ids"].index("R6")
    inset = theme.RISK_ARROW_INSET
    ends = (data["x_start"][k], data["y_start"][k], data["x_end"][k], data["y_end"][k])
    assert ends == pytest.approx((5, 4 - inset, 5, 2 + inset))
    assert (data["label_x"][k], data["label_y"][k]) == (5, 3)


def test_a_mirrored_opportunity_moves_towards_the_middle() -> None:
    plan = Plan("Gains", start=date(2026, 1, 5))
    plan.add_risk("Grant", probability=2, impact_cost=3, residual_impact=5, kind="opportunity")
    data = movement_data(plan.risks)
    # Enhanced from impact 3 (x 9) to impact 5 (x 7): the arrow points left, to the centre.
    assert data["x_start"][0] > data["x_end"][0]
    assert data["x_end"][0] == pytest.approx(7 + theme.RISK_ARROW_INSET)


def test_the_figure_has_named_sources_tap_and_hover_and_no_toolbar(plan: Plan) -> None:
    fig, sources = risk_matrix_figure(plan.risks, plan.risk_scale)
    assert set(sources) == set(SOURCES)
    for name, source in sources.items():
        assert isinstance(source, ColumnDataSource)
        assert source.name == name
    assert dict(sources["highlight"].data) == highlight_data(None)
    (tap,) = fig.select(type=TapTool)
    (hover,) = fig.select(type=HoverTool)
    assert [r.data_source for r in tap.renderers] == [sources["cells"]]
    assert hover.renderers == tap.renderers
    assert len(fig.toolbar.tools) == 2
    assert fig.toolbar_location is None
    assert fig.toolbar.logo is None
    assert {label.text for label in fig.select(type=Label)} == {"Threats", "Opportunities"}


def test_axes_name_the_levels_mirrored(plan: Plan) -> None:
    fig, _ = risk_matrix_figure(plan.risks, plan.risk_scale)
    (x_axis,) = fig.xaxis
    (y_axis,) = fig.yaxis
    labels = plan.risk_scale.impact_labels
    assert x_axis.ticker.ticks == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert x_axis.major_label_overrides[5] == x_axis.major_label_overrides[7] == labels[4]
    assert x_axis.major_label_overrides[1] == x_axis.major_label_overrides[11] == labels[0]
    assert y_axis.major_label_overrides == dict(
        enumerate(plan.risk_scale.probability_labels, start=1)
    )


def test_movement_is_drawn_only_in_movement_mode(plan: Plan) -> None:
    hidden, sources = risk_matrix_figure(plan.risks, plan.risk_scale)
    shown, _ = risk_matrix_figure(plan.risks, plan.risk_scale, movement=True)
    for fig, visible in ((hidden, False), (shown, True)):
        models = [fig.select_one({"name": name}) for name in MOVEMENT_MODELS]
        assert [model.visible for model in models] == [visible, visible]
    (arrow,) = hidden.select(type=Arrow)
    assert arrow.source is sources["movement"]


def test_band_marks_are_the_shortest_distinct_prefixes() -> None:
    bands = (RiskBand("Minor", 1, "#56B4E9"), RiskBand("Major", 5, "#F0E442"))
    assert band_marks(bands) == {"Minor": "Mi", "Major": "Ma"}
    assert band_marks(RiskScale().bands) == {"Low": "L", "Medium": "M", "High": "H"}


def test_text_is_light_on_dark_bands_and_dark_on_light_ones() -> None:
    assert ink("#000080") == theme.RISK_LIGHT_INK
    assert ink("#F0E442") == theme.RISK_DARK_INK
    assert ink("#D55E00") == theme.RISK_DARK_INK
    assert ink("navy") == theme.RISK_DARK_INK  # not #RRGGBB: dark, the common case
    scale = RiskScale(bands=(RiskBand("Low", 1, "#FFFFFF"), RiskBand("Severe", 10, "#101010")))
    data = matrix_data((), scale, residual=False)
    assert set(zip(data["band"], data["ink"], strict=True)) == {
        ("Low", theme.RISK_DARK_INK),
        ("Severe", theme.RISK_LIGHT_INK),
    }
