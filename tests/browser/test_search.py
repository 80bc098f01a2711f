"""A member of staff searches the practice database, narrows, pages and saves."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from practice_db.models import SavedSearch
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import OrganisationFactory, PracticeExampleFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def examples(reference_data):
    from directory.models import Region

    london = Region.objects.get(slug="london")
    trent = Region.objects.get(slug="trent")
    thames = OrganisationFactory(name="Thames Riverside Hospitals NHS Trust", region=london)
    sherwood = OrganisationFactory(name="Sherwood Vale Hospitals NHS Trust", region=trent)
    access = TopicFactory(name="Access and waiting", slug="access")
    discharge = TopicFactory(name="Discharge and beds", slug="discharge", parent=access)
    start = datetime(2000, 3, 1, 10, tzinfo=ZoneInfo("Europe/London"))
    for n in range(40):
        PracticeExampleFactory(
            published=True,
            published_at=start + timedelta(days=n),
            title=f"Discharge lounge {n + 1}: patients home before noon",
            summary="A nurse-led discharge lounge freed beds for emergency admissions.",
            organisation=thames if n < 30 else sherwood,
            evidence_rating="strong" if n % 4 else "moderate",
            topics=[discharge],
        )
    return {"london": london}


@pytest.fixture
def reader(examples):
    return UserFactory(email="ren.reader@nhs.net", full_name="Ren Reader")


def test_search_narrow_page_and_save(page, sign_in_as, reader):
    sign_in_as(page, reader)
    page.goto("/")
    page.locator("#search-field").fill("discharge")
    page.get_by_role("button", name="Search").first.click()
    # The header searches everything, then each kind's own search goes further.
    expect(page).to_have_url(re.compile(r"/search/\?q=discharge"))
    check_accessibility(page)
    screenshot(page, "search-everything")
    page.get_by_role("link", name=re.compile(r"See all 40 practice examples")).click()
    expect(page).to_have_url(re.compile(r"/practice/search/\?q=discharge"))
    expect(page.get_by_role("heading", level=2, name=re.compile("40 examples"))).to_be_visible()
    expect(page.locator("mark").first).to_have_text(re.compile("discharge", re.IGNORECASE))
    check_accessibility(page)
    screenshot(page, "search-results")

    filters = page.get_by_role("form", name="Filters")
    filters.get_by_label(re.compile(r"^London")).check()
    filters.get_by_label(re.compile(r"^Strong")).check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=\d+.*evidence=strong"))
    heading = page.get_by_role("heading", level=2, name=re.compile("22 examples"))
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Region: London"))).to_be_visible()
    check_accessibility(page)
    screenshot(page, "search-filtered")

    pagination = page.get_by_role("navigation", name="Pages of results")
    pagination.get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Showing 21 to 22")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "search-page-2")

    page.get_by_label("Save this search").fill("Discharge in London")
    page.get_by_role("button", name="Save search").click()
    expect(page.get_by_text("Saved “Discharge in London”")).to_be_visible()
    saved = SavedSearch.objects.get(user=reader)
    assert "region=" in saved.query_string and "evidence=strong" in saved.query_string
    check_accessibility(page)

    page.get_by_role("link", name="Your saved searches").click()
    expect(page.get_by_role("link", name="Discharge in London")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "search-saved")


def test_empty_and_fruitless_searches_help(page, sign_in_as, reader):
    sign_in_as(page, reader)
    page.goto("/practice/search/")
    expect(page.get_by_role("heading", name="Browse by topic")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "search-empty")
    page.get_by_label("Words to search for").fill("zebra crossings")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="No examples found")).to_be_visible()
    expect(page.get_by_text("use fewer words")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "search-no-results")


def test_on_a_phone_the_first_result_is_on_the_first_screen(page, sign_in_as, reader):
    page.set_viewport_size({"width": 375, "height": 667})
    sign_in_as(page, reader)
    page.goto("/practice/search/?q=discharge")
    first = page.locator(".app-search-result").first
    expect(first).to_be_visible()
    screenshot(page, "search-results-phone-first-screen", full_page=False)
    box = first.locator("h3").bounding_box()
    assert box["y"] + box["height"] <= 667, f"first result ends at {box['y'] + box['height']}px"
    # The filters come after the results, closed, with Apply at their top.
    filters = page.locator("details.app-search-filters")
    assert filters.get_attribute("open") is None
    assert filters.bounding_box()["y"] > box["y"]
    # Sub-topics are heard with their subject.
    expect(page.get_by_label("Access and waiting: Discharge and beds")).to_be_attached()
    check_accessibility(page)
    filters.locator("summary").click()
    page.get_by_label(re.compile(r"^London")).check()
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page).to_have_url(re.compile(r"region="))
    page.get_by_role("link", name="Clear filters").click()
    expect(page).not_to_have_url(re.compile(r"region="))
    expect(page).to_have_url(re.compile(r"q=discharge"))
    screenshot(page, "search-filters-phone")
