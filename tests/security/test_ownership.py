"""
Inside a village, what is personal stays personal (item 3): every id a member's form or endpoint
accepts is tried with something belonging to another member of the same village.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from notifications.models import Notification
from products.models import Product, ProductImage
from products.services import photo_stage
from tests.factories import ProductFactory, add_photo, jpeg_bytes, member_with_account
from tests.products.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ani_and_bela():
    """Two anggota of Sabrang; Bela has a published product with a photo and a staged photo."""
    ani = member_with_account(shop="sabrang")
    bela = member_with_account(shop="sabrang")
    product = ProductFactory(shop=bela.shop, made_by=bela, stock=7, name="Masker Bela")
    add_photo(product)
    staged = photo_stage(member=bela, uploaded=ContentFile(jpeg_bytes(), name="b.jpg"))
    client = Client()
    client.force_login(ani.user)
    return ani, bela, product, staged, client


def snapshot(product):
    product.refresh_from_db()
    return (product.name, product.stock, product.status, list(product.images.values_list("pk", flat=True)))


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/dasbor/produk/{pk}/", {}),
        ("post", "/dasbor/produk/{pk}/", "form"),
        ("post", "/dasbor/produk/{pk}/stok/", {"stock": "0"}),
        ("post", "/dasbor/produk/{pk}/sembunyikan/", {}),
        ("post", "/dasbor/produk/{pk}/arsipkan/", {}),
        ("post", "/dasbor/produk/{pk}/duplikat/", {}),
    ],
)
def test_an_anggota_cannot_reach_another_anggotas_product_by_id(ani_and_bela, method, path, data):
    _ani, _bela, product, _staged, client = ani_and_bela
    before = snapshot(product)
    data = form_data(name="Diambil Ani") if data == "form" else data
    response = getattr(client, method)(path.format(pk=product.pk), data)
    assert response.status_code == 404
    assert snapshot(product) == before
    assert Product.objects.count() == 1


def test_an_anggota_cannot_attach_a_photo_staged_by_another_member_of_her_village(ani_and_bela):
    ani, _bela, product, staged, client = ani_and_bela
    photo_of_product = product.images.get()
    response = client.post(
        "/dasbor/produk/baru/", {**form_data(action="draft"), "photo": [staged.pk, photo_of_product.pk]}
    )
    assert response.status_code == 302
    mine = Product.objects.get(made_by=ani)
    assert mine.images.count() == 0
    staged.refresh_from_db()
    assert staged.product is None
    assert ProductImage.objects.get(pk=photo_of_product.pk).product == product


def test_a_ketua_cannot_attach_a_photo_staged_by_an_anggota_either(ani_and_bela):
    _ani, bela, _product, staged, _client = ani_and_bela
    ketua = member_with_account(shop="sabrang", role="ketua")
    client = Client()
    client.force_login(ketua.user)
    response = client.post(
        "/dasbor/produk/baru/", {**form_data(action="draft"), "made_by": bela.pk, "photo": [staged.pk]}
    )
    assert response.status_code == 302
    assert Product.objects.get(name="Jamu Kunyit Asam").images.count() == 0
    staged.refresh_from_db()
    assert staged.product is None


@pytest.mark.parametrize("action", ["buka", "baca"])
def test_a_member_cannot_open_or_read_another_members_notification(ani_and_bela, action):
    _ani, bela, _product, _staged, client = ani_and_bela
    notification = Notification.objects.create(
        user=bela.user, kind="stock_low", title="Untuk Bela", body="Rahasia", path="/"
    )
    response = client.post(f"/dasbor/notifikasi/{notification.pk}/{action}/")
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_anggota_who_does_not_handle_orders_cannot_open_the_order_desk(ani_and_bela):
    _ani, _bela, _product, _staged, client = ani_and_bela
    assert client.get("/dasbor/pesanan/").status_code == 403
