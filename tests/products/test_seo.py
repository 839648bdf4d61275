"""Links that show a picture, and search engines: Open Graph, JSON-LD, canonical, robots.txt, sitemap.xml."""

import io
import json
import re
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import jsonschema
import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from members.models import MemberProfile
from products.models import Product, ProductImage
from products.services import VariantRow, product_variants_set
from reviews.services import review_create
from tests.factories import MemberFactory, ProductFactory, add_photo, village
from tests.orders.helpers import configured_village
from tests.reviews.helpers import completed_order

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "product-jsonld.schema.json").read_text())
SITE = settings.SITE_URL.rstrip("/")
SCHEMA_ORG = "https://schema.org/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _meta(html, prop):
    found = re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    assert len(found) == 1, (prop, found)
    return found[0]


def _jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_product_page_og_image_is_1200_by_630_made_from_its_first_photo(client):
    product = ProductFactory(name="Jamu Kunyit Asam", price=12500)
    add_photo(product, color=(10, 120, 200))
    add_photo(product, color=(200, 10, 10))

    html = client.get(product.get_absolute_url()).content.decode()

    assert _meta(html, "og:type") == "product"
    assert _meta(html, "og:title") == "Jamu Kunyit Asam — Rp12.500 · Desa Sabrang"
    assert _meta(html, "og:url") == SITE + product.get_absolute_url()
    assert (_meta(html, "og:image:width"), _meta(html, "og:image:height")) == ("1200", "630")
    assert _meta(html, "twitter:card") == "summary_large_image"
    assert f'<link rel="canonical" href="{SITE}{product.get_absolute_url()}">' in html
    og_url = _meta(html, "og:image")
    first = product.images.order_by("position").first()
    assert og_url == SITE + first.og_image.url
    # the picture itself: served, 1200×630, the first photo's colour (not the second's)
    response = client.get(og_url.removeprefix(SITE))
    assert response.status_code == 200
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (picture.format, picture.size) == ("JPEG", (1200, 630))
    r, g, b = picture.convert("RGB").getpixel((600, 315))
    assert abs(r - 10) < 12 and abs(g - 120) < 12 and abs(b - 200) < 12


def test_product_json_ld_matches_the_schema_with_offer_and_rating(client):
    shop = configured_village("sabrang")
    product = ProductFactory(
        shop=shop, name="Masker Kain 3 Lapis", price=15000, stock=40, description="Katun"
    )
    add_photo(product)
    for rating in (5, 4):
        order = completed_order((product, 1), shop=shop)
        review_create(order=order, item_id=order.items.get().pk, rating=rating)

    data = _jsonld(client.get(product.get_absolute_url()).content.decode())

    jsonschema.validate(data, SCHEMA)
    assert data["offers"] | {"seller": None} == {
        "@type": "Offer",
        "url": SITE + product.get_absolute_url(),
        "price": "15000",
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition",
        "seller": None,
    }
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.5,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert data["image"] == [SITE + product.images.get().og_image.url]


def test_json_ld_of_a_sold_out_unreviewed_product_without_photo_and_a_hostile_name(client):
    product = ProductFactory(name='Jamu </script><script>alert(1)</script> "Asam"', stock=0)

    html = client.get(product.get_absolute_url()).content.decode()
    data = _jsonld(html)

    jsonschema.validate(data, SCHEMA)
    assert data["name"] == product.name
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert "aggregateRating" not in data and "image" not in data
    assert "<script>alert(1)" not in html


def test_json_ld_of_sizes_at_different_prices_is_an_aggregate_offer(client):
    product = ProductFactory(name="Gaun APD", price=50000, stock=7)
    product_variants_set(
        product=product,
        option1_name="Ukuran",
        rows=[VariantRow("S", 45000, 3), VariantRow("M", 50000, 0), VariantRow("L", 55000, 2)],
    )

    data = _jsonld(client.get(product.get_absolute_url()).content.decode())

    jsonschema.validate(data, SCHEMA)
    assert data["offers"] | {"seller": None, "url": None} == {
        "@type": "AggregateOffer",
        "lowPrice": "45000",
        "highPrice": "55000",
        "offerCount": 3,
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition",
        "seller": None,
        "url": None,
    }


@pytest.mark.parametrize(
    "offer",
    [
        {"@type": "Offer", "price": "Rp15.000"},  # not a bare number
        {"@type": "Offer"},  # no price
        {"@type": "AggregateOffer", "lowPrice": "45000", "highPrice": "55000"},  # no count
    ],
)
def test_a_bad_json_ld_would_fail_the_schema(offer):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {
                "@context": "https://schema.org",
                "@type": "Product",
                "name": "x",
                "url": f"{SITE}/produk/x/",
                "offers": offer
                | {"priceCurrency": "IDR", "availability": "https://schema.org/InStock", "url": SITE},
            },
            SCHEMA,
        )


