"""Catalog search on PostgreSQL: stored vector kept current by triggers, trigrams for typos."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from products.models import Category, Product
from shops.models import Shop
from tests.factories import ProductFactory, category, village

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_only")]


def _names(client, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200
    return [p.name for p in response.context["products"]]


def test_typos_and_partial_words_find_the_product(client):
    masker = ProductFactory(category=category("masker"), name="Masker Kain Batik", description="")
    kunyit = ProductFactory(name="Jamu Kunyit Asam", description="")
    ProductFactory(name="Face Shield", category=category("apd"), description="")

    assert _names(client, "maskr") == [masker.name]
    assert _names(client, "kunyt") == [kunyit.name]
    assert _names(client, "kunyi") == [kunyit.name]


def test_similar_names_are_looked_for_only_when_the_words_find_nothing(client):
    # Given a jamu, and another category's product whose name is near "jamu" in spelling
    # (4 of its 5 trigrams)
    jamu = ProductFactory(name="Jamu Beras Kencur", category=category("jamu"), description="")
    ProductFactory(name="Masker Jamur Motif", category=category("masker"), description="")

    # When a buyer searches for jamu, then only what has the word is shown
    assert _names(client, "jamu") == [jamu.name]
    # and a typo that no word matches finds both names like it
    assert sorted(_names(client, "jamuu")) == [jamu.name, "Masker Jamur Motif"]


def test_the_look_for_similar_names_is_one_query_more_and_keeps_the_filters(client):
    kunyit = ProductFactory(name="Jamu Kunyit Asam", category=category("jamu"), description="")
    ProductFactory(name="Kunyit Bubuk", category=category("masker"), description="")

    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cari/", {"q": "kunyt", "kategori": "jamu"})

    assert [p.name for p in response.context["products"]] == [kunyit.name]
    assert response.context["page"].paginator.count == 1
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum("websearch_to_tsquery" in sql for sql in sqls) == 1
    assert sum("products_names_like" in sql for sql in sqls) == 1


def test_a_name_match_ranks_above_a_description_mention(client):
    # Given a product named for kunyit, and an older and a newer one
    # (published in that order) that only mention it
    older = ProductFactory(name="Beras Kencur", description="Dengan sedikit kunyit dari kebun.")
    named = ProductFactory(name="Jamu Kunyit Asam", description="Segar.")
    newer = ProductFactory(name="Temulawak", description="Temulawak dan kunyit pilihan.")

    # When a buyer searches (relevance is the default order with a query)
    names = _names(client, "kunyit")

    # Then the named one comes first, then the mentions, newest first
    assert names == [named.name, newer.name, older.name]


def test_stemming_finds_inflected_indonesian_words(client):
    product = ProductFactory(name="Masker Kain", description="Nyaman dipakai seharian, mudah dicuci.")
    ProductFactory(name="Jamu Jahe Merah", description="Hangat.")

    assert _names(client, "cuci") == [product.name]


def test_a_bulk_update_keeps_the_vector_current(client):
    product = ProductFactory(name="Jamu Kunyit Asam", description="")

    Product.objects.filter(pk=product.pk).update(name="Jamu Temulawak")

    assert _names(client, "temulawak") == ["Jamu Temulawak"]
    assert _names(client, "asam") == []


def test_a_stock_update_does_not_recompute_the_vector():
    # Given a vector marked by hand (an update of search_vector alone fires no trigger)
    product = ProductFactory(name="Jamu Kunyit Asam")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE products_product SET search_vector = 'penanda' WHERE id = %s", [product.pk])

    # When an order takes stock, as orders.services does
    Product.objects.filter(pk=product.pk).update(stock=F("stock") - 1)

    # Then the trigger did not run: the mark is still there
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM products_product WHERE id = %s", [product.pk])
        assert cursor.fetchone()[0] == "'penanda'"


def test_renaming_a_category_or_a_village_reindexes_its_products(client):
    product = ProductFactory(name="Gaun Medis", category=category("apd"), shop=village("sabrang"))

    Category.objects.filter(slug="apd").update(name="Pelindung Tenaga Kesehatan")
    Shop.objects.filter(slug="sabrang").update(name="Sabrang Makmur")

    assert _names(client, "pelindung") == [product.name]
    assert _names(client, "makmur") == [product.name]


def test_the_vector_is_not_loaded_with_the_listing(client):
    ProductFactory(name="Jamu Kunyit Asam")

    response = client.get("/cari/", {"q": "kunyit"})

    (product,) = response.context["products"]
    assert "search_vector" in product.get_deferred_fields()


def test_search_and_its_total_are_one_query(client, settings):
    # Given more matches than one page holds
    settings.CATALOG_PAGE_SIZE = 2
    for i in range(5):
        ProductFactory(name=f"Jamu Kunyit {i}")

    # When the second page of a search is shown
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cari/", {"q": "kunyit", "page": "2"})

    # Then one query searched, counted and paged; none counted separately
    searches = [q["sql"] for q in ctx.captured_queries if "websearch_to_tsquery" in q["sql"]]
    assert len(searches) == 1
    assert "OVER ()" in searches[0]
    page = response.context["page"]
    paginator = page.paginator
    assert (page.number, paginator.count, paginator.num_pages, len(page.object_list)) == (2, 5, 3, 2)


def test_a_page_past_the_end_shows_the_last_page(client, settings):
    settings.CATALOG_PAGE_SIZE = 2
    for i in range(3):
        ProductFactory(name=f"Jamu Kunyit {i}")

    response = client.get("/cari/", {"q": "kunyit", "page": "99999999999999999999999"})

    page = response.context["page"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 3, 1)


def test_no_match_is_an_empty_first_page(client):
    ProductFactory(name="Jamu Kunyit Asam")

    response = client.get("/cari/", {"q": "sepatu", "page": "3"})

    page = response.context["page"]
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])
    assert "Belum ada produk yang cocok" in response.content.decode()
