"""Fixtures for browser tests: Debian's chromium, one Voila server per module, a watched page.

Playwright's own browser download cannot work on our machines, so the tests drive Debian's
``chromium`` package. Every request to a host other than loopback is blocked and recorded: a
page that needs the internet (a CDN) fails its test.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Route, sync_playwright

from .browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    VoilaServer,
    WatchedPage,
    is_known_external,
    is_loopback,
)

VOILA_START_TIMEOUT_S = 60


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


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    """Wait until a TCP connect succeeds (a GET would start, and leak, a kernel)."""
    deadline = time.monotonic() + VOILA_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"voila exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"voila did not listen on port {port} within {VOILA_START_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """Voila serving workbooks/ with the committed voila.py, on a free loopback port."""
    port = _free_loopback_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
    with log.open("w") as out:
        # cwd is the repository root: Voila reads voila.py from the directory it starts in.
        process = subprocess.Popen(
            [voila, "workbooks", f"--port={port}"],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(port, process, log)
        yield VoilaServer(url=f"http://127.0.0.1:{port}", log=log)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)  # Voila shuts its kernels down on SIGTERM
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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
        if is_known_external(source) and message.text.startswith("Failed to load resource"):
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