@pytest.mark.parametrize("path", ["/", "/desa/sabrang/", "/kategori/jamu/"])
def test_home_village_and_category_pages_have_open_graph_with_a_product_picture(client, path):
    product = ProductFactory(shop=village("sabrang"))
    add_photo(product)

    html = client.get(path).content.decode()

    assert _meta(html, "og:image") == SITE + product.images.get().og_image.url
    assert _meta(html, "og:url") == SITE + path
    assert _meta(html, "og:title")
    assert f'<link rel="canonical" href="{SITE}{path}">' in html


def test_share_button_is_a_wa_me_link_without_javascript(client):
    product = ProductFactory(name="Jamu Temulawak")

    html = client.get(product.get_absolute_url()).content.decode()

    url = SITE + product.get_absolute_url()
    link = re.search(r'<a class="btn btn--ghost share" href="([^"]+)"', html).group(1)
    assert link == "https://wa.me/?text=" + quote(f"Jamu Temulawak {url}", safe="/")


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    for private in ("/admin/", "/akun/", "/dasbor/", "/keranjang/", "/checkout/", "/pesanan/"):
        assert f"Disallow: {private}" in lines


def test_sitemap_lists_every_public_page_with_lastmod_and_nothing_private(client):
    sabrang = village("sabrang")
    public = [ProductFactory(shop=sabrang) for _ in range(3)]
    draft = ProductFactory(shop=sabrang, status=Product.Status.DRAFT)
    archived = ProductFactory(shop=sabrang, status=Product.Status.ARCHIVED)
    hidden = ProductFactory(shop=sabrang)
    Product.objects.filter(pk=hidden.pk).update(hidden_by_staff_at=public[0].created_at, hidden_reason="x")
    suspended_maker = MemberFactory(shop=sabrang, status=MemberProfile.Status.SUSPENDED)
    by_suspended = ProductFactory(shop=sabrang, made_by=suspended_maker)
    shy = MemberFactory(shop=sabrang, consent_public_profile=False)
    ProductFactory(shop=sabrang, made_by=shy)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    entries = {
        u.find("s:loc", SITEMAP_NS).text: u.find("s:lastmod", SITEMAP_NS)
        for u in root.findall("s:url", SITEMAP_NS)
    }
    locations = set(entries)
    published = Product.objects.published()
    assert {loc for loc in locations if "/produk/" in loc} == {SITE + p.get_absolute_url() for p in published}
    for product in public:
        assert SITE + product.get_absolute_url() in locations
    for product in (draft, archived, hidden, by_suspended):
        assert SITE + product.get_absolute_url() not in locations
    members = {loc for loc in locations if "/anggota/" in loc}
    assert members == {SITE + m.get_absolute_url() for m in MemberProfile.objects.public()}
    assert SITE + shy.get_absolute_url() not in locations and shy.slug  # consent withheld
    assert SITE + suspended_maker.get_absolute_url() not in locations
    assert {f"{SITE}/desa/{slug}/" for slug in ("wonoasri", "sabrang", "ambulu", "dukuhdempok")} <= locations
    assert f"{SITE}/kategori/jamu/" in locations
    # lastmod on every page, except a category without any public product yet (APD, Masker here)
    without = {loc for loc, lastmod in entries.items() if lastmod is None}
    assert without == {f"{SITE}/kategori/apd/", f"{SITE}/kategori/masker/"}
    assert not any(
        part in loc for loc in locations for part in ("/dasbor/", "/pesanan/", "/akun/", "/admin/")
    )


def test_make_og_images_fills_in_the_pictures_of_older_photos(client):
    product = ProductFactory()
    image = add_photo(product)
    image.og_image.storage.delete(image.og_image.name)
    ProductImage.objects.filter(pk=image.pk).update(og_image="")
    assert _meta(client.get(product.get_absolute_url()).content.decode(), "og:image").endswith("-640.webp")

    call_command("make_og_images", stdout=io.StringIO())
    call_command("make_og_images", stdout=io.StringIO())  # twice: nothing more to do

    image.refresh_from_db()
    with image.og_image.open("rb") as stored:
        assert Image.open(stored).size == (1200, 630)
    assert (
        _meta(client.get(product.get_absolute_url()).content.decode(), "og:image")
        == SITE + image.og_image.url
    )
