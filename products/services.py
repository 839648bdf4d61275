"""Writes on products: one plain function per domain verb."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.access import is_staff_with
from core.concurrency import merge_edits, snapshot
from core.images import cover_image, process_upload
from core.pagecache import catalog_changed

from . import notifications, permits
from .exceptions import (
    ProductChangedMeanwhile,
    ProductModerationError,
    ProductNotPublishable,
    StockAlertError,
)
from .models import Category, Product, ProductImage, ProductVariant, StockAlert
from .notifications import notify_back_in_stock, notify_product_hidden, notify_stock_alert_confirm
from .rules import publish_problems

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
PERMIT_VALIDATORS = {
    "pirt_number": permits.validate_pirt,
    "bpom_number": permits.validate_bpom,
    "halal_number": permits.validate_halal,
    "kemenkes_permit": permits.validate_kemenkes,
}
MAX_PHOTOS = 8
STAGED_PHOTO_LIFETIME = timedelta(days=2)


@dataclass(frozen=True)
class VariantRow:
    """One row of the product form's sizes: `id` of an existing variant or None; stock None = unchanged."""

    option1: str
    price: int
    stock: int | None
    option2: str = ""
    id: int | None = None
    image_id: int | None = None


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
    # A member waiting for approval may prepare drafts; publishing checks is_approved itself.
    if by.status not in (by.Status.APPROVED, by.Status.PENDING) or product.shop_id != by.shop_id:
        raise PermissionDenied
    if not by.is_ketua and product.made_by_id != by.pk:
        raise PermissionDenied


def product_snapshot(product: Product) -> dict[str, str]:
    """The editable fields as the form shows them; sent back with the form to detect lost updates."""
    return snapshot(product, EDITABLE_FIELDS)


def product_save(
    *,
    member,
    product: Product | None,
    fields: dict,
    photo_ids: list[int],
    publish: bool,
    seen: dict[str, str] | None = None,
    variants: tuple[str, str, list[VariantRow]] | None = None,
) -> Product:
    """
    Save the product form in one transaction: create or update, set its photos, publish if asked.

    An anggota is always the maker of what she saves; a ketua names the maker (a member of her
    village). `seen` is product_snapshot() of the product when her form was shown: only the fields
    she changed are written. Locks the product row. Raises PermissionDenied for a product she may
    not manage, ProductChangedMeanwhile when a field she changed was changed meanwhile too,
    ProductNotPublishable for a product without a photo or an expired jamu (nothing saved).
    `variants` (option name, second option name, rows) gives it sizes (product_variants_set); its
    price and stock are then theirs, and `fields` price and stock are ignored. None leaves them.
    """
    if not member.is_ketua:
        fields = {**fields, "made_by": member}
    sized = variants is not None and bool(variants[0].strip()) and bool(variants[2])
    if sized:
        fields = {name: value for name, value in fields.items() if name not in ("price", "stock")}
        if product is None:
            fields.update(price=min(row.price for row in variants[2]), stock=0)
    if product is not None:
        check_may_manage(by=member, product=product)
    with transaction.atomic():
        if product is None:
            product = product_create(shop=member.shop, **fields)
        else:
            if seen is not None:
                product = Product.objects.select_for_update().get(pk=product.pk)
                fields, conflicts = merge_edits(product_snapshot(product), fields, seen)
                if conflicts:
                    raise ProductChangedMeanwhile(conflicts, snapshot=product_snapshot(product))
            product = product_update(product=product, **fields)
        product_photos_set(product=product, photo_ids=photo_ids, by=member)
        if variants is not None and (sized or product.has_variants):
            option1_name, option2_name, rows = variants
            _variants_write(product=product, option1_name=option1_name, option2_name=option2_name, rows=rows)
        if publish:
            product_publish(product=product, by=member)
    stock_alerts_release(product_ids=[product.pk])
    return product


def product_publish(*, product: Product, by=None) -> Product:
    """
    Publish a product. Raises PermissionDenied (check_may_manage), ProductNotPublishable for a
    member not yet approved (her drafts wait for her ketua) or listing every rule the product
    breaks (products.rules.publish_problems: a photo, permits, dates, expiry), nothing changed then.
    """
    check_may_manage(by=by, product=product)
    if by is not None and not by.is_approved:
        message = _("Draf tersimpan bisa terbit setelah ketua desa menyetujui Anda sebagai anggota.")
        raise ProductNotPublishable(
            [ValidationError({NON_FIELD_ERRORS: ValidationError(message, code="not_approved")})]
        )
    problems = publish_problems(product)
    if problems:
        raise ProductNotPublishable(problems)
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
    if product.has_variants:
        raise ValueError("a product with variants counts stock per variant (variant_set_stock)")
    Product.objects.filter(pk=product.pk).update(stock=stock, updated_at=timezone.now())
    catalog_changed()  # update() sends no signal; the cached pages show the stock
    product.stock = stock
    stock_alerts_release(product_ids=[product.pk])
    return product


