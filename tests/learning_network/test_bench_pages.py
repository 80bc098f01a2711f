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


def test_a_page_with_nothing_to_open_is_left_out():
    assert BenchmarkPage("nothing", "practice_db:example", args=lambda: None).path() is None
    page = BenchmarkPage("a word", "practice_db:search", query="q=falls")
    assert page.path() == "/practice/search/?q=falls"
