"""`manage.py check --deploy` is clean under production settings, and catches what is missing."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# Variables that would change what production settings mean; each test sets its own.
CLEARED = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "MIEUX_REQUIRE_TWO_FACTOR",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def deploy_check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if name not in CLEARED}
    environment.update(
        {
            "MIEUX_ENV": "production",
            "MIEUX_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "mieux.config.settings",
            **variables,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_is_clean_in_production(tmp_path) -> None:
    result = deploy_check(
        tmp_path, SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="mieux.example.org"
    )

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    result = deploy_check(tmp_path, ALLOWED_HOSTS="mieux.example.org")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "RuntimeError: SECRET_KEY must be set when MIEUX_ENV=production"
    )


def test_deploy_check_reports_weakened_settings(tmp_path) -> None:
    result = deploy_check(
        tmp_path,
        SECRET_KEY="too-short",
        ALLOWED_HOSTS="mieux.example.org",
        DEBUG="true",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )

    reported = sorted(set(re.findall(r"\(security\.W\d+\)", result.stderr)))
    assert result.returncode == 1
    assert reported == [
        "(security.W004)",  # no HSTS
        "(security.W008)",  # no redirect to https
        "(security.W009)",  # weak secret key
        "(security.W018)",  # DEBUG on
    ]
    assert "System check identified 4 issues (0 silenced)." in result.stderr
