"""The sign-in lockout: by account and address together, with a higher limit per address.

Behind TRUSTED_PROXY_COUNT reverse proxies the client's address is read
from X-Forwarded-For, counting from the right; with none (the default) the
header is ignored, so a client cannot choose its own address.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.1"  # the reverse proxy: every request arrives from it


def sign_in(client, email, password, forwarded_for=None, remote_addr=PROXY):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("accounts:sign_in"), {"username": email, "password": password}, **headers
    )


def fail(client, email, times, **where):
    for _ in range(times):
        sign_in(client, email, "not-the-password", **where)


@pytest.fixture
def behind_one_proxy(settings):
    """What TRUSTED_PROXY_COUNT=1 sets (the test at the end checks that it does)."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    settings.AXES_IPWARE_PROXY_COUNT = 0


def test_changing_the_case_of_the_address_does_not_reset_the_count(client, staff):
    fail(client, "Staff.Member@Trust.NHS.uk", 5)
    fail(client, "STAFF.MEMBER@TRUST.NHS.UK", 4)
    response = sign_in(client, "staff.member@trust.nhs.uk", "not-the-password")
    assert response.status_code == 429
    assert sign_in(client, staff.email, TEST_PASSWORD).status_code == 429


def test_ten_failures_lock_that_account_at_that_address_only(client, staff):
    colleague = UserFactory(email="colleague@trust.nhs.uk")
    fail(client, staff.email, 10, remote_addr="192.0.2.10")

    assert sign_in(client, staff.email, TEST_PASSWORD, remote_addr="192.0.2.10").status_code == 429
    # A colleague at the same address, and the owner elsewhere, still sign in.
    assert (
        sign_in(client, colleague.email, TEST_PASSWORD, remote_addr="192.0.2.10").status_code == 302
    )
    assert sign_in(client, staff.email, TEST_PASSWORD, remote_addr="192.0.2.99").status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, staff):
    for n in range(10):
        sign_in(client, staff.email, "not-the-password", forwarded_for=f"198.51.100.{n}")
    assert sign_in(
        client, staff.email, TEST_PASSWORD, forwarded_for="198.51.100.77"
    ).status_code == (429)


def test_behind_a_proxy_each_client_has_its_own_count(client, staff, behind_one_proxy):
    fail(client, staff.email, 10, forwarded_for="203.0.113.5")

    assert sign_in(client, staff.email, TEST_PASSWORD, forwarded_for="203.0.113.5").status_code == (
        429
    )
    # Another member of staff behind the same proxy is not locked out with them.
    assert sign_in(client, staff.email, TEST_PASSWORD, forwarded_for="203.0.113.6").status_code == (
        302
    )


def test_behind_a_proxy_forged_entries_before_the_real_address_do_not_help(
    client, staff, behind_one_proxy
):
    for n in range(10):
        sign_in(
            client, staff.email, "not-the-password", forwarded_for=f"198.51.100.{n}, 203.0.113.5"
        )
    response = sign_in(
        client, staff.email, TEST_PASSWORD, forwarded_for="198.51.100.99, 203.0.113.5"
    )
    assert response.status_code == 429


def test_many_failures_from_one_address_lock_that_address(client, settings, staff):
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    # Guessing at many accounts, never ten times at one.
    for n in range(limit):
        sign_in(client, f"guess{n % 20}@nhs.net", "not-the-password", remote_addr="192.0.2.66")

    response = sign_in(client, staff.email, TEST_PASSWORD, remote_addr="192.0.2.66")
    assert response.status_code == 429
    assert f"{limit} wrong passwords from your network" in response.text
    assert "_auth_user_id" not in client.session
    assert sign_in(client, staff.email, TEST_PASSWORD, remote_addr="192.0.2.67").status_code == 302


def test_the_account_lockout_page_speaks_of_the_account(client, staff):
    fail(client, staff.email, 9)
    response = sign_in(client, staff.email, "not-the-password")
    assert response.status_code == 429
    assert "after 10 wrong passwords" in response.text
    assert "from your network" not in response.text


def client_address(trusted_proxy_count: str, **meta: str) -> str:
    """The address the lockout reads, with settings made from the environment."""
    code = (
        "from django.test import RequestFactory;"
        "from axes.helpers import get_client_ip_address;"
        f"print(get_client_ip_address(RequestFactory().post('/', **{meta!r})))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "TRUSTED_PROXY_COUNT"}
    }
    env |= {
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unused",
        "TRUSTED_PROXY_COUNT": trusted_proxy_count,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("count", "forwarded_for", "address"),
    [
        ("0", "198.51.100.1", PROXY),
        ("0", "198.51.100.1, 203.0.113.5", PROXY),
        ("1", "203.0.113.5", "203.0.113.5"),
        ("1", "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        ("2", "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
    ],
)
def test_trusted_proxy_count_says_which_address_is_the_clients(count, forwarded_for, address):
    found = client_address(count, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert found == address
