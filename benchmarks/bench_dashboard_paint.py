"""First paint of the stakeholder dashboards under Voila, beside a bare Voila page.

The dashboards (``workbooks/dashboards/portfolio.ipynb`` and ``project_status.ipynb`` for a
late project) are served by Voila over a fresh store seeded with the sample PMO portfolio
(``sample_data/make_portfolio.py``) and opened in headless chromium, each in a fresh browser
context, as a visitor would. Two moments are taken in the page's own clock
(``performance.now()``, from navigation start):

- **first paint**: the first animation frame showing the dashboard's content (the portfolio's
  table; the project page's heading with its rating). The browser's own
  ``first-contentful-paint`` is printed too, but it only marks Voila's loading page;
- **complete**: the first frame in which everything is drawn (the project page's
  earned-value curves).

The dashboards are served as ``make demo`` serves them, from Voila's pool of warmed-up kernels
(``voila.py``): each round waits for the pool to refill. The floor is a bare page served without
a pool: one markdown cell and a label widget, i.e. what Voila itself costs (a kernel start and
the widget manager) on this machine.

It prints medians and 90th percentiles, each median over the floor's, and issue #8's target
(first paint in a median of at most 3 s with the sample data) with PASS or FAIL. Run
``python benchmarks/bench_dashboard_paint.py [--samples N]``; it needs Debian's chromium at
``/usr/bin/chromium``, as the browser tests do.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the browser tests' helpers, shared with this benchmark
sys.path.insert(0, str(ROOT / "tests"))

from sample_scripts import make_portfolio  # noqa: E402

from pmwidgets.store import Store  # noqa: E402
from pmwidgets.store.engine import DB_ENV  # noqa: E402
from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS, run_voila  # noqa: E402

SAMPLES = 7
TARGET_MS = 3_000.0
TIMEOUT_MS = 120_000
#: Seconds between rounds, for Voila to warm up the next pooled kernel of each dashboard (see
#: voila.py); a visitor arriving sooner after another gets a cold kernel, like the floor.
REFILL_S = 30
FLOOR = "floor.ipynb"
#: Page, and the predicates that say its content shows and that it is completely drawn.
PAGES = {
    "dashboards/portfolio.ipynb": ("document.querySelector('.pmw-portfolio table')",) * 2,
    "dashboards/project_status.ipynb?project=CRM%20migration": (
        "document.querySelector('.pmw-project-summary h1 .pmw-rag')",
        "document.querySelector('.pmw-project-summary svg polyline')",
    ),
    FLOOR: ("document.querySelector('.pmw-floor')",) * 2,
}
READY_JS = """(ready) => new Promise((resolve) => {
  const check = () => (eval(ready) ? resolve(performance.now()) : requestAnimationFrame(check));
  check();
})"""
PAINT_JS = """() => {
  const entry = performance.getEntriesByName('first-contentful-paint')[0];
  return entry ? entry.startTime : null;
}"""


@dataclass
class Sample:
    browser_fcp_ms: float
    first_paint_ms: float
    complete_ms: float


def floor_notebook(path: Path) -> None:
    """A page with nothing but Voila's own cost: a heading and one widget."""
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Floor"),
            new_code_cell(
                "import ipywidgets\n\nlabel = ipywidgets.Label('ready')\n"
                "label.add_class('pmw-floor')\nlabel"
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(notebook, path)


def measure(browser: Browser, url: str, content: str, complete: str) -> Sample:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    try:
        page.goto(url, timeout=TIMEOUT_MS)
        first_paint = page.evaluate(READY_JS, content)
        complete_ms = page.evaluate(READY_JS, complete)
        browser_fcp = page.evaluate(PAINT_JS)
        return Sample(browser_fcp or first_paint, first_paint, complete_ms)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=SAMPLES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "workbooks"
        shutil.copytree(ROOT / "workbooks" / "dashboards", folder / "dashboards")
        floor_notebook(folder / FLOOR)
        url = f"sqlite:///{Path(scratch) / 'portfolio.db'}"
        with Store(url) as store:
            make_portfolio.seed(store)
        os.environ[DB_ENV] = url
        results: dict[str, list[Sample]] = {name: [] for name in PAGES}
        with run_voila(folder, Path(scratch) / "voila.log") as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name, ready in PAGES.items():
                measure(browser, server.render_url(name), *ready)  # warm-up: imports cached
            for _round in range(args.samples):
                time.sleep(REFILL_S)
                for name, ready in PAGES.items():
                    results[name].append(measure(browser, server.render_url(name), *ready))
            browser.close()
            warmed = server.log.read_text().count("Using pre-heated kernel")
    report(results, args.samples)
    print(
        f"Pages served from a warmed-up kernel: {warmed} of {args.samples * 2 + 2} dashboard views"
    )


def report(results: dict[str, list[Sample]], samples: int) -> None:
    print(
        f"Dashboard first paint, {samples} samples each; Python {platform.python_version()}, "
        f"voila {version('voila')}, chromium headless, {os.cpu_count()} cores"
    )
    floor = statistics.median(s.first_paint_ms for s in results[FLOOR])
    print(
        f"{'page':46} {'browser FCP':>11} {'first paint':>11} {'p90':>8} {'complete':>9} "
        f"{'p90':>8} {'/ floor':>7}"
    )
    passed = True
    for name, found in results.items():
        fcp = statistics.median(s.browser_fcp_ms for s in found)
        paint = sorted(s.first_paint_ms for s in found)
        complete = sorted(s.complete_ms for s in found)
        median_paint = statistics.median(paint)
        print(
            f"{name:46} {fcp:8.0f} ms {median_paint:8.0f} ms {_p90(paint):5.0f} ms "
            f"{statistics.median(complete):6.0f} ms {_p90(complete):5.0f} ms "
            f"{median_paint / floor:7.1f}"
        )
        if name != FLOOR:
            passed &= median_paint <= TARGET_MS
    verdict = "PASS" if passed else "FAIL"
    print(f"Target: first paint median <= {TARGET_MS:.0f} ms for each dashboard: {verdict}")


def _p90(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]


if __name__ == "__main__":
    main()