# ------------------------------------------------------------------------------------------------
# Options and variants (issue #16)
# ------------------------------------------------------------------------------------------------
def _variants_summarise(product: Product) -> None:
    """
    Write the product's stored summaries from its variants: lowest price, total stock, whether
    prices differ. The lowest of all sizes, sold out or not, so a sale never changes a card's
    price. Call under the product's row lock.
    """
    figures = ProductVariant.objects.filter(product=product).aggregate(
        low=Min("price"), high=Max("price"), total=Sum("stock"), n=Count("pk")
    )
    if not figures["n"]:
        return
    price, total, varies = figures["low"], figures["total"], figures["low"] != figures["high"]
    Product.objects.filter(pk=product.pk).update(
        price=price, stock=total, price_varies=varies, updated_at=timezone.now()
    )
    product.price, product.stock, product.price_varies = price, total, varies


def product_variants_set(
    *, product: Product, option1_name: str, rows: list[VariantRow], option2_name: str = "", by=None
) -> Product:
    """
    Give `product` these options and variants (rows without id are new; variants not listed are
    removed; order lines keep their label). No rows, or no option name: sold as itself again, at
    its current summary price and stock. Raises PermissionDenied (check_may_manage), ValueError for
    rows that repeat an option. Locks the product row (the lock every stock writer takes first).
    """
    check_may_manage(by=by, product=product)
    with transaction.atomic():
        _variants_write(product=product, option1_name=option1_name, option2_name=option2_name, rows=rows)
    catalog_changed()
    stock_alerts_release(product_ids=[product.pk])
    return product


def _variants_write(
    *, product: Product, option1_name: str, option2_name: str, rows: list[VariantRow]
) -> None:
    """product_variants_set's writes, inside the caller's transaction (no side effects)."""
    option1_name = option1_name.strip()
    option2_name = option2_name.strip() if option1_name else ""
    keys = [(row.option1.strip(), row.option2.strip() if option2_name else "") for row in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("variant options repeat")
    locked = Product.objects.select_for_update().get(pk=product.pk)
    existing = {v.pk: v for v in ProductVariant.objects.filter(product=locked).order_by("pk")}
    if not option1_name or not rows:
        ProductVariant.objects.filter(product=locked).delete()
        Product.objects.filter(pk=locked.pk).update(option1_name="", option2_name="", price_varies=False)
        product.option1_name = product.option2_name = ""
        product.price_varies = False
        return
    kept = [row.id for row in rows if row.id in existing]
    # Removed first, so a renamed row never collides with the one it replaces.
    ProductVariant.objects.filter(product=locked).exclude(pk__in=kept).delete()
    photos = set(locked.images.values_list("pk", flat=True))
    for position, row in enumerate(rows):
        values = {
            "option1": row.option1.strip(),
            "option2": row.option2.strip() if option2_name else "",
            "price": row.price,
            "position": position,
            "image_id": row.image_id if row.image_id in photos else None,
        }
        if row.id in existing:
            if row.stock is not None:
                values["stock"] = row.stock
            ProductVariant.objects.filter(pk=row.id).update(**values)
        else:
            ProductVariant.objects.create(product=locked, stock=row.stock or 0, **values)
    Product.objects.filter(pk=locked.pk).update(option1_name=option1_name, option2_name=option2_name)
    product.option1_name, product.option2_name = option1_name, option2_name
    _variants_summarise(product)


def variant_set_stock(*, variant: ProductVariant, stock: int, by=None) -> ProductVariant:
    """Set the stock a member counted for one variant; locks its product's row, then the variant's."""
    check_may_manage(by=by, product=variant.product)
    if stock < 0:
        raise ValueError("stock must not be negative")
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=variant.product_id)
        ProductVariant.objects.filter(pk=variant.pk).update(stock=stock)
        _variants_summarise(product)
    variant.stock = stock
    variant.product.stock = product.stock
    catalog_changed()
    stock_alerts_release(product_ids=[product.pk])
    return variant


