"""Earned value and earned schedule from a performance measurement baseline.

The baseline is the planned value (PV) curve: cumulative budgeted cost at period boundaries
``periods[0] .. periods[-1]`` (the planned duration is ``periods[-1] - periods[0]``). At the
actual time ``at`` the project has earned ``ev`` and spent ``ac``. The indices follow PMBOK;
earned schedule (ES, SV(t), SPI(t), IEAC(t)) follows Lipke (2003), with his interpolation of
the PV curve. A ratio whose denominator is zero (nothing planned yet, nothing spent) is
``None``, not infinity: there is nothing to measure yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmwidgets.core.errors import PlanError


@dataclass(frozen=True)
class EarnedValue:
    """The status of a project at one moment, against its baseline."""

    bac: float
    planned_duration: float
    at: float
    pv: float
    ev: float
    ac: float
    es: float

    @property
    def cv(self) -> float:
        """Cost variance: negative is over budget."""
        return self.ev - self.ac

    @property
    def sv(self) -> float:
        """Schedule variance in money: negative is behind."""
        return self.ev - self.pv

    @property
    def cpi(self) -> float | None:
        return _ratio(self.ev, self.ac)

    @property
    def spi(self) -> float | None:
        return _ratio(self.ev, self.pv)

    @property
    def eac_cpi(self) -> float | None:
        """Estimate at completion if the cost efficiency so far continues: BAC / CPI."""
        return _ratio(self.bac, self.cpi) if self.cpi else None

    @property
    def eac_atypical(self) -> float:
        """Estimate at completion if the variances so far were atypical and the rest goes to
        budget: AC + (BAC - EV)."""
        return self.ac + self.bac - self.ev

    @property
    def eac_cpi_spi(self) -> float | None:
        """Estimate at completion if both cost and schedule efficiency weigh on the rest:
        AC + (BAC - EV) / (CPI x SPI)."""
        if not self.cpi or not self.spi:
            return None
        return self.ac + (self.bac - self.ev) / (self.cpi * self.spi)

    @property
    def etc(self) -> float | None:
        """Estimate to complete, on the CPI forecast."""
        return None if self.eac_cpi is None else self.eac_cpi - self.ac

    @property
    def vac(self) -> float | None:
        """Variance at completion, on the CPI forecast: negative is an overrun."""
        return None if self.eac_cpi is None else self.bac - self.eac_cpi

    @property
    def tcpi_bac(self) -> float | None:
        """The cost efficiency the remaining work needs to finish on budget."""
        return _ratio(self.bac - self.ev, self.bac - self.ac)

    @property
    def tcpi_eac(self) -> float | None:
        """The cost efficiency the remaining work needs to finish at the CPI forecast (EAC)."""
        return None if self.eac_cpi is None else _ratio(self.bac - self.ev, self.eac_cpi - self.ac)

    @property
    def sv_t(self) -> float:
        """Schedule variance in time (periods): negative is behind."""
        return self.es - self.at

    @property
    def spi_t(self) -> float | None:
        return _ratio(self.es, self.at)

    @property
    def ieac_t(self) -> float | None:
        """Independent estimate of the duration at completion: PD / SPI(t)."""
        return _ratio(self.planned_duration, self.spi_t) if self.spi_t else None


def earned_schedule(periods: Sequence[float], pv: Sequence[float], ev: float) -> float:
    """The time at which the baseline planned to have earned ``ev`` (Lipke's interpolation:
    the last period boundary whose PV is at most EV, plus the fraction of the next period)."""
    times, values = _baseline(periods, pv)
    reached = np.flatnonzero(values <= ev + 1e-9 * max(1.0, abs(ev)))
    if len(reached) == 0:
        return float(times[0])
    last = int(reached[-1])
    if last == len(values) - 1 or values[last + 1] == values[last]:
        return float(times[last])
    fraction = (ev - values[last]) / (values[last + 1] - values[last])
    return float(times[last] + fraction * (times[last + 1] - times[last]))


def earned_value(
    periods: Sequence[float], pv: Sequence[float], *, ev: float, ac: float, at: float
) -> EarnedValue:
    """Earned value and earned schedule at time ``at``.

    Raises
    ------
    PlanError
        When the baseline is not rising times with a cumulative (never falling) PV, or a
        value is negative.
    """
    times, values = _baseline(periods, pv)
    for name, value in (("ev", ev), ("ac", ac)):
        if value < 0:
            raise PlanError(
                f"{name.upper()} {value:g} cannot be negative.", field=name, value=value
            )
    planned = float(np.interp(at, times, values))
    return EarnedValue(
        bac=float(values[-1]),
        planned_duration=float(times[-1] - times[0]),
        at=float(at),
        pv=planned,
        ev=float(ev),
        ac=float(ac),
        es=earned_schedule(times, values, ev),
    )


def _baseline(periods: Sequence[float], pv: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    times = np.asarray(periods, dtype=float)
    values = np.asarray(pv, dtype=float)
    if len(times) != len(values) or len(times) < 2:
        raise PlanError(
            "The baseline needs at least two periods, each with its planned value.",
            field="pv",
            value=len(values),
        )
    if np.any(np.diff(times) <= 0):
        raise PlanError("Baseline periods must rise.", field="periods", value=list(periods))
    if np.any(np.diff(values) < 0) or values[0] < 0:
        raise PlanError(
            "Planned value is cumulative: it cannot fall or be negative.",
            field="pv",
            value=list(pv),
        )
    return times, values


def _ratio(top: float, bottom: float | None) -> float | None:
    return None if not bottom else top / bottom
