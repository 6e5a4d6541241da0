"""Earned value and earned schedule against the textbook cases of
tests/data/textbook/pmcontrols-validation-cases.json (hand derivations with published formulas,
and ProjectEngineer.net's worked example), plus the invariants any baseline must keep."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmwidgets import PlanError
from pmwidgets.core.earned_value import earned_schedule, earned_value

CASES = json.loads(
    (Path(__file__).parents[1] / "data/textbook/pmcontrols-validation-cases.json").read_text()
)["cases"]
EVM = [case for case in CASES if case["method"] == "evm"]
ES = [case for case in CASES if case["method"] == "earned_schedule"]
#: The case file calls AC + (BAC - EV) "typical"; PMBOK (and our status contract) calls it the
#: forecast for atypical variances, ``eac_atypical``.
OUR_NAMES = {"eac_typical": "eac_atypical"}


@pytest.mark.parametrize("case", EVM, ids=[case["id"] for case in EVM])
def test_earned_value_matches_the_textbook(case: dict) -> None:
    given_ = case["inputs"]
    status = earned_value(
        given_["periods"], given_["pv"], ev=given_["ev"], ac=given_["ac"], at=given_["at"]
    )
    assert case["expected"], "a case without expectations tests nothing"
    for name, expected in case["expected"].items():
        value = getattr(status, OUR_NAMES.get(name, name))
        assert value == pytest.approx(expected, abs=case["tol"], rel=case["tol"]), name


@pytest.mark.parametrize("case", ES, ids=[case["id"] for case in ES])
def test_earned_schedule_interpolates_as_lipke(case: dict) -> None:
    given_ = case["inputs"]
    es = earned_schedule(given_["periods"], given_["pv"], given_["ev"])
    assert es == pytest.approx(case["expected"]["es"], abs=case["tol"])


def test_nothing_to_measure_yet_is_none_not_infinity() -> None:
    status = earned_value([0, 1, 2], [0, 0, 100], ev=0, ac=0, at=1)
    assert status.cpi is None and status.spi is None and status.eac_cpi is None
    assert status.cv == 0 and status.eac_atypical == 100
    assert status.eac_cpi_spi is None and status.tcpi_eac is None


def test_the_combined_and_to_eac_forecasts() -> None:
    status = earned_value(range(11), [10_000 * t for t in range(11)], ev=30_000, ac=35_000, at=4)
    # AC + (BAC - EV) / (CPI x SPI) = 35,000 + 70,000 / (6/7 x 3/4)
    assert status.eac_cpi_spi == pytest.approx(35_000 + 70_000 / (6 / 7 * 0.75))
    # (BAC - EV) / (EAC - AC) with EAC = BAC / CPI: the CPI itself
    assert status.tcpi_eac == pytest.approx(6 / 7)


@pytest.mark.parametrize(
    ("periods", "pv", "message"),
    [
        ([0, 1], [0], "at least two periods"),
        ([0, 2, 1], [0, 1, 2], "must rise"),
        ([0, 1, 2], [0, 5, 3], "cannot fall"),
    ],
)
def test_a_bad_baseline_is_named(periods: list, pv: list, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        earned_value(periods, pv, ev=1, ac=1, at=1)


@given(
    steps=st.lists(st.floats(0, 1000, allow_nan=False), min_size=2, max_size=12),
    share=st.floats(0, 1),
)
def test_earned_schedule_lies_on_the_baseline(steps: list[float], share: float) -> None:
    pv = [0.0]
    for step in steps:
        pv.append(pv[-1] + step)
    periods = list(range(len(pv)))
    ev = share * pv[-1]
    es = earned_schedule(periods, pv, ev)
    assert 0 <= es <= periods[-1]
    if pv[-1] > 0:
        assert earned_value(periods, pv, ev=ev, ac=1, at=es).pv == pytest.approx(ev, abs=1e-6)
