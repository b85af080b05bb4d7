"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright's Python API.

Never `playwright install` (it downloads a browser): the tests use the system Chromium and serve the built
site from a local HTTP server. Every request that would leave 127.0.0.1 is aborted and recorded.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageWatch:
    """What a page did that a test fails on: console errors, uncaught exceptions, non-local requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def browser_page(base_url: str, width: int = 1280, height: int = 900) -> Iterator[tuple[object, PageWatch]]:
    from playwright.sync_api import sync_playwright

    watch = PageWatch()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})

            def route(route):  # type: ignore[no-untyped-def]
                if route.request.url.startswith(base_url) or route.request.url.startswith("data:"):
                    return route.continue_()
                watch.external_requests.append(route.request.url)
                return route.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
            page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
            yield page, watch
        finally:
            browser.close()


def wait_for_charts(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Wait until every chart on the page is drawn or failed; returns their states."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.tenure-chart')].every(f => "
        "['drawn', 'failed', 'unavailable', 'empty'].includes(f.getAttribute('data-chart-state')))",
        timeout=15_000,
    )
    return page.eval_on_selector_all(
        "figure.tenure-chart", "figures => figures.map(f => f.getAttribute('data-chart-state'))"
    )


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
