"""Shared fixtures: media in a temp dir, factories, and a real Chromium for browser tests."""

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection

from desbumi_market.celery import app as celery_app

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run there
# unless told it is safe. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Each xdist worker gets its own Redis database, so one worker's cache.clear() (FLUSHDB) or
# cached rows from its own test database never reach another worker.
# Database 0 is left to `make run`; 1 is a plain `pytest`, 2, 3… are workers gw0, gw1…
# TEST_REDIS_DB_BASE moves that range, so two checkouts can run their suites side by side.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
_REDIS_BASE = int(os.environ.get("TEST_REDIS_DB_BASE", "1"))
_REDIS_DB = _REDIS_BASE + 1 + int(_WORKER.removeprefix("gw")) if _WORKER else _REDIS_BASE
if django_settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
    base = django_settings.CACHES["default"]["LOCATION"].rsplit("/", 1)[0]
    django_settings.CACHES["default"]["LOCATION"] = f"{base}/{_REDIS_DB}"

# A read-replica alias as DATABASE_REPLICA_URL adds in production, for the router's tests
# (tests/deploy/test_read_replica.py, which install the router): Django's test mirror, a second
# connection to the test database. Without the router nothing else ever uses it.
django_settings.DATABASES.setdefault(
    "replica", {**django_settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
)

# Pages are rendered, not served from the shared page cache or the home page's fragment cache,
# unless a test turns them on (tests/products/test_page_cache.py, the page-cache browser test): a
# query count of a page served from the cache is 0 and would measure nothing.
django_settings.PAGE_CACHE_SECONDS = 0
django_settings.FRAGMENT_CACHE_SECONDS = 0

# Hashing passwords properly takes ~0.3 s each; tests create hundreds of users.
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tasks run in-process unless a test starts a real worker (those tests say so themselves).
celery_app.conf.task_always_eager = True

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def pytest_configure(config):
    if os.environ.get("CI", "").lower() == "true" and not django_settings.DATABASES["default"][
        "ENGINE"
    ].endswith("postgresql"):
        raise pytest.UsageError("CI=true: the test suite must run on PostgreSQL (set DATABASE_URL).")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SERVE_MEDIA = True
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    """Tests place many orders for one buyer from one address; tests/security sets the real limits."""
    settings.ORDER_MAX_OPEN_UNPAID_PER_BUYER = 10_000
    settings.CHECKOUTS_PER_ADDRESS_PER_MINUTE = 10_000


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached lists must not outlive the rows a test rolled back."""
    cache.clear()
    yield
    cache.clear()


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _content_types(request):
    """
    The content types as migrate leaves them, for every test that uses the database.

    A transaction=True test ends with a flush; with serialized_rollback, Django then does not
    recreate the content types, and ids cached in this process point at rows that are gone (events
    name their subject by content type). They are recreated here in migrate's order, so they get
    the same ids again (the flush reset the sequence) and a later serialized reload matches them.
    """
    if request.node.get_closest_marker("django_db") is None and not DB_FIXTURES & set(request.fixturenames):
        yield
        return
    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    if not ContentType.objects.exists():
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
    yield


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """
    Before a serialized_rollback test: a transaction=True test run before it on this worker ended
    with a flush, after which post_migrate recreated content types and permissions with new ids;
    loading the serialized copy (with migrate's ids) then collides on (app_label, model). Empty
    both tables (and what hangs on them) so that the copy restores them whole. Only once the test
    database exists; a first test finds it freshly migrated anyway.
    """
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        return
    from pytest_django.plugin import blocking_manager_key

    if not connection.settings_dict["NAME"].startswith("test_"):
        return
    with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE django_content_type, auth_permission CASCADE")


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


# ----------------------------------------------------------------------------------------------
# Browser
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed (make test installs it with apt-get)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh phone-sized (360×740) browser tab; fails the test on any console error."""
    from tests.browser import phone_tab

    context, tab = phone_tab(browser, live_server)
    errors = tab.console_errors = tab.errors  # a test expecting an error (a 404 page) may clear it
    yield tab
    context.close()
    assert errors == [], f"browser errors: {errors}"


@pytest.fixture
def axe_check():
    """Run axe-core in the page and fail on serious or critical accessibility violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(tab, name=""):
        results = axe.run(tab)
        serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        details = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
        assert serious == [], f"axe violations on {name or tab.url}: {details}"

    return check


@pytest.fixture
def screenshot_dir():
    path = django_settings.BASE_DIR / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


# ----------------------------------------------------------------------------------------------
# Migrant CARE staff: a user in the "Migrant CARE staff" group (not a superuser), logged in
# ----------------------------------------------------------------------------------------------
@pytest.fixture
def staff(db):
    from tests.factories import make_staff

    return make_staff()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.staff = staff
    return client


# ----------------------------------------------------------------------------------------------
# Side effects: run a service and then what it scheduled on commit (eager Celery tasks)
# ----------------------------------------------------------------------------------------------
@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run `fn` and then what its transaction schedules after commit (the eager tasks)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
