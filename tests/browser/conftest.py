"""Browser tests: Playwright drives Debian's Chromium against a live server.

Fixtures: `browser` (one Chromium for the session), `page` (a fresh context
on the live server that fails the test on a content-security-policy
violation or a missing static file), `sign_in_as(page, user)`, and the
helpers `check_accessibility(page)` (axe-core and the Nu HTML Checker, any
violation or HTML error fails) and
`screenshot(page, name)` (PNG files in test-artifacts/screenshots/).
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
from django.core.cache import cache

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "build" / "axe" / "axe.min.js"
# The Nu HTML Checker (the W3C validator), from npm's vnu-jar (`npm ci`); it
# needs java. VNU_JAR names another copy of vnu.jar.
VNU_JAR = Path(
    os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
)
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TAKE_SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS", "true").lower() not in ("0", "false", "no")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The WCAG 2.2 A and AA rules, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Playwright's sync API runs an event loop in the test's thread; the test
# still reads the database synchronously, which Django must be told is fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests need Chromium at {CHROMIUM}: install Debian's package with "
            "`apt-get install -y chromium` (CI does), or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, reference_data):
    # The shared cache lives in a table the test database's flush leaves
    # alone: start each walk-through from an empty one, as a new server would.
    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            problems.append(f"CSP: {message.text}")

    def on_response(response):
        local_static = response.url.startswith(live_server.url) and "/static/" in response.url
        if local_static and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    def on_document(response):
        # The page the browser shows (not a redirect on the way), for the HTML checker.
        if response.request.resource_type == "document" and not 300 <= response.status < 400:
            page._last_document = (response.url, response.request.method)

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("response", on_document)
    yield page
    context.close()
    assert problems == [], "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def sign_in_as(live_server):
    """Sign a page in as a user without the sign-in form (for tests not about it)."""
    from django.conf import settings
    from django.test import Client

    def sign_in(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return sign_in


class _HtmlChecker:
    """One Nu HTML Checker server for this test process, started when first asked."""

    process: subprocess.Popen | None = None
    port = 0
    skipped = ""

    @classmethod
    def url(cls) -> str | None:
        if cls.process is None and not cls.skipped:
            cls._start()
        return None if cls.skipped else f"http://127.0.0.1:{cls.port}/?out=json"

    @classmethod
    def _start(cls) -> None:
        java = shutil.which("java")
        if java is None or not VNU_JAR.exists():
            cls.skipped = (
                "the Nu HTML Checker needs java on the PATH"
                if java is None
                else f"the Nu HTML Checker is not installed ({VNU_JAR}): run `npm ci`"
            )
            warnings.warn(f"HTML not checked: {cls.skipped}.", stacklevel=3)
            return
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            cls.port = probe.getsockname()[1]
        cls.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            [
                java,
                "-Xss1024k",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(cls.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 180  # slow to start on a busy machine
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", cls.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("The Nu HTML Checker did not start within three minutes.")

    @classmethod
    def stop(cls) -> None:
        if cls.process is not None:
            cls.process.terminate()
            cls.process.wait(timeout=10)
            cls.process = None


@pytest.fixture(scope="session", autouse=True)
def _stop_html_checker():
    yield
    _HtmlChecker.stop()


def html_errors(body: bytes) -> list[str] | None:
    """The Nu HTML Checker's errors in an HTML document (None: no checker here)."""
    url = _HtmlChecker.url()
    if url is None:
        return None
    request = urllib.request.Request(  # noqa: S310 - our own local checker
        url, data=body, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        messages = json.load(answer)["messages"]
    return [
        f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '')}]"
        for message in messages
        if message["type"] == "error"
    ]


def check_html(page) -> None:
    """Fail on any error the Nu HTML Checker finds in the page as the server sent it."""
    document = getattr(page, "_last_document", None)
    if document is None or _HtmlChecker.url() is None:
        return
    page_url, method = document
    if method == "GET":
        # The HTML as the server sends it (the page's own cookies).
        body = page.request.get(page_url, max_redirects=0).body()
    else:
        # A page answering a form cannot be asked for again: its HTML as it is now.
        body = page.content().encode()
    errors = html_errors(body)
    assert errors == [], f"The HTML checker found errors on {page_url}:\n" + "\n".join(errors)


def check_accessibility(page) -> None:
    """Run axe-core on the page as it is now, and the Nu HTML Checker on the
    HTML the server sent for it; fail on any violation or error."""
    check_html(page)
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]
    assert violations == [], f"axe found problems on {page.url}:\n" + json.dumps(
        violations, indent=2
    )


def screenshot(page, name: str, *, full_page: bool = True) -> Path | None:
    """The page as a PNG; `full_page=False` for the first screen only. None,
    and no file, with BROWSER_SCREENSHOTS=false (CI: no one looks at them,
    and they are a tenth of the browser tests' time)."""
    if not TAKE_SCREENSHOTS:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def at_both_widths(page, name: str) -> None:
    """axe and the HTML checker on the page at desktop width and at a phone's,
    with a photograph of each (`<name>-desktop.png`, `<name>-phone.png`)."""
    for width, height, suffix in ((1280, 900, "desktop"), (375, 800, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        check_accessibility(page)
        screenshot(page, f"{name}-{suffix}")
    page.set_viewport_size({"width": 1280, "height": 900})
