"""Reviews: who may review what, once; the stored figures follow every change in its transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from orders.models import Order
from orders.services import Actor, order_transition
from products.models import Product
from reviews.exceptions import ReviewError
from reviews.models import Review, ReviewPhoto
from reviews.services import review_create, review_hide, review_reply, review_unhide
from shops.models import Shop
from tests.factories import ProductFactory, jpeg_bytes, make_staff, village
from tests.orders.helpers import configured_village, place
from tests.reviews.helpers import completed_order

pytestmark = pytest.mark.django_db


def _figures(obj):
    obj = type(obj).objects.get(pk=obj.pk)
    return [obj.rating_1, obj.rating_2, obj.rating_3, obj.rating_4, obj.rating_5]


def test_buyer_reviews_a_line_of_her_completed_order_with_photos():
    # given a completed order of 2 × Jamu Kunyit Asam
    order = completed_order()
    item = order.items.get()
    product = item.product

    # when she gives 4 stars, words and two photos
    review = review_create(
        order=order,
        item_id=item.pk,
        rating=4,
        text="  Segar, pas asamnya.  ",
        photos=[ContentFile(jpeg_bytes(800, 600), name="a.jpg"), ContentFile(jpeg_bytes(), name="b.png")],
    )

    # then the review is stored with her first name only, and its photos went through the pipeline
    review.refresh_from_db()
    assert (review.rating, review.text, review.author_name) == (4, "Segar, pas asamnya.", "Bu")
    assert (review.product_id, review.shop_id, review.order_id) == (product.pk, order.shop_id, order.pk)
    photos = list(review.photos.order_by("position"))
    assert [(p.position, p.width, p.height) for p in photos] == [(0, 800, 600), (1, 400, 300)]
    assert all(
        p.image.name.startswith("ulasan/ulasan-") and p.thumb_320.name.endswith("-320.webp") for p in photos
    )
    # and the product's and the village's figures count it
    assert _figures(product) == [0, 0, 0, 1, 0]
    assert _figures(order.shop) == [0, 0, 0, 1, 0]
    fresh = Product.objects.get(pk=product.pk)
    assert (fresh.rating_count, fresh.rating_average) == (1, 4.0)


def test_one_review_per_order_line():
    order = completed_order()
    item = order.items.get()
    review_create(order=order, item_id=item.pk, rating=5, text="Bagus")

    with pytest.raises(ReviewError, match="sudah Anda ulas"):
        review_create(order=order, item_id=item.pk, rating=1, text="Ganti pendapat")

    assert list(Review.objects.values_list("rating", "text")) == [(5, "Bagus")]
    assert _figures(item.product) == [0, 0, 0, 0, 1]


@pytest.mark.parametrize("status", [Order.Status.PROCESSING, Order.Status.PACKED, Order.Status.CANCELLED])
def test_an_order_not_completed_cannot_be_reviewed(status):
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop)
    from orders.services import ShopChoice

    order = place(
        {product: 1}, choices={shop.pk: ShopChoice(Order.Delivery.PICKUP, Order.Payment.COD)}
    ).orders.get()
    if status != Order.Status.PROCESSING:
        note = "Stok rusak" if status == Order.Status.CANCELLED else ""
        order = order_transition(order=order, to=status, actor=Actor("village", "Bu Ketua"), note=note)

    with pytest.raises(ReviewError, match="setelah pesanan selesai"):
        review_create(order=order, item_id=order.items.get().pk, rating=5)

    assert Review.objects.count() == 0
    assert _figures(product) == [0, 0, 0, 0, 0]


def test_a_line_of_another_order_is_refused():
    first = completed_order()
    second = completed_order()

    with pytest.raises(ReviewError, match="bukan bagian dari pesanan ini"):
        review_create(order=first, item_id=second.items.get().pk, rating=5)

    assert Review.objects.count() == 0


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_stars_outside_1_to_5_are_refused(rating):
    order = completed_order()
    with pytest.raises(ReviewError, match="1 sampai 5"):
        review_create(order=order, item_id=order.items.get().pk, rating=rating)
    assert Review.objects.count() == 0


def test_more_than_three_photos_or_a_bad_photo_store_nothing():
    order = completed_order()
    item = order.items.get()
    four = [ContentFile(jpeg_bytes(), name=f"{i}.jpg") for i in range(4)]

    with pytest.raises(ReviewError, match="Paling banyak 3 foto"):
        review_create(order=order, item_id=item.pk, rating=5, photos=four)
    with pytest.raises(ValidationError) as error:
        review_create(
            order=order, item_id=item.pk, rating=5, photos=[ContentFile(b"not a photo", name="x.jpg")]
        )

    assert error.value.code == "image_bad_format"
    assert (Review.objects.count(), ReviewPhoto.objects.count()) == (0, 0)
    assert _figures(item.product) == [0, 0, 0, 0, 0]


def test_village_replies_once_to_its_own_review():
    order = completed_order()
    review = review_create(order=order, item_id=order.items.get().pk, rating=3, text="Kurang manis")

    review_reply(review=review, shop=order.shop, text="Terima kasih, kami perbaiki.", by=None)
    with pytest.raises(ReviewError, match="sudah dibalas"):
        review_reply(review=review, shop=order.shop, text="Balasan kedua", by=None)

    review.refresh_from_db()
    assert review.reply == "Terima kasih, kami perbaiki."
    assert review.replied_at is not None


def test_another_village_cannot_reply():
    order = completed_order()
    review = review_create(order=order, item_id=order.items.get().pk, rating=3)

    with pytest.raises(ReviewError, match="bukan untuk desa Anda"):
        review_reply(review=review, shop=village("wonoasri"), text="Bukan desa kami", by=None)

    review.refresh_from_db()
    assert (review.reply, review.replied_at) == ("", None)


def test_staff_hide_a_review_with_a_reason_and_it_leaves_the_figures():
    order = completed_order()
    review = review_create(order=order, item_id=order.items.get().pk, rating=1, text="Nomor saya 0812…")
    staff = make_staff()

    review_hide(review=review, reason="Berisi nomor telepon pribadi", by=staff)

    review.refresh_from_db()
    assert (review.hidden_reason, review.hidden_by) == ("Berisi nomor telepon pribadi", staff)
    assert _figures(review.product) == [0, 0, 0, 0, 0]
    assert _figures(order.shop) == [0, 0, 0, 0, 0]
    assert list(Review.objects.visible()) == []

    review_unhide(review=review, by=staff)
    assert _figures(review.product) == [1, 0, 0, 0, 0]


def test_hiding_needs_a_moderator_and_a_reason():
    order = completed_order()
    review = review_create(order=order, item_id=order.items.get().pk, rating=2)

    with pytest.raises(ReviewError, match="tidak berwenang"):
        review_hide(review=review, reason="Kasar", by=order.user)
    with pytest.raises(ValidationError) as error:
        review_hide(review=review, reason="  ", by=make_staff())

    assert error.value.code == "reason_required"
    review.refresh_from_db()
    assert review.hidden_at is None
    assert _figures(order.shop) == [0, 1, 0, 0, 0]


def test_average_and_distribution_over_several_reviews():
    shop = configured_village("sabrang")
    product = ProductFactory(shop=shop, stock=50)
    for rating in (5, 5, 4, 2):
        order = completed_order((product, 1), shop=shop)
        review_create(order=order, item_id=order.items.get().pk, rating=rating)

    fresh = Product.objects.get(pk=product.pk)
    assert (fresh.rating_count, fresh.rating_average) == (4, 4.0)
    assert fresh.rating_distribution == [(5, 2, 50), (4, 1, 25), (3, 0, 0), (2, 1, 25), (1, 0, 0)]
    assert Shop.objects.get(pk=shop.pk).rating_count == 4
