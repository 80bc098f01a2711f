"""bench_pages: every page the apps declare, timed through the real views."""

import io
import json

import pytest
from django.core.management import call_command

from learning_network.plugins import BenchmarkPage, benchmark_pages

pytestmark = pytest.mark.django_db


def test_every_declared_page_is_timed_with_its_statements(demo_data):
    out = io.StringIO()
    call_command("bench_pages", "--repeat", "2", "--json", stdout=out)
    report = json.loads(out.getvalue())
    timed = {row["page"]: row for row in report["pages"]}
    assert set(timed) | set(report["left_out"]) == {page.label for page in benchmark_pages()}
    assert report["left_out"] == []  # the demo data has something of every kind
    for row in timed.values():
        assert row["statements"] > 0 and 0 < row["p50_ms"] <= row["p95_ms"]
    assert timed["practice: an example"]["path"].startswith("/practice/examples/")
    assert timed["opportunities: a session"]["path"].startswith("/opportunities/sessions/")
    # Every app with pages a reader opens declares them.
    labels = {page.label.split(":")[0] for page in benchmark_pages()}
    assert {"practice", "ImpAct", "leadership", "opportunities", "accounts"} <= labels


def test_only_picks_pages_by_label_and_says_what_it_left_out(demo_data):
    from opportunities.models import Session

    Session.objects.all().delete()  # no session's page to open
    out = io.StringIO()
    call_command("bench_pages", "--repeat", "1", "--only", "opportunities", stdout=out)
    table = out.getvalue()
    assert "opportunities: calendar" in table and "practice: front page" not in table
    assert "left out (nothing to open): opportunities: a session" in table


def test_a_page_with_nothing_to_open_is_left_out():
    assert BenchmarkPage("nothing", "practice_db:example", args=lambda: None).path() is None
    page = BenchmarkPage("a word", "practice_db:search", query="q=falls")
    assert page.path() == "/practice/search/?q=falls"
