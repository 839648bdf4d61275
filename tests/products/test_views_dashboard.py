"""The seller's product dashboard: forms, services, views and who may do what."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.money import parse_rupiah
from members.models import MemberProfile
from products.models import Product, ProductImage
from products.services import photo_stage, product_save, staged_photos_cleanup
from tests.dashboard_access import HOME, LOGIN, NOT_FOUND, OK, logged_in_as, outcome
from tests.factories import ProductFactory, UserFactory, add_photo, category, jpeg_bytes
from tests.products.helpers import form_data, login, seller, upload

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Prices typed the Indonesian way
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("25000", 25000),
        ("25.000", 25000),
        ("Rp 25.000", 25000),
        ("rp25.000", 25000),
        ("Rp. 1.250.000", 1250000),
        ("25.000,00", 25000),
        (" 7500 ", 7500),
    ],
)
def test_prices_typed_the_indonesian_way_are_read_as_whole_rupiah(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize("typed", ["25,5", "dua puluh", "25.00", "1.2.3", "-5000", "Rp", "25.000,50"])
def test_nonsense_prices_are_refused(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        parse_rupiah(typed)
    assert excinfo.value.code == "invalid_price"


# ---------------------------------------------------------------------------------------------
# Adding a product through the form (no JavaScript: photos go with the form)
# ---------------------------------------------------------------------------------------------


def test_anggota_publishes_a_jamu_with_two_photos_and_is_its_maker(client):
    siti = seller(name="Siti")
    login(client, siti)
    response = client.post(
        "/dasbor/produk/baru/", {**form_data(), "photos": [upload("a.jpg"), upload("b.jpg")]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dasbor/produk/"
    product = Product.objects.get()
    assert (product.name, product.price, product.stock, product.status) == (
        "Jamu Kunyit Asam",
        25000,
        12,
        "published",
    )
    assert product.made_by == siti
    assert product.shop == siti.shop
    assert product.pirt_number == "206350901012328"
    assert [img.position for img in product.images.all()] == [0, 1]
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Siti" in html and "Rp25.000" in html


def test_a_bad_photo_keeps_everything_she_typed_and_the_good_photo(client):
    login(client, seller())
    html_as_jpg = upload("foto.jpg", b"<html><body>bukan foto</body></html>")
    response = client.post(
        "/dasbor/produk/baru/",
        {**form_data(name="Beras Kencur"), "photos": [upload("baik.jpg"), html_as_jpg]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "foto.jpg: File ini bukan foto JPEG, PNG atau WebP." in html
    assert 'value="Beras Kencur"' in html
    assert 'value="25.000"' in html or 'value="Rp 25.000"' in html
    assert Product.objects.count() == 0
    staged = ProductImage.objects.get()
    assert staged.product is None
    assert f'name="photo" value="{staged.pk}"' in html

    # she fixes nothing but resubmits without a new file: the staged photo is used
    response = client.post("/dasbor/produk/baru/", {**form_data(name="Beras Kencur"), "photo": [staged.pk]})
    assert response.status_code == 302
    product = Product.objects.get()
    assert list(product.images.values_list("pk", flat=True)) == [staged.pk]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Tulis nama produk."),
        ({"price": "dua puluh ribu"}, "price", "Tulis harga dalam rupiah tanpa sen, misalnya 25.000."),
        ({"price": "0"}, "price", "Harga harus lebih dari Rp0."),
        ({"stock": "-3"}, "stock", "Stok tidak boleh kurang dari 0."),
        ({"stock": "banyak"}, "stock", "Tulis stok sebagai angka, misalnya 10."),
        (
            {"pirt_number": "12345"},
            "pirt_number",
            "Nomor P-IRT terdiri dari 15 angka, misalnya 2063509010123-28",
        ),
        ({"bpom_number": "BPOM 123"}, "bpom_number", "POM TR dan 9 angka untuk jamu obat tradisional"),
        ({"category": "99999"}, "category", "Pilih kategori dari daftar."),
        (
            {"production_date": "2026-01-10", "expiry_date": "2026-01-01"},
            "expiry_date",
            "Tanggal kedaluwarsa harus sesudah tanggal produksi.",
        ),
    ],
)
def test_bad_input_is_answered_in_indonesian_and_nothing_is_saved(client, overrides, field, message):
    login(client, seller())
    response = client.post("/dasbor/produk/baru/", {**form_data(**overrides), "photos": [upload()]})
    assert response.status_code == 400
    assert message in " ".join(str(e) for e in response.context["form"].errors[field])
    assert Product.objects.count() == 0


def test_an_expired_jamu_cannot_be_published_but_is_kept_as_typed(client):
    login(client, seller())
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        "/dasbor/produk/baru/",
        {**form_data(production_date="2026-01-01", expiry_date=past), "photos": [upload()]},
    )
    assert response.status_code == 400
    assert "sudah lewat tanggal kedaluwarsa" in response.content.decode()
    assert Product.objects.count() == 0


def test_publishing_without_a_photo_is_refused_but_a_draft_may_have_none(client):
    login(client, seller())
    response = client.post("/dasbor/produk/baru/", form_data())
    assert response.status_code == 400
    assert "Tambahkan minimal satu foto sebelum terbit." in response.content.decode()
    response = client.post("/dasbor/produk/baru/", form_data(action="draft"))
    assert response.status_code == 302
    assert Product.objects.get().status == "draft"


def test_jamu_fields_are_dropped_for_a_mask(client):
    login(client, seller())
    client.post(
        "/dasbor/produk/baru/",
        {**form_data(category=category("masker").pk, material="Katun", size="Dewasa"), "photos": [upload()]},
    )
    product = Product.objects.get()
    assert (product.pirt_number, product.halal_status, product.expiry_date) == ("", "", None)
    assert (product.material, product.size) == ("Katun", "Dewasa")


def test_ketua_credits_another_member_but_not_one_of_another_village(client):
    ketua = seller(role="ketua")
    ani = seller(name="Ani")
    stranger = seller("wonoasri", name="Orang Wonoasri")
    login(client, ketua)
    response = client.post("/dasbor/produk/baru/", {**form_data(made_by=stranger.pk), "photos": [upload()]})
    assert response.status_code == 400
    assert Product.objects.count() == 0
    response = client.post("/dasbor/produk/baru/", {**form_data(made_by=ani.pk), "photos": [upload()]})
    assert response.status_code == 302
    assert Product.objects.get().made_by == ani


def test_anggota_cannot_credit_someone_else_by_tampering(client):
    siti = seller()
    other = seller()
    login(client, siti)
    client.post("/dasbor/produk/baru/", {**form_data(made_by=other.pk), "photos": [upload()]})
    assert Product.objects.get().made_by == siti


def test_edit_reorders_and_removes_photos(client):
    siti = seller()
    product = ProductFactory(shop=siti.shop, made_by=siti)
    a, b, c = (add_photo(product, color=col) for col in ((1, 2, 3), (4, 5, 6), (7, 8, 9)))
    login(client, siti)
    data = form_data(name=product.name, action="draft")
    data.update(
        {
            "photo": [a.pk, b.pk, c.pk],
            f"urutan_{a.pk}": "3",
            f"urutan_{b.pk}": "1",
            f"urutan_{c.pk}": "2",
            "hapus_foto": [c.pk],
        }
    )
    response = client.post(f"/dasbor/produk/{product.pk}/", data)
    assert response.status_code == 302
    assert list(product.images.values_list("pk", flat=True)) == [b.pk, a.pk]
    assert not ProductImage.objects.filter(pk=c.pk).exists()


def test_a_photo_staged_in_another_village_cannot_be_claimed(client):
    siti = seller()
    foreign = photo_stage(member=seller("wonoasri"), uploaded=ContentFile(jpeg_bytes(), name="x.jpg"))
    login(client, siti)
    response = client.post("/dasbor/produk/baru/", {**form_data(action="draft"), "photo": [foreign.pk]})
    assert response.status_code == 302
    assert Product.objects.get().images.count() == 0
    foreign.refresh_from_db()
    assert foreign.product is None


def test_xhr_photo_upload_stages_a_photo_and_refuses_a_fake(client):
    login(client, seller())
    response = client.post("/dasbor/produk/foto/", {"photo": upload()})
    assert response.status_code == 200
    body = response.json()
    image = ProductImage.objects.get(pk=body["id"])
    assert image.product is None
    assert body["thumb"] == image.thumb_320.url
    response = client.post("/dasbor/produk/foto/", {"photo": upload("x.jpg", b"%PDF-1.4 bukan foto")})
    assert response.status_code == 400
    assert response.json() == {"error": "File ini bukan foto JPEG, PNG atau WebP."}
    assert ProductImage.objects.count() == 1


def test_staged_photos_nobody_claimed_are_cleaned_up():
    member = seller()
    old = photo_stage(member=member, uploaded=ContentFile(jpeg_bytes(), name="a.jpg"))
    fresh = photo_stage(member=member, uploaded=ContentFile(jpeg_bytes(), name="b.jpg"))
    ProductImage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    path = old.image.path
    assert staged_photos_cleanup() == 1
    assert list(ProductImage.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not os.path.exists(path)


def test_duplicate_copies_fields_and_photos_as_a_draft(client):
    siti = seller()
    product = ProductFactory(shop=siti.shop, made_by=siti, name="Masker Batik", price=9000, stock=4)
    add_photo(product)
    login(client, siti)
    response = client.post(f"/dasbor/produk/{product.pk}/duplikat/")
    copy = Product.objects.exclude(pk=product.pk).get()
    assert response["Location"] == f"/dasbor/produk/{copy.pk}/"
    assert (copy.name, copy.price, copy.stock, copy.status, copy.made_by) == (
        "Masker Batik (salinan)",
        9000,
        4,
        "draft",
        siti,
    )
    assert copy.images.count() == 1
    assert copy.images.get().image.name != product.images.get().image.name


def test_quick_stock_change_and_its_bad_input(client):
    siti = seller()
    product = ProductFactory(shop=siti.shop, made_by=siti, stock=4)
    login(client, siti)
    client.post(f"/dasbor/produk/{product.pk}/stok/", {"stock": "15"})
    product.refresh_from_db()
    assert product.stock == 15
    response = client.post(f"/dasbor/produk/{product.pk}/stok/", {"stock": "-1"}, follow=True)
    product.refresh_from_db()
    assert product.stock == 15
    assert "Stok tidak boleh kurang dari 0." in response.content.decode()


def test_suspended_members_products_leave_the_catalog():
    member = seller(status="suspended")
    product = ProductFactory(shop=member.shop, made_by=member)
    assert not Product.objects.published().filter(pk=product.pk).exists()


def test_product_save_service_scopes_the_maker():
    ketua = seller(role="ketua")
    with pytest.raises(ValueError):
        product_save(
            member=ketua,
            product=None,
            fields={"category": category("jamu"), "name": "X", "price": 1000, "made_by": seller("ambulu")},
            photo_ids=[],
            publish=False,
        )
    assert Product.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Who may do what: every dashboard product URL and action
# ---------------------------------------------------------------------------------------------
ACTORS = [
    "anonymous",
    "pending",
    "anggota_sabrang",
    "ketua_sabrang",
    "anggota_wonoasri",
    "ketua_wonoasri",
    "suspended",
    "staff",
]


@pytest.fixture
def world():
    owner = seller(name="Pemilik")
    actors = {
        "anonymous": None,
        "pending": seller(status=MemberProfile.Status.PENDING),
        "anggota_sabrang": owner,
        "ketua_sabrang": seller(role="ketua"),
        "anggota_wonoasri": seller("wonoasri"),
        "ketua_wonoasri": seller("wonoasri", role="ketua"),
        "suspended": seller(status=MemberProfile.Status.SUSPENDED),
        "staff": UserFactory(is_staff=True),
    }
    # A jamu that meets the publish rules (P-IRT, halal certificate, dates).
    own = ProductFactory(
        shop=owner.shop,
        made_by=owner,
        stock=5,
        status="draft",
        pirt_number="206350901012328",
        halal_status="self_declare",
        halal_number="ID35110001325901022",
        production_date=timezone.localdate() - timedelta(days=3),
        expiry_date=timezone.localdate() + timedelta(days=60),
    )
    add_photo(own)
    neighbour = ProductFactory(shop=owner.shop, made_by=seller(name="Tetangga"), stock=5, status="draft")
    add_photo(neighbour)
    return {"actors": actors, "own": own, "neighbour": neighbour}


EXPECTED_GET = {
    # actor: (list, new, own product, neighbour's product)
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "pending": (OK, OK, NOT_FOUND, NOT_FOUND),  # she prepares drafts of her own while she waits
    "anggota_sabrang": (OK, OK, OK, NOT_FOUND),
    "ketua_sabrang": (OK, OK, OK, OK),
    "anggota_wonoasri": (OK, OK, NOT_FOUND, NOT_FOUND),
    "ketua_wonoasri": (OK, OK, NOT_FOUND, NOT_FOUND),
    "suspended": (HOME, HOME, HOME, HOME),
    "staff": (HOME, HOME, HOME, HOME),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix_for_pages(client, world, actor):
    c = logged_in_as(client, world["actors"][actor])
    urls = (
        "/dasbor/produk/",
        "/dasbor/produk/baru/",
        f"/dasbor/produk/{world['own'].pk}/",
        f"/dasbor/produk/{world['neighbour'].pk}/",
    )
    assert tuple(outcome(c.get(url)) for url in urls) == EXPECTED_GET[actor]


ALLOWED_ON_OWN = {"anggota_sabrang", "ketua_sabrang"}


def _snapshot():
    return sorted(Product.objects.values_list("pk", "status", "stock", "name")), ProductImage.objects.count()


EFFECTS = {
    # action: (status before, what the product looks like after)
    "terbitkan": ("draft", lambda p: p.status == "published"),
    "sembunyikan": ("published", lambda p: p.status == "draft"),
    "arsipkan": ("draft", lambda p: p.status == "archived"),
    "duplikat": ("draft", lambda p: Product.objects.filter(name=f"{p.name} (salinan)").count() == 1),
    "stok": ("draft", lambda p: p.stock == 99),
    "ubah": ("draft", lambda p: p.name == "Diubah"),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(EFFECTS))
def test_permission_matrix_for_actions(client, world, actor, action):
    c = logged_in_as(client, world["actors"][actor])
    product = world["own"]
    status_before, effect = EFFECTS[action]
    Product.objects.filter(pk=product.pk).update(status=status_before)
    before = _snapshot()
    if action == "stok":
        response = c.post(f"/dasbor/produk/{product.pk}/stok/", {"stock": "99"})
    elif action == "ubah":
        data = form_data(name="Diubah", action="draft", made_by=product.made_by_id)
        response = c.post(f"/dasbor/produk/{product.pk}/", data)
    else:
        response = c.post(f"/dasbor/produk/{product.pk}/{action}/")
    product.refresh_from_db()
    if actor in ALLOWED_ON_OWN:
        assert response.status_code == 302
        assert effect(product)
    else:
        expected = {
            "anonymous": LOGIN,
            "pending": NOT_FOUND,
            "anggota_wonoasri": NOT_FOUND,
            "ketua_wonoasri": NOT_FOUND,
        }.get(actor, HOME)
        assert outcome(response) == expected
        assert _snapshot() == before
        assert not effect(product)


def test_an_unknown_action_is_a_404_and_get_is_refused(client, world):
    c = logged_in_as(client, world["actors"]["anggota_sabrang"])
    assert c.post(f"/dasbor/produk/{world['own'].pk}/hapus-semua/").status_code == 404
    assert c.get(f"/dasbor/produk/{world['own'].pk}/terbitkan/").status_code == 405


def test_photo_upload_is_refused_to_non_sellers(client, world):
    for actor in ("suspended", "staff"):
        c = logged_in_as(client, world["actors"][actor])
        assert outcome(c.post("/dasbor/produk/foto/", {"photo": upload()})) == HOME
    assert ProductImage.objects.filter(product__isnull=True).count() == 0


# ---------------------------------------------------------------------------------------------
# Dashboard query counts stay flat
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["anggota", "ketua"])
def test_dashboard_list_query_count_does_not_grow(client, role):
    member = seller(role=role)
    login(client, member)
    counts = []
    for n in (3, 30):
        for i in range(n):
            product = ProductFactory(shop=member.shop, made_by=member, name=f"P{i}")
            ProductImage.objects.create(product=product, image="produk/x.jpg", thumb_320="produk/x-320.webp")
        client.get("/dasbor/produk/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dasbor/produk/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 10, counts


def test_edit_page_query_count(client):
    member = seller(role="ketua")
    product = ProductFactory(shop=member.shop, made_by=member)
    add_photo(product)
    login(client, member)
    client.get(f"/dasbor/produk/{product.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/dasbor/produk/{product.pk}/").status_code == 200
    assert len(ctx.captured_queries) <= 10


def test_the_periodic_task_runs_the_cleanup():
    from products.tasks import cleanup_staged_photos

    member = seller()
    old = photo_stage(member=member, uploaded=ContentFile(jpeg_bytes(), name="a.jpg"))
    ProductImage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert cleanup_staged_photos.delay().get() == 1
    assert ProductImage.objects.count() == 0
