"""Time every page a reader opens: p50, p95 and SQL statements per page.

    python manage.py bench_pages [--repeat 30] [--json] [--only practice]

Each app declares the pages to time (`benchmark_pages` on its AppConfig, see
learning_network.plugins); a page of one thing (an example, an issue) takes
the same one from the database on every run. Each page is opened through
the real views and middleware with Django's test client, signed in as a
member of staff with no role, one request at a time, on whatever data the
database holds (see seed_examples and load_demo_data). The page is opened
twice before timing, so that the session, the caches and PostgreSQL's
buffers are warm, as they are on a running server.

What every reader gets the same (search results) is kept in the pages cache
(learning_network.page_cache), so a page opened again is answered from it,
as for the second reader of a search on a running server. `--cold` keeps
nothing in that cache while timing, to time each page as its first reader
gets it.

Run with DJANGO_DEBUG=false (and a SECRET_KEY, and the static files
collected, as `make serve` does) to time what production does: with debug
on, Django keeps every statement and renders templates with debug
information, which costs a few milliseconds a page.
"""

from __future__ import annotations

import json
import logging
import time
from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from learning_network.page_cache import not_kept
from learning_network.plugins import benchmark_pages

READER_EMAIL = "bench.reader@example.nhs.uk"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def bench_reader() -> User:
    """A member of staff with no role, signed in for the benchmarks."""
    user, _ = User.objects.update_or_create(
        email=READER_EMAIL,
        defaults={"full_name": "Bench Reader", "email_verified_at": timezone.now()},
    )
    return user


def signed_in_client() -> Client:
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("axes").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    client = Client()
    client.force_login(bench_reader())
    return client


def time_page(client: Client, label: str, path: str, repeat: int) -> dict:
    """p50, p95 and statements of one page, opened `repeat` times, over HTTPS
    as production serves it (with debug off, plain HTTP is redirected)."""
    for _ in range(2):
        response = client.get(path, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{label} ({path}) answered {response.status_code}.")
    # The log of statements is capped (9,000): empty it, or a full one reads as none.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(path, secure=True)
    statements = len(captured.captured_queries)  # read from the log: before emptying it again
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, secure=True)
        samples.append((time.perf_counter() - started) * 1000)
        reset_queries()
    return {
        "page": label,
        "path": path,
        "p50_ms": round(percentile(samples, 0.5), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "statements": statements,
        "_samples": samples,
    }


class Command(BaseCommand):
    help = "Time every page the apps declare (benchmark_pages), signed in, one at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=30, help="Timed requests per page.")
        parser.add_argument("--json", action="store_true", help="JSON on standard output.")
        parser.add_argument(
            "--cold", action="store_true", help="Keep nothing in the pages cache while timing."
        )
        parser.add_argument(
            "--only", default="", help="Only pages whose label contains this (e.g. ImpAct)."
        )

    def handle(self, *args, repeat: int, only: str, cold: bool, **options) -> None:
        client = signed_in_client()
        rows, left_out = [], []
        for page in benchmark_pages():
            if only.lower() not in page.label.lower():
                continue
            path = page.path()
            if path is None:
                left_out.append(page.label)
                continue
            with not_kept() if cold else nullcontext():
                rows.append(time_page(client, page.label, path, max(1, repeat)))
        every = [ms for row in rows for ms in row.pop("_samples")]
        report = {
            "debug": settings.DEBUG,
            "repeat": repeat,
            "cold": cold,
            "pages": rows,
            "left_out": left_out,
            "overall": {
                "p50_ms": round(percentile(every, 0.5), 1) if every else None,
                "p95_ms": round(percentile(every, 0.95), 1) if every else None,
                "worst_p95_ms": max((row["p95_ms"] for row in rows), default=None),
                "most_statements": max((row["statements"] for row in rows), default=None),
            },
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
        else:
            self._table(report)

    def _table(self, report: dict) -> None:
        write = self.stdout.write
        cache = ", nothing kept in the pages cache" if report["cold"] else ""
        write(
            f"debug {'on' if report['debug'] else 'off'}, "
            f"{report['repeat']} requests a page{cache}\n"
        )
        header = f"{'page':<36} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4}"
        write(header)
        write("-" * len(header))
        for row in report["pages"]:
            write(
                f"{row['page'][:36]:<36} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                f"{row['statements']:>4}"
            )
        overall = report["overall"]
        write("-" * len(header))
        write(
            f"{'every page':<36} {overall['p50_ms']!s:>8} {overall['p95_ms']!s:>8} "
            f"{overall['most_statements']!s:>4}"
        )
        if report["left_out"]:
            write(f"\nleft out (nothing to open): {', '.join(report['left_out'])}")
