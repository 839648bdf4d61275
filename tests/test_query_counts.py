"""
Every public page costs a visitor the same few queries at 10 products, at 30 and at 20,000, with star
ratings, review snippets with photos and "Terjual" on the products (issue #17), and with sizes:
every tenth product sold in S/M/L ("mulai Rp…" on its card) and a gown's page with its picker
(issue #16).

The catalogue is bulk-inserted (as demo/volume.py does), so both sizes run in one test in well under
a minute; each page is counted once warmed up, with the page cache and the home page's fragment cache off.
"""

import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from products.models import Product, ProductImage, ProductVariant
from reviews.services import review_create
from shops.models import Shop
from tests.factories import MemberFactory, ProductFactory, category, jpeg_bytes, village
from tests.orders.helpers import configured_village, sized
from tests.public_pages import LISTING_PAGES
from tests.reviews.helpers import completed_order

pytestmark = pytest.mark.django_db

MAX_PUBLIC_QUERIES = 5
# 30: the smallest catalogue with a real second page (24 a page); at 10 "?page=2" is out of range
# and shows the last page instead, another page than the one measured at 30 and 20,000.
SIZES = (10, 30, 20_000)
PAGES = [*LISTING_PAGES, "/cari/?q=jamu&page=2", "PRODUCT", "SIZED", "MEMBER"]


def _reviewed_products():
    """Two products of one member, bought, completed and reviewed with words and photos."""
    shop = configured_village("sabrang")
    maker = MemberFactory(shop=shop, display_name="Bu Siti")
    kunyit = ProductFactory(shop=shop, made_by=maker, name="Jamu Kunyit Asam", slug="jamu-kunyit-asam")
    jahe = ProductFactory(shop=shop, made_by=maker, name="Jamu Jahe Merah", slug="jamu-jahe-merah")
    order = completed_order((kunyit, 2), (jahe, 1), shop=shop)
    for n, item in enumerate(order.items.order_by("pk")):
        photos = [ContentFile(jpeg_bytes(color=(40 * n, 90, 60)), name=f"ulasan{n}.jpg") for _ in range(2)]
        review_create(order=order, item_id=item.pk, rating=5 - n, text=f"Segar sekali {n}", photos=photos)
    return kunyit, maker


def _top_up(total: int) -> None:
    """Published products with a photo, stars and sales up to `total`, in bulk (four villages)."""
    shops = [village(s) for s in ("sabrang", "wonoasri", "ambulu", "dukuhdempok")]
    categories = [category(c) for c in ("jamu", "masker", "apd")]
    makers = {shop.pk: [MemberFactory(shop=shop).pk for _ in range(3)] for shop in shops}
    start = Product.objects.count()
    now = timezone.now()
    products = [
        Product(
            shop=shops[i % 4],
            made_by_id=makers[shops[i % 4].pk][i % 3],
            category=categories[i % 3],
            name=f"Jamu Volume {i}",
            slug=f"jamu-volume-{i}",
            description="Jamu dan masker buatan anggota Desbumi.",
            price=5000 + 500 * (i % 40),
            stock=0 if i % 20 == 0 else 10,
            status=Product.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i),
            sold_count=i % 97,
            rating_5=i % 7,
            rating_4=i % 3,
            rating_1=i % 2,
        )
        for i in range(start, total)
    ]
    for i, p in zip(range(start, total), products, strict=True):
        if i % 10 == 0:  # sold in sizes: the card shows the lowest price as "mulai"
            p.option1_name, p.price_varies = "Ukuran", True
    Product.objects.bulk_create(products, batch_size=2000)
    ProductVariant.objects.bulk_create(
        [
            ProductVariant(product=p, option1=label, price=p.price + 1000 * n, stock=p.stock, position=n)
            for p in products
            if p.option1_name
            for n, label in enumerate(("S", "M", "L"))
        ],
        batch_size=2000,
    )
    ProductImage.objects.bulk_create(
        [
            ProductImage(
                product=p,
                shop_id=p.shop_id,
                image=f"produk/v{p.pk}.jpg",
                thumb_320=f"produk/v{p.pk}-320.webp",
                thumb_640=f"produk/v{p.pk}-640.webp",
                width=1280,
                height=1280,
                position=0,
            )
            for p in products
        ],
        batch_size=2000,
    )
    # The villages' own figures as the reviews services keep them.
    Shop.objects.filter(pk__in=[s.pk for s in shops]).update(rating_5=total // 3, rating_4=total // 7)


def _count(client, url):
    client.get(url)  # warm up anything cached per process (templates, translations)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def test_every_public_page_costs_the_same_queries_at_10_30_and_20000_products(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0  # the home page as rendered, not its cached body
    kunyit, maker = _reviewed_products()
    gown, _sizes = sized(
        village("sabrang"),
        {"S": (50000, 0), "M": (52000, 3), "L": (55000, 2)},
        name="Gaun APD Spunbond",
        slug="gaun-apd-spunbond",
    )
    counts: dict[str, list[int]] = {page: [] for page in PAGES}
    timings = []
    for size in SIZES:
        started = time.monotonic()
        _top_up(size)
        assert Product.objects.published().count() == size  # the gown and the reviewed two among them
        for page in PAGES:
            if "page=2" in page and size < 25:
                continue
            named = {"PRODUCT": kunyit, "SIZED": gown, "MEMBER": maker}
            url = named[page].get_absolute_url() if page in named else page
            n, response = _count(client, url)
            counts[page].append(n)
            if page == "PRODUCT":
                text = response.text
                # what is measured: its stars, its sales and the newest reviews with their photos
                assert "Terjual 2" in text and "Segar sekali 0" in text and "/ulasan/" in text
            if page == "SIZED":  # its picker: S sold out (listed, not offered), M and L offered
                assert "mulai" in response.text and "habis" in response.text
        timings.append(round(time.monotonic() - started, 1))

    print(f"\nqueries per page at {SIZES} products: {counts}; seconds per size: {timings}")
    for page, measured in counts.items():
        assert len(set(measured)) == 1, (page, counts)
        assert measured[-1] <= MAX_PUBLIC_QUERIES, (page, counts)
