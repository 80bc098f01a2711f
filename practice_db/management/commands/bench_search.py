"""Measure the search page: whole response, its bare SQL, and its SQL count.

    python manage.py bench_search [--repeat 15] [--json]

Runs a fixed set of searches (common and rare words, phrases, prefixes,
with and without facets, deep pages) through the real view, signed in, on
whatever examples the database holds (see seed_examples). For each search
it reports p50 and p95 of the whole response, the number of SQL statements
the page made, and p95 of running those same statements bare, one after the
other, without Django, templates or the network (a first reader's page runs
two of them at once, so it can take less than its bare SQL).

Search results are kept in the pages cache (see `practice_db.search.search_page`);
by default nothing is kept in it while timing, so that each request is worked
out as a new search's first reader's is (without the cache's own read and
write). `--cached` times them as the second and later readers of the same
search get them.

Then title recall: for TITLE_SAMPLE published examples chosen at random
(the same for a seed), it searches each one's title, as someone who
remembers it would type it, and counts how often the example is on the
first page of the relevance search, and how often plain `ts_rank` over
every match (the same words and vector, `ts_rank` with its default
normalisation, no limit on what is ranked) puts it there.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from directory.models import Region, Topic
from learning_network.alongside import one_connection
from learning_network.page_cache import not_kept
from practice_db.management.commands.seed_examples import COMMON_WORDS, vocabulary
from practice_db.models import PracticeExample
from practice_db.search import SearchParams, clean_query
from practice_db.search.counts import estimate_matches
from practice_db.search.query import match_where, tsquery_sql
from practice_db.search.results import PAGE_SIZE, fetch_results
from practice_db.search.tables import EXAMPLE, TABLE

URL = "/practice/search/"
# Titles searched for the title-recall figure.
TITLE_SAMPLE = 40
RESULTS_HEADING = re.compile(r'id="results-heading">\s*(About )?([\d,]+|No)')


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def searches(seed: int) -> list[tuple[str, dict]]:
    """The fixed set: (label, address parameters)."""
    words, _ = vocabulary(random.Random(seed))  # noqa: S311 - the seed's own words
    rare = words[len(COMMON_WORDS) + 2500]
    rarer = words[len(COMMON_WORDS) + 5500]
    london = str(Region.objects.get(slug="london").pk)
    trent = str(Region.objects.get(slug="trent").pk)
    parent = Topic.objects.filter(parent__isnull=True).order_by("name").first()
    child = Topic.objects.filter(parent__isnull=False).order_by("name").first()
    return [
        ("broad: patients", {"q": "patients"}),
        ("broad: service", {"q": "service"}),
        ("broad: staff care", {"q": "staff care"}),
        ("broad: nurse", {"q": "nurse"}),
        ("broad + region", {"q": "patients", "region": london}),
        (
            "broad + 3 facets",
            {"q": "care", "region": [london, trent], "evidence": "strong", "year": "2001"},
        ),
        ("broad, newest first", {"q": "service", "sort": "newest"}),
        ("broad, title order", {"q": "team", "sort": "title"}),
        ("broad, last page (50)", {"q": "patients", "page": "50"}),
        ("broad, newest, page 40", {"q": "staff", "sort": "newest", "page": "40"}),
        ("medium: diabetes", {"q": "diabetes"}),
        ("medium: asthma or diabetes", {"q": "asthma or diabetes"}),
        ("medium + topic", {"q": "discharge", "topic": str(parent.pk)}),
        ("phrase: waiting list", {"q": '"waiting list"'}),
        ("phrase: patients service", {"q": '"patients service"'}),
        ("prefix: diab", {"q": "diab"}),
        ("negation: stroke -cancer", {"q": "stroke -cancer"}),
        (f"rare: {rare}", {"q": rare}),
        (f"rarer: {rarer}", {"q": rarer}),
        (f"rare + common: {rare} patients", {"q": f"{rare} patients"}),
        (f"rare + beacon: {rare}", {"q": rare, "beacon": "yes"}),
        ("facets only: topic + setting", {"topic": str(child.pk), "care_setting": "acute"}),
        ("no match", {"q": "qqqzzzxxyy"}),
    ]


class Command(BaseCommand):
    help = "Time the practice database search page over a fixed set of searches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=15, help="Timed runs per search.")
        parser.add_argument("--seed", type=int, default=1, help="The seed_examples seed.")
        parser.add_argument("--json", action="store_true", help="JSON on standard output.")
        parser.add_argument(
            "--cached",
            action="store_true",
            help="Time searches answered from the pages cache (made once before timing).",
        )
        parser.add_argument(
            "--titles", type=int, default=TITLE_SAMPLE, help="Titles for title recall (0: none)."
        )

    def handle(self, *args, repeat: int, seed: int, titles: int, cached: bool, **options) -> None:
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        logging.getLogger("axes").setLevel(logging.WARNING)
        user, _ = User.objects.update_or_create(
            email="bench.reader@example.nhs.uk",
            defaults={"full_name": "Bench Reader", "email_verified_at": timezone.now()},
        )
        client = Client()
        client.force_login(user)
        examples = PracticeExample.objects.published().count()
        rows = []
        with nullcontext() if cached else not_kept():
            for label, params in searches(seed):
                rows.append(self._measure(client, label, params, repeat))
        every = [ms for row in rows for ms in row.pop("_samples")]
        every_sql = [ms for row in rows for ms in row.pop("_sql_samples")]
        report = {
            "examples": examples,
            "cached": cached,
            "overall": {
                "p50_ms": round(percentile(every, 0.5), 1),
                "p95_ms": round(percentile(every, 0.95), 1),
                "sql_p95_ms": round(percentile(every_sql, 0.95), 1),
                "queries_per_page": max(row["queries_per_page"] for row in rows),
            },
            "queries": rows,
        }
        if titles:
            report["title_recall"] = title_recall(titles, seed)
        if options["json"]:
            self.stdout.write(_json_dump(report))
        else:
            self._table(report)

    def _measure(self, client: Client, label: str, params: dict, repeat: int) -> dict:
        response = client.get(URL, params, secure=True)  # warm up, and check it works
        if response.status_code != 200:
            raise RuntimeError(f"{label}: status {response.status_code}")
        # Its statements, all on this connection so that they are all seen
        # (a first reader's counts run on a second connection, see
        # learning_network.alongside): the bare SQL is their sum.
        with one_connection(), CaptureQueriesContext(connection) as captured:
            response = client.get(URL, params, secure=True)
        statements = [query["sql"] for query in captured.captured_queries]
        heading = RESULTS_HEADING.search(response.text)
        samples, sql_samples = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(URL, params, secure=True)
            samples.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in filter(_replayable, statements):
                    cursor.execute(sql)
                    if cursor.description:
                        cursor.fetchall()
            sql_samples.append((time.perf_counter() - started) * 1000)
        return {
            "query": label,
            "params": params,
            "results": "".join(heading.groups("")).lower() if heading else "",
            "p50_ms": round(percentile(samples, 0.5), 1),
            "p95_ms": round(percentile(samples, 0.95), 1),
            "sql_p95_ms": round(percentile(sql_samples, 0.95), 1),
            "queries_per_page": len(statements),
            "_samples": samples,
            "_sql_samples": sql_samples,
        }

    def _table(self, report: dict) -> None:
        write = self.stdout.write
        kept = "from the pages cache" if report["cached"] else "each worked out anew"
        write(f"{report['examples']:,} published examples; searches {kept}\n")
        header = (
            f"{'search':<38} {'results':>14} {'p50 ms':>8} {'p95 ms':>8} {'SQL p95':>8} {'SQL':>4}"
        )
        write(header)
        write("-" * len(header))
        for row in report["queries"]:
            write(
                f"{row['query'][:38]:<38} {row['results']:>14} {row['p50_ms']:>8} "
                f"{row['p95_ms']:>8} {row['sql_p95_ms']:>8} {row['queries_per_page']:>4}"
            )
        overall = report["overall"]
        write("-" * len(header))
        write(
            f"{'overall':<38} {'':>14} {overall['p50_ms']:>8} {overall['p95_ms']:>8} "
            f"{overall['sql_p95_ms']:>8} {overall['queries_per_page']:>4}"
        )
        write(
            f"\nwhole response p95 / bare SQL p95: "
            f"{overall['p95_ms'] / max(overall['sql_p95_ms'], 0.001):.2f}"
        )
        if recall := report.get("title_recall"):
            write(
                f"\ntitle recall, {recall['titles']} random published titles searched: "
                f"first page {recall['ours_first_page']} (plain ts_rank over every match: "
                f"{recall['plain_first_page']}); p95 {recall['ours_p95_ms']} ms "
                f"(plain: {recall['plain_p95_ms']} ms)"
            )


def _replayable(sql: str) -> bool:
    """Whether a statement the page made is replayed bare: not the cache's
    own reads and writes, nor their savepoints."""
    return not sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")) and "_cache" not in sql


def sample_titles(count: int, seed: int) -> list[tuple[int, str]]:
    """`count` published examples, chosen at random but the same for a seed."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {EXAMPLE.id}, {EXAMPLE.title} FROM {TABLE} WHERE {EXAMPLE.status} = %s "  # noqa: S608
            f"ORDER BY md5({EXAMPLE.id}::text || %s), {EXAMPLE.id} LIMIT %s",
            ["published", str(seed), count],
        )
        return cursor.fetchall()