def product_duplicate(*, product: Product, by=None) -> Product:
    """A draft copy of a product with the same fields and photos (files copied, new names)."""
    check_may_manage(by=by, product=product)
    fields = {name: getattr(product, name) for name in EDITABLE_FIELDS}
    fields["name"] = _("%(name)s (salinan)") % {"name": product.name}
    # A number stored before the permit rules and no longer valid is not copied (the copy could
    # not be saved with it); the original keeps it, for her to correct there.
    for name, validate in PERMIT_VALIDATORS.items():
        try:
            validate(fields[name])
        except ValidationError:
            fields[name] = ""
    with transaction.atomic():
        copy = product_create(shop=product.shop, **fields)
        for image in product.images.all():
            with image.image.open("rb") as original:
                product_image_add(product=copy, uploaded=original, alt_text=image.alt_text)
        if product.has_variants:
            # Its sizes too (a size's photo is not carried over: the copy's photos are new rows).
            rows = [
                VariantRow(option1=v.option1, option2=v.option2, price=v.price, stock=v.stock)
                for v in product.variants.all()
            ]
            _variants_write(
                product=copy, option1_name=product.option1_name, option2_name=product.option2_name, rows=rows
            )
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

    Raises ValidationError (with a code) for a file that is not a safe photo, or once the member
    staged PHOTO_UPLOADS_PER_MEMBER_PER_DAY photos in the last 24 hours; nothing is stored then.
    """
    limit = settings.PHOTO_UPLOADS_PER_MEMBER_PER_DAY
    recent = ProductImage.objects.filter(
        uploaded_by=member, created_at__gte=timezone.now() - timedelta(days=1)
    )
    if recent.count() >= limit:
        raise ValidationError(
            _("Anda sudah mengunggah %(n)d foto dalam 24 jam terakhir. Coba lagi besok, atau hubungi staf."),
            params={"n": limit},
            code="too_many_photos",
        )
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
        catalog_changed()  # bulk_update() sends no signal
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


# ------------------------------------------------------------------------------------------------
# Permits and expiry: products leave the catalog when they expire; members are reminded before
# ------------------------------------------------------------------------------------------------
REMINDER_DAYS = (30, 7)  # before a best-before date or a P-IRT's end, each reminded once


def _problem_codes(problems) -> set[str]:
    return {error.code for problem in problems for errors in problem.error_dict.values() for error in errors}


def _problem_messages(problems) -> list[str]:
    return [str(message) for problem in problems for message in problem.messages]


def _withdraw(*, product: Product, cause: str, until, problems) -> bool:
    """Take a published product back to draft and tell its maker why, once; False if already done."""
    with transaction.atomic():
        locked = (
            Product.objects.select_for_update().filter(pk=product.pk, status=Product.Status.PUBLISHED).first()
        )
        if locked is None:
            return False
        locked.status = Product.Status.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        _notify_permit(
            product=locked,
            reason="withdrawn",
            key=f"product_permit:{locked.pk}:withdrawn:{cause}:{until.isoformat() if until else ''}",
            until=until,
            problems=_problem_messages(problems),
        )
    return True


def products_check_expiry(*, today=None) -> dict:
    """
    What the hourly beat task does, safe to run any number of times:

    - a published product past its best-before date goes back to draft (the catalog query already
      hides it), and its maker is told;
    - a published jamu that relies on a P-IRT whose registration has ended goes back to draft too;
    - the maker (her ketua, when she has no account) is reminded 30 and 7 days before a best-before
      date or the end of a P-IRT: once each, by the notification's unique key per product, reason,
      threshold and date, even if two runs overlap.

    Returns the counts, for the log. Locks each withdrawn product's row while withdrawing it.
    """
    today = today or timezone.localdate()
    counts = {"withdrawn": 0, "reminded": 0}
    published = Product.objects.filter(status=Product.Status.PUBLISHED).select_related("category", "shop")

    for product in published.filter(expiry_date__lt=today).order_by("pk"):
        problems = publish_problems(product, today=today)
        counts["withdrawn"] += _withdraw(
            product=product, cause="best_before", until=product.expiry_date, problems=problems
        )

    for product in published.filter(category__kind=Category.Kind.JAMU).exclude(pirt_number="").order_by("pk"):
        until = product.pirt_valid_until
        if until is not None and until < today:
            problems = publish_problems(product, today=today)
            if "pirt_expired" in _problem_codes(problems):
                counts["withdrawn"] += _withdraw(
                    product=product, cause="pirt", until=until, problems=problems
                )

    horizon = today + timedelta(days=max(REMINDER_DAYS))
    due = [
        (product, "best_before", product.expiry_date)
        for product in published.filter(expiry_date__gte=today, expiry_date__lte=horizon).order_by("pk")
    ]
    # A P-IRT ends on 31 December, so only P-IRTs ending this year (or next, near New Year) are close.
    endings = {f"{year % 100:02d}" for year in {today.year, horizon.year}}
    for product in published.filter(category__kind=Category.Kind.JAMU).exclude(pirt_number="").order_by("pk"):
        until = product.pirt_valid_until
        if product.pirt_number[-2:] in endings and until is not None and today <= until <= horizon:
            due.append((product, "pirt", until))
    for product, reason, until in due:
        days = (until - today).days
        threshold = min(t for t in REMINDER_DAYS if days <= t)
        sent = _notify_permit(
            product=product,
            reason=reason,
            key=f"product_permit:{product.pk}:{reason}:{threshold}:{until.isoformat()}",
            days=days,
            until=until,
        )
        counts["reminded"] += sent is not None
    return counts


def _notify_permit(**kwargs):
    # The one place products tell a member about her permits and dates.
    return notifications.notify_product_permit(**kwargs)


@dataclass(frozen=True)
class PermitReview:
    """What products_review_permits found on one product."""

    product: Product
    normalised: dict  # field → canonical form of a valid number stored differently
    invalid: dict  # field → why the stored number is not valid
    problems: list  # messages of the publish rules it breaks (published products only)
    withdrawn: bool = False


def products_review_permits(*, apply: bool = False, today=None) -> list[PermitReview]:
    """
    Check the permit numbers stored before the permit rules (for `manage.py check_permits`).

    Reports each product (not archived) whose numbers are not in canonical form or not valid, or
    which is published while breaking its category's publish rules. With `apply`, valid numbers are
    rewritten in canonical form, and such a published product goes back to draft and its maker is
    told what to fix, once (a unique key per product and set of problems). An invalid number is
    kept as it was typed, for her to see and correct; it never earns a badge (Product.badges).
    """
    today = today or timezone.localdate()
    cleaners = {
        "pirt_number": permits.normalise_pirt,
        "bpom_number": permits.normalise_bpom,
        "halal_number": permits.normalise_halal,
        "kemenkes_permit": permits.normalise_kemenkes,
    }
    reviews = []
    products = Product.objects.exclude(status=Product.Status.ARCHIVED).select_related("category", "shop")
    for product in products.order_by("pk"):
        normalised, invalid = {}, {}
        for field, normalise in cleaners.items():
            value = getattr(product, field)
            if not value:
                continue
            try:
                PERMIT_VALIDATORS[field](value)
            except ValidationError as error:
                invalid[field] = " ".join(error.messages)
                continue
            if normalise(value) != value:
                normalised[field] = normalise(value)
        problems = (
            publish_problems(product, today=today) if product.status == Product.Status.PUBLISHED else []
        )
        if not (normalised or invalid or problems):
            continue
        withdrawn = False
        if apply:
            if normalised:
                Product.objects.filter(pk=product.pk).update(**normalised, updated_at=timezone.now())
                for field, value in normalised.items():
                    setattr(product, field, value)
                problems = publish_problems(product, today=today) if problems else []
            if problems:
                codes = ",".join(sorted(_problem_codes(problems)))
                digest = hashlib.sha256(codes.encode()).hexdigest()[:12]
                with transaction.atomic():
                    withdrawn = (
                        Product.objects.filter(pk=product.pk, status=Product.Status.PUBLISHED).update(
                            status=Product.Status.DRAFT, updated_at=timezone.now()
                        )
                        == 1
                    )
                    if withdrawn:
                        catalog_changed()  # update() sends no signal
                        _notify_permit(
                            product=product,
                            reason="invalid",
                            key=f"product_permit:{product.pk}:invalid:{digest}",
                            problems=_problem_messages(problems),
                        )
        reviews.append(
            PermitReview(
                product=product,
                normalised=normalised,
                invalid=invalid,
                problems=_problem_messages(problems),
                withdrawn=withdrawn,
            )
        )
    return reviews


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
    if made:
        catalog_changed()  # update() sends no signal; cached pages show the new link previews
    return made
