"""What the browser tests share: paths, chromium flags, and records of a server and a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
