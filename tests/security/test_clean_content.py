"""Stored files and text are clean (item 6): no comment or metadata in images, no invisible tricks."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, PngImagePlugin

from orders.services import order_upload_receipt
from products.models import Product
from products.services import photo_stage
from tests.factories import ProductFactory, member_with_account
from tests.orders.helpers import configured_village, place
from tests.products.helpers import form_data

pytestmark = pytest.mark.django_db

PAYLOAD = b'<?php system($_GET["c"]); ?>'


def jpeg_with_comment() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 200)).save(buffer, "JPEG", comment=PAYLOAD, icc_profile=b"x" * 64)
    data = buffer.getvalue()
    assert PAYLOAD in data
    return data


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>" + PAYLOAD.decode() + "</x:xmpmeta>")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 20, 20)).save(buffer, "PNG", pnginfo=info)
    assert PAYLOAD in buffer.getvalue()
    return buffer.getvalue()


def webp_with_xmp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 200, 20)).save(buffer, "WEBP", xmp=PAYLOAD)
    assert PAYLOAD in buffer.getvalue()
    return buffer.getvalue()


def assert_clean(fieldfile):
    with fieldfile.open("rb") as handle:
        data = handle.read()
    assert PAYLOAD not in data and b"php" not in data
    if data[:3] == b"\xff\xd8\xff":
        assert b"\xff\xfe" not in data  # no JPEG comment segment
        assert b"ICC_PROFILE" not in data
    assert Image.open(io.BytesIO(data)).info.get("comment") is None


@pytest.mark.parametrize("make", [jpeg_with_comment, png_with_text, webp_with_xmp])
def test_a_staged_product_photo_keeps_no_comment_text_or_metadata(make):
    member = member_with_account()
    image = photo_stage(member=member, uploaded=ContentFile(make(), name="foto"))
    for field in (image.image, image.thumb_320, image.thumb_640):
        assert_clean(field)


@pytest.mark.parametrize("make", [jpeg_with_comment, png_with_text, webp_with_xmp])
def test_a_transfer_receipt_keeps_no_comment_text_or_metadata(make):
    order = place({ProductFactory(shop=configured_village("sabrang"), stock=5): 1}).orders.get()
    order = order_upload_receipt(order=order, uploaded=ContentFile(make(), name="bukti"))
    assert_clean(order.receipt)


def test_a_member_photo_keeps_no_comment(client):
    member = member_with_account(shop="sabrang")
    client.force_login(member.user)
    client.post(
        "/dasbor/profil/",
        {
            "display_name": member.display_name,
            "photo": SimpleUploadedFile("saya.jpg", jpeg_with_comment(), content_type="image/jpeg"),
        },
    )
    member.refresh_from_db()
    assert member.photo
    assert_clean(member.photo)


# ----------------------------------------------------------------------------------------------
# Text: direction overrides and zero-width characters never stored
# ----------------------------------------------------------------------------------------------
TRICKY = "Ani\u202e gpj.exe\u200b\u200d\u2066x\u2069\ufeff"


def test_a_product_name_and_description_lose_invisible_characters():
    member = member_with_account()
    client = Client()
    client.force_login(member.user)
    response = client.post(
        "/dasbor/produk/baru/",
        form_data(action="draft", name="Jamu\u202e Kunyit\u200b", description="Segar\u2067 sekali\u200f"),
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.name, product.description) == ("Jamu Kunyit", "Segar sekali")


def test_a_buyers_name_and_address_lose_invisible_characters(client):
    from orders.models import Order

    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, stock=5)
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": "1"})
    page = client.get("/checkout/").content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/checkout/",
        {
            "token": token,
            "seen": page.split('name="seen" value="', 1)[1].split('"', 1)[0],
            "name": "Bu\u202e Rina",
            "phone": "081234567890",
            "email": "",
            "address_line": "Jl. Mawar\u200b 5",
            "address_village": "",
            "address_district": "",
            "address_city": "Kabupaten Jember",
            "address_province": "Jawa Timur",
            "address_postcode": "68121",
            "note": "Tolong\u2066 cepat",
            f"delivery_{shop.pk}": "courier",
            f"payment_{shop.pk}": "transfer",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    assert (order.buyer_name, order.address_line, order.buyer_note) == (
        "Bu Rina",
        "Jl. Mawar 5",
        "Tolong cepat",
    )


def test_passwords_are_left_exactly_as_typed(client):
    from members.models import User

    response = client.post(
        "/akun/signup/",
        {
            "email": "baru@contoh.test",
            "password1": "kata\u200bsandi-panjang-9",
            "password2": "kata\u200bsandi-panjang-9",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="baru@contoh.test").check_password("kata\u200bsandi-panjang-9")


def test_clean_text_removes_each_invisible_character():
    from core.text import clean_text

    assert clean_text(TRICKY) == "Ani gpj.exex"
    assert clean_text("Bu Siti — Jl. Melati 3") == "Bu Siti — Jl. Melati 3"
