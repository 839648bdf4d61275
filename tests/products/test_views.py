"""The public catalog: every page answers, only what is public shows, bad input never breaks it."""

import pytest
from django.urls import reverse

from members.models import MemberProfile
from products.models import Product
from tests.factories import MemberFactory, ProductFactory, add_photo, category, village

pytestmark = pytest.mark.django_db

VILLAGE_SLUGS = ["wonoasri", "sabrang", "ambulu", "dukuhdempok"]
CATEGORY_SLUGS = ["masker", "apd", "jamu"]


def test_data_migrations_create_the_four_villages_and_three_categories():
    from products.models import Category
    from shops.models import Shop

    assert sorted(Shop.objects.values_list("name", "kecamatan")) == [
        ("Ambulu", "Ambulu"),
        ("Dukuhdempok", "Wuluhan"),
        ("Sabrang", "Ambulu"),
        ("Wonoasri", "Tempurejo"),
    ]
    assert list(Category.objects.values_list("name", "kind")) == [
        ("Masker", "masker"),
        ("APD", "apd"),
        ("Jamu", "jamu"),
    ]


def test_home_shows_villages_categories_and_newest_products_in_indonesian(client):
    product = ProductFactory(name="Kunyit Asam Segar", price=25000)
    add_photo(product)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    for name in ("Wonoasri", "Sabrang", "Ambulu", "Dukuhdempok", "Kec. Tempurejo", "Kec. Wuluhan"):
        assert name in html
    for name in ("Masker", "APD", "Jamu"):
        assert name in html
    assert "Kunyit Asam Segar" in html
    assert "Rp25.000" in html
    assert 'name="q"' in html
    assert ".webp" in html


@pytest.mark.parametrize("slug", VILLAGE_SLUGS)
def test_every_village_page_answers(client, slug):
    shop = village(slug)
    product = ProductFactory(shop=shop, name=f"Masker dari {shop.name}")
    response = client.get(reverse("products:village", args=[slug]))
    assert response.status_code == 200
    assert product.name in response.content.decode()


@pytest.mark.parametrize("slug", CATEGORY_SLUGS)
def test_every_category_page_answers(client, slug):
    product = ProductFactory(category=category(slug), name=f"Produk kategori {slug}")
    response = client.get(reverse("products:category", args=[slug]))
    assert response.status_code == 200
    assert product.name in response.content.decode()


def test_product_page_shows_price_stock_maker_village_and_permits(client):
    maker = MemberFactory(shop=village("sabrang"), display_name="Siti Rahayu")
    product = ProductFactory(
        shop=maker.shop,
        made_by=maker,
        name="Jamu Beras Kencur",
        price=18500,
        stock=7,
        unit="botol",
        pirt_number="206350901012328",
        halal_status=Product.Halal.SELF_DECLARE,
        halal_number="ID35110000123450824",
        description="Segar <script>alert(1)</script>",
    )
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rp18.500" in html
    assert "Stok: 7 botol" in html
    assert "Siti Rahayu" in html
    assert "Sabrang" in html
    assert "P-IRT No. 2063509010123-28" in html
    assert "Halal (pernyataan mandiri) · ID35110000123450824" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_maker_without_consent_is_credited_without_her_name(client):
    maker = MemberFactory(shop=village("ambulu"), display_name="Nama Rahasia", consent_public_profile=False)
    product = ProductFactory(shop=maker.shop, made_by=maker)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Nama Rahasia" not in html
    assert "Anggota Desbumi Ambulu" in html
    assert client.get(reverse("products:member", args=[maker.slug])).status_code == 404


def test_mask_without_kemenkes_permit_is_shown_as_non_medical(client):
    plain = ProductFactory(category=category("masker"), name="Masker Kain Batik")
    medical = ProductFactory(
        category=category("masker"), name="Masker Medis", kemenkes_permit="KEMENKES RI AKD 21603020123"
    )
    assert "Masker kain non-medis" in client.get(plain.get_absolute_url()).content.decode()
    html = client.get(medical.get_absolute_url()).content.decode()
    assert "Medis · Izin edar Kemenkes RI AKD 21603020123" in html
    assert "non-medis" not in html


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.ARCHIVED])
def test_draft_and_archived_products_are_never_public(client, status):
    hidden = ProductFactory(status=status, name="Produk Tersembunyi")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in ("/", "/cari/?q=Tersembunyi", "/desa/sabrang/", "/kategori/jamu/"):
        assert "Produk Tersembunyi" not in client.get(url).content.decode(), url


