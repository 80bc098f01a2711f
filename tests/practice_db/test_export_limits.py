"""What search exports send: the CSV stops where the pages stop, and says so;
the Atom feed never hands a reader HTML that someone typed."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from practice_db import search
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def five_stroke_examples(london_trust):
    return [
        PracticeExampleFactory(
            status="published", title=f"Stroke unit {n}", organisation=london_trust
        )
        for n in range(5)
    ]


@pytest.mark.parametrize("sort", ["newest", "title", "relevance"])
def test_the_csv_stops_where_the_pages_stop_and_says_so(
    client_as, five_stroke_examples, monkeypatch, sort
):
    monkeypatch.setattr(search, "result_limit", lambda params: 3)
    response = client_as("staff").get(
        reverse("practice_db:search_csv"), {"q": "stroke", "sort": sort}
    )
    rows = read_csv(response)
    assert len(rows) == 1 + 3 + 1  # the header, three examples, the note
    assert all(row[0].startswith("Stroke unit") for row in rows[1:4])
    assert rows[-1][0] == (
        "This export stops at the first 3 examples, as the search pages do. "
        "Add words or choose filters to narrow the search."
    )


def test_a_csv_within_the_limit_has_no_note(client_as, five_stroke_examples, monkeypatch):
    monkeypatch.setattr(search, "result_limit", lambda params: 6)
    rows = read_csv(client_as("staff").get(reverse("practice_db:search_csv"), {"q": "stroke"}))
    assert len(rows) == 1 + 5
    assert all(row[0].startswith("Stroke unit") for row in rows[1:])


def test_the_feed_gives_the_summary_as_text_not_html(client_as, london_trust):
    PracticeExampleFactory(
        status="published",
        title="Stroke unit",
        summary='Faster <img src=x onerror="alert(1)"> & <b>safer</b> care.',
        organisation=london_trust,
    )
    response = client_as("staff").get(reverse("practice_db:search_feed"), {"q": "stroke"})
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")  # noqa: S314 (our own feed)
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # What a feed reader renders as HTML: the text, escaped once.
    assert summary.text == (
        "Faster &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;safer&lt;/b&gt; care."
    )
