"""The web inspector in a real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium), against a real uvicorn with real data.

Each page must load with no console error, be reachable from the keyboard, give every
input a label, and leave a screenshot in ``test-artifacts/inspector/``. A tenant key
sees only its tenant. ``.ci/run`` installs Chromium; without it these tests fail with
the command that installs it, never skip."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from service_util import Service, running_service
from test_cli import REPO

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
if CHROMIUM is None or DRIVER is None:  # a real browser or no test: never a skip
    raise RuntimeError(
        "the inspector tests need Debian's chromium and chromium-driver: "
        "apt-get install -y --no-install-recommends chromium chromium-driver (.ci/run does)"
    )

ARTIFACTS = Path(os.environ.get("TIERMEM_TEST_ARTIFACTS", REPO / "test-artifacts")) / "inspector"
PAGES = ["Overview", "Tiers", "Search", "Runs", "Retention", "Profile"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with running_service(tmp_path_factory.mktemp("inspector")) as service:
        memory = service.memory
        for text in (
            "I live in Paris",
            "I keep two cats, Miso and Tofu",
            "I keep two cats, Miso and Tofu",
            "My dentist is Dr Alves",
            "<b>bold</b> claims are my <script>alert('x')</script> motto",
        ):
            memory.add(text, user_id="alice")
        memory.consolidate()
        memory.add("I moved to Berlin", user_id="alice")
        memory.add("I play chess on Sundays", user_id="bob")
        memory.consolidate()
        memory.add("My dentist is Dr Kim now", user_id="alice")  # still in the short tier
        yield service


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument("--window-size=1400,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        options=options, service=webdriver.ChromeService(executable_path=str(DRIVER))
    )
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def _key(headers: dict[str, str]) -> str:
    return headers.get("X-API-Key") or headers["Authorization"].removeprefix("Bearer ")


def _log_in(browser: WebDriver, url: str, key: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{url}/ui")
    _arrived(browser, "/ui/login")  # no key: the login form, and no memory
    assert "Paris" not in browser.page_source
    label = browser.find_element(By.XPATH, "//label[normalize-space()='API key']")
    field = browser.find_element(By.ID, label.get_attribute("for") or "")
    field.send_keys(key)
    field.send_keys(Keys.ENTER)  # the keyboard submits the form
    _arrived(browser, "/ui")


def _checked(browser: WebDriver, name: str) -> None:
    """No console error, every visible input labelled, a screenshot kept."""
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], (name, errors)
    for field in browser.find_elements(By.CSS_SELECTOR, "input:not([type=hidden])"):
        field_id = field.get_attribute("id")
        labelled = bool(field_id) and browser.find_elements(
            By.CSS_SELECTOR, f"label[for='{field_id}']"
        )
        wrapped = field.find_elements(By.XPATH, "ancestor::label")
        assert labelled or wrapped or field.get_attribute("aria-label"), (name, field_id)
    assert "<script>alert" not in browser.page_source.replace("&lt;script&gt;", "")
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _arrived(browser: WebDriver, path: str, *, left: str | None = None) -> None:
    """Wait until the browser shows ``path`` (a click or a submit navigates later); with
    ``left``, until it shows a page under ``path`` other than the URL ``left``."""

    def there(b: WebDriver) -> bool:
        ready = b.execute_script("return document.readyState") == "complete"
        shown = b.current_url.split("?")[0].rstrip("/")
        if left is not None:
            return bool(ready and path in shown and b.current_url != left)
        return bool(shown.endswith(path) and ready)

    WebDriverWait(browser, 30).until(there)


def _loaded(browser: WebDriver, url: str) -> bool:
    ready = browser.execute_script("return document.readyState") == "complete"
    return bool(browser.current_url == url and ready)


def _go_by_keyboard(browser: WebDriver, label: str) -> None:
    """Tab to the nav link named ``label`` and press Enter, as a keyboard user would."""
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.HOME)
    for _ in range(40):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if active.tag_name == "a" and active.text.strip() == label:
            target = active.get_attribute("href") or ""
            active.send_keys(Keys.ENTER)
            WebDriverWait(browser, 30).until(functools.partial(_loaded, url=target))
            return
    raise AssertionError(f"no nav link {label!r} reachable with Tab")


def test_admin_logs_in_and_walks_every_page(filled: Service, browser: WebDriver) -> None:
    _log_in(browser, filled.url, _key(filled.admin))
    page = browser.page_source
    assert all(tier in page for tier in ("short", "mid", "long"))
    assert "u=alice" in page and "u=bob" in page  # an admin sees every tenant
    browser.get(f"{filled.url}/ui?tenant=u%3Dalice")
    assert browser.find_elements(By.CSS_SELECTOR, "figure.plot svg[role=img]")  # a picture
    _checked(browser, "overview")
    for label in PAGES[1:]:
        _go_by_keyboard(browser, label)
        current = browser.find_element(By.CSS_SELECTOR, "nav a[aria-current=page]")
        assert current.text == label and "tenant=u%3Dalice" in browser.current_url
        _checked(browser, label.lower())

    browser.get(f"{filled.url}/ui/tiers?tenant=u%3Dalice")
    columns = browser.find_elements(By.CSS_SELECTOR, "section.tier")
    assert [c.find_element(By.TAG_NAME, "h2").text.split()[0] for c in columns] == [
        "short",
        "mid",
        "long",
    ]
    assert "Dr Kim" in columns[0].text and "Berlin" in columns[2].text
    here = browser.current_url
    columns[2].find_element(By.PARTIAL_LINK_TEXT, "Berlin").click()
    _arrived(browser, "/ui/memory/", left=here)
    kinds = [k.text for k in browser.find_elements(By.CSS_SELECTOR, ".timeline .kind")]
    assert kinds[0] in ("ADD", "EXTRACT", "PROMOTE") and "PROMOTE" in kinds
    assert "began as that observation" in browser.page_source  # its source
    _checked(browser, "memory")
    browser.get(f"{filled.url}/ui/tiers?tenant=u%3Dalice")
    here = browser.current_url
    browser.find_element(By.PARTIAL_LINK_TEXT, "two cats").click()  # said twice: merged
    _arrived(browser, "/ui/memory/", left=here)
    assert "EXTRACT" in [k.text for k in browser.find_elements(By.CSS_SELECTOR, ".kind")]
    sources = browser.find_elements(By.CSS_SELECTOR, "a[href^='/ui/memory/'] code")
    assert sources  # the other observation it came from, linked
    here = browser.current_url
    sources[0].click()
    _arrived(browser, "/ui/memory/", left=here)
    assert browser.find_elements(By.CSS_SELECTOR, ".timeline .kind")
    _checked(browser, "memory")

    browser.get(f"{filled.url}/ui/search?tenant=u%3Dalice")
    query = browser.find_element(By.ID, "q")
    query.send_keys("where do I live now?")
    query.send_keys(Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".hits > li"))
    first = browser.find_element(By.CSS_SELECTOR, ".hits > li")
    assert "Berlin" in first.text
    parts = {th.text for th in first.find_elements(By.CSS_SELECTOR, ".parts th")}
    assert {"relevance", "lexical", "recency", "tier_prior"} <= parts
    _checked(browser, "search-results")

    browser.get(f"{filled.url}/ui/retention?tenant=u%3Dbob")  # bob's fact waits in mid
    assert browser.find_elements(By.CSS_SELECTOR, "figure.plot svg[role=img]")
    assert "I play chess on Sundays" in browser.page_source
    _checked(browser, "retention-curves")
    browser.get(f"{filled.url}/ui/runs?tenant=u%3Dalice")
    # once, under load, page_source read '' right after get(): wait for the page itself
    WebDriverWait(browser, 30).until(lambda b: "SUPERSEDE" in b.page_source)
    assert "PROMOTE" in browser.page_source


def test_a_tenant_key_sees_only_its_tenant(filled: Service, browser: WebDriver) -> None:
    _log_in(browser, filled.url, _key(filled.bob))
    assert "u=bob" in browser.page_source and "u=alice" not in browser.page_source
    _checked(browser, "tenant-overview")
    browser.get(f"{filled.url}/ui/tiers?tenant=u%3Dalice")
    assert "Paris" not in browser.page_source and "Berlin" not in browser.page_source
    alice_fact = filled.memory.get_all(user_id="alice", tier="long")["results"][0]["id"]
    browser.get(f"{filled.url}/ui/memory/{alice_fact}")
    assert "no memory" in browser.page_source.lower()
    browser.get_log("browser")  # the refusals above were meant to log errors
    browser.find_element(By.TAG_NAME, "body")
    browser.get(f"{filled.url}/ui")
    browser.find_element(By.CSS_SELECTOR, "form.logout button").click()
    _arrived(browser, "/ui/login")
    browser.get(f"{filled.url}/ui/profile")
    _arrived(browser, "/ui/login")
