"""Public pages cost the same few queries whether a village has 3 products or 60."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.models import ProductImage
from tests.factories import MemberFactory, ProductFactory, category, village
from tests.public_pages import LISTING_PAGES

pytestmark = pytest.mark.django_db

MAX_PUBLIC_QUERIES = 5


def _catalog(n):
    shops = [village(s) for s in ("sabrang", "wonoasri")]
    categories = [category(c) for c in ("jamu", "masker", "apd")]
    members = {shop.pk: [MemberFactory(shop=shop) for _ in range(3)] for shop in shops}
    products = []
    for i in range(n):
        shop = shops[i % 2]
        product = ProductFactory(
            shop=shop,
            made_by=members[shop.pk][i % 3],
            category=categories[i % 3],
            name=f"Jamu Produk {i}",
        )
        for position in range(2):
            ProductImage.objects.create(
                product=product,
                image=f"produk/p{i}-{position}.jpg",
                thumb_320=f"produk/p{i}-{position}-320.webp",
                thumb_640=f"produk/p{i}-{position}-640.webp",
                position=position,
            )
        products.append(product)
    return products


def _count(client, url):
    """
    The page's queries once warmed up (templates, translations, the cached village and category
    lists): the fewer of two counts, so that a shared-cache entry another test on this worker just
    retired is not counted against the page. A page that needs more queries needs them both times.
    """
    client.get(url)
    runs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        runs.append([q["sql"][:160] for q in ctx.captured_queries])
    fewest = min(runs, key=len)
    QUERIES.append(fewest)
    return len(fewest)


QUERIES: list = []  # what each count saw, for the failure message


PAGES = [*LISTING_PAGES, "PRODUCT", "MEMBER"]


@pytest.mark.parametrize("page", PAGES)
def test_public_page_query_count_does_not_grow_with_products(client, page):
    counts = []
    # 25 and 60: past one page of 24 both times, so "?page=2" is a real page in both catalogs.
    for n in (25, 60):
        products = _catalog(n)
        url = page
        if page == "PRODUCT":
            url = products[-1].get_absolute_url()
        elif page == "MEMBER":
            url = next(p.made_by for p in products if p.made_by).get_absolute_url()
        counts.append(_count(client, url))
    assert counts[0] == counts[1], (counts, QUERIES[-2:])
    assert counts[1] <= MAX_PUBLIC_QUERIES, counts


def test_a_product_page_with_sizes_costs_the_same_few_queries(client):
    from products.services import VariantRow, product_variants_set

    counts = []
    for n in (10, 40):
        products = _catalog(n)
        # Sizes on every product: the page of one with sizes, its "more from the village" cards too
        for product in products:
            rows = [VariantRow(label, 40000 + 1000 * i, i) for i, label in enumerate(("S", "M", "L", "XL"))]
            product_variants_set(product=product, option1_name="Ukuran", rows=rows)
        counts.append(_count(client, products[-1].get_absolute_url()))
        assert b"mulai Rp40.000" in client.get(products[-1].get_absolute_url()).content
    assert counts[0] == counts[1], (counts, QUERIES[-2:])
    assert counts[1] <= MAX_PUBLIC_QUERIES, counts
