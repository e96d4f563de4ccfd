"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright.

Playwright's own browser download does not work everywhere, so the tests use the
system browser (`apt-get install chromium`; .ci/run installs it). Without it the
browser tests skip locally and fail in CI (where CI=true), so CI never passes
without having run them.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Quiet, offline-friendly flags: without the background-networking ones Chromium keeps
# trying to reach Google's servers.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


def require_chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run should install it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


@contextmanager
def browser():
    """A headless Chromium browser; closed even when the test fails."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield instance
        finally:
            instance.close()


def offline_page(instance, viewport=(1280, 900)):
    """A page that may load file:// and data: URLs only.

    Returns (page, problems): problems lists every request sent to the network (and
    blocked) and every local file that failed to load.
    """
    blocked: list[str] = []
    page = instance.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.on("requestfailed", lambda request: None if request.url in blocked else
            blocked.append(f"failed: {request.url}"))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    return page, blocked
