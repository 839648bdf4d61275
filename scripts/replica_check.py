"""
The read-replica router against a real PostgreSQL streaming replica (scripts/replica-check.sh
starts the pair and runs this with DATABASE_URL = the primary, DATABASE_REPLICA_URL = the replica).

Checks, and exits non-zero at the first that fails:
1. `migrate` runs on the primary only, and the schema reaches the replica by streaming;
2. a visitor's catalog pages are read from the replica (no query on the primary);
3. the replica refuses writes (so anything that works wrote to the primary);
4. a buyer who has just put a product in her cart is pinned: her next page reads the primary;
5. a row written on the primary appears on the replica (the lag is printed).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desbumi_market.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from core.db import PIN_COOKIE  # noqa: E402


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message, flush=True)
    if not condition:
        sys.exit(1)


class Queries:
    def __enter__(self):
        self.contexts = [CaptureQueriesContext(connections[alias]) for alias in ("default", "replica")]
        for context in self.contexts:
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts:
            context.__exit__(*exc)
        self.primary, self.replica = (len(c.captured_queries) for c in self.contexts)


def on_replica(sql, params=()):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def wait_for_replica(sql, params, expected, timeout=20.0):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if on_replica(sql, params) == expected:
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def main():
    setup_test_environment()  # the test Client's responses, ALLOWED_HOSTS "testserver"
    check("replica" in connections.settings, "DATABASE_REPLICA_URL gives a 'replica' database")
    check(
        on_replica("SELECT pg_is_in_recovery()") == [(True,)],
        "the replica is a streaming standby (pg_is_in_recovery)",
    )

    call_command("migrate", "--noinput", verbosity=0)
    lag = wait_for_replica(
        "SELECT count(*) > 0 FROM pg_tables WHERE tablename = 'products_product'", (), [(True,)]
    )
    check(lag is not None, f"migrate ran on the primary; the schema reached the replica in {lag or 0:.2f} s")

    from tests.factories import ProductFactory

    kunyit = ProductFactory(name="Jamu Kunyit Asam", slug="jamu-kunyit-asam-replika", stock=50)
    lag = wait_for_replica("SELECT name FROM products_product WHERE id = %s", (kunyit.pk,), [(kunyit.name,)])
    check(lag is not None, f"a product written on the primary is on the replica after {lag or 0:.2f} s")

    visitor = Client()
    with Queries() as browsing:
        home = visitor.get("/")
        page = visitor.get(kunyit.get_absolute_url())
    check((home.status_code, page.status_code) == (200, 200), "the home and product pages answer 200")
    check(
        browsing.primary == 0 and browsing.replica > 0,
        f"a visitor's pages read the replica only ({browsing.replica}; primary {browsing.primary})",
    )
    check(PIN_COOKIE not in page.cookies, "a visitor who only looks is not pinned to the primary")

    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute("UPDATE products_product SET stock = 0 WHERE id = %s", [kunyit.pk])
        refused = False
    except DatabaseError as error:
        refused = "read-only" in str(error)
    check(refused, "the replica refuses a write (read-only transaction)")

    buyer = Client()
    with Queries() as adding:
        added = buyer.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    check(added.status_code == 302 and PIN_COOKIE in added.cookies, "adding to the cart pins the buyer")
    check(adding.replica == 0, "the POST read nothing from the replica")
    with Queries() as cart:
        response = buyer.get("/keranjang/")
    check(
        response.status_code == 200 and "Jamu Kunyit Asam" in response.text,
        "her cart shows the product at once",
    )
    check(
        cart.replica == 0 and cart.primary > 0, f"her cart was read from the primary ({cart.primary} queries)"
    )
    print("replica check passed", flush=True)


if __name__ == "__main__":
    main()
