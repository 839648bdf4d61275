"""
Writes on reviews: a buyer's review, the village's reply, staff hiding one.

Each keeps the rating figures of the product and the village (core.models.RatingFigures) in the
same transaction, with F() updates, so the public pages read them without counting reviews.
Locks: the order line's row (a review), the review's row (reply, hide); then product, then shop.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import is_staff_with
from core.caching import invalidate
from core.images import process_upload
from core.pagecache import catalog_changed
from notifications.models import Event
from orders.models import Order, OrderItem
from products.models import Product
from shops.models import Shop
from shops.selectors import SHOP_CACHE_KEY

from . import notifications as notify
from .exceptions import ReviewError
from .models import Review, ReviewPhoto

MAX_PHOTOS = 3
MAX_TEXT = 1000


def _figures(review: Review, delta: int) -> None:
    field = f"rating_{review.rating}"
    if review.product_id:
        Product.objects.filter(pk=review.product_id).update(**{field: F(field) + delta})
    Shop.objects.filter(pk=review.shop_id).update(**{field: F(field) + delta})
    # The village pages read villages from a cached list: drop it once the figures are committed.
    transaction.on_commit(lambda: invalidate(SHOP_CACHE_KEY))
    catalog_changed()  # update() sends no signal; cached pages show the stars and the reviews


def _author(order: Order) -> str:
    first = (order.buyer_name or "").split()
    return (first[0] if first else _("Pembeli"))[:40]


def review_create(*, order: Order, item_id: int, rating: int, text: str = "", photos=(), user=None) -> Review:
    """
    The buyer of a completed `order` rates its line `item_id` 1–5, with words and up to 3 photos.

    Raises ReviewError (the order is not completed, the line is not of this order, already
    reviewed, bad rating) and ValidationError (a photo the image pipeline refuses); nothing is
    stored then. Locks the order line's row.
    """
    if order.status != Order.Status.COMPLETED:
        raise ReviewError(_("Ulasan bisa diberikan setelah pesanan selesai."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ReviewError(_("Pilih 1 sampai 5 bintang."))
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ReviewError(_("Paling banyak %(n)d foto.") % {"n": MAX_PHOTOS})
    # Decoded and re-encoded before any row is written: a bad photo stores nothing.
    processed = [process_upload(photo, prefix="ulasan-") for photo in photos]
    try:
        with transaction.atomic():
            item = OrderItem.objects.select_for_update().filter(order=order, pk=item_id).first()
            if item is None:
                raise ReviewError(_("Barang ini bukan bagian dari pesanan ini."))
            if Review.objects.filter(order_item=item).exists():
                raise ReviewError(_("Barang ini sudah Anda ulas. Terima kasih!"))
            review = Review.objects.create(
                order_item=item,
                order=order,
                product_id=item.product_id,
                shop_id=order.shop_id,
                user=user if user is not None and user.is_authenticated else order.user,
                author_name=_author(order),
                rating=rating,
                text=text.strip()[:MAX_TEXT],
            )
            for position, photo in enumerate(processed):
                row = ReviewPhoto(review=review, width=photo.width, height=photo.height, position=position)
                row.image.save(photo.original.name, photo.original, save=False)
                row.thumb_320.save(photo.thumbnails[320].name, photo.thumbnails[320], save=False)
                row.thumb_640.save(photo.thumbnails[640].name, photo.thumbnails[640], save=False)
                row.save()
            _figures(review, +1)
    except IntegrityError:
        raise ReviewError(_("Barang ini sudah Anda ulas. Terima kasih!")) from None
    return review


def review_reply(*, review: Review, shop: Shop, text: str, by) -> Review:
    """
    The village answers a review of its own, once.

    Raises ReviewError: another village's review, empty text, already answered. Locks the review.
    """
    text = text.strip()
    if not text:
        raise ReviewError(_("Tulis balasan untuk pembeli."))
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.shop_id != shop.pk:
            raise ReviewError(_("Ulasan ini bukan untuk desa Anda."))
        if review.replied_at is not None:
            raise ReviewError(_("Ulasan ini sudah dibalas."))
        review.reply = text[:MAX_TEXT]
        review.replied_at = timezone.now()
        review.replied_by = by
        review.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
        catalog_changed()  # the product's cached page shows the village's reply
    return review


def _check_moderator(by) -> None:
    if not is_staff_with(by, "reviews.change_review"):
        raise ReviewError(_("Anda tidak berwenang."))


def review_hide(*, review: Review, reason: str, by) -> Review:
    """
    Staff take a review off the pages (and out of the figures), with a reason.

    Raises ReviewError: not a moderator, no reason, already hidden. Locks the review.
    """
    _check_moderator(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tulis alasan ulasan disembunyikan."), code="reason_required")
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.hidden_at is not None:
            raise ReviewError(_("Ulasan ini sudah disembunyikan."))
        review.hidden_at = timezone.now()
        review.hidden_reason = reason[:300]
        review.hidden_by = by
        review.save()
        _figures(review, -1)
    return review


def review_unhide(*, review: Review, by) -> Review:
    """Staff show a hidden review again (it counts again). Raises ReviewError when not hidden."""
    _check_moderator(by)
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.hidden_at is None:
            raise ReviewError(_("Ulasan ini tidak disembunyikan."))
        review.hidden_at = None
        review.hidden_reason = ""
        review.hidden_by = None
        review.save()
        _figures(review, +1)
    return review


def review_remind(*, now=None) -> int:
    """
    Remind the buyer of each order completed REVIEW_REMINDER_DAYS ago (up to a week later) that has
    no review yet, once per order; returns how many were reminded. The event's unique key keeps a
    reminder once even when two runs overlap; a buyer who turned reminders off gets none (engine).
    """
    now = now or timezone.now()
    after = now - timedelta(days=settings.REVIEW_REMINDER_DAYS)
    reminded_already = Event.objects.about(Order).filter(
        kind=notify.ReviewKind.REMINDER, subject_id=OuterRef("pk")
    )
    due = (
        Order.objects.filter(
            status=Order.Status.COMPLETED, completed_at__lte=after, completed_at__gt=after - timedelta(days=7)
        )
        .exclude(Exists(Review.objects.filter(order=OuterRef("pk"))))
        .exclude(Exists(reminded_already))
        .order_by("pk")
        .values_list("pk", "number")
    )
    reminded = 0
    for pk, number in due:
        try:
            with transaction.atomic():
                notify.notify_review_reminder(order_id=pk, number=number)
        except IntegrityError:
            continue
        reminded += 1
    return reminded
