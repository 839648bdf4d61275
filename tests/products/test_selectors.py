"""products.selectors.catalog_page: a listing's page, found once per catalog version."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from products.models import Product
from products.selectors import CatalogFilters, Sort, catalog_page
from products.services import product_set_stock
from tests.factories import ProductFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fragments(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60


def _page(number=1, per_page=2, **filters):
    with CaptureQueriesContext(connection) as ctx:
        page = catalog_page(filters=CatalogFilters(**filters), number=number, per_page=per_page)
        names = [product.name for product in page.object_list]
    return page, names, [query["sql"] for query in ctx.captured_queries]


def _jamu(*names):
    start = timezone.now() - timedelta(hours=len(names))
    return [
        ProductFactory(name=name, description="", published_at=start + timedelta(hours=i))
        for i, name in enumerate(names)
    ]


def test_a_page_asked_again_is_read_by_its_keys_without_counting_the_matches_again():
    _jamu("Jamu Kunyit Asam", "Jamu Beras Kencur", "Jamu Temulawak")
    jamu = category("jamu")

    _first, first_names, first_sqls = _page(category=jamu)
    again, names, sqls = _page(category=jamu)

    assert first_names == names == ["Jamu Temulawak", "Jamu Beras Kencur"]
    # found: the page's rows on their own (no window keeping every match), then the count
    assert not any("OVER" in sql for sql in first_sqls)
    assert sum("COUNT(" in sql for sql in first_sqls) == 1
    assert not any("COUNT(" in sql for sql in sqls)
    assert sum('FROM "products_product"' in sql for sql in sqls) == 1  # the rows by primary key
    assert (again.paginator.count, again.paginator.num_pages, again.number) == (3, 2, 1)
    assert again.has_next() and not again.has_previous()
    assert [p.images.all() for p in again.object_list]  # photos prefetched with them


def test_a_new_product_and_a_stock_change_are_seen_at_once():
    _kunyit, kencur = _jamu("Jamu Kunyit Asam", "Jamu Beras Kencur")
    assert _page(in_stock=True)[1] == ["Jamu Beras Kencur", "Jamu Kunyit Asam"]

    product_set_stock(product=kencur, stock=0)  # update(): no signal, the service bumps
    assert _page(in_stock=True)[1] == ["Jamu Kunyit Asam"]

    ProductFactory(name="Jamu Sirih", description="")
    page, names, _sqls = _page(in_stock=True)
    assert names == ["Jamu Sirih", "Jamu Kunyit Asam"]
    assert page.paginator.count == 2


def test_a_product_past_its_expiry_date_leaves_the_page_the_next_day(monkeypatch):
    today = timezone.localdate()
    Product.objects.filter(pk=_jamu("Jamu Kunyit Asam")[0].pk).update(expiry_date=today)
    assert _page()[1] == ["Jamu Kunyit Asam"]

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))

    page, names, _sqls = _page()
    assert names == [] and page.paginator.count == 0


def test_searches_filters_and_pages_are_kept_apart():
    _jamu("Jamu Kunyit Asam", "Jamu Kunyit Putih", "Jamu Beras Kencur")
    ProductFactory(name="Masker Kunyit", category=category("masker"), description="", price=10_000)

    assert _page(q="kunyit", sort=Sort.NEWEST)[1] == ["Masker Kunyit", "Jamu Kunyit Putih"]
    assert _page(q="kunyit", sort=Sort.NEWEST, number=2)[1] == ["Jamu Kunyit Asam"]
    assert _page(q="kencur")[1] == ["Jamu Beras Kencur"]
    assert _page(q="kunyit", category=category("jamu"), sort=Sort.NEWEST)[1] == [
        "Jamu Kunyit Putih",
        "Jamu Kunyit Asam",
    ]
    assert _page(q="kunyit", price_max=20_000)[1] == ["Masker Kunyit"]
    assert _page(q="kunyit", sort=Sort.CHEAPEST)[1][0] == "Masker Kunyit"


def test_a_page_past_the_end_shows_the_last_page_and_remembers_it():
    _jamu("Jamu Kunyit Asam", "Jamu Beras Kencur", "Jamu Temulawak")

    for _ in range(2):  # found, then read back
        page, names, _sqls = _page(number=9)
        assert (page.number, names) == (2, ["Jamu Kunyit Asam"])


def test_a_search_ranks_and_counts_its_matches_in_one_query():
    _jamu("Jamu Kunyit Asam", "Jamu Kunyit Putih", "Jamu Beras Kencur")

    page, names, sqls = _page(q="kunyit")

    assert sorted(names) == ["Jamu Kunyit Asam", "Jamu Kunyit Putih"] and page.paginator.count == 2
    product_queries = [sql for sql in sqls if 'FROM "products_product"' in sql]
    assert len(product_queries) == 1 and "OVER" in product_queries[0]
