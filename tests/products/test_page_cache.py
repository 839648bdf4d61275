"""Public pages a cache can serve: no cookie, shared cache for visitors without a session."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pagecache import PAGE_KEY_PREFIX
from orders.cart import SESSION_KEY
from orders.services import order_expire_unpaid
from products.models import Category, Product
from products.services import product_set_stock
from tests.factories import ProductFactory, village
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db

HOST = "testserver"
SAME_ORIGIN = {"HTTP_ORIGIN": f"http://{HOST}", "HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def product():
    return ProductFactory(name="Jamu Kunyit Asam", stock=7)


def _pages(product):
    return ["/", "/cari/?q=kunyit", "/kategori/jamu/", product.get_absolute_url(), "/desa/sabrang/"]


def test_a_visitor_without_a_session_gets_cacheable_pages(product):
    for url in _pages(product):
        response = Client().get(url)

        assert response.status_code == 200, url
        assert response.cookies == {}, url
        assert response["Cache-Control"] == "public, max-age=60", url
        assert "Cookie" in [v.strip() for v in response["Vary"].split(",")], url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert response["X-Page-Cache"] == "miss", url


def test_the_second_visitor_gets_the_page_from_the_cache_without_a_query(product):
    first = Client().get(product.get_absolute_url())

    with CaptureQueriesContext(connection) as ctx:
        second = Client().get(product.get_absolute_url())

    assert second["X-Page-Cache"] == "hit"
    assert ctx.captured_queries == []
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Cache-Control"] == "public, max-age=60"


def test_entries_live_at_most_a_minute(product):
    Client().get(product.get_absolute_url())

    client = cache._cache.get_client(write=False)
    keys = client.keys(f"*{PAGE_KEY_PREFIX}*")
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= 60


def test_each_language_has_its_own_entry(product):
    Client().get("/")  # Indonesian, stored
    english = Client()
    english.cookies["django_language"] = "en"

    response = english.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in response.content.decode()
    assert english.get("/")["X-Page-Cache"] == "hit"
    assert '<html lang="id">' in Client().get("/").content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_a_session_or_messages_never_gets_a_shared_page(product, cookie):
    Client().get("/")  # stored
    visitor = Client()
    visitor.cookies[cookie] = "anything"

    response = visitor.get("/")

    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_a_visitor_with_a_cart_gets_her_own_page_not_a_cached_one(product):
    Client().get(product.get_absolute_url())  # stored for visitors without a session
    buyer = Client()

    buyer.post("/keranjang/tambah/", {"product": product.pk, "quantity": 2}, **SAME_ORIGIN)
    response = buyer.get(product.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"
    assert buyer.session[SESSION_KEY] == {str(product.pk): 2}


def test_a_product_change_retires_the_cached_pages(product):
    Client().get(product.get_absolute_url())
    Client().get("/")

    product.name = "Jamu Kunyit Asam Segar"
    product.save()

    response = Client().get(product.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Jamu Kunyit Asam Segar" in response.content.decode()
    assert Client().get("/")["X-Page-Cache"] == "miss"


def test_a_stock_change_without_signals_retires_the_cached_pages(product):
    Client().get(product.get_absolute_url())

    product_set_stock(product=product, stock=0)

    response = Client().get(product.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Stok habis" in response.content.decode()


def test_orders_taking_and_returning_stock_retire_the_cached_pages(django_capture_on_commit_callbacks):
    # Given a product page stored with 7 in stock
    product = ProductFactory(shop=configured_village("sabrang"), name="Jamu Kunyit Asam", stock=7)
    url = product.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    # When an order takes all of it (F() updates, no signal)
    with django_capture_on_commit_callbacks(execute=True):
        place({product: 7})

    # Then the next visitor sees it sold out
    response = Client().get(url)
    assert (response["X-Page-Cache"], "Stok habis" in response.content.decode()) == ("miss", True)

    # And when the unpaid order expires and gives it back, the page shows the stock again
    with django_capture_on_commit_callbacks(execute=True):
        assert order_expire_unpaid(now=timezone.now() + timedelta(days=30)) == 1
    response = Client().get(url)
    assert (response["X-Page-Cache"], "Stok: 7 pcs" in response.content.decode()) == ("miss", True)


def test_a_village_or_category_change_retires_the_cached_pages(product):
    Client().get("/kategori/jamu/")
    category = Category.objects.get(slug="jamu")
    category.description = "Jamu segar setiap pagi."
    category.save()
    assert Client().get("/kategori/jamu/")["X-Page-Cache"] == "miss"

    shop = village("sabrang")
    shop.save()
    assert Client().get("/kategori/jamu/")["X-Page-Cache"] == "miss"


def test_not_found_pages_and_posts_are_not_stored():
    assert Client().get("/produk/tidak-ada/").status_code == 404
    assert "X-Page-Cache" not in Client().get("/produk/tidak-ada/")
    client = cache._cache.get_client(write=False)
    assert client.keys(f"*{PAGE_KEY_PREFIX}*") == []


# ----------------------------------------------------------------------------------------------
# The forms on those pages: no token, Fetch Metadata / Origin instead
# ----------------------------------------------------------------------------------------------
CROSS_SITE = [
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://penipu.example"},
    {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://toko.testserver"},
    {"HTTP_SEC_FETCH_SITE": "none"},
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_ORIGIN": "https://penipu.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
    {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://penipu.example"},
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
    # neither header (a browser from before 2020): the Referer decides, else the token
    {"HTTP_REFERER": "https://penipu.example/produk/"},
    {"HTTP_REFERER": "https://testserver/produk/"},  # another scheme
    {"HTTP_REFERER": "http://testserver.penipu.example/"},
    {"HTTP_REFERER": "/produk/"},
    {"HTTP_REFERER": ""},
    {},
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_cross_site_add_to_cart_without_a_token_is_refused(product, headers):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1}, **headers)

    assert response.status_code == 403
    assert SESSION_KEY not in client.session
    assert response.cookies.get("sessionid") is None


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_cross_site_language_switch_is_refused(headers):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **headers)

    assert response.status_code == 403
    assert "django_language" not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        SAME_ORIGIN,
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": f"http://{HOST}"},
        {"HTTP_REFERER": f"http://{HOST}/produk/jamu-kunyit-asam/"},  # an old browser
    ],
)
def test_the_same_site_forms_work_without_a_token(product, headers):
    client = Client(enforce_csrf_checks=True)

    added = client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1}, **headers)
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **headers)

    assert (added.status_code, added["Location"]) == (302, "/keranjang/")
    assert client.session[SESSION_KEY] == {str(product.pk): 1}
    assert (switched.status_code, switched["Location"]) == (302, "/")
    assert switched.cookies["django_language"].value == "en"


def test_a_browser_that_sends_neither_header_may_still_use_the_token(product):
    client = Client(enforce_csrf_checks=True)
    client.get("/akun/login/")  # a page that hands out the token (and its cookie)
    token = client.cookies["csrftoken"].value

    response = client.post(
        "/keranjang/tambah/", {"product": product.pk, "quantity": 1, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == {str(product.pk): 1}


def test_public_pages_carry_no_csp_nonce_to_share(product):
    # A cached page is served to many visitors: a nonce in it would be one they all know.
    for url in _pages(product):
        response = Client().get(url)

        assert "script-src 'self';" in response["Content-Security-Policy"] + ";", url
        assert "nonce-" not in response["Content-Security-Policy"], url
        assert "nonce=" not in response.content.decode(), url


# The home page's content (core.pagecache.catalog_fragment): shared by every visitor, session or
# not, page cache on or off, until the catalog changes.


def _product_queries(client, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries if "products_product" in q["sql"]]


def test_the_home_content_is_rendered_once_for_visitors_with_a_session_too(product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 60
    buyer = Client()
    buyer.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1}, **SAME_ORIGIN)
    first, first_queries = _product_queries(buyer)

    second, second_queries = _product_queries(Client())

    assert first_queries and not second_queries
    assert "Jamu Kunyit Asam" in second.content.decode()
    assert first.content.decode().split("<main")[1] == second.content.decode().split("<main")[1]


def test_the_home_content_follows_a_product_a_stock_and_a_village_change(product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 60
    Client().get("/")

    product.name = "Jamu Sirih Segar"
    product.save()
    assert "Jamu Sirih Segar" in Client().get("/").content.decode()

    product_set_stock(product=product, stock=0)  # update(): no signal
    assert "Stok habis" in Client().get("/").content.decode()

    shop = village("sabrang")
    shop.kecamatan = "Sumbersari Baru"
    shop.save()
    assert "Kec. Sumbersari Baru" in Client().get("/").content.decode()


def test_the_home_content_has_an_entry_per_language_and_not_the_visitors_header(
    product, settings, django_user_model
):
    settings.FRAGMENT_CACHE_SECONDS = 60
    Client().get("/")  # Indonesian content stored
    english = Client()
    english.cookies["django_language"] = "en"
    assert "Newest products" in english.get("/").content.decode()
    assert "Produk terbaru" in Client().get("/").content.decode()

    user = django_user_model.objects.create_user("tamu@example.com", "rahasia-panjang-123")
    signed_in = Client()
    signed_in.force_login(user)
    page = signed_in.get("/").content.decode()
    assert "Produk terbaru" in page and "Akun saya" in page  # her footer around the shared content
    assert "Akun saya" not in Client().get("/").content.decode()


@pytest.mark.parametrize("url", ["/", "/kategori/jamu/"])  # the home fragment; a grid's cards
def test_a_cache_outage_renders_the_page(url, product, settings, monkeypatch):
    settings.FRAGMENT_CACHE_SECONDS = 60
    settings.PAGE_CACHE_SECONDS = 0

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set_many", down)
    response = Client().get(url)
    assert response.status_code == 200
    assert "Jamu Kunyit Asam" in response.content.decode()


# A product's page: the same catalog fragment, all of it but the "Ingatkan saya" form.


def test_a_product_page_is_rendered_once_for_visitors_with_a_session_too(product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 60
    url = product.get_absolute_url()
    buyer = Client()
    buyer.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1}, **SAME_ORIGIN)
    first, first_queries = _product_queries(buyer, url)

    second, second_queries = _product_queries(Client(), url)

    assert first_queries and not second_queries
    assert first.content.decode().split("<main")[1] == second.content.decode().split("<main")[1]
    assert "<title>Jamu Kunyit Asam" in second.content.decode()


def test_a_product_page_follows_its_stock_and_keeps_her_email_to_herself(
    product, settings, django_user_model
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 60
    url = product.get_absolute_url()
    assert "Tambah ke keranjang" in Client().get(url).content.decode()

    product_set_stock(product=product, stock=0)  # update(): no signal, the service bumps
    user = django_user_model.objects.create_user("sari@example.com", "rahasia-panjang-123")
    signed_in = Client()
    signed_in.force_login(user)
    hers = signed_in.get(url).content.decode()
    anonymous = Client().get(url).content.decode()

    for page in (hers, anonymous):
        assert "Stok habis" in page and "Ingatkan saya" in page and "Tambah ke keranjang" not in page
    assert "sari@example.com" in hers
    assert "sari@example.com" not in anonymous


def test_a_wrong_email_for_the_stock_alert_shows_the_cached_page_with_its_error(product, settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    product_set_stock(product=product, stock=0)
    url = product.get_absolute_url()
    Client().get(url)  # the page's parts stored

    response = Client().post(f"{url}ingatkan/", {"email": "bukan-email"}, **SAME_ORIGIN)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Jamu Kunyit Asam" in page and 'value="bukan-email"' in page
    assert "field--error" in page


# Product cards (products/templatetags/catalog.py): cached by what they show, so never stale.


def test_a_card_is_rendered_once_and_shows_a_new_price_at_once(product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 60
    first = Client().get("/kategori/jamu/").content.decode()
    assert "Rp" in first and "Jamu Kunyit Asam" in first

    # a price change by update(), which sends no signal and bumps nothing
    Product.objects.filter(pk=product.pk).update(price=17500)

    page = Client().get("/kategori/jamu/").content.decode()
    assert "Rp17.500" in page
    card = page.split('<li class="card">')[1].split("</li>")[0]
    assert "Rp17.500" in card and 'loading="lazy"' not in card  # the first card's photo loads at once
