"""Writes on products: one plain function per domain verb."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.access import is_staff_with
from core.images import cover_image, process_upload

from .exceptions import ProductModerationError, ProductNotPublishable, StockAlertError
from .models import Category, Product, ProductImage, StockAlert
from .notifications import notify_back_in_stock, notify_product_hidden, notify_stock_alert_confirm

# Fields a member edits on the product form (and that a duplicate copies).
EDITABLE_FIELDS = (
    "category",
    "made_by",
    "name",
    "description",
    "price",
    "stock",
    "unit",
    "weight_grams",
    "pirt_number",
    "bpom_number",
    "halal_status",
    "halal_number",
    "kemenkes_permit",
    "material",
    "size",
    "production_date",
    "expiry_date",
)
MAX_PHOTOS = 8
STAGED_PHOTO_LIFETIME = timedelta(days=2)


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


def product_update(*, product: Product, **fields) -> Product:
    """Change the editable fields of a product (the shop never changes)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    made_by = fields.get("made_by", product.made_by)
    if made_by is not None and made_by.shop_id != product.shop_id:
        raise ValueError("made_by must be a member of the product's shop")
    for name, value in fields.items():
        setattr(product, name, value)
    product.full_clean()
    product.save()
    return product


def check_may_manage(*, by, product: Product) -> None:
    """
    Raise PermissionDenied unless member `by` may manage `product`: the ketua any product of her
    village, an anggota only what she made. `by=None` is the system itself (commands, the demo),
    never a person's request.
    """
    if by is None:
        return
    if not by.is_approved or product.shop_id != by.shop_id:
        raise PermissionDenied
    if not by.is_ketua and product.made_by_id != by.pk:
        raise PermissionDenied


def product_save(
    *, member, product: Product | None, fields: dict, photo_ids: list[int], publish: bool
) -> Product:
    """
    Save the product form in one transaction: create or update, set its photos, publish if asked.

    An anggota is always the maker of what she saves; a ketua names the maker (a member of her
    village). Raises PermissionDenied for a product she may not manage, ProductNotPublishable
    (nothing saved) for a product without a photo or an expired jamu.
    """
    if not member.is_ketua:
        fields = {**fields, "made_by": member}
    if product is not None:
        check_may_manage(by=member, product=product)
    with transaction.atomic():
        if product is None:
            product = product_create(shop=member.shop, **fields)
        else:
            product = product_update(product=product, **fields)
        product_photos_set(product=product, photo_ids=photo_ids, by=member)
        if publish:
            product_publish(product=product, by=member)
    stock_alerts_release(product_ids=[product.pk])
    return product


def product_publish(*, product: Product, by=None) -> Product:
    """
    Publish a product. Raises PermissionDenied (check_may_manage), ProductNotPublishable for a
    product without a photo or a jamu past its expiry date.
    """
    check_may_manage(by=by, product=product)
    if not product.images.exists():
        raise ProductNotPublishable(
            _("Tambahkan minimal satu foto sebelum terbit."), field="photos", code="no_photo"
        )
    if product.is_expired:
        raise ProductNotPublishable(
            _("Jamu ini sudah lewat tanggal kedaluwarsa, tidak bisa diterbitkan."),
            field="expiry_date",
            code="expired",
        )
    product.status = Product.Status.PUBLISHED
    product.published_at = product.published_at or timezone.now()
    product.save(update_fields=["status", "published_at", "updated_at"])
    return product


def product_unpublish(*, product: Product, by=None) -> Product:
    """Take a product out of the catalog; it stays in the dashboard as a draft."""
    check_may_manage(by=by, product=product)
    product.status = Product.Status.DRAFT
    product.save(update_fields=["status", "updated_at"])
    return product


def product_archive(*, product: Product, by=None) -> Product:
    """Archive a product: gone from the catalog and from the default dashboard list."""
    check_may_manage(by=by, product=product)
    product.status = Product.Status.ARCHIVED
    product.save(update_fields=["status", "updated_at"])
    return product


def product_set_stock(*, product: Product, stock: int, by=None) -> Product:
    """Set the stock a member counted (not a sale: sales decrement with F() in the order service)."""
    check_may_manage(by=by, product=product)
    if stock < 0:
        raise ValueError("stock must not be negative")
    Product.objects.filter(pk=product.pk).update(stock=stock, updated_at=timezone.now())
    product.stock = stock
    stock_alerts_release(product_ids=[product.pk])
    return product


def product_duplicate(*, product: Product, by=None) -> Product:
    """A draft copy of a product with the same fields and photos (files copied, new names)."""
    check_may_manage(by=by, product=product)
    fields = {name: getattr(product, name) for name in EDITABLE_FIELDS}
    fields["name"] = _("%(name)s (salinan)") % {"name": product.name}
    with transaction.atomic():
        copy = product_create(shop=product.shop, **fields)
        for image in product.images.all():
            with image.image.open("rb") as original:
                product_image_add(product=copy, uploaded=original, alt_text=image.alt_text)
    return copy


