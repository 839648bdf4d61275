"""Redis stopped (cache and Celery broker): pages render, people log in, orders are placed."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from core import cache as resilient
from desbumi_market.celery import app as celery_app
from orders.models import Order
from tests.factories import PASSWORD, add_photo, category, member_with_account
from tests.notifications.conftest import reset_broker_connections
from tests.orders.helpers import checkout_data, configured_village, product

pytestmark = [pytest.mark.django_db, pytest.mark.processes]


@pytest.fixture
def broker_on_private_redis(private_redis, monkeypatch):
    """Celery enqueues for real (not eagerly) into the private Redis, as in production."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", private_redis.url)
    reset_broker_connections()
    yield private_redis
    monkeypatch.undo()
    reset_broker_connections()


@pytest.fixture
def cache_on_private_redis(settings, private_redis):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "desbumi",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    return private_redis


@pytest.fixture
def cache_traffic(monkeypatch):
    """Every cache call, and every one that went on to Redis (the rest went to the fallback)."""
    calls, to_redis = [], []
    real_call, real_client = (
        resilient.ResilientRedisCache._call,
        resilient.ReusedClientRedisCacheClient.get_client,
    )

    def call(self, name, *args, **kwargs):
        calls.append(name)
        return real_call(self, name, *args, **kwargs)

    def client(self, *args, **kwargs):
        to_redis.append(1)
        return real_client(self, *args, **kwargs)

    monkeypatch.setattr(resilient.ResilientRedisCache, "_call", call)
    monkeypatch.setattr(resilient.ReusedClientRedisCacheClient, "get_client", client)
    return calls, to_redis


def test_home_product_cart_checkout_and_login_work_while_redis_is_down(
    cache_on_private_redis, broker_on_private_redis, django_capture_on_commit_callbacks, cache_traffic
):
    sabrang = configured_village("sabrang")
    kunyit = product(sabrang, name="Jamu Kunyit Asam", price=12500, stock=10, category=category("jamu"))
    add_photo(kunyit)
    member = member_with_account(shop="sabrang")
    client = Client()
    assert client.get("/").status_code == 200  # the village and category lists are now in Redis
    assert cache_on_private_redis.process.poll() is None

    cache_on_private_redis.stop()
    started = time.monotonic()
    calls, to_redis = cache_traffic
    calls.clear(), to_redis.clear()

    assert client.get("/").status_code == 200
    page = client.get(kunyit.get_absolute_url())
    assert page.status_code == 200
    assert "Jamu Kunyit Asam" in page.content.decode()
    assert client.get("/desa/sabrang/").status_code == 200
    assert client.get("/cari/?q=jamu").status_code == 200
    added = client.post("/keranjang/tambah/", {"product": kunyit.pk, "quantity": 2})
    assert (added.status_code, added["Location"]) == (302, "/keranjang/")
    assert client.get("/keranjang/").status_code == 200
    data = checkout_data(client)
    # After the commit the village is notified: enqueueing into the stopped broker must not fail
    # the order (notifications' outbox relay sends it later).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        placed = client.post("/checkout/", data)
    assert placed.status_code == 302
    assert callbacks
    order = Order.objects.get()
    assert placed["Location"] == order.checkout.get_absolute_url()
    assert [(item.product_id, item.quantity) for item in order.items.all()] == [(kunyit.pk, 2)]
    kunyit.refresh_from_db()
    assert kunyit.stock == 8

    # allauth counts login attempts in the cache: a wrong password is refused, the right one works
    login = Client()
    assert login.get("/akun/login/").status_code == 200
    wrong = login.post("/akun/login/", {"login": member.user.email, "password": "salah-sekali"})
    assert wrong.status_code == 200
    right = login.post("/akun/login/", {"login": member.user.email, "password": PASSWORD})
    assert (right.status_code, right["Location"]) == (302, "/akun/saya/")
    assert login.get("/dasbor/produk/").status_code == 200

    # each call went to the fallback at once instead of waiting on Redis every time: Redis was
    # tried once per retry window (however long a busy machine made the test), not once per call
    windows = int((time.monotonic() - started) / resilient.RETRY_AFTER_SECONDS) + 1
    assert len(calls) > 3 * windows
    assert len(to_redis) <= windows + 1


def test_the_cache_uses_redis_again_once_it_is_back(cache_on_private_redis, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0.0)
    cache.set("kunci", "redis")
    port = cache_on_private_redis.port
    cache_on_private_redis.stop()
    assert cache.get("kunci") is None  # Redis's value is out of reach, the fallback has none
    cache.set("kunci", "lokal")
    assert cache.get("kunci") == "lokal"
    assert cache.add("kunci-baru", 1) is True

    import redis

    with pytest.raises(redis.exceptions.ConnectionError):
        cache.ping()
    # the same port again, as after a restart: the next call reaches Redis, not the fallback
    cache_on_private_redis.start()
    assert cache.ping() is True
    assert cache.get("kunci") is None  # a fresh Redis
    cache.set("kunci", "redis lagi")
    assert redis.Redis(port=port).get(":1:kunci") is None  # stored under the key prefix
    assert cache.get("kunci") == "redis lagi"


def test_one_redis_client_serves_every_cache_call_and_outlives_a_restart(cache_on_private_redis):
    # Django's client made a redis.Redis per call (its ~170 callbacks filled in each time)
    clients = [cache._cache.get_client(write=write) for write in (True, False, True)]
    cache.set("kunci", "redis")
    assert cache.get_many(["kunci"]) == {"kunci": "redis"}
    clients.append(cache._cache.get_client())
    assert all(client is clients[0] for client in clients)

    cache_on_private_redis.stop()
    cache_on_private_redis.start()
    assert cache.ping() is True  # the shared client takes a new connection from its pool
    assert cache.get("kunci") is None
