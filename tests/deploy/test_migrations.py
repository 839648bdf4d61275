"""Every migration applies backwards: each app to zero and forward again, on a fresh PostgreSQL database."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from .conftest import BASE_DIR, Databases, app_env

pytestmark = pytest.mark.django_db

# In one process (Django's start-up costs more than most migrations): migrate everything, take
# each app to zero from the top layer down (so each step reverses exactly that app's migrations,
# its dependents being at zero already), then everything forward again.
SCRIPT = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
for app in sys.argv[1:]:
    call_command("migrate", app, "zero", verbosity=0, interactive=False)
    print("zero:", app, flush=True)
call_command("migrate", verbosity=0, interactive=False)
print("forward again", flush=True)
"""
# Top to bottom, as the import contracts layer them (pyproject.toml); apps not listed go first.
LAYERS = [
    "staff",
    "reports",
    "statements",
    "ledger",
    "orders",
    "products",
    "members",
    "shops",
    "notifications",
    "core",
]


def _apps_with_migrations() -> list[str]:
    ours = BASE_DIR.resolve()
    labels = [
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(str(ours)) and _has_migrations(config)
    ]
    return sorted(labels, key=lambda label: LAYERS.index(label) if label in LAYERS else -1)


def _has_migrations(config) -> bool:
    folder = Path(config.path) / "migrations"
    return folder.is_dir() and any(folder.glob("0001_*.py"))


def test_every_app_migrates_to_zero_and_forward_again():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # Given a fresh database and every app of ours that has migrations
    labels = _apps_with_migrations()
    assert {"shops", "members", "products", "orders", "notifications", "staff"} <= set(labels)
    databases = Databases()
    try:
        url = databases.create("migrations")
        # When each app goes to zero and everything comes forward again
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, *labels],
            cwd=BASE_DIR,
            env=app_env(DATABASE_URL=url, DJANGO_SECRET_KEY="test-migrations"),
            capture_output=True,
            text=True,
            timeout=600,
        )
        # Then every round trip finished, and the data migrations' rows are back
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.split("\n")[:-1] == [f"zero: {label}" for label in labels] + ["forward again"]
        villages = databases.query(url, "SELECT slug FROM shops_shop ORDER BY slug")
        assert [row[0] for row in villages] == ["ambulu", "dukuhdempok", "sabrang", "wonoasri"]
        group = databases.query(url, "SELECT count(*) FROM auth_group WHERE name = 'Migrant CARE staff'")
        assert group == [(1,)]
    finally:
        databases.drop_all()
