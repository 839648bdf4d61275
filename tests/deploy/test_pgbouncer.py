"""
The app behind PgBouncer in transaction pooling (scripts/services.sh starts it on 127.0.0.1:6432,
as `make test` does): a production gunicorn whose every query goes through the pooler serves the
catalog and takes an order, with the settings DATABASE_POOLER=1 gives.
"""

import os

import psycopg2
import pytest
from django.db import connection

from orders.models import Order
from tests.factories import category
from tests.orders.helpers import configured_village, product
from tests.processes import missing, stop

from .conftest import (
    Browser,
    collect_static,
    development_settings,
    production_env,
    start_web,
    wait_for_web,
    worker_redis_url,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]

PGBOUNCER_HOST = os.environ.get("PGBOUNCER_HOST", "127.0.0.1")
PGBOUNCER_PORT = int(os.environ.get("PGBOUNCER_PORT", "6432"))


def test_the_pooler_setting_turns_server_side_cursors_off_on_every_database():
    values = development_settings(
        DATABASE_POOLER="1",
        DATABASE_URL="postgres://desbumi@127.0.0.1:6432/desbumi",
        DATABASE_REPLICA_URL="postgres://desbumi@127.0.0.1:6433/desbumi",
    )
    assert {alias: db["DISABLE_SERVER_SIDE_CURSORS"] for alias, db in values["DATABASES"].items()} == {
        "default": True,
        "replica": True,
    }
    direct = development_settings(DATABASE_URL="postgres://desbumi@127.0.0.1:5432/desbumi")
    assert direct["DATABASES"]["default"].get("DISABLE_SERVER_SIDE_CURSORS", False) is False


def admin_console(sql):
    """PgBouncer's own console (the `pgbouncer` database; desbumi is a stats user)."""
    s = connection.settings_dict
    conn = psycopg2.connect(
        dbname="pgbouncer", user=s["USER"], password=s["PASSWORD"], host=PGBOUNCER_HOST, port=PGBOUNCER_PORT
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            columns = [column.name for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        conn.close()


def transactions_through_pooler(database) -> int:
    return sum(row["total_xact_count"] for row in admin_console("SHOW STATS") if row["database"] == database)


@pytest.fixture
def pooled_server(tmp_path, transactional_db):
    """A production gunicorn on this test's database, reached only through PgBouncer."""
    s = connection.settings_dict
    try:
        admin_console("SHOW VERSION")
    except psycopg2.OperationalError:
        missing(f"PgBouncer on {PGBOUNCER_HOST}:{PGBOUNCER_PORT} (scripts/services.sh starts it)")
    env = production_env(
        DATABASE_POOLER="1",
        REDIS_URL=worker_redis_url(),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_EMAIL="file",
        DJANGO_EMAIL_FILE_PATH=str(tmp_path / "mail"),
        CELERY_TASK_ALWAYS_EAGER="1",
    )
    env["DATABASE_URL"] = (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{PGBOUNCER_HOST}:{PGBOUNCER_PORT}/{s['NAME']}"
    )
    collect_static(env)
    log = tmp_path / "gunicorn.log"
    process, url = start_web(env, workers=2, log=log)
    try:
        wait_for_web(url, process=process, log=log)
        yield url
    finally:
        stop(process)
        # PgBouncer keeps its server connections to this test database open: end them, so the
        # database can be emptied and dropped after the test.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def test_catalog_and_checkout_work_through_pgbouncer_in_transaction_pooling(pooled_server):
    url = pooled_server
    database = connection.settings_dict["NAME"]
    sabrang = configured_village("sabrang")
    jamu = category("jamu")
    kunyit = product(sabrang, category=jamu, name="Jamu Kunyit Asam", price=12500, stock=10)
    before = transactions_through_pooler(database)

    # -- a visitor browses: home, the category, a search, the village and the product ----------
    buyer = Browser()
    for path in (
        "/",
        f"/kategori/{jamu.slug}/",
        "/cari/?q=kunyit",
        "/desa/sabrang/",
        kunyit.get_absolute_url(),
    ):
        page = buyer.get(url, path)
        assert page.status == 200, (path, page.text[:2000])
        assert "Jamu Kunyit Asam" in page.text, path

    # -- and orders it ----------------------------------------------------------------------------
    buyer.buy(url, kunyit, 3)
    order = Order.objects.get()
    assert (order.shop_id, order.status, order.items.get().quantity) == (
        sabrang.pk,
        Order.Status.AWAITING_PAYMENT,
        3,
    )
    kunyit.refresh_from_db()
    assert kunyit.stock == 7
    mine = buyer.get(url, f"/pesanan/{order.access_token}/")
    assert mine.status == 200
    assert order.number in mine.text

    # then all of it went through the pooler
    assert transactions_through_pooler(database) > before