def _save_processed(image: ProductImage, uploaded) -> ProductImage:
    processed = process_upload(uploaded)
    image.width, image.height = processed.width, processed.height
    image.image.save(processed.original.name, processed.original, save=False)
    image.thumb_320.save(processed.thumbnails[320].name, processed.thumbnails[320], save=False)
    image.thumb_640.save(processed.thumbnails[640].name, processed.thumbnails[640], save=False)
    og = cover_image(processed.original)
    image.og_image.save(og.name, og, save=False)
    try:
        image.save()
    except Exception:
        _delete_files(image)
        raise
    return image


def product_image_add(*, product: Product, uploaded, alt_text: str = "") -> ProductImage:
    """
    Add a photo to a product: validate, re-encode without EXIF, make WebP thumbnails.

    Raises django.core.exceptions.ValidationError (with a code) for a file that is not a safe photo;
    nothing is stored then.
    """
    image = ProductImage(
        product=product,
        shop=product.shop,
        alt_text=alt_text or product.name,
        position=product.images.count(),
    )
    return _save_processed(image, uploaded)


def photo_stage(*, member, uploaded) -> ProductImage:
    """
    Keep an uploaded photo for a product form not yet saved (a staged photo, product NULL).

    Raises ValidationError (with a code) for a file that is not a safe photo; nothing is stored then.
    """
    return _save_processed(ProductImage(shop=member.shop, uploaded_by=member), uploaded)


def product_photos_set(*, product: Product, photo_ids: list[int], by=None) -> list[ProductImage]:
    """
    Make `photo_ids`, in this order, the product's photos: its own, or photos staged by member `by`
    (by anyone in its village when the system sets them, `by=None`).

    Its photos not listed are deleted (files too, after commit); other ids are ignored.
    """
    wanted = list(dict.fromkeys(photo_ids))[:MAX_PHOTOS]
    staged = Q(product__isnull=True, shop=product.shop)
    if by is not None:
        staged &= Q(uploaded_by=by)
    with transaction.atomic():
        candidates = {
            image.pk: image
            for image in ProductImage.objects.select_for_update().filter(
                Q(product=product) | staged, pk__in=wanted
            )
        }
        if product.pk:
            removed = list(product.images.exclude(pk__in=candidates))
        else:
            removed = []
        kept = [candidates[pk] for pk in wanted if pk in candidates]
        for position, image in enumerate(kept):
            image.product = product
            image.position = position
            image.alt_text = image.alt_text or product.name
        ProductImage.objects.bulk_update(kept, ["product", "position", "alt_text"])
        for image in removed:
            image.delete()
        transaction.on_commit(lambda: [_delete_files(image) for image in removed])
    return kept


def staged_photos_cleanup(*, older_than: timedelta = STAGED_PHOTO_LIFETIME) -> int:
    """Delete staged photos no form claimed within `older_than`; returns how many."""
    stale = list(
        ProductImage.objects.filter(product__isnull=True, created_at__lt=timezone.now() - older_than)
    )
    for image in stale:
        image.delete()
        _delete_files(image)
    return len(stale)


def _delete_files(image: ProductImage) -> None:
    for field in (image.image, image.thumb_320, image.thumb_640, image.og_image):
        if field.name:
            field.storage.delete(field.name)


def product_image_delete(*, image: ProductImage) -> None:
    """Delete a photo; its files go once the row's deletion has committed."""
    image.delete()
    transaction.on_commit(lambda: _delete_files(image))


# ------------------------------------------------------------------------------------------------
# Moderation by Migrant CARE staff (the admin's "hide with a reason" action)
# ------------------------------------------------------------------------------------------------
HIDDEN_REASON_MAX_LENGTH = 500


def _check_moderator(by) -> None:
    if not is_staff_with(by, "products.change_product"):
        raise PermissionDenied


def product_hide(*, product: Product, reason: str, by) -> Product:
    """
    Take a product out of the catalog for breaking the rules, with a reason its member sees.

    Its status is left alone and the member cannot publish it back: only product_unhide returns it.
    Raises PermissionDenied unless `by` is staff allowed to change products; ValidationError
    (codes "reason_required", "reason_too_long") for the reason; ProductModerationError if it is
    already hidden. Locks the product's row; tells the member in the same transaction
    (products.notifications.notify_product_hidden).
    """
    _check_moderator(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Tulis alasan untuk anggota."), code="reason_required")}
        )
    if len(reason) > HIDDEN_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Alasan terlalu panjang (paling banyak %(limit)d huruf).")
                    % {"limit": HIDDEN_REASON_MAX_LENGTH},
                    code="reason_too_long",
                )
            }
        )
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        if locked.hidden_by_staff_at is not None:
            raise ProductModerationError(_("%(name)s sudah disembunyikan.") % {"name": locked.name})
        locked.hidden_by_staff_at = timezone.now()
        locked.hidden_reason = reason
        locked.hidden_by = by
        locked.save(update_fields=["hidden_by_staff_at", "hidden_reason", "hidden_by", "updated_at"])
        # Recorded in the same transaction, so the member is told exactly when the hiding commits.
        notify_product_hidden(product=locked, reason=reason, by=by)
    return locked


