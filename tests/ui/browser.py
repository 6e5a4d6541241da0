"""What the browser tests share: paths, chromium flags, and records of a server and a page."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
VOILA_START_TIMEOUT_S = 60
VOILA_SHUTDOWN_PATH = "/voila/api/shutdown/"

# Requests to other hosts that are blocked but known to be harmless.
KNOWN_EXTERNAL_URLS = (
    # Voila's lab template links FontAwesome's CSS from a CDN. Our pages use no FontAwesome
    # icon; offline the link just fails.
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@",
)


def is_loopback(url: str) -> bool:
    """True for URLs that stay on this machine (or in the page itself)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK_HOSTS


def is_known_external(url: str) -> bool:
    return url.startswith(KNOWN_EXTERNAL_URLS)


def is_known_failed_load(url: str, text: str) -> bool:
    """A "Failed to load resource" console error that is known and harmless: a blocked known
    external URL, or Voila refusing the kernel shutdown a page sends when it is left (403,
    missing _xsrf; voila.py's culler stops that kernel instead)."""
    if not text.startswith("Failed to load resource"):
        return False
    refused_shutdown = is_loopback(url) and urlsplit(url).path.startswith(VOILA_SHUTDOWN_PATH)
    return is_known_external(url) or (refused_shutdown and "403" in text)


@dataclass
class VoilaServer:
    """A running Voila: its base URL and its log file."""

    url: str
    log: Path

    def render_url(self, notebook: str) -> str:
        return f"{self.url}/voila/render/{notebook}"


@dataclass
class WatchedPage:
    """A playwright page with what went wrong in it: JS errors and off-machine requests."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    known_console_errors: list[str] = field(default_factory=list)

    def unexpected_requests(self) -> list[str]:
        return [url for url in self.external_requests if not is_known_external(url)]

    def unexpected_errors(self) -> list[str]:
        return self.console_errors + self.page_errors

    def assert_clean(self) -> None:
        """Fail on any JS error or off-machine request not known to be harmless."""
        requests = self.unexpected_requests()
        assert not requests, f"requests to hosts off this machine: {requests}"
        errors = self.unexpected_errors()
        assert not errors, f"JavaScript errors: {errors}"


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    """Wait until a TCP connect succeeds (a GET would start, and leak, a kernel)."""
    deadline = time.monotonic() + VOILA_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"voila exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"voila did not listen on port {port} within {VOILA_START_TIMEOUT_S} s")


@contextmanager
def run_voila(notebooks: Path, log: Path) -> Iterator[VoilaServer]:
    """Voila serving the folder ``notebooks`` with the committed voila.py, on a free loopback
    port, stopped (kernels included) on exit. The store is whatever ``PMWIDGETS_DB`` says."""
    port = _free_loopback_port()
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
    with log.open("w") as out:
        # cwd is the repository root: Voila reads voila.py from the directory it starts in.
        process = subprocess.Popen(
            [voila, str(notebooks), f"--port={port}"],
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


def workbook_copy(source: Path, target: Path, **parameters: object) -> Path:
    """Copy a workbook to ``target`` with its parameters cell set to ``parameters`` (as
    papermill would), e.g. to open a generated plan in the editor."""
    notebook = nbformat.read(source, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target
