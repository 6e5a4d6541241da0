"""The schedule table widget: labels, escaping, CSS class."""

from __future__ import annotations

import pandas as pd
import pytest

from pmwidgets.widgets.schedule_table import CSS_CLASS, schedule_table


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["1", "2"],
            "name": ["Pack <script>alert(1)</script>", "Book van & driver"],
            "start": pd.to_datetime(["2025-03-03", "2025-03-03"]).astype("datetime64[s]"),
            "finish": pd.to_datetime(["2025-03-05", "2025-03-03"]).astype("datetime64[s]"),
            "duration_days": [3.0, 0.5],
            "total_float_days": [0.0, 2.25],
            "free_float_days": [0.0, 2.0],
            "critical": [True, False],
            "wbs": ["1", "2"],
        }
    )


def test_critical_rows_carry_a_text_label_and_a_class(frame: pd.DataFrame) -> None:
    html = schedule_table(frame).value
    rows = html.split("<tbody>")[1].split("</tr>")[:-1]
    assert '<tr class="pmw-critical">' in rows[0] and ">Critical</span>" in rows[0]
    assert "pmw-critical" not in rows[1] and "Critical" not in rows[1]


def test_user_text_is_escaped(frame: pd.DataFrame) -> None:
    html = schedule_table(frame).value
    assert "<script>" not in html
    assert "Pack &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Book van &amp; driver" in html


def test_values_read_as_a_manager_writes_them(frame: pd.DataFrame) -> None:
    html = schedule_table(frame).value
    assert "<td>2025-03-05</td>" in html
    assert '<td class="pmw-num">0.5</td>' in html
    assert '<td class="pmw-num">2.25</td>' in html
    assert '<td class="pmw-num">3</td>' in html


def test_widget_has_its_css_class(frame: pd.DataFrame) -> None:
    assert CSS_CLASS in schedule_table(frame)._dom_classes


def test_missing_column_is_named(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="free_float_days"):
        schedule_table(frame.drop(columns="free_float_days"))


def test_summary_tasks_are_bold_and_children_indented(frame: pd.DataFrame) -> None:
    frame = frame.assign(outline_level=[1, 2], summary=[True, False])
    rows = schedule_table(frame).value.split("<tbody>")[1].split("</tr>")[:-1]
    assert rows[0].startswith('<tr class="pmw-critical pmw-summary">')
    assert '<td style="padding-left: 1.5em">Book van &amp; driver</td>' in rows[1]
