"""
First view of the public pages on a phone: at most 200 KB over the wire, at most 30 KB of
JavaScript, every asset served by us (no CDN), no serious accessibility violation. Measured in
Chromium with realistic photos; the product page and the village page also with their ratings and
the heaviest review snippets (three reviews of three photos each).
"""

import pytest
from django.core.files.base import ContentFile

from demo.images import product_photo
from products.services import product_image_add
from reviews.services import review_create
from tests.factories import MemberFactory, ProductFactory, category, village
from tests.orders.helpers import configured_village
from tests.reviews.helpers import completed_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PAGE_BUDGET = 200 * 1024
JS_BUDGET = 30 * 1024


@pytest.fixture
def catalog():
    shops = [village(slug) for slug in ("wonoasri", "sabrang", "ambulu", "dukuhdempok")]
    kinds = ["masker", "apd", "jamu"]
    products = []
    for i in range(16):
        shop = shops[i % 4]
        kind = kinds[i % 3]
        product = ProductFactory(
            shop=shop,
            made_by=MemberFactory(shop=shop),
            category=category(kind),
            name=f"Produk Contoh {i}",
            description="Dibuat tangan oleh anggota Desbumi. " * 5,
        )
        photo = product_photo(kind, f"berat-{i}")
        product_image_add(product=product, uploaded=ContentFile(photo, name="foto.jpg"))
        products.append(product)
    # Sabrang's jamu and APD each get three reviews with three camera photos: the village's rating
    # and the product page's snippets at their heaviest.
    sabrang = configured_village("sabrang")
    for n in range(3):
        order = completed_order((products[1], 1), (products[5], 1), shop=sabrang)
        for item in order.items.order_by("pk"):
            photos = [
                ContentFile(product_photo("jamu", f"ulasan-{n}-{item.pk}-{k}"), name="ulasan.jpg")
                for k in range(3)
            ]
            review_create(
                order=order,
                item_id=item.pk,
                rating=5 - n,
                text="Jamunya segar, dikirim cepat, botolnya rapi. " * 3,
                photos=photos,
            )
    return products


def _first_view(page, url):
    """Bytes of every response the first view of `url` needs, by resource type, and their hosts."""
    seen = []
    page.on(
        "requestfinished",
        lambda request: seen.append(
            (request.url, request.resource_type, request.sizes()["responseBodySize"])
        ),
    )
    page.goto(url, wait_until="networkidle")
    return seen


@pytest.mark.parametrize(
    "path", ["/", "/cari/?q=jamu", "/desa/sabrang/", "/kategori/masker/", "PRODUCT", "REVIEWED PRODUCT"]
)
def test_first_view_is_light_and_served_by_us(page, live_server, catalog, axe_check, path):
    url = {"PRODUCT": catalog[0], "REVIEWED PRODUCT": catalog[1]}.get(path)
    url = url.get_absolute_url() if url else path
    responses = _first_view(page, url)
    if path in ("/desa/sabrang/", "REVIEWED PRODUCT"):
        assert page.locator(".rating").first.is_visible(), "its rating is not on the page"
    if path == "REVIEWED PRODUCT":
        assert page.locator("img[src*='/ulasan/']").count() == 9, "the review photos are not on the page"
    axe_check(page, url)

    total = sum(size for _, _, size in responses)
    script = sum(size for _, kind, size in responses if kind == "script")
    print(f"first view {url}: {total} bytes, {script} bytes of script, {len(responses)} requests")
    assert responses, "nothing loaded"
    assert all(u.startswith(live_server.url) for u, _, _ in responses), [u for u, _, _ in responses]
    assert total <= PAGE_BUDGET, (total, sorted(responses, key=lambda r: -r[2])[:5])
    assert script <= JS_BUDGET, script
