"""The image pipeline: what is stored has no EXIF, right formats and sizes; bad files are refused."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from products.models import ProductImage
from products.services import product_image_add, product_image_delete
from tests.factories import ProductFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 20.0, 0.0), 3: "E", 4: (113.0, 35.0, 0.0)}  # GPSInfo
    return exif.tobytes()


def test_jpeg_with_gps_comes_out_without_any_exif_and_with_webp_thumbnails(settings):
    # given a phone photo with GPS coordinates in its EXIF
    original = jpeg_bytes(2400, 1800, exif=_gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    product = ProductFactory()

    # when it is added to a product
    image = product_image_add(product=product, uploaded=ContentFile(original, name="IMG_0001.jpg"))

    # then the stored original has no EXIF at all and is scaled to the configured longest side
    with image.image.open("rb") as f:
        stored = Image.open(io.BytesIO(f.read()))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert stored.size == (1600, 1200)
    assert (image.width, image.height) == (1600, 1200)
    # and the thumbnails are WebP of the sizes the pages use, also without EXIF
    for field, size in ((image.thumb_320, 320), (image.thumb_640, 640)):
        with field.open("rb") as f:
            thumb = Image.open(io.BytesIO(f.read()))
        assert thumb.format == "WEBP"
        assert thumb.size == (size, size * 3 // 4)
        assert "exif" not in thumb.info
    # and the file names are generated, not the uploaded name
    assert "IMG_0001" not in image.image.name
    assert image.image.name.startswith("produk/")


def test_exif_orientation_is_applied_before_stripping():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    product = ProductFactory()
    image = product_image_add(
        product=product, uploaded=ContentFile(jpeg_bytes(400, 200, exif=exif.tobytes()), name="a.jpg")
    )
    assert (image.width, image.height) == (200, 400)


def _png_bytes(size=(300, 300), mode="RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 200, 10, 128) if mode == "RGBA" else 0).save(buffer, "PNG")
    return buffer.getvalue()


def test_png_and_webp_are_accepted_and_re_encoded():
    product = ProductFactory()
    webp = io.BytesIO()
    Image.new("RGB", (300, 300), "red").save(webp, "WEBP")
    a = product_image_add(product=product, uploaded=ContentFile(_png_bytes(), name="a.png"))
    b = product_image_add(product=product, uploaded=ContentFile(webp.getvalue(), name="b.webp"))
    assert a.image.name.endswith(".jpg")
    assert b.image.name.endswith(".jpg")
    assert [a.position, b.position] == [0, 1]


@pytest.mark.parametrize(
    ("payload", "name", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "foto.jpg", "image_bad_format"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "foto.jpg", "image_bad_format"),
        (jpeg_bytes(800, 600)[:600], "potong.jpg", "image_broken"),
        (b"GIF89a" + b"\x00" * 100, "anim.jpg", "image_bad_format"),
    ],
    ids=["html-renamed", "pdf-renamed", "truncated-jpeg", "gif"],
)
def test_bad_files_are_refused_with_a_code_and_nothing_is_stored(payload, name, code, settings):
    product = ProductFactory()
    with pytest.raises(ValidationError) as excinfo:
        product_image_add(product=product, uploaded=ContentFile(payload, name=name))
    assert excinfo.value.code == code
    assert ProductImage.objects.count() == 0
    assert (
        not (settings.MEDIA_ROOT / "produk").exists()
        or list((settings.MEDIA_ROOT / "produk").iterdir()) == []
    )


def test_decompression_bomb_is_refused_before_decoding(settings):
    # a tiny PNG that claims 10000×10000 pixels (100 MP, over the 40 MP limit)
    bomb = _png_bytes(size=(10000, 10000), mode="L")
    assert len(bomb) < 200_000
    with pytest.raises(ValidationError) as excinfo:
        product_image_add(product=ProductFactory(), uploaded=ContentFile(bomb, name="bom.png"))
    assert excinfo.value.code == "image_too_many_pixels"
    assert ProductImage.objects.count() == 0


def test_file_over_the_byte_limit_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    with pytest.raises(ValidationError) as excinfo:
        product_image_add(
            product=ProductFactory(), uploaded=ContentFile(jpeg_bytes(1200, 1200), name="b.jpg")
        )
    assert excinfo.value.code == "image_too_large"
    assert ProductImage.objects.count() == 0


def test_deleting_a_photo_removes_its_files(django_capture_on_commit_callbacks):
    image = product_image_add(product=ProductFactory(), uploaded=ContentFile(jpeg_bytes(), name="a.jpg"))
    paths = [image.image.path, image.thumb_320.path, image.thumb_640.path]
    with django_capture_on_commit_callbacks(execute=True):
        product_image_delete(image=image)
    assert ProductImage.objects.count() == 0
    assert [p for p in paths if os.path.exists(p)] == []
