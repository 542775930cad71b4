"""Browser journeys through the workplace, driven by Playwright on Debian's Chromium.

The app runs under uvicorn on a free loopback port against a temporary SQLite file
with the web test data set and the demo users. Each journey saves a screenshot in
`test-artifacts/` for people to look at.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paxscreen.config import load_settings
from paxscreen.store.engine import create_engine_for
from paxscreen.store.schema import load_metadata
from paxscreen.users.demo import DEMO_PASSWORD, ensure_demo_users
from paxscreen.web.app import create_app

from .seed import Seeded, seed

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded]]:
    import uvicorn

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'paxscreen.db'}"
    engine = create_engine_for(url)
    load_metadata().create_all(engine)
    with engine.begin() as connection:
        seeded = seed(connection, now=dt.datetime.now(dt.UTC))
        ensure_demo_users(connection, now=dt.datetime.now(dt.UTC))
    engine.dispose()
    port = _free_port()
    app = create_app(load_settings(database_url=url, secret_key="browser-test-secret-key"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", seeded
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _page(browser: object, base: str, username: str) -> object:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(120_000)  # the CI machine is shared and often busy
    for _attempt in range(2):  # a log-in racing a busy server may land on the form again
        page.goto(f"{base}/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if page.locator("header.top").count():
            return page
        assert not page.locator(".error").count(), page.text_content(".error")
    _shot(page, "login-failure")
    raise AssertionError(f"log-in as {username} did not reach the workplace: {page.url}")


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_log_in_and_open_a_flight(site: tuple[str, Seeded], browser: object) -> None:
    base, _ = site
    page = _page(browser, base, "analyst")
    assert page.url == f"{base}/"  # type: ignore[attr-defined]
    assert "open alerts" in page.text_content("main")  # type: ignore[attr-defined]
    _shot(page, "01-dashboard")
    page.click("nav >> text=Flights")  # type: ignore[attr-defined]
    page.click("text=XA101")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Manifest")  # type: ignore[attr-defined]
    assert page.is_visible("text=HASSAN/OMAR FAROUK")  # type: ignore[attr-defined]
    _shot(page, "02-flight")


def test_read_a_watchlist_hit_dispose_it_and_see_the_lookout(
    site: tuple[str, Seeded], browser: object
) -> None:
    base, seeded = site
    page = _page(browser, base, "analyst")
    page.goto(f"{base}/vetting")  # type: ignore[attr-defined]
    page.click("text=HASSAN/OMAR FAROUK")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Name agreement")  # type: ignore[attr-defined]
    assert page.is_visible("text=FARUQ")  # type: ignore[attr-defined]
    _shot(page, "03-traveller-hit-explained")
    hit = f"#hit-{seeded.hits['watchlist']}"
    page.select_option(f"{hit} select[name=disposition]", "referred")  # type: ignore[attr-defined]
    page.fill(f"{hit} input[name=reason]", "Name, birth date and nationality agree with entry 17")  # type: ignore[attr-defined]
    page.click(f"{hit} button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector(f"{hit} >> text=Name, birth date and nationality agree")  # type: ignore[attr-defined]
    assert page.is_visible("text=Saved.")  # type: ignore[attr-defined]
    officer = _page(browser, base, "officer")
    officer.goto(f"{base}/lookouts")  # type: ignore[attr-defined]
    lane = officer.locator("[data-lane=active]")  # type: ignore[attr-defined]
    assert "HASSAN/OMAR FAROUK" in lane.text_content()
    _shot(officer, "04-lookout-board")
    card = lane.locator("article").first
    card.locator("select[name=status]").select_option("encountered")
    card.locator("select[name=outcome]").select_option("secondary_positive")
    card.locator("button[type=submit]").click()
    officer.wait_for_selector("[data-lane=encountered] >> text=HASSAN/OMAR FAROUK")  # type: ignore[attr-defined]


def test_build_and_backtest_a_rule(site: tuple[str, Seeded], browser: object) -> None:
    base, _ = site
    page = _page(browser, base, "analyst")
    page.goto(f"{base}/rules/new")  # type: ignore[attr-defined]
    page.fill("input[name=code]", "CAI-LHR-EG")  # type: ignore[attr-defined]
    page.fill("input[name=title]", "Egyptian nationals arriving from Cairo")  # type: ignore[attr-defined]
    page.fill("input[name=justification]", "Intelligence report 2026/114 on this route")  # type: ignore[attr-defined]
    rows = page.locator("[data-row]")  # type: ignore[attr-defined]
    rows.nth(0).locator("select[name=row_field]").select_option("traveller.nationality")
    rows.nth(0).locator("input[name=row_value]").fill("EG")
    page.click("button[data-add-row='0']")  # type: ignore[attr-defined]
    rows.nth(1).locator("select[name=row_field]").select_option("traveller.debarkation")
    rows.nth(1).locator("input[name=row_value]").fill("LHR")
    page.click("button[value=backtest]")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Back-test result")  # type: ignore[attr-defined]
    assert "2 hits among 8 travellers" in " ".join(page.text_content("#backtest").split())  # type: ignore[attr-defined]
    _shot(page, "05-rule-backtest")


def test_open_the_link_graph_and_expand_a_node(site: tuple[str, Seeded], browser: object) -> None:
    base, seeded = site
    page = _page(browser, base, "analyst")
    page.goto(f"{base}/travellers/{seeded.travellers['HASSAN']}")  # type: ignore[attr-defined]
    page.click("main a[href^='/graph?traveller_id=']")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('graph').dataset.nodes > 0")  # type: ignore[attr-defined]
    before = int(page.get_attribute("#graph", "data-nodes"))  # type: ignore[attr-defined]
    tapped = page.evaluate(  # type: ignore[attr-defined]
        """() => { const node = window.paxGraph.nodes('[kind = "booking"]').first();
                   node.emit('tap'); return node.data('label'); }"""
    )
    page.wait_for_function(f"document.getElementById('graph').dataset.nodes > {before}")  # type: ignore[attr-defined]
    assert tapped == "QX7P2A"
    assert "open traveller page" in page.text_content("#selection")  # type: ignore[attr-defined]
    _shot(page, "06-link-graph")


def test_import_a_watchlist_with_a_bad_record(
    site: tuple[str, Seeded], browser: object, tmp_path: Path
) -> None:
    base, _ = site
    upload = tmp_path / "national.csv"
    upload.write_text(
        "id,full_name,date_of_birth,nationality,document_number,document_country\n"
        'W1,"HASAN, Omar Faruq",1984-03-12,EG,A1234567,EG\n'
        "W2,,1970,DE,,\n"
        "W3,Chidi Okafor,1975-09-09,NG,B5550001,NG\n"
    )
    page = _page(browser, base, "lists")
    page.goto(f"{base}/watchlists")  # type: ignore[attr-defined]
    page.fill("input[name=name]", "National watchlist")  # type: ignore[attr-defined]
    page.select_option("select[name=category]", "terrorism")  # type: ignore[attr-defined]
    page.click("text=Create list")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Import a file")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(upload))  # type: ignore[attr-defined]
    page.click("button:text('Import')")  # type: ignore[attr-defined]
    page.wait_for_selector("#import-report")  # type: ignore[attr-defined]
    report = page.text_content("#import-report")  # type: ignore[attr-defined]
    assert "Version 1 stored with 2 entries" in report and "entry W2: no name" in report
    _shot(page, "07-watchlist-import-report")
