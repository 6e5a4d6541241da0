"""Browser tests: Voila pages driven in Debian's chromium by Playwright."""
