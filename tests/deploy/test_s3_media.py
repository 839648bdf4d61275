"""Media on a real S3-compatible server (SeaweedFS): photos, thumbnails, links, deletion."""

import re
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from products.models import ProductImage
from products.services import product_image_delete
from tests.factories import ProductFactory, add_photo

from .conftest import s3_storage_settings

pytestmark = [pytest.mark.django_db, pytest.mark.processes]


@pytest.fixture
def media_on_s3(settings, s3_server):
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_settings(s3_server)}
    return s3_server


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own test server
        return response.status, response.headers["Content-Type"], response.read()


def test_photo_thumbnails_and_links_live_in_the_bucket_and_go_with_the_photo(
    media_on_s3, django_capture_on_commit_callbacks
):
    before = set(media_on_s3.keys())
    product = ProductFactory(name="Masker Batik Sabrang")
    image = add_photo(product, alt="Masker batik")
    stored = {image.image.name, image.thumb_320.name, image.thumb_640.name, image.og_image.name}
    assert set(media_on_s3.keys()) - before == stored
    assert all(name.startswith("produk/") for name in stored)

    html = Client().get(product.get_absolute_url()).content.decode()
    urls = set(re.findall(r"(http://127\.0\.0\.1:\d+/media/produk/[\w.-]+)", html))
    assert urls, html
    assert {url.rsplit("/", 1)[1] for url in urls} <= {name.rsplit("/", 1)[1] for name in stored}
    for url in urls:
        status, content_type, body = fetch(url)
        assert status == 200
        assert content_type == ("image/webp" if url.endswith(".webp") else "image/jpeg")
        assert body[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")

    with django_capture_on_commit_callbacks(execute=True):
        product_image_delete(image=image)
    assert set(media_on_s3.keys()) == before
    assert not ProductImage.objects.filter(pk=image.pk).exists()


def test_a_file_that_is_not_an_image_is_stored_as_a_download_never_as_a_page(media_on_s3):
    name = default_storage.save("produk/tidak-foto.html", ContentFile(b"<script>alert(1)</script>"))
    head = media_on_s3.client().head_object(Bucket=media_on_s3.bucket, Key=name)
    assert head["ContentType"] == "binary/octet-stream"
    assert head["ContentDisposition"] == "attachment"
    status, content_type, _ = fetch(f"{media_on_s3.endpoint}/{media_on_s3.bucket}/{name}")
    assert (status, content_type) == (200, "binary/octet-stream")
    photo = default_storage.save("produk/foto.webp", ContentFile(b"RIFF....WEBP"))
    assert (
        media_on_s3.client().head_object(Bucket=media_on_s3.bucket, Key=photo)["ContentType"] == "image/webp"
    )
    default_storage.delete(name)
    default_storage.delete(photo)
