"""
The image pipeline every upload goes through: product photos, member photos, receipts.

A file is accepted only if Pillow decodes it fully as JPEG, PNG or WebP (by content, not by name),
within the size and pixel limits. What is stored is always re-encoded by us: EXIF (with GPS) is
gone, the orientation is applied, and the file name is random.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class ProcessedImage:
    """A re-encoded original and its WebP thumbnails, ready to save to storage."""

    original: ContentFile
    thumbnails: dict[int, ContentFile]
    width: int
    height: int


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("Ukuran foto terlalu besar (lebih dari %(mp)d megapiksel)."),
        code="image_too_many_pixels",
        params={"mp": settings.IMAGE_MAX_PIXELS // 1_000_000},
    )


def open_upload(uploaded) -> Image.Image:
    """Decode an upload fully and return it upright; raise ValidationError with a clear message."""
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
    if size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Foto terlalu besar (lebih dari %(mb)d MB). Pilih foto yang lebih kecil."),
            code="image_too_large",
            params={"mb": settings.IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below 2× its own limit; our pixel check right below decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(uploaded)
        # Check the pixel count from the header, before anything is decoded (decompression bombs).
        if image.width * image.height > settings.IMAGE_MAX_PIXELS:
            raise _too_many_pixels()
        if image.format not in ACCEPTED_FORMATS:
            raise ValidationError(_("File ini bukan foto JPEG, PNG atau WebP."), code="image_bad_format")
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("File ini bukan foto JPEG, PNG atau WebP."), code="image_bad_format"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Foto rusak atau tidak lengkap. Coba ambil atau kirim ulang fotonya."),
            code="image_broken",
        ) from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "PA") else "RGB")
    return image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _fit(image: Image.Image, longest_side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    return copy


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    buffer = io.BytesIO()
    # Pixels only: Pillow would carry over what the upload's info holds (a JPEG comment such as
    # "<?php … ?>", XMP, an ICC profile, PNG text chunks); with no exif= argument EXIF and GPS go too.
    image = image.copy()
    image.info = {}
    image.save(buffer, format=fmt, quality=quality, optimize=fmt == "JPEG", method=4 if fmt == "WEBP" else 0)
    return buffer.getvalue()


def process_upload(uploaded, *, thumb_sizes=None, prefix="") -> ProcessedImage:
    """Validate and re-encode an upload: a JPEG original and one WebP per thumbnail size."""
    image = _flatten(open_upload(uploaded))
    original = _fit(image, settings.IMAGE_ORIGINAL_MAX_SIDE)
    token = prefix + secrets.token_hex(16)
    thumbnails = {}
    for size in thumb_sizes if thumb_sizes is not None else settings.IMAGE_THUMB_SIZES:
        thumb = _fit(original, size)
        thumbnails[size] = ContentFile(_encode(thumb, "WEBP", 78), name=f"{token}-{size}.webp")
    return ProcessedImage(
        original=ContentFile(_encode(original, "JPEG", 84), name=f"{token}.jpg"),
        thumbnails=thumbnails,
        width=original.width,
        height=original.height,
    )


def cover_image(original: ContentFile, *, width: int = 1200, height: int = 630) -> ContentFile:
    """
    `original` (an image we re-encoded ourselves) cropped from its centre to fill width×height, as
    JPEG: the 1200×630 picture link previews (Open Graph) show. A photo smaller than that is
    enlarged rather than framed, so WhatsApp never shows a letterbox.
    """
    original.seek(0)
    with Image.open(original) as image:
        cover = ImageOps.fit(_flatten(image.convert("RGB")), (width, height), Image.Resampling.LANCZOS)
    original.seek(0)
    stem = (original.name or "foto").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ContentFile(_encode(cover, "JPEG", 82), name=f"{stem}-og.jpg")
