"""Production settings come from the environment, and refuse to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    # Point at a server that is never asked: these commands do not connect.
    base["DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/unused"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_off_passes_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="learning-network.nhs.uk",
        EMAIL_HOST="smtp.nhs.net",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.MAILERS)",
        SECRET_KEY="k" * 60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")
    assert "smtp" in result.stdout


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("1", True), ("no", False)])
def test_django_debug_reads_common_spellings(value, expected):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_DEBUG=value,
        SECRET_KEY="k" * 60,
    )
    assert result.stdout.strip() == str(expected)


def test_content_security_policy_allows_no_inline_script_or_style(settings):
    csp = settings.SECURE_CSP
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in str(csp)