def test_inactive_village_and_its_products_are_never_public(client):
    shop = village("dukuhdempok")
    product = ProductFactory(shop=shop, name="Face Shield Dukuhdempok")
    shop.is_active = False
    shop.save()
    assert client.get(shop.get_absolute_url()).status_code == 404
    assert client.get(product.get_absolute_url()).status_code == 404
    for url in ("/", "/cari/?q=Face", "/kategori/jamu/"):
        html = client.get(url).content.decode()
        assert "Face Shield Dukuhdempok" not in html, url
    assert 'href="/desa/dukuhdempok/"' not in client.get("/").content.decode()


def test_products_of_a_suspended_member_leave_the_catalog(client):
    maker = MemberFactory(status=MemberProfile.Status.SUSPENDED)
    product = ProductFactory(shop=maker.shop, made_by=maker, name="Jamu Dibekukan")
    assert client.get(product.get_absolute_url()).status_code == 404
    assert "Jamu Dibekukan" not in client.get("/cari/?q=Jamu").content.decode()


def test_public_member_page_shows_only_what_she_consented_to(client):
    member = MemberFactory(
        display_name="Ibu Wahyuni",
        story="Enam tahun bekerja di Hong Kong.",
        phone="+6281234567890",
        consent_show_story=True,
        consent_show_phone=False,
    )
    ProductFactory(shop=member.shop, made_by=member, name="Temulawak Ibu Wahyuni")
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Ibu Wahyuni" in html
    assert "Enam tahun bekerja di Hong Kong." in html
    assert "6281234567890" not in html
    assert "Temulawak Ibu Wahyuni" in html
    assert member.slug != str(member.pk)


def test_unknown_slugs_answer_with_the_indonesian_404_page(client):
    for url in ("/desa/tidak-ada/", "/kategori/tidak-ada/", "/produk/tidak-ada/", "/anggota/tidak-ada/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Halaman tidak ditemukan" in response.content.decode(), url


def _names(response):
    return [p.name for p in response.context["products"]]


def test_search_filters_and_sorts():
    from django.test import Client

    client = Client()
    jamu, masker = category("jamu"), category("masker")
    sabrang, wonoasri = village("sabrang"), village("wonoasri")
    a = ProductFactory(shop=sabrang, category=jamu, name="Jamu Kunyit Asam", price=15000, stock=5)
    b = ProductFactory(shop=wonoasri, category=jamu, name="Jamu Jahe Merah", price=30000, stock=0)
    c = ProductFactory(shop=sabrang, category=masker, name="Masker Batik", price=10000, stock=3)

    assert set(_names(client.get("/cari/?q=jamu"))) == {a.name, b.name}
    assert _names(client.get("/cari/?q=jamu&desa=sabrang")) == [a.name]
    assert _names(client.get("/cari/?kategori=masker")) == [c.name]
    assert _names(client.get("/cari/?urut=termurah")) == [c.name, a.name, b.name]
    assert _names(client.get("/cari/?urut=termahal")) == [b.name, a.name, c.name]
    assert _names(client.get("/cari/?harga_min=12000&harga_max=20000")) == [a.name]
    assert set(_names(client.get("/cari/?q=jamu&tersedia=on"))) == {a.name}
    assert _names(client.get("/kategori/jamu/?desa=wonoasri")) == [b.name]
    assert _names(client.get("/desa/sabrang/?kategori=masker")) == [c.name]


@pytest.mark.parametrize(
    "query",
    [
        "harga_min=abc",
        "harga_max=-5",
        "harga_min=99999999999999999999",
        "page=9999",
        "page=abc",
        "page=-1",
        "urut=drop%20table",
        "desa=atlantis",
        "kategori=%00",
        "tersedia=maybe",
        "q=" + "jamu" * 1250,
        "q=%27%22%3C%3E%5C",
        "q=%26%7C%21%3A*",
    ],
)
def test_nonsense_filter_values_are_ignored_and_the_page_renders(client, query):
    ProductFactory(name="Jamu Kunyit")
    for path in ("/cari/", "/desa/sabrang/", "/kategori/jamu/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)


def test_a_long_query_is_clamped_to_100_characters(client):
    response = client.get("/cari/?q=" + "a" * 5000)
    assert response.status_code == 200
    assert len(response.context["filters"].q) == 100


def test_pagination_clamps_to_the_last_page(client, settings):
    settings.CATALOG_PAGE_SIZE = 2
    for i in range(5):
        ProductFactory(name=f"Masker {i}")
    response = client.get("/cari/?page=9999")
    assert response.status_code == 200
    assert response.context["page"].number == 3
    assert len(response.context["products"]) == 1


def test_admin_shows_its_login_page_in_indonesian(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()


def test_language_switch_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Newest products" in response.content.decode()
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/"}, follow=True)
    assert "Produk terbaru" in response.content.decode()


def test_an_english_phone_still_gets_indonesian_until_she_switches(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="id-ID")
    assert '<html lang="en">' in response.content.decode()
