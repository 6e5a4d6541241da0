"""Fixtures for browser tests: Debian's chromium, a store and a Voila server per module, a
watched page.

Playwright's own browser download cannot work on our machines, so the tests drive Debian's
``chromium`` package. Every request to a host other than loopback is blocked and recorded: a
page that needs the internet (a CDN) fails its test.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Route, sync_playwright

from pmwidgets.store.engine import DB_ENV

from .browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    VoilaServer,
    WatchedPage,
    is_known_failed_load,
    is_loopback,
    run_voila,
)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium, installed with apt-get if missing (needs root)."""
    if not CHROMIUM.exists():
        if os.geteuid() != 0:
            pytest.skip(f"{CHROMIUM} is missing and only root can apt-get install chromium")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-2000:]}"
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing after apt-get install chromium"
    return str(CHROMIUM)


@pytest.fixture(scope="module", autouse=True)
def module_store(new_sample_store: Callable[[str], str]) -> Iterator[str]:
    """Point ``PMWIDGETS_DB``, for this module's tests and the Voila servers they start, at a
    store of the module's own holding the sample project: browser tests save as a manager
    would, and the session's shared store stays as seeded (pages that list every project of a
    store, like the capacity forecast, would show what they saved)."""
    url = new_sample_store("ui_store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DB_ENV, url)
        yield url


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """Voila serving workbooks/ with the committed voila.py, on a free loopback port."""
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with run_voila(ROOT / "workbooks", log) as server:
        yield server


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless chromium per test module."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[WatchedPage]:
    """A fresh page whose requests to any host but loopback are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = WatchedPage(page=context.new_page())

    def route(route: Route) -> None:
        if is_loopback(route.request.url):
            route.continue_()
        else:
            watched.external_requests.append(route.request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        text = f"{message.text} ({source})"
        # Blocking a known request logs "Failed to load resource" with that URL as source.
        if is_known_failed_load(source, message.text):
            watched.known_console_errors.append(text)
        else:
            watched.console_errors.append(text)

    context.route("**/*", route)
    watched.page.on("console", on_console)
    watched.page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    try:
        yield watched
    finally:
        context.close()
    unexpected = watched.unexpected_requests()
    assert not unexpected, f"requests to hosts off this machine: {unexpected}"