def product_unhide(*, product: Product, by) -> Product:
    """
    Return a product hidden by staff to the catalog (if its status and village still allow it).

    Raises PermissionDenied like product_hide; ProductModerationError if it is not hidden.
    Locks the product's row.
    """
    _check_moderator(by)
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        if locked.hidden_by_staff_at is None:
            raise ProductModerationError(_("%(name)s tidak sedang disembunyikan.") % {"name": locked.name})
        locked.hidden_by_staff_at = None
        locked.hidden_reason = ""
        locked.hidden_by = None
        locked.save(update_fields=["hidden_by_staff_at", "hidden_reason", "hidden_by", "updated_at"])
    return locked


def product_sold_add(*, quantities: dict[int, int]) -> None:
    """
    Add (or, negative, take back) sold quantities to the products' "Terjual" figure.

    Called by orders inside the transaction that counts or uncounts an order as a sale; updates
    the rows in primary-key order (the order every writer of products locks them in).
    """
    for product_id, quantity in sorted(quantities.items()):
        if quantity:
            # Never below zero: orders counted before the figure existed (demo data, rows changed by
            # hand) may be uncounted without ever having been added.
            Product.objects.filter(pk=product_id).update(sold_count=Greatest(F("sold_count") + quantity, 0))


# ------------------------------------------------------------------------------------------------
# "Ingatkan saya": told once when a sold-out product is back in stock
# ------------------------------------------------------------------------------------------------
def stock_alert_subscribe(*, product: Product, email: str = "", user=None) -> StockAlert:
    """
    Ask to be told when `product` is back in stock.

    A logged-in person's own address is confirmed at once; a typed address gets a confirmation link
    first (nothing is sent to it on restock until confirmed). Asking again for the same address
    returns the waiting request (a second confirmation email is sent only if it is unconfirmed).
    Raises StockAlertError for a product in stock or without an address.
    """
    if product.stock > 0:
        raise StockAlertError(_("Produk ini masih ada stoknya."))
    own = user is not None and user.is_authenticated
    email = (user.email if own and not email else email).strip().lower()
    if not email:
        raise StockAlertError(_("Tulis alamat email Anda."))
    confirmed = own and email == user.email.lower()
    with transaction.atomic():
        alert, _created = StockAlert.objects.get_or_create(
            product=product,
            email=email,
            notified_at=None,
            defaults={"user": user if own else None, "confirmed_at": timezone.now() if confirmed else None},
        )
        if confirmed and alert.confirmed_at is None:
            alert.confirmed_at = timezone.now()
            alert.user = user
            alert.save(update_fields=["confirmed_at", "user"])
        elif alert.confirmed_at is None:
            notify_stock_alert_confirm(alert=alert)
    return alert


def stock_alert_confirm(*, token: str) -> StockAlert:
    """Confirm a typed address by its link (idempotent); raises StockAlert.DoesNotExist for a bad token."""
    with transaction.atomic():
        alert = StockAlert.objects.select_for_update().select_related("product").get(token=token)
        if alert.confirmed_at is None:
            alert.confirmed_at = timezone.now()
            alert.save(update_fields=["confirmed_at"])
    # Confirmed after the product came back: tell her now rather than never.
    stock_alerts_release(product_ids=[alert.product_id])
    return alert


def stock_alerts_release(*, product_ids) -> int:
    """
    Tell, once, everyone confirmed and waiting for these products that are now in stock and public.

    Call it after any change that may bring stock back (a member's count, a cancelled order's
    return). Each request is marked told in the same transaction as its notification event, with a
    conditional update, so two overlapping calls never tell anyone twice. Returns how many were told.
    """
    told = 0
    in_stock = Product.objects.published().filter(pk__in=list(product_ids), stock__gt=0)
    waiting = StockAlert.objects.filter(
        product__in=in_stock, confirmed_at__isnull=False, notified_at__isnull=True
    ).order_by("pk")
    for alert in waiting.select_related("product"):
        with transaction.atomic():
            if StockAlert.objects.filter(pk=alert.pk, notified_at__isnull=True).update(
                notified_at=timezone.now()
            ):
                notify_back_in_stock(alert=alert)
                told += 1
    return told


def product_image_make_og(*, limit: int | None = None) -> int:
    """
    Make the 1200×630 link-preview picture of photos that have none (uploaded before it existed),
    from their stored original; returns how many were made. Idempotent.
    """
    made = 0
    missing = ProductImage.objects.filter(product__isnull=False, og_image="").order_by("pk")
    for image in missing[:limit] if limit else missing:
        with image.image.open("rb") as stored:
            og = cover_image(ContentFile(stored.read(), name=image.image.name))
        image.og_image.save(og.name, og, save=False)
        ProductImage.objects.filter(pk=image.pk, og_image="").update(og_image=image.og_image.name)
        made += 1
    return made
