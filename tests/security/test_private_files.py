"""Transfer receipts live in private storage and are served only through checking views (item 1)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from core.storage import move_to_private, private_file_response, private_storage
from orders.models import Order
from orders.services import order_upload_receipt
from tests.factories import MemberFactory, ProductFactory, UserFactory, jpeg_bytes, make_staff
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    shop = configured_village("sabrang")
    placed = place({ProductFactory(shop=shop, stock=5): 1})
    order = placed.orders.get()
    return order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(), name="bukti.jpg"))


def test_a_receipt_is_stored_in_private_storage_never_in_public_media(order, settings):
    # Given a receipt uploaded by the buyer
    name = order.receipt.name
    # Then it is in the private folder, not in media, and it has no URL of its own
    assert name.startswith("bukti/")
    assert (settings.PRIVATE_MEDIA_ROOT / name).is_file()
    assert not default_storage.exists(name)
    assert not (settings.MEDIA_ROOT / name).exists()
    with pytest.raises(ValueError, match="no public URL"):
        order.receipt.url  # noqa: B018 - the property is what is tested
    # and /media/ does not serve it either
    assert Client().get(f"/media/{name}").status_code == 404


def test_the_buyer_link_streams_it_never_cached(order, client):
    response = client.get(reverse("orders:receipt_image", args=[order.access_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_behind_nginx_the_view_answers_with_x_accel_redirect(order, client, settings):
    settings.PRIVATE_MEDIA_ACCEL = "/_private/"
    response = client.get(reverse("orders:receipt_image", args=[order.access_token]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{order.receipt.name}"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b""


def test_staff_see_it_through_the_admin_view_and_the_admin_links_no_raw_file(order, client):
    client.force_login(make_staff())
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    receipt_url = reverse("admin:orders_order_receipt", args=[order.pk])
    assert f'href="{receipt_url}"' in page
    assert order.receipt.name not in page
    response = client.get(receipt_url)
    assert response.status_code == 200
    # the admin adds its never_cache directives to ours
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_people_without_the_right_get_nothing(order):
    anonymous = Client()
    assert anonymous.get(reverse("admin:orders_order_receipt", args=[order.pk])).status_code == 302
    member = Client()
    member.force_login(
        MemberFactory(user=UserFactory(), shop=configured_village("ambulu"), role="ketua").user
    )
    assert member.get(reverse("orders:dashboard_receipt", args=[order.pk])).status_code == 404
    assert member.get(reverse("admin:orders_order_receipt", args=[order.pk])).status_code == 302


def test_an_order_without_a_receipt_is_a_404(client):
    shop = configured_village("sabrang")
    order = place({ProductFactory(shop=shop, stock=5): 1}).orders.get()
    assert client.get(reverse("orders:receipt_image", args=[order.access_token])).status_code == 404


def test_existing_public_receipts_move_to_private_storage_under_the_same_name():
    # Given receipts left in public media by the old code (one already moved once)
    first = default_storage.save("bukti/lama.jpg", ContentFile(jpeg_bytes(), name="lama.jpg"))
    second = default_storage.save("bukti/kedua.jpg", ContentFile(b"kedua"))
    private_storage.save("bukti/kedua.jpg", ContentFile(b"kedua"))
    # When they are moved
    moved = move_to_private([first, second, "bukti/hilang.jpg", ""])
    # Then each is private under its name, and public media holds none
    assert moved == 1
    assert private_storage.exists(first) and private_storage.exists(second)
    assert not default_storage.exists(first) and not default_storage.exists(second)
    with private_storage.open(first, "rb") as handle:
        assert handle.read()[:3] == b"\xff\xd8\xff"


def test_a_file_that_is_not_an_image_is_served_as_a_download(rf):
    name = private_storage.save("bukti/mutasi.pdf", io.BytesIO(b"%PDF-1.4"))
    order = Order(receipt=name)
    response = private_file_response(rf.get("/"), order.receipt)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
