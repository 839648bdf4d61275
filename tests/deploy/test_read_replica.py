"""
The read-replica router (core/db.py) with Django's test mirror: the "replica" alias is a second
connection to the test database (tests/conftest.py), so which connection served each query shows
where production would have sent it.
"""

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.db import PIN_COOKIE, PinToPrimaryMiddleware
from orders.models import Order
from products.models import Product
from tests.orders.helpers import configured_village, product

from .conftest import development_settings

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("postgres_only"),
]


@pytest.fixture
def with_replica(settings):
    """The router and middleware exactly as settings.py installs them with DATABASE_REPLICA_URL."""
    production = development_settings(
        DATABASE_URL="postgres://desbumi@127.0.0.1:5432/desbumi",
        DATABASE_REPLICA_URL="postgres://desbumi@127.0.0.1:5433/desbumi",
    )
    settings.DATABASE_ROUTERS = production["DATABASE_ROUTERS"]
    settings.MIDDLEWARE = production["MIDDLEWARE"]
    settings.DATABASE_REPLICA_PIN_SECONDS = 30
    return settings


class Queries:
    """Counts the queries each connection ran inside the block."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in ("default", "replica")}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    @property
    def primary(self) -> int:
        return len(self.contexts["default"].captured_queries)

    @property
    def replica(self) -> int:
        return len(self.contexts["replica"].captured_queries)


def test_settings_add_the_replica_as_a_test_mirror_with_router_and_middleware_before_sessions():
    # given the variables of a server with a replica
    values = development_settings(
        DATABASE_URL="postgres://desbumi:pw@10.0.0.5:5432/desbumi",
        DATABASE_REPLICA_URL="postgres://desbumi:pw@10.0.0.6:5432/desbumi",
        DATABASE_REPLICA_PIN_SECONDS="12",
    )
    # then reads may go to the replica's host, which is the primary's database in tests
    replica = values["DATABASES"]["replica"]
    assert (replica["HOST"], replica["NAME"], replica["TEST"]) == (
        "10.0.0.6",
        "desbumi",
        {"MIRROR": "default"},
    )
    assert values["DATABASE_ROUTERS"] == ["core.db.PrimaryReplicaRouter"]
    assert values["DATABASE_REPLICA_PIN_SECONDS"] == 12
    middleware = values["MIDDLEWARE"]
    assert middleware.index("core.db.PinToPrimaryMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def test_without_a_replica_url_there_is_no_replica_router_or_middleware():
    values = development_settings(DATABASE_URL="postgres://desbumi@127.0.0.1:5432/desbumi")
    assert list(values["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in values
    assert "core.db.PinToPrimaryMiddleware" not in values["MIDDLEWARE"]


def test_a_visitor_browsing_reads_the_catalog_from_the_replica_and_gets_no_cookie(with_replica):
    # given a published product
    kunyit = product(configured_village("sabrang"), name="Jamu Kunyit Asam", stock=5)
    client = Client()
    # when a visitor opens its page and the home page
    with Queries() as queries:
        page = client.get(kunyit.get_absolute_url())
        home = client.get("/")
    # then every query went to the replica, and she is not pinned to the primary
    assert (page.status_code, home.status_code) == (200, 200)
    assert "Jamu Kunyit Asam" in page.text
    assert queries.primary == 0
    assert queries.replica > 0
    assert PIN_COOKIE not in page.cookies and PIN_COOKIE not in home.cookies


def test_who_just_wrote_reads_from_the_primary_until_the_pin_expires(with_replica):
    # given a visitor who puts a product in her cart (a POST: the session is written)
    kunyit = product(configured_village("sabrang"), name="Jamu Kunyit Asam", stock=5)
    client = Client()
    with Queries() as posting:
        response = client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    assert response.status_code == 302
    assert posting.replica == 0  # a POST reads from the primary from its first query on
    pin = response.cookies[PIN_COOKIE]
    assert (pin.value, pin["max-age"], pin["httponly"], pin["samesite"]) == ("1", 30, True, "Lax")

    # when she opens her cart within the pin's time
    with Queries() as pinned:
        cart = client.get("/keranjang/")
    # then it is read from the primary: her change is there
    assert cart.status_code == 200
    assert "Jamu Kunyit Asam" in cart.text
    assert (pinned.primary > 0, pinned.replica) == (True, 0)

    # and once the cookie has expired, the same page reads from the replica again
    client.cookies.pop(PIN_COOKIE)
    with Queries() as later:
        cart = client.get("/keranjang/")
    assert "Jamu Kunyit Asam" in cart.text
    assert (later.primary, later.replica > 0) == (0, True)


def test_reads_inside_a_transaction_and_outside_any_request_go_to_the_primary(with_replica):
    # given a product (written: always to the primary)
    with Queries() as writing:
        kunyit = product(configured_village("sabrang"), name="Jamu Kunyit Asam", stock=5)
    assert (writing.primary > 0, writing.replica) == (True, 0)
    # when a task, a command or a shell reads (no request allowed the replica)
    with Queries() as outside:
        assert Product.objects.get(pk=kunyit.pk).stock == 5
        with transaction.atomic():
            assert Product.objects.select_for_update().get(pk=kunyit.pk).stock == 5
            assert Order.objects.count() == 0
    # then everything came from the primary
    primary = [query["sql"].split()[0] for query in outside.contexts["default"].captured_queries]
    assert primary == ["SELECT", "BEGIN", "SELECT", "SELECT", "COMMIT"]
    assert outside.replica == 0


def test_a_safe_request_that_writes_reads_from_the_primary_afterwards_and_is_pinned(with_replica, rf):
    # given the middleware around a GET view that writes, then reads what it wrote
    shop = configured_village("sabrang")
    kunyit = product(shop, name="Jamu Kunyit Asam", stock=5)
    seen = {}

    def view(request):
        Product.objects.filter(pk=kunyit.pk).update(stock=4)
        seen["stock"] = Product.objects.get(pk=kunyit.pk).stock
        return HttpResponse("ok")

    # when it runs
    with Queries() as queries:
        response = PinToPrimaryMiddleware(view)(rf.get("/"))
    # then the read after the write came from the primary, and the visitor is pinned
    assert seen["stock"] == 4
    assert (queries.primary, queries.replica) == (2, 0)
    assert response.cookies[PIN_COOKIE].value == "1"
