"""ipywidgets compositions over the pmwidgets core and plotting modules."""

from pmwidgets.widgets.change_log import ChangeLog
from pmwidgets.widgets.change_requests import ChangeRequestRegister
from pmwidgets.widgets.earned_value_chart import EarnedValueChart
from pmwidgets.widgets.plan_diff import PlanDiffView
from pmwidgets.widgets.progress_table import ProgressTable

__all__ = [
    "ChangeLog",
    "ChangeRequestRegister",
    "EarnedValueChart",
    "PlanDiffView",
    "ProgressTable",
]