def plain_first_page(q: str) -> list[int]:
    """The first page as plain ts_rank over every match would give it."""
    where = match_where(SearchParams(q=q))
    query_sql, query_params = tsquery_sql(q)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {EXAMPLE.id} FROM {TABLE} WHERE {where.sql} "  # noqa: S608
            f"ORDER BY ts_rank({EXAMPLE.search_vector}, {query_sql}) DESC, {EXAMPLE.id} DESC "
            f"LIMIT {PAGE_SIZE}",
            where.params + query_params,
        )
        return [row[0] for row in cursor.fetchall()]


def title_recall(count: int, seed: int) -> dict:
    """How often an example is on the first page of a search for its title."""
    ours = plain = 0
    ours_ms, plain_ms = [], []
    for pk, title in sample_titles(count, seed):
        q = clean_query(title)
        params = SearchParams(q=q)
        started = time.perf_counter()
        page = fetch_results(params, 0, expected=estimate_matches(params))
        ours_ms.append((time.perf_counter() - started) * 1000)
        ours += pk in {result.pk for result in page}
        started = time.perf_counter()
        plain += pk in plain_first_page(q)
        plain_ms.append((time.perf_counter() - started) * 1000)
    return {
        "titles": len(ours_ms),
        "ours_first_page": ours,
        "plain_first_page": plain,
        "ours_p95_ms": round(percentile(ours_ms, 0.95), 1) if ours_ms else None,
        "plain_p95_ms": round(percentile(plain_ms, 0.95), 1) if plain_ms else None,
    }


def _json_dump(report: dict) -> str:
    return json.dumps(report, indent=2, default=str)
