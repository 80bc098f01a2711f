# A load test: random choices of pages and words are the point.
# ruff: noqa: S311
"""The portal under load: signed-in readers against a running server.

    make loadtest                       # both runs below, then a summary
    python locustfile.py --help         # the same, with its options

Two runs of LOADTEST_SECONDS each against LOADTEST_HOST (default
http://127.0.0.1:8000, a `make serve` on a seeded database, see README:
Speed): first the health check alone, to measure what the stack itself
serves on this machine, then LOADTEST_USERS signed-in readers (20) opening
pages one after another with no pause, in the mix the portal's readers make:
home 15%, practice database lists 15%, example pages 30%, search 25%,
ImpAct's current issue 10%, back issues 5%. It prints pages per second, p50,
p95 and errors for each run, and the mix's rate as a share of the health
check's, which is fair on a shared machine because both runs meet the same
conditions.

Readers sign in as LOADTEST_EMAIL with LOADTEST_PASSWORD (the demo staff
account by default: `load_demo_data` makes it). With debug off the portal's
cookies are marked Secure and it expects HTTPS behind a proxy, so the
readers say they came through one (X-Forwarded-Proto) and send the session
cookie themselves.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from locust import HttpUser, task

EMAIL = os.environ.get("LOADTEST_EMAIL", "staff@demo.nhs.uk")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "learning-network-demo")
PROXY = {"X-Forwarded-Proto": "https"}

# Words people search for: broad, medium and rare service words, and phrases.
SEARCH_WORDS = [
    "patients",
    "waiting list",
    "diabetes",
    "discharge",
    "nurse-led clinic",
    "stroke",
    "falls prevention",
    "mental health",
    "out-of-hours",
    "booking",
    '"waiting times"',
    "asthma or diabetes",
    "pharmacy",
    "readmissions",
    "dementia carers",
    "smoking cessation",
    "theatre cancellations",
    "triage",
    "telephone advice",
    "rehabilitation",
]
REGIONS = [
    "northern-and-yorkshire",
    "trent",
    "west-midlands",
    "north-west",
    "eastern",
    "london",
    "south-east",
    "south-west",
]
EXAMPLE_LINK = re.compile(r'href="/practice/examples/(\d+)/"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(client, host: str) -> str:
    """Sign in as EMAIL with `client` (a requests session); the session cookie."""
    page = client.get(f"{host}/accounts/sign-in/", headers=PROXY)
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError(f"{host}/accounts/sign-in/ has no form: is the portal up?")
    origin = host.replace("http://", "https://")
    response = client.post(
        f"{host}/accounts/sign-in/",
        data={"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={**PROXY, "Referer": f"{origin}/accounts/sign-in/"},
        cookies={"csrftoken": page.cookies.get("csrftoken", "")},
        allow_redirects=False,
    )
    # Secure cookies are not sent over plain HTTP by the client: the readers
    # send the session cookie themselves.
    session = response.cookies.get("sessionid")
    if response.status_code != 302 or not session:
        raise RuntimeError(f"Could not sign in as {EMAIL} ({response.status_code}).")
    return session


# Sessions made before the run, one for each reader (LOADTEST_SESSIONS).
_SESSIONS = iter(filter(None, os.environ.get("LOADTEST_SESSIONS", "").split(",")))


class Reader(HttpUser):
    """A member of staff reading the portal, signed in, with no pause."""

    def on_start(self) -> None:
        self.examples: list[int] = []
        # Signed in before the run (see main), so that the run times reading
        # only: a sign-in hashes the password, which takes a core for a while.
        session = next(_SESSIONS, None) or sign_in(self.client, self.host)
        self.headers = {**PROXY, "Cookie": f"sessionid={session}"}
        self._collect(self.client.get("/practice/", headers=self.headers, name="browse"))

    def _get(self, path: str, name: str):
        return self.client.get(path, headers=self.headers, name=name)

    def _collect(self, response) -> None:
        """Keep example links seen on lists, to open some of them later."""
        found = [int(pk) for pk in EXAMPLE_LINK.findall(response.text or "")]
        self.examples = (found + self.examples)[:200]

    @task(15)
    def home(self) -> None:
        self._get("/", "home")

    @task(15)
    def browse(self) -> None:
        choice = random.random()
        if choice < 0.4:
            path = f"/practice/?page={random.randint(1, 5)}"
        elif choice < 0.7:
            path = f"/practice/regions/{random.choice(REGIONS)}/"
        else:
            path = "/practice/topics/"
        self._collect(self._get(path, "browse"))

    @task(30)
    def example(self) -> None:
        if not self.examples:
            self._collect(self._get("/practice/", "browse"))
            return
        self._get(f"/practice/examples/{random.choice(self.examples)}/", "example")

    @task(25)
    def search(self) -> None:
        params = {"q": random.choice(SEARCH_WORDS)}
        if random.random() < 0.2:
            params["page"] = str(random.randint(2, 5))
        response = self.client.get(
            "/practice/search/", params=params, headers=self.headers, name="search"
        )
        self._collect(response)

    @task(10)
    def impact(self) -> None:
        self._get("/impact/", "ImpAct")

    @task(5)
    def back_issues(self) -> None:
        self._get("/impact/issues/", "back issues")


class HealthCheck(HttpUser):
    """The health check alone: what the stack serves with the least work."""

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", headers=PROXY, name="healthz")


# -- Running both and summing up ---------------------------------------------------


def _run(user_class: str, host: str, users: int, seconds: int, prefix: Path) -> dict:
    subprocess.run(  # noqa: S603 - our own locust, with our own arguments
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            __file__,
            user_class,
            "--headless",
            "--host",
            host,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        check=False,
    )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    return {row["Name"]: row for row in rows}


def _line(label: str, row: dict) -> str:
    requests = int(row["Request Count"])
    return (
        f"{label:<22} {float(row['Requests/s']):>9.1f} {row['50%']:>8} {row['95%']:>8} "
        f"{row['Failure Count']:>7} {requests:>9}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Load-test a running portal.")
    parser.add_argument("--host", default=os.environ.get("LOADTEST_HOST", "http://127.0.0.1:8000"))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOADTEST_USERS", "20")))
    parser.add_argument(
        "--seconds", type=int, default=int(os.environ.get("LOADTEST_SECONDS", "60"))
    )
    args = parser.parse_args()
    import requests  # locust's own dependency

    with requests.Session() as client:
        sessions = []
        for _ in range(args.users):
            client.cookies.clear()
            sessions.append(sign_in(client, args.host))
    os.environ["LOADTEST_SESSIONS"] = ",".join(sessions)
    with tempfile.TemporaryDirectory() as folder:
        health = _run("HealthCheck", args.host, args.users, args.seconds, Path(folder, "health"))
        mix = _run("Reader", args.host, args.users, args.seconds, Path(folder, "mix"))
    print(f"\n{args.users} users, {args.seconds} s each, against {args.host}\n")
    header = f"{'':<22} {'pages/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'requests':>9}"
    print(header)
    print("-" * len(header))
    print(_line("health check alone", health["Aggregated"]))
    names = ["home", "browse", "example", "search", "ImpAct", "back issues"]
    for name in names:
        if name in mix:
            print(_line(f"  {name}", mix[name]))
    pages = [mix[name] for name in names if name in mix]
    total = sum(int(row["Request Count"]) for row in pages)
    rate = sum(float(row["Requests/s"]) for row in pages)
    print(_line("mixed pages", {**mix["Aggregated"], "Requests/s": rate, "Request Count": total}))
    print("-" * len(header))
    share = rate / max(float(health["Aggregated"]["Requests/s"]), 0.001)
    print(f"mixed pages' rate / health check's rate: {share:.1%}")


if __name__ == "__main__":
    main()
