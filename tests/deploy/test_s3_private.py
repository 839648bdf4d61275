"""Receipts on a real S3-compatible server (SeaweedFS): private, read only through signed URLs."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from orders.services import order_upload_receipt
from tests.factories import ProductFactory, jpeg_bytes
from tests.orders.helpers import configured_village, place

from .conftest import s3_storage_settings

pytestmark = [pytest.mark.django_db, pytest.mark.processes]


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own test server
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, None, b""


def receipt_order():
    order = place({ProductFactory(shop=configured_village("sabrang"), stock=5): 1}).orders.get()
    return order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(), name="bukti.jpg"))


def test_a_receipt_in_the_private_bucket_is_only_read_through_a_short_signed_url(settings, s3_server, client):
    # Given the private bucket configured as an operator would
    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_storage_settings(s3_server, which="private", AWS_PRIVATE_STORAGE_BUCKET_NAME="private"),
    }
    # When a buyer uploads her receipt
    order = receipt_order()
    # Then it is in the private bucket, not in the public one, marked never to be cached
    assert order.receipt.name in s3_server.keys("private")
    assert order.receipt.name not in s3_server.keys()
    head = s3_server.client().head_object(Bucket="private", Key=order.receipt.name)
    assert (head["ContentType"], head["CacheControl"]) == ("image/jpeg", "private, no-store")
    # an anonymous read of the object is refused
    assert status_of(f"{s3_server.endpoint}/private/{order.receipt.name}")[0] == 403
    # the buyer's link gives a signed URL that lives five minutes, and it works
    response = client.get(reverse("orders:receipt_image", args=[order.access_token]))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["300"]
    status, content_type, body = status_of(signed)
    assert (status, content_type, body[:3]) == (200, "image/jpeg", b"\xff\xd8\xff")


def test_without_a_private_bucket_receipts_go_under_the_media_bucket_private_prefix(
    settings, s3_server, client
):
    settings.STORAGES = {**settings.STORAGES, "private": s3_storage_settings(s3_server, which="private")}
    order = receipt_order()
    assert f"private/{order.receipt.name}" in s3_server.keys()
    response = client.get(reverse("orders:receipt_image", args=[order.access_token]))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == f"/media/private/{order.receipt.name}"
    assert "X-Amz-Signature" in response["Location"]
