"""Writes on products: one plain function per domain verb."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from desbumi_market.images import process_upload

from .exceptions import ProductNotPublishable
from .models import Category, Product, ProductImage


def _unique_slug(name: str) -> str:
    # A random suffix keeps slugs unique without a lookup loop and makes drafts unguessable.
    return f"{slugify(name)[:120] or 'produk'}-{secrets.token_hex(3)}"


def product_create(*, shop, category: Category, name: str, price: int, made_by=None, **fields) -> Product:
    """Create a draft product of `shop`; `made_by` must be a member of that shop."""
    if made_by is not None and made_by.shop_id != shop.pk:
        raise ValueError("made_by must be a member of the product's shop")
    product = Product(shop=shop, category=category, name=name, price=price, made_by=made_by, **fields)
    product.slug = _unique_slug(name)
    product.full_clean()
    product.save()
    return product


def product_publish(*, product: Product) -> Product:
    """Publish a product. Raises ProductNotPublishable for a jamu past its expiry date."""
    if product.is_expired:
        raise ProductNotPublishable(_("Jamu ini sudah lewat tanggal kedaluwarsa, tidak bisa diterbitkan."))
    product.status = Product.Status.PUBLISHED
    product.published_at = product.published_at or timezone.now()
    product.save(update_fields=["status", "published_at", "updated_at"])
    return product


def product_image_add(*, product: Product, uploaded, alt_text: str = "") -> ProductImage:
    """
    Add a photo to a product: validate, re-encode without EXIF, make WebP thumbnails.

    Raises django.core.exceptions.ValidationError (with a code) for a file that is not a safe photo;
    nothing is stored then.
    """
    processed = process_upload(uploaded)
    position = product.images.count()
    image = ProductImage(
        product=product,
        alt_text=alt_text or product.name,
        position=position,
        width=processed.width,
        height=processed.height,
    )
    image.image.save(processed.original.name, processed.original, save=False)
    image.thumb_320.save(processed.thumbnails[320].name, processed.thumbnails[320], save=False)
    image.thumb_640.save(processed.thumbnails[640].name, processed.thumbnails[640], save=False)
    try:
        image.save()
    except Exception:
        _delete_files(image)
        raise
    return image


def _delete_files(image: ProductImage) -> None:
    for field in (image.image, image.thumb_320, image.thumb_640):
        if field.name:
            field.storage.delete(field.name)


def product_image_delete(*, image: ProductImage) -> None:
    """Delete a photo; its files go once the row's deletion has committed."""
    image.delete()
    transaction.on_commit(lambda: _delete_files(image))
